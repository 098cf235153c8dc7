// SPDX-License-Identifier: MIT
// Operator and reduction layers: forward values against std:: maths, the float-on-either-side
// overloads, finite-difference gradients (on each op's domain, away from kinks), deprecation lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

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

std::vector<float> run(layer in, layer l, const std::vector<float>& x) {
  in->resize(1);
  l->resize(1);
  set(in->output, x);
  l->forward();
  return l->output->to_std();
}

// Largest relative error of the analytic input gradient against central differences, with the
// input set to `x` (for ops whose domain or kinks the shared [-1, 1] check would hit).
double gradient_error_at(layer in, layer l, std::vector<float> x) {
  in->resize(1);
  l->resize(1);
  set(in->output, x);
  l->forward();
  const std::vector<float> r = test::random_values(static_cast<int64_t>(l->output->size), 5);
  in->mem_delta();
  l->mem_delta();
  set(l->delta, r);
  l->backward();
  const std::vector<float> analytic = in->delta->to_std();
  const float eps = 1e-3f;
  auto weighted = [&] {
    l->forward();
    const std::vector<float> y = l->output->to_std();
    double s = 0;
    for (size_t i = 0; i < y.size(); ++i) s += static_cast<double>(r[i]) * y[i];
    return s;
  };
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const float original = x[i];
    x[i] = original + eps;
    set(in->output, x);
    const double plus = weighted();
    x[i] = original - eps;
    set(in->output, x);
    const double minus = weighted();
    x[i] = original;
    set(in->output, x);
    const double numeric = (plus - minus) / (2.0 * eps);
    worst = std::max(worst, std::fabs(analytic[i] - numeric) / std::max(1.0, std::fabs(numeric)));
  }
  return worst;
}

void expect_gradients(const std::vector<layer>& inputs, layer l, double tolerance = 2e-2) {
  const auto report = test::gradient_check(inputs, l);
  EXPECT_LT(report.max_error, tolerance) << l->name << ": " << report.worst;
  EXPECT_GT(report.checked, 0);
}

}  // namespace

TEST(UnaryOperators, MatchStdMathsAndTheirDerivatives) {
  const std::vector<float> positive = test::random_values(6, 3, 0.5f, 2.0f);
  struct Case {
    std::function<layer(layer)> make;
    std::function<float(float)> f;
    const char* prefix;
  };
  const std::vector<Case> cases = {
      {[](layer l) { return Abs(l); }, [](float x) { return std::fabs(x); }, "abs_"},
      {[](layer l) { return Exp(l); }, [](float x) { return std::exp(x); }, "exp_"},
      {[](layer l) { return Log(l); }, [](float x) { return std::log(x); }, "log_"},
      {[](layer l) { return Log2(l); }, [](float x) { return std::log2(x); }, "log2_"},
      {[](layer l) { return Log10(l); }, [](float x) { return std::log10(x); }, "log10_"},
      {[](layer l) { return Sqrt(l); }, [](float x) { return std::sqrt(x); }, "sqrt_"},
      {[](layer l) { return Pow(l, 2.5f); }, [](float x) { return std::pow(x, 2.5f); }, "pow_"},
      {[](layer l) { return Clamp(l, 0.8f, 1.5f); }, [](float x) { return std::min(std::max(x, 0.8f), 1.5f); },
       "clamp_"},
  };
  for (const Case& c : cases) {
    layer in = Input({6});
    layer op = c.make(in);
    EXPECT_EQ(op->name.rfind(c.prefix, 0), 0u) << op->name;
    std::vector<float> expected;
    for (float x : positive) expected.push_back(c.f(x));
    EXPECT_TRUE(test::all_close(run(in, op, positive), expected, 1e-6f, 1e-6f, op->name));
    // Clamp's kinks at 0.8 and 1.5: probe points kept 0.05 away from them.
    std::vector<float> probe = positive;
    for (float& x : probe) {
      if (std::fabs(x - 0.8f) < 0.05f || std::fabs(x - 1.5f) < 0.05f) x += 0.1f;
    }
    EXPECT_LT(gradient_error_at(in, op, probe), 1e-2) << op->name;
    delete op;
    delete in;
  }
}

