// SPDX-License-Identifier: MIT
// Convolution layers: forward values by hand (strides, "same"/"valid", dilation, groups,
// asymmetric pads, 1-D, 3-D, transposed), the adjoint identity <conv(x), y> = <x, convT(y)>,
// finite-difference gradients over input, K and bias, and shape errors naming the layer.
#include <gtest/gtest.h>

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

// 1..16 in a 1x1x4x4 input, and a 3x3 kernel with no symmetry (so a flipped kernel shows).
const std::vector<float> kImage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
const std::vector<float> kKernel = {1, 2, 0, 0, -1, 0, 3, 0, -2};

// Runs `conv` (whose parent is `in`) on batch 1 with K = kKernel and the given bias.
std::vector<float> run_on_image(Layer* in, LConv* conv, float bias = 0.0f) {
  in->resize(1);
  conv->resize(1);
  set(in->output, kImage);
  set(conv->K, kKernel);
  ops::fill(*conv->bias, bias);
  conv->forward();
  return conv->output->to_std();
}

float dot(const Tensor& a, const Tensor& b) {
  const std::vector<float> va = a.to_std(), vb = b.to_std();
  double s = 0.0;
  for (size_t i = 0; i < va.size(); ++i) s += static_cast<double>(va[i]) * vb[i];
  return static_cast<float>(s);
}

void expect_error_mentions(const std::function<void()>& build, const std::vector<std::string>& parts) {
  try {
    build();
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    for (const std::string& p : parts) EXPECT_NE(what.find(p), std::string::npos) << what;
  }
}

}  // namespace

TEST(Conv2D, SameStride1WithBias) {
  layer in = Input({1, 4, 4});
  auto* c = static_cast<LConv*>(Conv2D(in, 1, {3, 3}));
  EXPECT_EQ(c->getShape(), (std::vector<int>{1, 4, 4}));
  EXPECT_TRUE(test::all_close(run_on_image(in, c, 0.5f),
                              {-12.5f, -0.5f, -0.5f, 17.5f, -22.5f, 4.5f, 7.5f, 36.5f, -26.5f, 16.5f, 19.5f, 56.5f,
                               5.5f, 15.5f, 17.5f, 19.5f},
                              0, 1e-5f));
  delete c;
  delete in;
}

TEST(Conv2D, SameStride2PadsTheOddCellAtTheEnd) {
  // EDDL throws AsymmetricPaddingException here; the total pad of 1 goes to the bottom/right.
  layer in = Input({1, 4, 4});
  auto* c = static_cast<LConv*>(Conv2D(in, 1, {3, 3}, {2, 2}, "same", false));
  EXPECT_EQ(c->getShape(), (std::vector<int>{1, 2, 2}));
  EXPECT_TRUE(test::all_close(run_on_image(in, c), {4, 36, 15, 19}, 0, 1e-5f));
  delete c;
  delete in;
}

TEST(Conv2D, ValidAndNoneAreTheSame) {
  for (const char* padding : {"valid", "none"}) {
    layer in = Input({1, 4, 4});
    auto* c = static_cast<LConv*>(Conv2D(in, 1, {3, 3}, {1, 1}, padding));
    EXPECT_EQ(c->getShape(), (std::vector<int>{1, 2, 2}));
    EXPECT_TRUE(test::all_close(run_on_image(in, c), {4, 7, 16, 19}, 0, 1e-5f, padding));
    delete c;
    delete in;
  }
}

TEST(Conv2D, Dilation2Same) {
  layer in = Input({1, 4, 4});
  auto* c = static_cast<LConv*>(Conv2D(in, 1, {3, 3}, {1, 1}, "same", true, 1, {2, 2}));
  EXPECT_TRUE(test::all_close(run_on_image(in, c),
                              {-23, -26, 24, 26, -35, -38, 32, 34, -7, -6, -4, -2, -3, -2, 4, 6}, 0, 1e-5f));
  delete c;
  delete in;
}

TEST(Conv2D, ExplicitAsymmetricPads) {
  // pads (top, bottom, left, right) = (0, 1, 1, 0): output 3x3.
  layer in = Input({1, 4, 4});
  auto* c = new LConv(in, 1, {3, 3}, {1, 1}, "custom", {0, 1, 1, 0}, 1, {1, 1}, true, "");
  EXPECT_EQ(c->getShape(), (std::vector<int>{1, 3, 3}));
  EXPECT_TRUE(test::all_close(run_on_image(in, c), {-23, 4, 7, -27, 16, 19, 5, 15, 17}, 0, 1e-5f));
  delete c;
  delete in;
}

