// SPDX-License-Identifier: MIT
// Shape layers: forward values by hand, finite-difference gradients, and errors naming the layer
// and the shapes (Select out of range, Tile with the wrong number of repeats, ...).
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

std::vector<float> iota(int n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<size_t>(i)] = static_cast<float>(i);
  return v;
}

std::vector<float> run(layer in, layer l, const std::vector<float>& x) {
  in->resize(1);
  l->resize(1);
  set(in->output, x);
  l->forward();
  return l->output->to_std();
}

void expect_gradients(layer in, layer l, double tolerance = 1e-2) {
  const auto report = test::gradient_check({in}, l);
  EXPECT_LT(report.max_error, tolerance) << l->name << ": " << report.worst;
  EXPECT_GT(report.checked, 0);
}

template <class Factory>
void expect_error(Factory make, const std::vector<std::string>& fragments) {
  try {
    make();
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    for (const auto& f : fragments) EXPECT_NE(what.find(f), std::string::npos) << "'" << f << "' not in: " << what;
  }
}

}  // namespace

TEST(Transpose, SwapsTheLastTwoDimensions) {
  layer in = Input({2, 3});
  layer t = Transpose(in);
  EXPECT_EQ(t->getShape(), (std::vector<int>{3, 2}));
  EXPECT_TRUE(test::all_close(run(in, t, iota(6)), {0, 3, 1, 4, 2, 5}, 0, 0));
  expect_gradients(in, t);
  delete t;
  delete in;
}

TEST(Select, BlocksWithEddlIndexStrings) {
  layer in = Input({3, 4});
  layer s = Select(in, {"1:3", "-1"});
  EXPECT_EQ(s->name.rfind("select_", 0), 0u) << s->name;
  EXPECT_EQ(s->getShape(), (std::vector<int>{2, 1}));
  EXPECT_TRUE(test::all_close(run(in, s, iota(12)), {7, 11}, 0, 0));
  layer open = Slice(in, {":2"});
  EXPECT_EQ(open->getShape(), (std::vector<int>{2, 4}));
  expect_gradients(in, s);
  expect_gradients(in, open);
  expect_error([&] { Select(in, {"3"}, "my_select"); }, {"my_select", "(3, 4)", "out of range"});
  expect_error([&] { Select(in, {"0:9"}, "wide"); }, {"wide", "(3, 4)"});
  delete s;
  delete open;
  delete in;
}

TEST(Split, ReturnsSelectsCutAtTheIndexes) {
  layer in = Input({2, 5});
  vlayer parts = Split(in, {1, 3});
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0]->getShape(), (std::vector<int>{2, 1}));
  EXPECT_EQ(parts[1]->getShape(), (std::vector<int>{2, 2}));
  EXPECT_EQ(parts[2]->getShape(), (std::vector<int>{2, 2}));
  EXPECT_TRUE(test::all_close(run(in, parts[1], iota(10)), {1, 2, 6, 7}, 0, 0));
  vlayer rows = Split(in, {1}, 0);
  EXPECT_EQ(rows[1]->getShape(), (std::vector<int>{1, 5}));
  for (layer l : parts) delete l;
  for (layer l : rows) delete l;
  delete in;
}

TEST(Expand, RepeatsSingletonDimensions) {
  layer in = Input({1, 3});
  layer e = Expand(in, 4);
  EXPECT_EQ(e->getShape(), (std::vector<int>{4, 3}));
  EXPECT_TRUE(test::all_close(run(in, e, {1, 2, 3}), {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, 0, 0));
  expect_gradients(in, e);
  delete e;
  delete in;
}

TEST(Repeat, UniformAndPerElementCounts) {
  layer in = Input({2, 3});
  layer uniform = Repeat(in, 2u, 1);
  EXPECT_EQ(uniform->getShape(), (std::vector<int>{2, 6}));
  EXPECT_TRUE(test::all_close(run(in, uniform, iota(6)), {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, 0, 0));
  layer varied = Repeat(in, std::vector<unsigned>{1, 3}, 0);
  EXPECT_EQ(varied->getShape(), (std::vector<int>{4, 3}));
  EXPECT_TRUE(test::all_close(run(in, varied, iota(6)), {0, 1, 2, 3, 4, 5, 3, 4, 5, 3, 4, 5}, 0, 0));
  expect_gradients(in, uniform);
  expect_gradients(in, varied);
  expect_error([&] { Repeat(in, std::vector<unsigned>{1, 2}, 1, "my_repeat"); }, {"my_repeat", "(2, 3)"});
  for (layer l : {uniform, varied, in}) delete l;
}

TEST(Tile, RepeatsTheWholeInputPerDimension) {
  layer in = Input({2, 2});
  layer t = Tile(in, {2, 3});
  EXPECT_EQ(t->getShape(), (std::vector<int>{4, 6}));
  const std::vector<float> y = run(in, t, {1, 2, 3, 4});
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin(), y.begin() + 6), {1, 2, 1, 2, 1, 2}, 0, 0));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin() + 12, y.begin() + 18), {1, 2, 1, 2, 1, 2}, 0, 0));
  expect_gradients(in, t);
  expect_error([&] { Tile(in, {2}, "my_tile"); }, {"my_tile", "(2, 2)", "(2)"});
  delete t;
  delete in;
}

