// SPDX-License-Identifier: MIT
// Full and per-axis reductions: hand-computed values, keepdims, negative axes, float64 references
// for random inputs, and the errors for bad axes.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

using Owned = std::unique_ptr<Tensor>;

TEST(TensorReductions, FullReductionsByHand) {
  Tensor t({3, -1, 4, 1, -5, 9}, {2, 3});
  EXPECT_EQ(t.max(), 9.0f);
  EXPECT_EQ(t.min(), -5.0f);
  EXPECT_EQ(t.argmax(), 5);
  EXPECT_EQ(t.argmin(), 4);
  EXPECT_EQ(t.sum(), 11.0f);
  EXPECT_EQ(t.sum_abs(), 23.0f);
  EXPECT_EQ(t.prod(), 540.0f);
  EXPECT_FLOAT_EQ(t.mean(), 11.0f / 6.0f);
  const double ss = 133.0 - 121.0 / 6.0;  // sum of squares minus n * mean^2
  EXPECT_FLOAT_EQ(t.var(), static_cast<float>(ss / 5.0));
  EXPECT_FLOAT_EQ(t.var(false), static_cast<float>(ss / 6.0));
  EXPECT_FLOAT_EQ(t.std(), static_cast<float>(std::sqrt(ss / 5.0)));
  EXPECT_FLOAT_EQ(t.std(false), static_cast<float>(std::sqrt(ss / 6.0)));
  EXPECT_FLOAT_EQ(t.norm(), static_cast<float>(std::sqrt(133.0)));
  EXPECT_THROW(t.norm("nuc"), ValueError);
}

TEST(TensorReductions, ArgmaxTakesTheFirstOfTies) {
  Tensor t({1, 7, 7, 0, 0}, std::vector<int>{5});
  EXPECT_EQ(t.argmax(), 1);
  EXPECT_EQ(t.argmin(), 3);
}

TEST(TensorReductions, VarianceSurvivesALargeOffset) {
  Tensor t({10000.0f, 10001.0f, 10002.0f, 10003.0f}, std::vector<int>{4});
  EXPECT_FLOAT_EQ(t.var(), 5.0f / 3.0f);
}

TEST(TensorReductions, PerAxisByHandWithAndWithoutKeepdims) {
  Tensor t({1, 2, 3, 4, 5, 6}, {2, 3});
  Owned s0(t.sum({0}, false));
  EXPECT_EQ(s0->shape, (std::vector<int>{3}));
  EXPECT_EQ(s0->to_std(), (std::vector<float>{5, 7, 9}));
  Owned s1(t.sum({1}, true));
  EXPECT_EQ(s1->shape, (std::vector<int>{2, 1}));
  EXPECT_EQ(s1->to_std(), (std::vector<float>{6, 15}));
  Owned sneg(t.sum({-1}, false));
  EXPECT_EQ(sneg->to_std(), (std::vector<float>{6, 15}));
  Owned all(t.sum({0, 1}, false));
  EXPECT_EQ(all->shape, (std::vector<int>{1}));
  EXPECT_EQ(all->to_std(), (std::vector<float>{21}));
  Owned all_kept(t.sum({1, 0}, true));
  EXPECT_EQ(all_kept->shape, (std::vector<int>{1, 1}));

  Owned mx(t.max({0}, false)), mn(t.min({1}, false));
  EXPECT_EQ(mx->to_std(), (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(mn->to_std(), (std::vector<float>{1, 4}));
  Owned amx(t.argmax({1}, false)), amn(t.argmin({0}, true));
  EXPECT_EQ(amx->to_std(), (std::vector<float>{2, 2}));
  EXPECT_EQ(amn->shape, (std::vector<int>{1, 3}));
  EXPECT_EQ(amn->to_std(), (std::vector<float>{0, 0, 0}));
  Owned pr(t.prod({1}, false));
  EXPECT_EQ(pr->to_std(), (std::vector<float>{6, 120}));
  Owned mean(t.mean({0}, false));
  EXPECT_EQ(mean->to_std(), (std::vector<float>{2.5f, 3.5f, 4.5f}));
  Owned var(t.var({0}, false));
  EXPECT_EQ(var->to_std(), (std::vector<float>{4.5f, 4.5f, 4.5f}));
  Owned var_b(t.var({1}, true, false));
  EXPECT_EQ(var_b->shape, (std::vector<int>{2, 1}));
  EXPECT_TRUE(test::all_close(*var_b, {2.0f / 3.0f, 2.0f / 3.0f}, 1e-6f, 0.0f));
  Owned sd(t.std({1}, false));
  EXPECT_EQ(sd->to_std(), (std::vector<float>{1.0f, 1.0f}));

  Tensor signed_t({-1, 2, -3, 4}, {2, 2});
  Owned sa(signed_t.sum_abs({0}, false));
  EXPECT_EQ(sa->to_std(), (std::vector<float>{4, 6}));
}

TEST(TensorReductions, RandomRank3MatchesFloat64) {
  Tensor t = test::random_tensor({3, 4, 5}, 77);
  const auto v = t.to_std();
  auto at = [&](int i, int j, int k) { return double(v[size_t((i * 4 + j) * 5 + k)]); };
  // sum and mean over axes {0, 2} -> shape (4)
  std::vector<float> sum(4), mean(4), var(4), mx(4);
  for (int j = 0; j < 4; ++j) {
    double acc = 0, best = -1e30;
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 5; ++k) {
        acc += at(i, j, k);
        best = std::max(best, at(i, j, k));
      }
    const double m = acc / 15.0;
    double ss = 0;
    for (int i = 0; i < 3; ++i)
      for (int k = 0; k < 5; ++k) ss += (at(i, j, k) - m) * (at(i, j, k) - m);
    sum[size_t(j)] = float(acc);
    mean[size_t(j)] = float(m);
    var[size_t(j)] = float(ss / 14.0);
    mx[size_t(j)] = float(best);
  }
  Owned s(t.sum({0, -1}, false)), m(t.mean({2, 0}, false)), va(t.var({0, 2}, false)), x(t.max({0, 2}, false));
  EXPECT_TRUE(test::all_close(*s, sum, 1e-5f, 1e-6f, "sum"));
  EXPECT_TRUE(test::all_close(*m, mean, 1e-5f, 1e-6f, "mean"));
  EXPECT_TRUE(test::all_close(*va, var, 1e-5f, 1e-6f, "var"));
  EXPECT_TRUE(test::all_close(*x, mx, 0, 0, "max"));
  Owned kept(t.sum({0, 2}, true));
  EXPECT_EQ(kept->shape, (std::vector<int>{1, 4, 1}));
  EXPECT_TRUE(test::all_close(*kept, sum, 1e-5f, 1e-6f, "sum keepdims"));
  EXPECT_NEAR(t.sum(), [&] { double a = 0; for (float f : v) a += f; return a; }(), 1e-4);
}

TEST(TensorReductions, BadAxesAreErrors) {
  Tensor t = test::random_tensor({2, 3}, 3);
  EXPECT_THROW(t.sum({2}, false), ValueError);
  EXPECT_THROW(t.sum({-3}, false), ValueError);
  EXPECT_THROW(t.mean({0, 0}, false), ValueError);
  EXPECT_THROW(t.max({}, false), ValueError);
  EXPECT_THROW(t.argmax({0, 1}, false), ValueError);
  EXPECT_THROW(t.var({5}, true), ValueError);
  Tensor empty({0});
  EXPECT_THROW(empty.max(), ValueError);
  EXPECT_THROW(empty.argmax(), ValueError);
  EXPECT_EQ(empty.sum(), 0.0f);
}

}  // namespace eddl