TEST(Conv2D, PerAxisPadding) {
  layer in = Input({1, 4, 4});
  auto* c = static_cast<LConv*>(Conv2D(in, 1, {3, 3}, {1, 1}, "same,none"));
  EXPECT_EQ(c->getShape(), (std::vector<int>{1, 4, 2}));
  delete c;
  delete in;
}

TEST(Conv2D, Groups2) {
  // Channel 0 = the image with kKernel, channel 1 = -image/2 with a plus-shaped kernel.
  layer in = Input({2, 4, 4});
  auto* c = static_cast<LConv*>(Conv2D(in, 2, {3, 3}, {1, 1}, "same", false, 2));
  EXPECT_EQ(c->K->shape, (std::vector<int>{2, 1, 3, 3}));
  in->resize(1);
  c->resize(1);
  std::vector<float> x = kImage;
  for (float v : kImage) x.push_back(-0.5f * v);
  set(in->output, x);
  std::vector<float> k = kKernel;
  for (float v : {0, 1, 0, 1, 1, 1, 0, 1, 0}) k.push_back(v);
  set(c->K, k);
  c->forward();
  EXPECT_TRUE(test::all_close(*c->output,
                              {-13, -1, -1, 17, -23, 4, 7, 36, -27, 16, 19, 56, 5, 15, 17, 19,  //
                               -4, -6, -8, -7.5f, -10.5f, -15, -17.5f, -15.5f, -18.5f, -25, -27.5f, -23.5f, -18,
                               -26, -28, -21.5f},
                              0, 1e-5f));
  delete c;
  delete in;
}

TEST(Conv1D, SameByHandWithEddlKernelShape) {
  layer in = Input({1, 5});
  auto* c = static_cast<LConv*>(Conv1D(in, 1, {3}, {1}, "same", false));
  EXPECT_EQ(c->getShape(), (std::vector<int>{1, 5}));
  EXPECT_EQ(c->K->shape, (std::vector<int>{1, 1, 3, 1}));  // EDDL: 2-D with width 1
  in->resize(1);
  c->resize(1);
  set(in->output, {1, 2, 3, 4, 5});
  set(c->K, {1, 0, -1});
  c->forward();
  EXPECT_TRUE(test::all_close(*c->output, {-2, -2, -2, -2, 4}, 0, 1e-6f));
  delete c;
  delete in;
}

TEST(Conv3D, ValidAndSameByHand) {
  std::vector<float> x(8);
  for (int i = 0; i < 8; ++i) x[static_cast<size_t>(i)] = static_cast<float>(i + 1);
  for (const char* padding : {"valid", "same"}) {
    layer in = Input({1, 2, 2, 2});
    auto* c = static_cast<LConv*>(Conv3D(in, 1, {2, 2, 2}, {1, 1, 1}, padding));
    in->resize(1);
    c->resize(1);
    set(in->output, x);
    ops::fill(*c->K, 1.0f);
    ops::fill(*c->bias, 0.0f);
    c->forward();
    const std::vector<float> y = c->output->to_std();
    if (std::string(padding) == "valid") {
      EXPECT_EQ(y, (std::vector<float>{36}));
    } else {
      // Pads at the end: y[d][h][w] sums x over [d, 2) x [h, 2) x [w, 2).
      EXPECT_EQ(y, (std::vector<float>{36, 20, 22, 12, 26, 14, 15, 8}));
    }
    delete c;
    delete in;
  }
}

TEST(ConvT2D, Stride2SameScattersTheKernel) {
  layer in = Input({1, 2, 2});
  auto* t = static_cast<LConv*>(ConvT2D(in, 1, {2, 2}, {2, 2}, "same", false));
  EXPECT_EQ(t->getShape(), (std::vector<int>{1, 4, 4}));
  in->resize(1);
  t->resize(1);
  set(in->output, {1, 2, 3, 4});
  set(t->K, {1, 10, 100, 1000});
  t->forward();
  EXPECT_TRUE(test::all_close(*t->output,
                              {1, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000}, 0, 1e-3f));
  delete t;
  delete in;
}