TEST(ScalarOperators, FloatsOnEitherSide) {
  const std::vector<float> x = {1.0f, -2.0f, 4.0f};
  struct Case {
    std::function<layer(layer)> make;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {[](layer l) { return Add(l, 2.0f); }, {3, 0, 6}},     {[](layer l) { return Add(2.0f, l); }, {3, 0, 6}},
      {[](layer l) { return Sub(l, 2.0f); }, {-1, -4, 2}},   {[](layer l) { return Sub(2.0f, l); }, {1, 4, -2}},
      {[](layer l) { return Mult(l, 3.0f); }, {3, -6, 12}},  {[](layer l) { return Mult(3.0f, l); }, {3, -6, 12}},
      {[](layer l) { return Div(l, 2.0f); }, {0.5f, -1, 2}}, {[](layer l) { return Div(2.0f, l); }, {2, -1, 0.5f}},
  };
  for (const Case& c : cases) {
    layer in = Input({3});
    layer op = c.make(in);
    EXPECT_TRUE(test::all_close(run(in, op, x), c.expected, 1e-6f, 1e-6f, op->name));
    EXPECT_LT(gradient_error_at(in, op, x), 1e-2) << op->name;
    delete op;
    delete in;
  }
}

TEST(BinaryOperators, LayerWithLayerValuesAndGradients) {
  layer a = Input({4}), b = Input({4});
  layer sum = Add(a, b), diff = Sub(a, b), prod = Mult(a, b), quot = Div(a, b);
  EXPECT_EQ(sum->name.rfind("sum", 0), 0u) << sum->name;
  EXPECT_EQ(diff->name.rfind("diff_", 0), 0u) << diff->name;
  EXPECT_EQ(prod->name.rfind("mult_", 0), 0u) << prod->name;
  EXPECT_EQ(quot->name.rfind("div_", 0), 0u) << quot->name;
  a->resize(1);
  b->resize(1);
  set(a->output, {1, 2, 3, 4});
  set(b->output, {2, 4, -1, 0.5f});
  const std::vector<std::vector<float>> expected = {{3, 6, 2, 4.5f}, {-1, -2, 4, 3.5f}, {2, 8, -3, 2}, {0.5f, 0.5f, -3, 8}};
  const std::vector<layer> ops_ = {sum, diff, prod, quot};
  for (size_t i = 0; i < ops_.size(); ++i) {
    ops_[i]->resize(1);
    ops_[i]->forward();
    EXPECT_TRUE(test::all_close(*ops_[i]->output, expected[i], 1e-6f, 0, ops_[i]->name));
  }
  expect_gradients({a, b}, sum);
  expect_gradients({a, b}, diff);
  expect_gradients({a, b}, prod);
  for (layer l : ops_) delete l;
  delete a;
  delete b;
}

TEST(BinaryOperators, DivGradientOnBothParentsAwayFromZero) {
  // The shared check draws denominators near 0; here both parents are probed on [0.5, 2].
  layer a = Input({5}), b = Input({5});
  layer quot = Div(a, b);
  a->resize(1);
  b->resize(1);
  set(b->output, test::random_values(5, 21, 0.5f, 2.0f));
  EXPECT_LT(gradient_error_at(a, quot, test::random_values(5, 22, 0.5f, 2.0f)), 1e-2);
  set(a->output, test::random_values(5, 23, 0.5f, 2.0f));
  EXPECT_LT(gradient_error_at(b, quot, test::random_values(5, 24, 0.5f, 2.0f)), 1e-2);
  delete quot;
  delete a;
  delete b;
}

TEST(BinaryOperators, BroadcastNonBatchShapesAndSumTheGradient) {
  layer a = Input({2, 3}), b = Input({3}), c = Input({2, 1});
  layer prod = Mult(a, b);
  layer sum = Add(a, c);
  EXPECT_EQ(prod->getShape(), (std::vector<int>{2, 3}));
  a->resize(1);
  b->resize(1);
  set(a->output, {1, 2, 3, 4, 5, 6});
  set(b->output, {1, 10, 100});
  prod->resize(1);
  prod->forward();
  EXPECT_TRUE(test::all_close(*prod->output, {1, 20, 300, 4, 50, 600}, 0, 0));
  expect_gradients({a, b}, prod);
  expect_gradients({a, c}, sum);
  layer d = Input({4});
  try {
    Add(a, d);
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("(2, 3)"), std::string::npos) << what;
    EXPECT_NE(what.find("(4)"), std::string::npos) << what;
  }
  for (layer l : {prod, sum, a, b, c, d}) delete l;
}

