// SPDX-License-Identifier: MIT
// Pooling layers: forward values by hand (4x4 ramps, "same" with symmetric and asymmetric padding,
// 1-D, 3-D, global), max routing by hand, finite differences (max inputs kept away from ties),
// EDDL's names and defaults, and shape errors naming the layer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "eddl/apis/eddl.h"
#include "support/gradient_check.h"
#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl {

namespace {

void set(Tensor* t, const std::vector<float>& v) {
  Tensor host(t->shape, const_cast<float*>(v.data()), DEV_CPU);
  ops::copy(host, *t);
}

// Forward of `l` (whose parent is the Input `in`) on `x` for a batch of `batch`.
std::vector<float> forward(layer in, layer l, const std::vector<float>& x, int batch = 1) {
  in->resize(batch);
  l->resize(batch);
  set(in->output, x);
  l->forward();
  return l->output->to_std();
}

// The input gradient of `l` for output gradient `dy` (after a forward).
std::vector<float> input_gradient(layer in, layer l, const std::vector<float>& dy) {
  in->mem_delta();
  l->mem_delta();
  set(l->delta, dy);
  l->backward();
  return in->delta->to_std();
}

// x = 4i + j + 1 on a 4x4 plane: window means are 4*mean(i) + mean(j) + 1.
std::vector<float> ramp4x4() {
  std::vector<float> x(16);
  std::iota(x.begin(), x.end(), 1.0f);
  return x;
}

// Finite differences of a max pool on inputs spaced 0.05 apart (a step of 0.01 never swaps two).
double max_pool_gradient_error(layer in, layer l, int batch) {
  in->resize(batch);
  l->resize(batch);
  const size_t n = in->output->size;
  std::vector<float> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = 0.05f * static_cast<float>(i) - 1.0f;
  std::shuffle(x.begin(), x.end(), std::mt19937(3));
  const std::vector<float> r = test::random_values(static_cast<int64_t>(l->output->size), 11);
  auto loss = [&](const std::vector<float>& values) {
    const std::vector<float> y = forward(in, l, values, batch);
    double s = 0.0;
    for (size_t i = 0; i < y.size(); ++i) s += static_cast<double>(r[i]) * y[i];
    return s;
  };
  loss(x);
  const std::vector<float> analytic = input_gradient(in, l, r);
  double worst = 0.0;
  for (size_t i = 0; i < n; ++i) {
    std::vector<float> plus = x, minus = x;
    plus[i] += 0.01f;
    minus[i] -= 0.01f;
    const double numeric = (loss(plus) - loss(minus)) / 0.02;
    worst = std::max(worst, std::fabs(numeric - analytic[i]));
  }
  return worst;
}

}  // namespace

TEST(MaxPool2D, TwoByTwoStrideTwoByHand) {
  layer in = Input({1, 4, 4});
  layer mp = MaxPool2D(in);
  layer ap = AveragePool2D(in);
  EXPECT_EQ(mp->getShape(), (std::vector<int>{1, 2, 2}));
  EXPECT_TRUE(test::all_close(forward(in, mp, ramp4x4()), {6, 8, 14, 16}, 0, 0));
  EXPECT_TRUE(test::all_close(forward(in, ap, ramp4x4()), {3.5f, 5.5f, 11.5f, 13.5f}, 0, 1e-6f));
  delete mp;
  delete ap;
  delete in;
}

TEST(MaxPool2D, ThreeByThreeSameStrideOneByHand) {
  layer in = Input({1, 4, 4});
  auto* mp = static_cast<LPool*>(MaxPool2D(in, {3, 3}, {1, 1}, "same"));
  layer ap = AvgPool2D(in, {3, 3}, {1, 1}, "same");
  EXPECT_EQ(mp->getShape(), (std::vector<int>{1, 4, 4}));
  EXPECT_EQ(mp->pad_begin, (std::vector<int>{1, 1}));
  EXPECT_EQ(mp->pad_end, (std::vector<int>{1, 1}));
  EXPECT_TRUE(test::all_close(forward(in, mp, ramp4x4()), {6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16, 14, 15, 16, 16},
                              0, 0));
  // Padding is not counted: window means of the rows/columns kept are [0.5, 1, 2, 2.5].
  const float r[] = {0.5f, 1.0f, 2.0f, 2.5f};
  std::vector<float> expected;
  for (float ri : r)
    for (float rj : r) expected.push_back(4 * ri + rj + 1);
  EXPECT_TRUE(test::all_close(forward(in, ap, ramp4x4()), expected, 0, 1e-5f));
  delete mp;
  delete ap;
  delete in;
}