TEST(ConvT2D, OutputSizes) {
  layer in = Input({3, 5, 6});
  layer same = ConvT2D(in, 4, {3, 3}, {2, 2});
  EXPECT_EQ(same->getShape(), (std::vector<int>{4, 10, 12}));
  layer none = ConvT2D(in, 4, {3, 3}, {2, 2}, "none", true, 1, {2, 2});
  EXPECT_EQ(none->getShape(), (std::vector<int>{4, 4 * 2 + 4 + 1, 5 * 2 + 4 + 1}));
  EXPECT_EQ(static_cast<LConv*>(none)->K->shape, (std::vector<int>{3, 4, 3, 3}));
  delete none;
  delete same;
  delete in;
}

// <conv(x), y> = <x, convT(y)> when both use the same K and no bias.
TEST(ConvT2D, IsTheAdjointOfConv2D) {
  struct Geometry {
    std::vector<int> input, stride, dilation;  // input extents that the transposed layer gives back
    std::string padding;
    int groups;
  };
  for (const Geometry& g :
       {Geometry{{9, 8}, {1, 1}, {1, 1}, "same", 1}, Geometry{{8, 10}, {2, 2}, {1, 1}, "same", 1},
        Geometry{{9, 8}, {2, 1}, {2, 1}, "none", 2}, Geometry{{9, 8}, {3, 2}, {1, 2}, "same", 2}}) {
    layer xin = Input({4, g.input[0], g.input[1]});
    auto* conv = static_cast<LConv*>(Conv2D(xin, 6, {3, 3}, g.stride, g.padding, false, g.groups, g.dilation));
    layer yin = Input(conv->getShape());
    auto* convt = static_cast<LConv*>(ConvT2D(yin, 4, {3, 3}, g.stride, g.padding, false, g.groups, g.dilation));
    ASSERT_EQ(convt->getShape(), (std::vector<int>{4, g.input[0], g.input[1]})) << g.padding;
    ASSERT_EQ(convt->K->shape, conv->K->shape);
    for (Layer* l : std::vector<Layer*>{xin, conv, yin, convt}) l->resize(2);
    set(xin->output, test::random_values(static_cast<int64_t>(xin->output->size), 1));
    set(yin->output, test::random_values(static_cast<int64_t>(yin->output->size), 2));
    set(conv->K, test::random_values(static_cast<int64_t>(conv->K->size), 3));
    ops::copy(*conv->K, *convt->K);
    conv->forward();
    convt->forward();
    const float lhs = dot(*conv->output, *yin->output), rhs = dot(*xin->output, *convt->output);
    EXPECT_NEAR(lhs, rhs, 1e-4f * (1.0f + std::fabs(lhs))) << g.padding << " groups " << g.groups;
    delete convt;
    delete yin;
    delete conv;
    delete xin;
  }
}

// ---- finite-difference gradients ------------------------------------------------------------

void check_gradients(Layer* in, Layer* l, const std::string& what) {
  l->initialize();
  // Non-zero biases, so that their gradient is checked around a generic point.
  auto* conv = static_cast<LConv*>(l);
  set(conv->bias, test::random_values(static_cast<int64_t>(conv->bias->size), 11));
  const auto report = test::gradient_check({in}, l);
  EXPECT_LT(report.max_error, 2e-2) << what << ": " << report.worst;
  EXPECT_GT(report.checked, 40) << what;
}

TEST(ConvGradients, Conv2DVariants) {
  struct Variant {
    std::vector<int> stride, dilation;
    std::string padding;
    int groups;
    bool use_bias;
  };
  for (const Variant& v : {Variant{{1, 1}, {1, 1}, "same", 1, true}, Variant{{2, 2}, {1, 1}, "same", 1, true},
                           Variant{{1, 2}, {2, 1}, "none", 2, true}, Variant{{1, 1}, {1, 1}, "same", 2, false}}) {
    layer in = Input({4, 7, 6});
    layer c = Conv2D(in, 4, {3, 3}, v.stride, v.padding, v.use_bias, v.groups, v.dilation);
    check_gradients(in, c, "Conv2D " + v.padding + " groups " + std::to_string(v.groups));
    delete c;
    delete in;
  }
}