TEST(DeprecatedAliases, PrintTheLineAndBehaveAsTheNewNames) {
  layer a = Input({2}), b = Input({2});
  testing::internal::CaptureStderr();
  layer s = Sum(a, b);
  const std::string sum_line = testing::internal::GetCapturedStderr();
  EXPECT_EQ(sum_line,
            "[DEPRECATION WARNING]: The 'Sum' function will be deprecated in a future version in favor of 'Add'.\n");
  testing::internal::CaptureStderr();
  layer d = Diff(a, 1.0f);
  layer d2 = Diff(1.0f, a);
  const std::string diff_lines = testing::internal::GetCapturedStderr();
  const std::string diff_line =
      "[DEPRECATION WARNING]: The 'Diff' function will be deprecated in a future version in favor of 'Sub'.\n";
  EXPECT_EQ(diff_lines, diff_line + diff_line);
  EXPECT_TRUE(test::all_close(run(a, d, {3, 5}), {2, 4}, 0, 0));
  EXPECT_TRUE(test::all_close(run(a, d2, {3, 5}), {-2, -4}, 0, 0));
  layer s2 = Sum(2.0f, a);
  EXPECT_TRUE(test::all_close(run(a, s2, {3, 5}), {5, 7}, 0, 0));
  for (layer l : {s, d, d2, s2, a, b}) delete l;
}

TEST(MergeAndOperatorAdd, OverloadsStayDistinct) {
  layer a = Input({2}), b = Input({2});
  layer merged = Add({a, b});
  layer op = Add(a, b);
  EXPECT_NE(dynamic_cast<LAdd*>(merged), nullptr);
  EXPECT_NE(dynamic_cast<LBinaryOperator*>(op), nullptr);
  for (layer l : {merged, op, a, b}) delete l;
}

TEST(Reductions, ValuesOverNonBatchAxes) {
  layer in = Input({2, 3});
  const std::vector<float> x = {1, 5, 3, -4, 2, 0};
  struct Case {
    layer l;
    std::vector<int> shape;
    std::vector<float> expected;
  };
  const std::vector<Case> cases = {
      {ReduceSum(in, {1}), {2}, {9, -2}},
      {ReduceMean(in, {0}), {3}, {-1.5f, 3.5f, 1.5f}},
      {ReduceMean(in, {0, 1}, true), {1, 1}, {7.0f / 6}},
      {ReduceMax(in, {1}, true), {2, 1}, {5, 2}},
      {ReduceMin(in, {-1}), {2}, {1, -4}},
      {ReduceVar(in, {1}), {2}, {8.0f / 3, 56.0f / 9}},
      {ReduceArgMax(in, {1}), {2}, {1, 1}},
      {ReduceArgMax(in, {0, 1}), {}, {1}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.l->getShape(), c.shape) << c.l->name;
    EXPECT_TRUE(test::all_close(run(in, c.l, x), c.expected, 1e-5f, 1e-6f, c.l->name));
  }
  EXPECT_EQ(cases[0].l->name.rfind("reduction_sum", 0), 0u) << cases[0].l->name;
  for (const Case& c : cases) delete c.l;
  delete in;
}

TEST(Reductions, GradientsMatchFiniteDifferences) {
  layer in = Input({3, 4, 2});
  const std::vector<layer> smooth = {ReduceSum(in, {1}), ReduceMean(in, {0, 2}, true), ReduceVar(in, {1, 2})};
  for (layer r : smooth) expect_gradients({in}, r);
  // Max/min have kinks where two values tie: probe distinct values 0.1 apart (a fixed shuffle).
  std::vector<float> distinct(24);
  for (size_t i = 0; i < distinct.size(); ++i) distinct[i] = 0.1f * static_cast<float>((i * 7) % 24) - 1.0f;
  const std::vector<layer> extremes = {ReduceMax(in, {2}), ReduceMin(in, {0, 1}, true), ReduceMax(in, {0, 2})};
  for (layer r : extremes) EXPECT_LT(gradient_error_at(in, r, distinct), 1e-2) << r->name;
  for (layer r : smooth) delete r;
  for (layer r : extremes) delete r;
  delete in;
}

TEST(Reductions, ArgMaxPassesNoGradientAndBadAxesAreNamed) {
  layer in = Input({2, 3});
  layer am = ReduceArgMax(in, {1});
  run(in, am, {1, 2, 3, 4, 5, 6});
  in->mem_delta();
  am->mem_delta();
  set(am->delta, {1, 1});
  am->backward();
  EXPECT_TRUE(test::all_close(*in->delta, std::vector<float>(6, 0.0f), 0, 0));
  try {
    ReduceSum(in, {2});
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(2, 3)"), std::string::npos) << e.what();
  }
  delete am;
  delete in;
}

}  // namespace eddl