TEST(MaxPool2D, SameWithOddTotalPadsAtTheEnd) {
  // k3 s2 on 4: out 2, total padding 1 -> 0 before, 1 after (EDDL throws AsymmetricPaddingException).
  layer in = Input({1, 4, 4});
  auto* mp = static_cast<LPool*>(MaxPool(in, {3, 3}, {2, 2}, "same"));
  layer ap = AveragePool(in, {3, 3}, {2, 2}, "same");
  EXPECT_EQ(mp->getShape(), (std::vector<int>{1, 2, 2}));
  EXPECT_EQ(mp->pad_begin, (std::vector<int>{0, 0}));
  EXPECT_EQ(mp->pad_end, (std::vector<int>{1, 1}));
  EXPECT_TRUE(test::all_close(forward(in, mp, ramp4x4()), {11, 12, 15, 16}, 0, 0));
  // Rows kept: {0, 1, 2} (mean 1) and {2, 3} (mean 2.5).
  EXPECT_TRUE(test::all_close(forward(in, ap, ramp4x4()), {6, 7.5f, 12, 13.5f}, 0, 1e-5f));
  delete mp;
  delete ap;
  delete in;
}

TEST(MaxPool2D, PerAxisPaddingWords) {
  layer in = Input({2, 5, 7});
  auto* mp = static_cast<LPool*>(MaxPool2D(in, {3, 3}, {2, 2}, "same,none"));
  EXPECT_EQ(mp->getShape(), (std::vector<int>{2, 3, 3}));  // ceil(5/2), floor((7-3)/2)+1
  EXPECT_EQ(mp->pad_begin, (std::vector<int>{1, 0}));
  EXPECT_EQ(mp->pad_end, (std::vector<int>{1, 0}));
  delete mp;
  delete in;
}

TEST(MaxPool1D, ByHandAndDefaults) {
  layer in = Input({1, 5});
  layer mp = MaxPool1D(in);
  layer ap = AvgPool1D(in);
  EXPECT_EQ(mp->getShape(), (std::vector<int>{1, 2}));
  EXPECT_TRUE(test::all_close(forward(in, mp, {1, 3, 2, 5, 4}), {3, 5}, 0, 0));
  EXPECT_TRUE(test::all_close(forward(in, ap, {1, 3, 2, 5, 4}), {2, 3.5f}, 0, 1e-6f));
  EXPECT_EQ(mp->name.rfind("maxpool1d", 0), 0u) << mp->name;
  EXPECT_EQ(ap->name.rfind("avgpool1d", 0), 0u) << ap->name;
  delete mp;
  delete ap;
  delete in;
}

TEST(MaxPool3D, ByHandAndShapes) {
  layer in = Input({1, 2, 2, 2});
  layer mp = MaxPool3D(in);
  layer ap = AveragePool3D(in);
  EXPECT_TRUE(test::all_close(forward(in, mp, {1, 8, 2, 7, 3, 6, 4, 5}), {8}, 0, 0));
  EXPECT_TRUE(test::all_close(forward(in, ap, {1, 8, 2, 7, 3, 6, 4, 5}), {4.5f}, 0, 1e-6f));
  layer in2 = Input({2, 4, 6, 5});
  layer mp2 = MaxPool3D(in2);
  EXPECT_EQ(mp2->getShape(), (std::vector<int>{2, 2, 3, 2}));
  delete mp;
  delete ap;
  delete in;
  delete mp2;
  delete in2;
}

TEST(GlobalPool, PoolsTheWholeExtentAndKeepsSingletonAxes) {
  layer in = Input({2, 3, 4});
  layer gm = GlobalMaxPool2D(in);
  layer ga = GlobalAvgPool(in);
  EXPECT_EQ(gm->getShape(), (std::vector<int>{2, 1, 1}));
  EXPECT_EQ(gm->name, "GlobalMaxPool2D");
  EXPECT_EQ(ga->name, "GlobalAveragePool2D");
  std::vector<float> x(24);
  std::iota(x.begin(), x.end(), 0.0f);
  EXPECT_TRUE(test::all_close(forward(in, gm, x), {11, 23}, 0, 0));
  EXPECT_TRUE(test::all_close(forward(in, ga, x), {5.5f, 17.5f}, 0, 1e-6f));

  layer in1 = Input({3, 5});
  layer g1 = GlobalAveragePool1D(in1, "g1");
  EXPECT_EQ(g1->getShape(), (std::vector<int>{3, 1}));
  // GlobalMaxPool reads a [C, L] input as [C, L, 1], as EDDL does.
  layer g2 = GlobalMaxPool(in1);
  EXPECT_EQ(g2->getShape(), (std::vector<int>{3, 1, 1}));
  layer in3 = Input({2, 3, 4, 5});
  layer g3 = GlobalAveragePool3D(in3);
  EXPECT_EQ(g3->getShape(), (std::vector<int>{2, 1, 1, 1}));
  delete gm;
  delete ga;
  delete in;
  delete g1;
  delete g2->parent[0];
  delete g2;
  delete in1;
  delete g3;
  delete in3;
}

