// SPDX-License-Identifier: MIT
// download_imdb_2000: small files in EDDL's IMDB format written by the test are read from the
// current directory or $EDDL_IMDB_DIR; absent, misshapen or out-of-range files give an IOError.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"

namespace eddl {

namespace {

namespace fs = std::filesystem;

// Runs in a fresh directory `work`, with a second folder `store` for EDDL_IMDB_DIR.
class Imdb : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) /
            ("imdb_" + std::to_string(getpid()) + "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "store");
    fs::create_directories(root_ / "work");
    previous_ = fs::current_path();
    fs::current_path(root_ / "work");
    unsetenv("EDDL_IMDB_DIR");
  }
  void TearDown() override {
    fs::current_path(previous_);
    unsetenv("EDDL_IMDB_DIR");
    fs::remove_all(root_);
  }

  // Reviews of `n` indices cycling over the vocabulary with padding zeros first, labels alternating.
  static void write_split(const fs::path& dir, const std::string& split, int n) {
    std::vector<float> x(static_cast<size_t>(n) * 250), y(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      for (int t = 0; t < 250; ++t) x[static_cast<size_t>(i * 250 + t)] = t < 10 ? 0.0f : static_cast<float>((i * 250 + t) % 2000);
      y[static_cast<size_t>(i)] = static_cast<float>(i % 2);
    }
    Tensor(x, {n, 250}).save((dir / ("imdb_2000_" + split + "X.bin")).string(), "bin");
    Tensor(y, {n, 1}).save((dir / ("imdb_2000_" + split + "Y.bin")).string(), "bin");
  }
  static void write_all(const fs::path& dir) {
    write_split(dir, "tr", 12);
    write_split(dir, "ts", 5);
  }

  // download_imdb_2000 throws an IOError whose text holds `needle`.
  static void expect_io_error(const std::string& needle) {
    try {
      download_imdb_2000();
      ADD_FAILURE() << "expected an IOError mentioning " << needle;
    } catch (const IOError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }

  fs::path root_, previous_;
};

TEST_F(Imdb, ReadsTheFilesInTheCurrentDirectory) {
  write_all(root_ / "work");
  download_imdb_2000();
  std::unique_ptr<Tensor> x(Tensor::load("imdb_2000_trX.bin"));
  std::unique_ptr<Tensor> y(Tensor::load("imdb_2000_tsY.bin"));
  EXPECT_EQ(x->shape, (std::vector<int>{12, 250}));
  EXPECT_EQ(y->shape, (std::vector<int>{5, 1}));
  EXPECT_EQ(x->ptr[250 + 10], static_cast<float>((250 + 10) % 2000));
}

TEST_F(Imdb, CopiesTheFilesFromEddlImdbDir) {
  write_all(root_ / "store");
  setenv("EDDL_IMDB_DIR", (root_ / "store").c_str(), 1);
  download_imdb_2000();
  for (const char* name : {"imdb_2000_trX.bin", "imdb_2000_trY.bin", "imdb_2000_tsX.bin", "imdb_2000_tsY.bin"}) {
    EXPECT_TRUE(fs::exists(name)) << name;
  }
  std::unique_ptr<Tensor> x(Tensor::load("imdb_2000_tsX.bin"));
  EXPECT_EQ(x->shape, (std::vector<int>{5, 250}));
}

TEST_F(Imdb, AbsentFilesSayTheyCannotBeFetchedAndWhereToPutThem) {
  expect_io_error("cannot be fetched here");
  expect_io_error("EDDL_IMDB_DIR");
  setenv("EDDL_IMDB_DIR", (root_ / "store").c_str(), 1);
  expect_io_error((root_ / "store").string());
}

TEST_F(Imdb, RefusesAWordIndexOutsideTheVocabulary) {
  write_all(root_ / "work");
  std::vector<float> x(250, 1.0f);
  x[7] = 2000.0f;
  Tensor(x, {1, 250}).save("imdb_2000_tsX.bin", "bin");
  Tensor(std::vector<float>{1.0f}, {1, 1}).save("imdb_2000_tsY.bin", "bin");
  expect_io_error("value 2000 at element 7");
}

TEST_F(Imdb, RefusesFractionalOrNegativeIndices) {
  write_all(root_ / "work");
  std::vector<float> x(250, 1.0f);
  x[3] = 2.5f;
  Tensor(x, {1, 250}).save("imdb_2000_trX.bin", "bin");
  Tensor(std::vector<float>{0.0f}, {1, 1}).save("imdb_2000_trY.bin", "bin");
  expect_io_error("imdb_2000_trX.bin");
  x[3] = -1.0f;
  Tensor(x, {1, 250}).save("imdb_2000_trX.bin", "bin");
  expect_io_error("value -1");
}

TEST_F(Imdb, RefusesLabelsOtherThanZeroAndOne) {
  write_all(root_ / "work");
  Tensor(std::vector<float>{0, 1, 2, 0, 1}, {5, 1}).save("imdb_2000_tsY.bin", "bin");
  expect_io_error("imdb_2000_tsY.bin");
}

TEST_F(Imdb, RefusesWrongShapes) {
  write_all(root_ / "work");
  Tensor(std::vector<float>(12 * 100, 1.0f), {12, 100}).save("imdb_2000_trX.bin", "bin");
  expect_io_error("expected [N, 250]");
  write_all(root_ / "work");
  Tensor(std::vector<float>(11, 1.0f), {11, 1}).save("imdb_2000_trY.bin", "bin");
  expect_io_error("expected [12, 1]");
}

TEST_F(Imdb, RefusesTruncatedAndForeignFiles) {
  write_all(root_ / "work");
  fs::resize_file("imdb_2000_trX.bin", 40);
  expect_io_error("imdb_2000_trX.bin");
  write_all(root_ / "work");
  std::ofstream("imdb_2000_tsX.bin", std::ios::binary) << "this is not a tensor";
  expect_io_error("imdb_2000_tsX.bin");
  write_all(root_ / "work");
  fs::remove("imdb_2000_tsY.bin");
  fs::create_directory("imdb_2000_tsY.bin");
  expect_io_error("directory");
}

}  // namespace

}  // namespace eddl