TEST(Pad, ConstantBordersInEddlOrder) {
  layer in = Input({1, 2, 2});
  layer all = Pad(in, {1}, 9.0f);
  EXPECT_EQ(all->getShape(), (std::vector<int>{1, 4, 4}));
  layer sides = Pad(in, {0, 1, 1, 0});  // top, right, bottom, left
  EXPECT_EQ(sides->getShape(), (std::vector<int>{1, 3, 3}));
  EXPECT_TRUE(test::all_close(run(in, sides, {1, 2, 3, 4}), {1, 2, 0, 3, 4, 0, 0, 0, 0}, 0, 0));
  const std::vector<float> y = run(in, all, {1, 2, 3, 4});
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin() + 4, y.begin() + 8), {9, 1, 2, 9}, 0, 0));
  layer two = Pad(in, {2, 1});
  EXPECT_EQ(two->getShape(), (std::vector<int>{1, 6, 4}));
  expect_gradients(in, all);
  expect_gradients(in, sides);
  expect_error([&] { Pad(in, {1, 2, 3}, 0.0f, "my_pad"); }, {"my_pad"});
  for (layer l : {all, sides, two, in}) delete l;
}

TEST(Resize, NearestUpAndDownWithEddlsIndexMapping) {
  layer in = Input({1, 2, 3});
  layer up = Resize(in, {4, 6});  // whole factors: the broadcast path
  EXPECT_EQ(up->getShape(), (std::vector<int>{1, 4, 6}));
  const std::vector<float> y = run(in, up, iota(6));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin(), y.begin() + 6), {0, 0, 1, 1, 2, 2}, 0, 0));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin() + 18, y.end()), {3, 3, 4, 4, 5, 5}, 0, 0));
  // 2x3 -> 3x5: rows o*2/3 = {0, 0, 1}, columns o*3/5 = {0, 0, 1, 1, 2}.
  layer odd = Resize(in, {3, 5});
  EXPECT_TRUE(test::all_close(run(in, odd, iota(6)), {0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 3, 3, 4, 4, 5}, 0, 0));
  layer down = Resize(in, {1, 2});
  EXPECT_TRUE(test::all_close(run(in, down, iota(6)), {0, 1}, 0, 0));
  expect_gradients(in, up);
  expect_gradients(in, odd);
  expect_gradients(in, down);
  for (layer l : {up, odd, down, in}) delete l;
}

TEST(Resize, KeepingTheShapeFillsOutsideWithTheConstant) {
  layer in = Input({1, 4, 4});
  // A 2x2 image centred in 4x4: offset (2 - 4) / 2 = -1, so the border has no source.
  layer zoom_out = Resize(in, {2, 2}, false, "constant", 7.0f);
  EXPECT_EQ(zoom_out->getShape(), (std::vector<int>{1, 4, 4}));
  const std::vector<float> y = run(in, zoom_out, iota(16));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin(), y.begin() + 4), {7, 7, 7, 7}, 0, 0));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin() + 4, y.begin() + 8), {7, 0, 2, 7}, 0, 0));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin() + 8, y.begin() + 12), {7, 8, 10, 7}, 0, 0));
  expect_gradients(in, zoom_out);
  expect_error([&] { Resize(in, {2, 2}, true, "wrap", 0.0f, "asymmetric", "my_resize"); }, {"my_resize", "wrap"});
  expect_error([&] { Resize(in, {2}, true, "constant", 0.0f, "asymmetric", "short"); }, {"short", "(1, 4, 4)"});
  delete zoom_out;
  delete in;
}

TEST(UpSampling2D, NearestAndBilinear) {
  layer in = Input({2, 2, 2});
  layer nearest = UpSampling2D(in, {2, 2});
  EXPECT_EQ(nearest->name.rfind("upsampling2d", 0), 0u) << nearest->name;
  EXPECT_EQ(nearest->getShape(), (std::vector<int>{2, 4, 4}));
  const std::vector<float> y = run(in, nearest, iota(8));
  EXPECT_TRUE(test::all_close(std::vector<float>(y.begin(), y.begin() + 8), {0, 0, 1, 1, 0, 0, 1, 1}, 0, 0));
  layer bilinear = UpSampling(in, {1, 2}, "bilinear");
  // Half-pixel centres along w: out 0..3 read 0, 0.25, 0.75, 1 of the way from x0 to x1.
  const std::vector<float> z = run(in, bilinear, iota(8));
  EXPECT_TRUE(test::all_close(std::vector<float>(z.begin(), z.begin() + 4), {0, 0.25f, 0.75f, 1}, 1e-6f, 1e-6f));
  expect_gradients(in, nearest);
  expect_gradients(in, bilinear);
  for (layer l : {nearest, bilinear, in}) delete l;
}

TEST(UpSampling3D, ResizesThreeSpatialDimensions) {
  layer in = Input({1, 2, 2, 3});
  layer up = UpSampling3D(in, {3, 4, 4});
  EXPECT_EQ(up->name.rfind("upsampling3d", 0), 0u) << up->name;
  EXPECT_EQ(up->getShape(), (std::vector<int>{1, 3, 4, 4}));
  const std::vector<float> y = run(in, up, iota(12));
  // Depth o*2/3 = {0, 0, 1}; the last depth slice starts with source (1, 0, 0) = 6.
  EXPECT_EQ(y[32], 6.0f);
  expect_gradients(in, up);
  delete up;
  delete in;
}

}  // namespace eddl