TEST(MaxPool2D, BackwardRoutesToTheMaximumByHand) {
  layer in = Input({1, 4, 4});
  layer mp = MaxPool2D(in);
  forward(in, mp, ramp4x4());
  const std::vector<float> dx = input_gradient(in, mp, {1, 2, 3, 4});
  std::vector<float> expected(16, 0.0f);
  expected[5] = 1;
  expected[7] = 2;
  expected[13] = 3;
  expected[15] = 4;
  EXPECT_TRUE(test::all_close(dx, expected, 0, 0));
  delete mp;
  delete in;
}

TEST(MaxPool2D, TiesSendTheGradientToTheFirstMaximum) {
  layer in = Input({1, 2, 2});
  layer mp = MaxPool2D(in);
  forward(in, mp, {3, 3, 3, 3});
  EXPECT_TRUE(test::all_close(input_gradient(in, mp, {1}), {1, 0, 0, 0}, 0, 0));
  delete mp;
  delete in;
}

TEST(MaxPool, GradientsMatchFiniteDifferences) {
  struct Config {
    std::vector<int> shape;
    std::vector<int> k, s;
    std::string padding;
  };
  const Config configs[] = {{{2, 5, 6}, {3, 3}, {2, 2}, "same"},   {{3, 7, 7}, {2, 2}, {2, 2}, "none"},
                            {{2, 6, 6}, {3, 3}, {1, 1}, "same"},   {{2, 9}, {3}, {2}, "same"},
                            {{1, 4, 5, 3}, {2, 3, 2}, {2, 2, 1}, "same"}};
  for (const Config& c : configs) {
    layer in = Input(c.shape);
    layer mp = c.shape.size() == 2   ? MaxPool1D(in, c.k, c.s, c.padding)
               : c.shape.size() == 3 ? MaxPool2D(in, c.k, c.s, c.padding)
                                     : MaxPool3D(in, c.k, c.s, c.padding);
    EXPECT_LT(max_pool_gradient_error(in, mp, 2), 2e-3) << mp->name;
    delete mp;
    delete in;
  }
}

TEST(AveragePool, GradientsMatchFiniteDifferences) {
  struct Config {
    std::vector<int> shape;
    std::vector<int> k, s;
    std::string padding;
  };
  const Config configs[] = {{{2, 5, 6}, {3, 3}, {2, 2}, "same"},
                            {{3, 7, 7}, {2, 2}, {2, 2}, "none"},
                            {{2, 9}, {3}, {2}, "same"},
                            {{1, 4, 5, 3}, {2, 3, 2}, {2, 2, 1}, "same"}};
  for (const Config& c : configs) {
    layer in = Input(c.shape);
    layer ap = c.shape.size() == 2   ? AveragePool1D(in, c.k, c.s, c.padding)
               : c.shape.size() == 3 ? AveragePool2D(in, c.k, c.s, c.padding)
                                     : AveragePool3D(in, c.k, c.s, c.padding);
    const auto report = test::gradient_check({in}, ap);
    EXPECT_LT(report.max_error, 1e-3) << ap->name << ": " << report.worst;
    EXPECT_GT(report.checked, 10);
    delete ap;
    delete in;
  }
}

TEST(Pool, ErrorsNameTheLayerAndShapes) {
  layer in = Input({8});
  try {
    MaxPool2D(in, {2, 2}, {2, 2}, "none", "my_pool");
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("my_pool"), std::string::npos) << what;
    EXPECT_NE(what.find("(8)"), std::string::npos) << what;
  }
  layer in2 = Input({1, 4, 4});
  EXPECT_THROW(MaxPool2D(in2, {2, 2}, {2, 2}, "full"), ValueError);
  EXPECT_THROW(MaxPool2D(in2, {5, 5}, {1, 1}, "none"), ValueError);
  EXPECT_THROW(GlobalMaxPool3D(in2), ValueError);
  delete in;
  delete in2;
}

TEST(Pool, DefaultNamesFollowEddl) {
  layer in = Input({1, 4, 4});
  layer a = MaxPool(in);
  layer b = AveragePool(in);
  EXPECT_EQ(a->name.rfind("maxpool2d", 0), 0u) << a->name;
  EXPECT_EQ(b->name.rfind("avgpool", 0), 0u) << b->name;
  EXPECT_EQ(a->count_params(), 0);
  delete a;
  delete b;
  delete in;
}

}  // namespace eddl
