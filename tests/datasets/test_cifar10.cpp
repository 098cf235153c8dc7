// SPDX-License-Identifier: MIT
// CIFAR-10: the real binary-batch format, written small by the test, converted to EDDL's files;
// malformed batches refused with the file named.
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
#include "support/test_support.h"

namespace eddl {

namespace {

namespace fs = std::filesystem;

// A batch of `records` records: label r % 10, pixel i of record r = (r * 7 + i) % 256.
std::string batch_bytes(int records, int label_offset = 0) {
  std::string bytes;
  for (int r = 0; r < records; ++r) {
    bytes.push_back(static_cast<char>((r + label_offset) % 10));
    for (int i = 0; i < 3072; ++i) bytes.push_back(static_cast<char>((r * 7 + i) % 256));
  }
  return bytes;
}

void write_file(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// Runs in a fresh directory with EDDL_CIFAR10_DIR pointing at `batches`.
class Cifar10 : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) / ("cifar10_" + std::to_string(getpid()) + "_" +
                                              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "batches");
    fs::create_directories(root_ / "work");
    previous_ = fs::current_path();
    fs::current_path(root_ / "work");
    setenv("EDDL_CIFAR10_DIR", (root_ / "batches").c_str(), 1);
  }
  void TearDown() override {
    fs::current_path(previous_);
    unsetenv("EDDL_CIFAR10_DIR");
    fs::remove_all(root_);
  }
  void write_all_batches(int records) {
    for (int b = 1; b <= 5; ++b) write_file(root_ / "batches" / ("data_batch_" + std::to_string(b) + ".bin"), batch_bytes(records, b));
    write_file(root_ / "batches" / "test_batch.bin", batch_bytes(2));
  }
  fs::path root_, previous_;
};

}  // namespace

TEST_F(Cifar10, ConvertsTheBinaryBatchesToEddlFiles) {
  write_all_batches(3);
  download_cifar10();
  std::unique_ptr<Tensor> x(Tensor::load("cifar_trX.bin"));
  std::unique_ptr<Tensor> y(Tensor::load("cifar_trY.bin"));
  std::unique_ptr<Tensor> xt(Tensor::load("cifar_tsX.bin"));
  std::unique_ptr<Tensor> yt(Tensor::load("cifar_tsY.bin"));
  EXPECT_EQ(x->shape, (std::vector<int>{15, 3, 32, 32}));
  EXPECT_EQ(y->shape, (std::vector<int>{15, 10}));
  EXPECT_EQ(xt->shape, (std::vector<int>{2, 3, 32, 32}));
  EXPECT_EQ(yt->shape, (std::vector<int>{2, 10}));
  // Row 4 is record 1 of data_batch_2: label (1 + 2) % 10 = 3; its green plane starts at byte 1024.
  const std::vector<float> xv = x->to_std(), yv = y->to_std();
  EXPECT_EQ(xv[4 * 3072 + 1024], static_cast<float>((1 * 7 + 1024) % 256));
  for (int c = 0; c < 10; ++c) EXPECT_EQ(yv[static_cast<size_t>(4 * 10 + c)], c == 3 ? 1.0f : 0.0f);
  // A second call keeps the valid files.
  const auto stamp = fs::last_write_time("cifar_trX.bin");
  download_cifar10();
  EXPECT_EQ(fs::last_write_time("cifar_trX.bin"), stamp);
}

TEST_F(Cifar10, MissingBatchesSayHowToProvideThem) {
  try {
    download_cifar10();
    FAIL();
  } catch (const IOError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("data_batch_1.bin"), std::string::npos) << what;
    EXPECT_NE(what.find("EDDL_CIFAR10_DIR"), std::string::npos) << what;
  }
}

TEST_F(Cifar10, MalformedBatchesNameTheFile) {
  const fs::path bad = root_ / "batches" / "bad.bin";
  const std::vector<std::string> cases = {
      "",                                         // empty
      batch_bytes(2).substr(0, 3073 + 100),       // truncated record
      std::string(1, '\x0a') + std::string(3072, '\x01'),  // label 10
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    write_file(bad, cases[i]);
    Tensor *x = nullptr, *y = nullptr;
    try {
      read_cifar10_batch(bad.string(), &x, &y);
      FAIL() << "case " << i;
    } catch (const IOError& e) {
      EXPECT_NE(std::string(e.what()).find("bad.bin"), std::string::npos) << e.what();
    }
  }
  Tensor *x = nullptr, *y = nullptr;
  EXPECT_THROW(read_cifar10_batch((root_ / "batches").string(), &x, &y), IOError);
  EXPECT_THROW(read_cifar10_batch((root_ / "nope.bin").string(), &x, &y), IOError);
}

TEST_F(Cifar10, ABadLabelInOneBatchStopsTheConversion) {
  write_all_batches(2);
  std::string bytes = batch_bytes(2);
  bytes[3073] = 12;
  write_file(root_ / "batches" / "data_batch_3.bin", bytes);
  try {
    download_cifar10();
    FAIL();
  } catch (const IOError& e) {
    EXPECT_NE(std::string(e.what()).find("data_batch_3.bin"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists("cifar_trX.bin"));
}

}  // namespace eddl
