// SPDX-License-Identifier: MIT
// Initializers (seeds honoured, empirical moments and bounds, fans) and regularizers (gradient
// contribution and penalty on hand values).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "eddl/initializers/initializer.h"
#include "eddl/regularizers/regularizer.h"
#include "support/test_support.h"

namespace eddl {
namespace {

std::vector<float> draw(Initializer& init, const std::vector<int>& shape) {
  Tensor t(shape);
  init.apply(&t);
  return t.to_std();
}

struct Moments {
  double mean, stdev, min, max;
};

Moments moments(const std::vector<float>& v) {
  double sum = 0, sum_sq = 0;
  for (float x : v) sum += x;
  const double mean = sum / static_cast<double>(v.size());
  for (float x : v) sum_sq += (x - mean) * (x - mean);
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  return {mean, std::sqrt(sum_sq / static_cast<double>(v.size())), *lo, *hi};
}

TEST(Initializers, ComputeFans) {
  int fan_in = 0, fan_out = 0;
  compute_fans({784, 128}, fan_in, fan_out);
  EXPECT_EQ(fan_in, 784);
  EXPECT_EQ(fan_out, 128);
  compute_fans({8, 4, 3, 3}, fan_in, fan_out);  // conv {out, in, kh, kw}
  EXPECT_EQ(fan_in, 36);
  EXPECT_EQ(fan_out, 72);
  compute_fans({16, 2, 5}, fan_in, fan_out);  // conv1d
  EXPECT_EQ(fan_in, 10);
  EXPECT_EQ(fan_out, 80);
  compute_fans({10}, fan_in, fan_out);
  EXPECT_EQ(fan_in, 10);
  EXPECT_EQ(fan_out, 10);
}

TEST(Initializers, SameSeedRepeatsAfterSetSeed) {
  Tensor::set_seed(7);
  IGlorotUniform first(42);
  const std::vector<float> a = draw(first, {16, 8});
  const std::vector<float> a_bias = draw(first, {8});
  Tensor::set_seed(7);
  IGlorotUniform again(42);
  EXPECT_TRUE(test::all_close(draw(again, {16, 8}), a, 0, 0, "same seed, same weights"));
  EXPECT_TRUE(test::all_close(draw(again, {8}), a_bias, 0, 0, "same seed, same bias"));
}

TEST(Initializers, DifferentSeedsAndLayersDiffer) {
  Tensor::set_seed(7);
  IHeNormal seeded(1);
  const std::vector<float> a = draw(seeded, {16, 8});
  Tensor::set_seed(7);
  IHeNormal other_seed(2);
  EXPECT_FALSE(test::all_close(draw(other_seed, {16, 8}), a, 0, 0));
  // Two layers with the default seed, built one after the other, must not share weights.
  IGlorotUniform layer1, layer2;
  EXPECT_FALSE(test::all_close(draw(layer1, {16, 8}), draw(layer2, {16, 8}), 0, 0));
  // The weight and the bias of one layer come from different streams.
  IRandomUniform uniform(0.0f, 1.0f, 3);
  const std::vector<float> w = draw(uniform, {4});
  EXPECT_FALSE(test::all_close(draw(uniform, {4}), w, 0, 0));
}

TEST(Initializers, MomentsAndBoundsMatchTheirDistributions) {
  const std::vector<int> shape{256, 256};
  const double n = 256.0 * 256.0;
  const double fan = 256.0;
  {
    IGlorotUniform init(11);
    const Moments m = moments(draw(init, shape));
    const double limit = std::sqrt(6.0 / (2 * fan));
    EXPECT_NEAR(m.mean, 0.0, 4 * limit / std::sqrt(3 * n));
    EXPECT_NEAR(m.stdev, limit / std::sqrt(3.0), 0.01 * limit);
    EXPECT_GE(m.min, -limit * (1 + 1e-6));
    EXPECT_LE(m.max, limit * (1 + 1e-6));
    EXPECT_LT(m.min, -0.99 * limit);
    EXPECT_GT(m.max, 0.99 * limit);
  }
  {
    IGlorotNormal init(12);
    const Moments m = moments(draw(init, shape));
    const double stdev = std::sqrt(2.0 / (2 * fan));
    EXPECT_NEAR(m.mean, 0.0, 4 * stdev / std::sqrt(n));
    EXPECT_NEAR(m.stdev, stdev, 0.01 * stdev);
  }
  {
    IHeUniform init(13);
    const Moments m = moments(draw(init, shape));
    const double limit = std::sqrt(6.0 / fan);
    EXPECT_NEAR(m.stdev, limit / std::sqrt(3.0), 0.01 * limit);
    EXPECT_GE(m.min, -limit * (1 + 1e-6));
    EXPECT_LE(m.max, limit * (1 + 1e-6));
  }
  {
    IHeNormal init(14);
    const Moments m = moments(draw(init, shape));
    const double stdev = std::sqrt(2.0 / fan);
    EXPECT_NEAR(m.mean, 0.0, 4 * stdev / std::sqrt(n));
    EXPECT_NEAR(m.stdev, stdev, 0.01 * stdev);
  }
  {
    IRandomNormal init(0.5f, 0.2f, 15);
    const Moments m = moments(draw(init, shape));
    EXPECT_NEAR(m.mean, 0.5, 4 * 0.2 / std::sqrt(n));
    EXPECT_NEAR(m.stdev, 0.2, 0.002);
  }
  {
    IRandomUniform init(0.2f, 0.7f, 16);
    const Moments m = moments(draw(init, shape));
    EXPECT_NEAR(m.mean, 0.45, 4 * 0.5 / std::sqrt(12 * n));
    EXPECT_NEAR(m.stdev, 0.5 / std::sqrt(12.0), 0.005);
    EXPECT_GE(m.min, 0.2f);
    EXPECT_LE(m.max, 0.7f);
  }
}

TEST(Initializers, ConstantIsExact) {
  IConstant init(0.25f);
  EXPECT_TRUE(test::all_close(draw(init, {3, 5}), std::vector<float>(15, 0.25f), 0, 0));
  std::unique_ptr<Initializer> copy(init.clone());
  EXPECT_TRUE(test::all_close(draw(*copy, {2}), {0.25f, 0.25f}, 0, 0));
}

// ---- Regularizers: w = {0.5, -0.2, 0, 1.5}, gradient 0.1 everywhere. ----

const std::vector<float> kWeights{0.5f, -0.2f, 0.0f, 1.5f};

std::vector<float> regularized_gradient(Regularizer& reg) {
  Tensor w(kWeights, {2, 2});
  Tensor g(std::vector<float>(4, 0.1f), {2, 2});
  reg.apply(&w, &g);
  return g.to_std();
}

TEST(Regularizers, GradientContributionsByHand) {
  RL1 l1(0.01f);
  EXPECT_TRUE(test::all_close(regularized_gradient(l1), {0.11f, 0.09f, 0.1f, 0.11f}, 1e-6f, 0, "l1"));
  RL2 l2(0.1f);  // + 2 · 0.1 · w
  EXPECT_TRUE(test::all_close(regularized_gradient(l2), {0.2f, 0.06f, 0.1f, 0.4f}, 1e-6f, 0, "l2"));
  RL1L2 both(0.01f, 0.1f);
  EXPECT_TRUE(test::all_close(regularized_gradient(both), {0.21f, 0.05f, 0.1f, 0.41f}, 1e-6f, 0, "l1l2"));
}

TEST(Regularizers, ValuesByHand) {
  Tensor w(kWeights, {2, 2});
  // Σ|w| = 2.2, Σw² = 0.25 + 0.04 + 2.25 = 2.54
  EXPECT_NEAR(RL1(0.01f).value(&w), 0.022, 1e-7);
  EXPECT_NEAR(RL2(0.1f).value(&w), 0.254, 1e-6);
  EXPECT_NEAR(RL1L2(0.01f, 0.1f).value(&w), 0.276, 1e-6);
  std::unique_ptr<Regularizer> copy(RL1L2(0.01f, 0.1f).clone());
  EXPECT_NEAR(copy->value(&w), 0.276, 1e-6);
}

}  // namespace
}  // namespace eddl
