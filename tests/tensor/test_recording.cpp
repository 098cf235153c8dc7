// SPDX-License-Identifier: MIT
// Recording kernel calls (src/tensor/recording.h): inside a RecordingScope nothing runs; replay()
// runs the calls with the arguments they were recorded with, as often as asked; temporaries the
// calls used stay alive for the replays; a host transfer, a random draw or a nested scope inside
// the scope is a RecordingError.
#include <gtest/gtest.h>

#include <vector>

#include "support/test_support.h"
#include "tensor/dispatch.h"
#include "tensor/ops.h"
#include "tensor/recording.h"

namespace eddl {

namespace {

using hw::BinaryOp;
using hw::UnaryOp;

std::vector<float> times(const std::vector<float>& v, float k) {
  std::vector<float> out(v);
  for (float& x : out) x *= k;
  return out;
}

}  // namespace

TEST(Recording, RecordsWithoutRunningAndReplaysWithTheRecordedArguments) {
  Tensor x = test::random_tensor({3, 4}, 7);
  Tensor y({3, 4}, DEV_CPU);
  ops::fill(y, 0.0f);
  const std::vector<float> xs = x.to_std();
  Recording recording;
  {
    RecordingScope scope(recording);
    ops::binary(BinaryOp::add, y, x, y);  // y += x
    ops::unary(UnaryOp::mult_scalar, y, y, 2.0f);  // y *= 2
  }
  EXPECT_EQ(recording.size(), 2u);
  EXPECT_EQ(recording.device_code(), DEV_CPU);
  EXPECT_TRUE(test::all_close(y, std::vector<float>(12, 0.0f), 0.0f, 0.0f, "y after recording"));
  recording.replay();
  EXPECT_TRUE(test::all_close(y, times(xs, 2.0f), 0.0f, 0.0f, "y after one replay"));
  recording.replay();
  EXPECT_TRUE(test::all_close(y, times(xs, 6.0f), 1e-6f, 1e-6f, "y after two replays: (2x + x) * 2"));
}

TEST(Recording, KeepsTheTemporariesItsCallsUsed) {
  Tensor x = test::random_tensor({64}, 11);
  Tensor y({64}, DEV_CPU);
  Recording recording;
  {
    RecordingScope scope(recording);
    Tensor doubled({64}, DEV_CPU);  // freed when the scope ends; the replay still writes it
    ops::unary(UnaryOp::mult_scalar, x, doubled, 2.0f);
    ops::unary(UnaryOp::add_scalar, doubled, y, 1.0f);
  }
  // Allocations in between must not get the temporary's memory while the recording lives.
  std::vector<Tensor> others;
  for (int i = 0; i < 8; ++i) others.emplace_back(std::vector<int>{64}, DEV_CPU);
  for (Tensor& t : others) ops::fill(t, -5.0f);
  recording.replay();
  std::vector<float> expected = x.to_std();
  for (float& v : expected) v = 2.0f * v + 1.0f;
  EXPECT_TRUE(test::all_close(y, expected, 1e-6f, 1e-6f, "y"));
  for (Tensor& t : others) EXPECT_TRUE(test::all_close(t, std::vector<float>(64, -5.0f), 0.0f, 0.0f, "untouched"));
}

TEST(Recording, ReadingBackInsideTheScopeIsAnError) {
  Tensor x = test::random_tensor({5}, 3);
  Recording recording;
  RecordingScope scope(recording);
  EXPECT_THROW(ops::reduce_all(hw::ReduceOp::sum, x), RecordingError);
  EXPECT_THROW(x.to_std(), RecordingError);
}

TEST(Recording, DrawingRandomNumbersInsideTheScopeIsAnError) {
  Tensor x({5}, DEV_CPU);
  Recording recording;
  RecordingScope scope(recording);
  EXPECT_THROW(ops::fill_random(x, hw::RandomDistribution::uniform, 0.0f, 1.0f), RecordingError);
}

TEST(Recording, CountedDrawsDrawAnewAtEveryReplay) {
  Tensor y({4000}, DEV_CPU);
  Tensor calls({1}, DEV_CPU);
  ops::fill(calls, 0.0f);
  Recording recording;
  {
    RecordingScope scope(recording);
    ops::fill_random_counted(y, hw::RandomDistribution::bernoulli, 0.75f, 0.0f, calls);
  }
  EXPECT_EQ(recording.size(), 2u);  // the draw and the count's increment
  std::vector<std::vector<float>> draws;
  for (int k = 0; k < 3; ++k) {
    recording.replay();
    draws.push_back(y.to_std());
    double ones = 0.0;
    for (float v : draws.back()) ones += v;
    EXPECT_NEAR(ones / 4000.0, 0.75, 0.03) << "replay " << k;
  }
  EXPECT_NE(draws[0], draws[1]);
  EXPECT_NE(draws[1], draws[2]);
  EXPECT_EQ(calls.to_std()[0], 3.0f);
}

TEST(Recording, ACountedDrawThatRunsIsAPlainDraw) {
  Tensor calls({1}, DEV_CPU);
  ops::fill(calls, 0.0f);
  Tensor counted({50}, DEV_CPU);
  Tensor plain({50}, DEV_CPU);
  Tensor::set_seed(5);
  ops::fill_random_counted(counted, hw::RandomDistribution::uniform, 0.0f, 1.0f, calls);
  Tensor::set_seed(5);
  ops::fill_random(plain, hw::RandomDistribution::uniform, 0.0f, 1.0f);
  EXPECT_EQ(counted.to_std(), plain.to_std());
  EXPECT_EQ(calls.to_std()[0], 0.0f);
}

TEST(Recording, MemoryOutsideTheCallsTensorsIsRefused) {
  Tensor x = test::random_tensor({6}, 4);
  Tensor y({6}, DEV_CPU);
  Recording recording;
  RecordingScope scope(recording);
  // y's memory is written but y is not among the call's tensors: the recording would not keep it.
  EXPECT_THROW(dispatch<hw::KernelId::copy_strided>({&x}, view(x), view(y)), RecordingError);
}

TEST(Recording, ScopesDoNotNestAndACompiledRecordingTakesNoMoreCalls) {
  Recording outer;
  Recording inner;
  Tensor x({4}, DEV_CPU);
  {
    RecordingScope scope(outer);
    EXPECT_THROW(RecordingScope nested(inner), RecordingError);
    ops::fill(x, 3.0f);
  }
  EXPECT_EQ(active_recording(), nullptr);
  outer.compile();
  {
    RecordingScope scope(outer);
    EXPECT_THROW(ops::fill(x, 1.0f), RecordingError);
  }
  outer.replay();
  EXPECT_TRUE(test::all_close(x, std::vector<float>(4, 3.0f), 0.0f, 0.0f, "x"));
}

}  // namespace eddl
