// SPDX-License-Identifier: MIT
// The oracle against values computed by hand: if these hold, parity against cpu-reference means
// parity against the maths.
#include <gtest/gtest.h>

#include <vector>

#include "hardware/registry.h"

namespace eddl::hw {
namespace {

View view_of(std::vector<float>& values, std::vector<int64_t> shape) {
  View v;
  v.data = values.data();
  v.ndim = static_cast<int>(shape.size());
  int64_t stride = 1;
  for (int d = v.ndim - 1; d >= 0; --d) {
    v.shape[d] = shape[static_cast<size_t>(d)];
    v.strides[d] = stride;
    stride *= v.shape[d];
  }
  return v;
}

const Kernels& reference() { return reference_backend().kernels(); }

TEST(Reference, Gemm2x3Times3x2) {
  std::vector<float> a{1, 2, 3, 4, 5, 6}, b{7, 8, 9, 10, 11, 12}, c(4, -1.0f);
  reference().gemm(GemmParams{}, view_of(a, {2, 3}), view_of(b, {3, 2}), view_of(c, {2, 2}));
  EXPECT_EQ(c, (std::vector<float>{58, 64, 139, 154}));
  // C = 0.5 * A * B + 2 * C, with A given transposed (3x2 storage read as its transpose).
  std::vector<float> at{1, 4, 2, 5, 3, 6};
  reference().gemm(GemmParams{true, false, 0.5f, 2.0f}, view_of(at, {3, 2}), view_of(b, {3, 2}), view_of(c, {2, 2}));
  EXPECT_EQ(c, (std::vector<float>{145, 160, 347.5f, 385}));
}

TEST(Reference, GemmEpilogueBiasLeakyRelu) {
  std::vector<float> a{1, -2}, b{1, 2, 3, 4}, bias{0.5f, -20.0f}, c(2, 0.0f);
  // [1, -2] * [[1, 2], [3, 4]] = [-5, -6]; + bias = [-4.5, -26]; leaky 0.1 = [-0.45, -2.6].
  reference().gemm_epilogue(GemmParams{}, GemmEpilogue{true, true, UnaryOp::leaky_relu, {0.1f, 0.0f}},
                            view_of(a, {1, 2}), view_of(b, {2, 2}), view_of(bias, {2}), view_of(c, {1, 2}));
  EXPECT_FLOAT_EQ(c[0], -0.45f);
  EXPECT_FLOAT_EQ(c[1], -2.6f);
}

TEST(Reference, SoftmaxOf123) {
  std::vector<float> x{1, 2, 3}, y(3);
  reference().softmax_forward(1, view_of(x, {1, 3}), view_of(y, {1, 3}));
  // e^k / (e + e^2 + e^3)
  EXPECT_NEAR(y[0], 0.0900305732f, 1e-7f);
  EXPECT_NEAR(y[1], 0.2447284711f, 1e-7f);
  EXPECT_NEAR(y[2], 0.6652409558f, 1e-7f);
}

TEST(Reference, ReduceSumAndMax) {
  std::vector<float> x{1, -2, 3, 4, 5, -6}, column_sums(3, 100.0f), row_max(2), all_sum{10.0f};
  reference().reduce(ReduceParams{ReduceOp::sum, 0.0f}, view_of(x, {2, 3}), view_of(column_sums, {1, 3}));
  EXPECT_EQ(column_sums, (std::vector<float>{5, 3, -3}));
  reference().reduce(ReduceParams{ReduceOp::max, 0.0f}, view_of(x, {2, 3}), view_of(row_max, {2, 1}));
  EXPECT_EQ(row_max, (std::vector<float>{3, 5}));
  // beta = 1 adds into y: 10 + (1 - 2 + 3 + 4 + 5 - 6).
  reference().reduce(ReduceParams{ReduceOp::sum, 1.0f}, view_of(x, {2, 3}), view_of(all_sum, {1, 1}));
  EXPECT_EQ(all_sum[0], 15.0f);
}

TEST(Reference, SgdMomentumTwoSteps) {
  std::vector<float> w{1.0f}, g{0.5f}, velocity{0.0f};
  const SgdParams p{0.1f, 0.9f, 0.0f, false};
  // v = 0.5, w = 1 - 0.1 * 0.5 = 0.95.
  reference().sgd_update(p, view_of(w, {1}), view_of(g, {1}), view_of(velocity, {1}));
  EXPECT_FLOAT_EQ(velocity[0], 0.5f);
  EXPECT_FLOAT_EQ(w[0], 0.95f);
  // v = 0.9 * 0.5 + 0.5 = 0.95, w = 0.95 - 0.1 * 0.95 = 0.855.
  reference().sgd_update(p, view_of(w, {1}), view_of(g, {1}), view_of(velocity, {1}));
  EXPECT_FLOAT_EQ(velocity[0], 0.95f);
  EXPECT_FLOAT_EQ(w[0], 0.855f);
}

TEST(Reference, AdamOneStep) {
  std::vector<float> w{1.0f}, g{0.5f}, m{0.0f}, v{0.0f}, v_max{0.0f};
  const AdamParams p{0.001f, 0.9f, 0.999f, 1e-8f, 0.0f, false, 1};
  reference().adam_update(p, view_of(w, {1}), view_of(g, {1}), view_of(m, {1}), view_of(v, {1}), view_of(v_max, {1}));
  // m = 0.1 * 0.5 = 0.05, v = 0.001 * 0.25 = 0.00025; bias-corrected 0.5 and 0.25, so the step is
  // lr * 0.5 / (sqrt(0.25) + 1e-8) = 0.001 (minus 2e-11). 1 - 0.999f is 0.001 only to 5 digits.
  EXPECT_NEAR(m[0], 0.05f, 1e-7f);
  EXPECT_NEAR(v[0], 0.00025f, 1e-8f);
  EXPECT_FLOAT_EQ(w[0], 0.999f);
}

TEST(Reference, ArgmaxFirstWinsTies) {
  std::vector<float> x{1, 3, 3, 0, -1, -1}, y(2);
  reference().reduce_arg(ArgReduceParams{ArgReduceOp::argmax, 1}, view_of(x, {2, 3}), view_of(y, {2, 1}));
  EXPECT_EQ(y, (std::vector<float>{1, 0}));
}

}  // namespace
}  // namespace eddl::hw
