// SPDX-License-Identifier: MIT
// Merge layers: forward values by hand, finite-difference gradients over every parent, the
// winner-takes-the-gradient rule of Maximum/Minimum, and shape errors naming the layer and shapes.
#include <gtest/gtest.h>

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

// Sizes every layer for `batch` and gives each input its values.
void feed(const std::vector<layer>& inputs, layer l, const std::vector<std::vector<float>>& values, int batch = 1) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    inputs[i]->resize(batch);
    set(inputs[i]->output, values[i]);
  }
  l->resize(batch);
  l->forward();
}

void expect_gradients(const std::vector<layer>& inputs, layer l, double tolerance = 2e-2) {
  const auto report = test::gradient_check(inputs, l);
  EXPECT_LT(report.max_error, tolerance) << l->name << ": " << report.worst;
  EXPECT_GT(report.checked, 0);
}

template <class Factory>
void expect_shape_error(Factory make, const std::vector<std::string>& fragments) {
  try {
    make();
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    for (const auto& f : fragments) EXPECT_NE(what.find(f), std::string::npos) << "'" << f << "' not in: " << what;
  }
}

void destroy(const std::vector<layer>& layers) {
  for (layer l : layers) delete l;
}

}  // namespace

TEST(MergeAdd, SumsParentsAndPassesTheDeltaToEach) {
  layer a = Input({2, 2}), b = Input({2, 2}), c = Input({2, 2});
  layer s = Add({a, b, c});
  EXPECT_EQ(s->name.rfind("merge_add", 0), 0u) << s->name;
  feed({a, b, c}, s, {{1, 2, 3, 4}, {10, 20, 30, 40}, {-1, -1, -1, -1}});
  EXPECT_TRUE(test::all_close(*s->output, {10, 21, 32, 43}, 0, 1e-6f));
  expect_gradients({a, b, c}, s);
  destroy({s, a, b, c});
}

TEST(MergeSubtractAverage, ValuesAndGradients) {
  layer a = Input({3}), b = Input({3}), c = Input({3});
  layer sub = Subtract({a, b, c});
  layer avg = Average({a, b, c});
  feed({a, b, c}, sub, {{5, 6, 7}, {1, 2, 3}, {1, 1, 1}});
  EXPECT_TRUE(test::all_close(*sub->output, {3, 3, 3}, 0, 1e-6f));
  avg->resize(1);
  avg->forward();
  EXPECT_TRUE(test::all_close(*avg->output, {7.0f / 3, 3, 11.0f / 3}, 0, 1e-6f));
  expect_gradients({a, b, c}, sub);
  expect_gradients({a, b, c}, avg);
  destroy({sub, avg, a, b, c});
}

TEST(MergeMaximumMinimum, ValuesAndGradients) {
  layer a = Input({4}), b = Input({4});
  layer mx = Maximum({a, b});
  layer mn = Minimum({a, b});
  feed({a, b}, mx, {{1, -2, 3, 0.5f}, {0, 4, -1, 2}});
  EXPECT_TRUE(test::all_close(*mx->output, {1, 4, 3, 2}, 0, 0));
  mn->resize(1);
  mn->forward();
  EXPECT_TRUE(test::all_close(*mn->output, {0, -2, -1, 0.5f}, 0, 0));
  expect_gradients({a, b}, mx);
  expect_gradients({a, b}, mn);
  destroy({mx, mn, a, b});
}

TEST(MergeMaximum, TiesGiveTheGradientToTheFirstParent) {
  layer a = Input({3}), b = Input({3}), c = Input({3});
  layer mx = Maximum({a, b, c});
  feed({a, b, c}, mx, {{1, 0, 2}, {1, 5, 2}, {0, 5, 2}});
  for (layer in : {a, b, c}) in->mem_delta();
  mx->mem_delta();
  set(mx->delta, {1, 2, 3});
  mx->backward();
  EXPECT_TRUE(test::all_close(*a->delta, {1, 0, 3}, 0, 0));
  EXPECT_TRUE(test::all_close(*b->delta, {0, 2, 0}, 0, 0));
  EXPECT_TRUE(test::all_close(*c->delta, {0, 0, 0}, 0, 0));
  destroy({mx, a, b, c});
}

TEST(MergeAdd, MismatchedShapesNameTheLayerAndEveryShape) {
  layer a = Input({2, 3}), b = Input({3, 2});
  expect_shape_error([&] { Add({a, b}, "my_add"); }, {"my_add", "(2, 3)", "(3, 2)"});
  expect_shape_error([&] { Maximum({a}, "lonely"); }, {"lonely", "at least 2"});
  destroy({a, b});
}

TEST(Concat, JoinsAlongANonBatchAxis) {
  layer a = Input({2, 2}), b = Input({2, 1});
  layer c = Concat({a, b}, 1);
  EXPECT_EQ(c->getShape(), (std::vector<int>{2, 3}));
  EXPECT_EQ(c->name.rfind("concat", 0), 0u);
  feed({a, b}, c, {{1, 2, 3, 4}, {9, 8}});
  EXPECT_TRUE(test::all_close(*c->output, {1, 2, 9, 3, 4, 8}, 0, 0));
  expect_gradients({a, b}, c);
  layer last = Concat({a, b}, static_cast<unsigned>(-1));
  EXPECT_EQ(last->getShape(), (std::vector<int>{2, 3}));
  layer rows = Concat({a, a, a}, 0);
  EXPECT_EQ(rows->getShape(), (std::vector<int>{6, 2}));
  expect_gradients({a}, rows);
  destroy({c, last, rows, a, b});
}

TEST(Concat, MismatchedOtherDimensionsNameTheLayerAndShapes) {
  layer a = Input({2, 2}), b = Input({3, 1});
  expect_shape_error([&] { Concat({a, b}, 1, "my_concat"); }, {"my_concat", "(2, 2)", "(3, 1)"});
  expect_shape_error([&] { Concat({a, b}, 5, "far"); }, {"far", "axis 5"});
  destroy({a, b});
}

TEST(MatMul, MultipliesPerSampleAndBackpropagatesToBoth) {
  layer a = Input({2, 3}), b = Input({3, 2});
  layer m = MatMul({a, b});
  EXPECT_EQ(m->getShape(), (std::vector<int>{2, 2}));
  // [[1 2 3] [4 5 6]] x [[1 0] [0 1] [1 1]] = [[4 5] [10 11]]; sample 2 doubles A.
  feed({a, b}, m, {{1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12}, {1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1}}, 2);
  EXPECT_TRUE(test::all_close(*m->output, {4, 5, 10, 11, 8, 10, 20, 22}, 0, 1e-5f));
  expect_gradients({a, b}, m);
  destroy({m, a, b});

  layer x = Input({3, 2, 4}), y = Input({3, 4, 5});
  layer batched = MatMul({x, y});
  EXPECT_EQ(batched->getShape(), (std::vector<int>{3, 2, 5}));
  expect_gradients({x, y}, batched);
  expect_shape_error([&] { MatMul({x, x}, "bad_mm"); }, {"bad_mm", "(3, 2, 4)"});
  destroy({batched, x, y});
}

}  // namespace eddl