TEST(ConvGradients, Conv1DConv3DAndTransposed) {
  {
    layer in = Input({3, 11});
    layer c = Conv1D(in, 4, {3}, {2}, "same");
    check_gradients(in, c, "Conv1D");
    delete c;
    delete in;
  }
  {
    layer in = Input({2, 4, 5, 3});
    layer c = Conv3D(in, 3, {3, 2, 3}, {1, 2, 1}, "same");
    check_gradients(in, c, "Conv3D");
    delete c;
    delete in;
  }
  {
    layer in = Input({3, 4, 5});
    layer c = ConvT2D(in, 2, {3, 3}, {2, 2}, "same");
    check_gradients(in, c, "ConvT2D");
    delete c;
    delete in;
  }
  {
    layer in = Input({2, 3, 2, 3});
    layer c = ConvT3D(in, 2, {2, 3, 2}, {2, 1, 2}, "none");
    check_gradients(in, c, "ConvT3D");
    delete c;
    delete in;
  }
}

TEST(ConvGradients, PointwiseAndDepthwise) {
  layer in = Input({4, 5, 6});
  layer p = PointwiseConv2D(in, 3);
  EXPECT_EQ(p->getShape(), (std::vector<int>{3, 5, 6}));
  check_gradients(in, p, "PointwiseConv2D");
  layer d = DepthwiseConv2D(in, {3, 3}, {1, 1}, "same");
  EXPECT_EQ(static_cast<LConv*>(d)->K->shape, (std::vector<int>{4, 1, 3, 3}));
  check_gradients(in, d, "DepthwiseConv2D");
  delete d;
  delete p;
  delete in;
}

TEST(Conv2D, BiasExistsWithoutUseBiasAndStartsAtZero) {
  layer in = Input({2, 5, 5});
  auto* c = static_cast<LConv*>(Conv2D(in, 3, {3, 3}, {1, 1}, "same", false));
  ASSERT_EQ(c->params.size(), 2u);
  EXPECT_EQ(c->params[1]->shape, (std::vector<int>{3}));
  EXPECT_EQ(c->gradients.size(), 1u);  // bias is not trained
  auto* b = static_cast<LConv*>(Conv2D(in, 3, {3, 3}));
  b->initialize();
  EXPECT_EQ(b->bias->to_std(), (std::vector<float>{0, 0, 0}));
  EXPECT_LT(test::zero_fraction(b->K->to_std()), 0.1);
  delete b;
  delete c;
  delete in;
}

// ---- errors --------------------------------------------------------------------------------

TEST(ConvErrors, KernelLargerThanPaddedInput) {
  layer in = Input({1, 4, 4});
  expect_error_mentions([&] { Conv2D(in, 1, {5, 5}, {1, 1}, "valid", true, 1, {1, 1}, "too_big"); },
                        {"too_big", "(5, 5)", "(1, 4, 4)"});
  delete in;
}

TEST(ConvErrors, ChannelsNotDivisibleByGroups) {
  layer in = Input({3, 8, 8});
  expect_error_mentions([&] { Conv2D(in, 4, {3, 3}, {1, 1}, "same", true, 2, {1, 1}, "grouped"); },
                        {"grouped", "3", "groups (2)"});
  delete in;
}

TEST(ConvErrors, WrongInputRank) {
  layer in = Input({3, 8});
  expect_error_mentions([&] { Conv2D(in, 4, {3, 3}, {1, 1}, "same", true, 1, {1, 1}, "flat_conv"); },
                        {"flat_conv", "4-D", "(3, 8)"});
  expect_error_mentions([&] { Conv3D(in, 4, {3, 3, 3}); }, {"Conv3D", "5-D"});
  delete in;
}

TEST(ConvErrors, UnknownPaddingAndWrongKernelRank) {
  layer in = Input({3, 8, 8});
  expect_error_mentions([&] { Conv2D(in, 4, {3, 3}, {1, 1}, "sideways", true, 1, {1, 1}, "odd_pad"); },
                        {"odd_pad", "sideways"});
  expect_error_mentions([&] { Conv2D(in, 4, {3}, {1, 1}, "same", true, 1, {1, 1}, "short_kernel"); },
                        {"short_kernel", "kernel_size"});
  delete in;
}

}  // namespace eddl
