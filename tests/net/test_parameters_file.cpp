// SPDX-License-Identifier: MIT
// Parameter files: round trips in both layouts, and every kind of bad file refused with the model
// left untouched.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include <unistd.h>

#include "eddl/apis/eddl.h"
#include "support/test_support.h"

namespace eddl {

namespace {

model small_net(int hidden, const std::string& name_prefix = "") {
  layer in = Input({5}, name_prefix + "in");
  layer h = ReLu(Dense(in, hidden, true, name_prefix + "h"));
  layer out = Softmax(Dense(h, 3, true, name_prefix + "o"), -1, name_prefix + "p");
  model net = Model({in}, {out});
  build(net, sgd(), {"softmax_cross_entropy"}, {"accuracy"}, CS_CPU(1));
  return net;
}

std::vector<std::vector<float>> weights(model net) {
  std::vector<std::vector<float>> out;
  for (Layer* l : net->layers) {
    for (Tensor* p : l->params) out.push_back(p->to_std());
  }
  return out;
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "/" + name; }

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST(ParametersFile, RoundTripInBothLayouts) {
  for (const std::string format : {"bin", "legacy"}) {
    Tensor::set_seed(1);
    model a = small_net(4, "a_" + format);
    model b = small_net(4, "a_" + format);
    for (Layer* l : b->layers) {
      for (Tensor* p : l->params) p->fill_(0.25f);
    }
    const std::string path = temp_path("round_trip_" + format + ".bin");
    save(a, path, format);
    load(b, path);
    EXPECT_EQ(weights(a), weights(b)) << format;
    delete a;
    delete b;
  }
}

TEST(ParametersFile, LegacyLayoutIsEddlsConcatenatedTensorRecords) {
  model a = small_net(4, "legacy_");
  const std::string path = temp_path("legacy_layout.bin");
  save(a, path, "legacy");
  const std::string bytes = read_all(path);
  // Dense h: W {5, 4} then b {4}; Dense o: W {4, 3} then b {3}.
  const size_t expected = (4 + 8 + 20 * 4) + (4 + 4 + 4 * 4) + (4 + 8 + 12 * 4) + (4 + 4 + 3 * 4);
  ASSERT_EQ(bytes.size(), expected);
  int32_t ndim, d0, d1;
  std::memcpy(&ndim, bytes.data(), 4);
  std::memcpy(&d0, bytes.data() + 4, 4);
  std::memcpy(&d1, bytes.data() + 8, 4);
  EXPECT_EQ(ndim, 2);
  EXPECT_EQ(d0, 5);
  EXPECT_EQ(d1, 4);
  delete a;
}

TEST(ParametersFile, AnotherArchitectureIsRefusedAndNothingChanges) {
  model a = small_net(4, "x_");
  model b = small_net(6, "x_");
  const auto before = weights(b);
  for (const std::string format : {"bin", "legacy"}) {
    const std::string path = temp_path("arch_" + format + ".bin");
    save(a, path, format);
    try {
      load(b, path);
      FAIL() << format;
    } catch (const IOError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
    EXPECT_EQ(weights(b), before) << format;
  }
  delete a;
  delete b;
}

TEST(ParametersFile, CorruptionTruncationAndMissingFilesAreRefused) {
  model a = small_net(4, "c_");
  const std::string path = temp_path("corrupt.bin");
  save(a, path);
  const std::string good = read_all(path);
  const auto before = weights(a);
  // Every truncation and a flipped byte at several offsets: always an IOError, never a crash.
  for (size_t cut = 0; cut < good.size(); cut += 7) {
    write_all(path, good.substr(0, cut));
    EXPECT_THROW(load(a, path), IOError) << "truncated at " << cut;
  }
  for (size_t at = 0; at < good.size(); at += 13) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    write_all(path, bad);
    EXPECT_THROW(load(a, path), IOError) << "byte " << at << " flipped";
  }
  write_all(path, good + "x");
  EXPECT_THROW(load(a, path), IOError);
  EXPECT_THROW(load(a, temp_path("does_not_exist.bin")), IOError);
  EXPECT_EQ(weights(a), before);
  delete a;
}

TEST(ParametersFile, SaveLeavesNoTemporaryFiles) {
  model a = small_net(4, "t_");
  const std::string path = temp_path("atomic.bin");
  save(a, path);
  save(a, path);
  std::ifstream tmp(path + ".tmp-" + std::to_string(getpid()));
  EXPECT_FALSE(tmp.good());
  delete a;
}

}  // namespace eddl
