// SPDX-License-Identifier: MIT
// Core layers: forward values by hand, finite-difference gradients, shape errors naming the layer.
#include <gtest/gtest.h>

#include <memory>

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
}  // namespace

TEST(Dense, ForwardMatchesHandComputedValues) {
  layer in = Input({3});
  auto* dense = static_cast<LDense*>(Dense(in, 2));
  in->resize(2);
  dense->resize(2);
  set(in->output, {1, 2, 3, -1, 0, 2});
  set(dense->W, {1, 0, 0, 1, 1, -1});  // W is {in, out}
  set(dense->bias, {0.5f, -0.5f});
  dense->forward();
  // row0: [1+3, 2-3] + b = [4.5, -1.5]; row1: [-1+2, 0-2] + b = [1.5, -2.5]
  EXPECT_TRUE(test::all_close(*dense->output, {4.5f, -1.5f, 1.5f, -2.5f}, 0, 1e-6f));
  delete dense;
  delete in;
}

TEST(Dense, GradientsMatchFiniteDifferences) {
  for (bool use_bias : {true, false}) {
    layer in = Input({5});
    layer d = Dense(in, 4, use_bias);
    d->initialize();
    const auto report = test::gradient_check({in}, d);
    EXPECT_LT(report.max_error, 2e-2) << "use_bias " << use_bias << ": " << report.worst;
    EXPECT_GT(report.checked, 20);
    delete d;
    delete in;
  }
}

TEST(Dense, AppliesToTheLastDimensionOfAnyRank) {
  layer in = Input({3, 5});
  layer d = Dense(in, 2);
  EXPECT_EQ(d->getShape(), (std::vector<int>{3, 2}));
  d->initialize();
  const auto report = test::gradient_check({in}, d);
  EXPECT_LT(report.max_error, 2e-2) << report.worst;
  delete d;
  delete in;
}

TEST(Reshape, ForwardKeepsOrderAndGradientsPassThrough) {
  layer in = Input({2, 6});
  layer r = Reshape(in, {3, -1});
  EXPECT_EQ(r->getShape(), (std::vector<int>{3, 4}));
  const auto report = test::gradient_check({in}, r);
  EXPECT_LT(report.max_error, 1e-3) << report.worst;
  delete r;
  delete in;
}

TEST(Reshape, WrongSizeNamesTheLayerAndShapes) {
  layer in = Input({2, 6});
  try {
    Reshape(in, {5, 5}, "my_reshape");
    FAIL() << "expected an error";
  } catch (const ValueError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("my_reshape"), std::string::npos) << what;
    EXPECT_NE(what.find("(2, 6)"), std::string::npos) << what;
    EXPECT_NE(what.find("(5, 5)"), std::string::npos) << what;
  }
  delete in;
}

TEST(Permute, ReordersDimensionsAndBackpropagates) {
  layer in = Input({2, 3, 4});
  layer p = Permute(in, {2, 0, 1});
  EXPECT_EQ(p->getShape(), (std::vector<int>{4, 2, 3}));
  in->resize(1);
  p->resize(1);
  std::vector<float> x(24);
  for (int i = 0; i < 24; ++i) x[static_cast<size_t>(i)] = static_cast<float>(i);
  set(in->output, x);
  p->forward();
  // out[c][a][b] = in[a][b][c] = a*12 + b*4 + c; element (1, 0, 2) -> 0*12 + 2*4 + 1 = 9
  EXPECT_EQ(p->output->to_std()[static_cast<size_t>(1 * 6 + 0 * 3 + 2)], 9.0f);
  const auto report = test::gradient_check({in}, p);
  EXPECT_LT(report.max_error, 1e-3) << report.worst;
  delete p;
  delete in;
}

TEST(SqueezeUnsqueeze, ShapesAndGradients) {
  layer in = Input({1, 4});
  layer s = Squeeze(in);
  EXPECT_EQ(s->getShape(), (std::vector<int>{4}));
  layer u = Unsqueeze(s, 1);
  EXPECT_EQ(u->getShape(), (std::vector<int>{4, 1}));
  const auto report = test::gradient_check({in}, s);
  EXPECT_LT(report.max_error, 1e-3) << report.worst;
  delete u;
  delete s;
  delete in;
}

TEST(Identity, PassesValuesAndGradients) {
  layer in = Input({7});
  layer id = Identity(in);
  const auto report = test::gradient_check({in}, id);
  EXPECT_LT(report.max_error, 1e-3) << report.worst;
  delete id;
  delete in;
}

TEST(Dropout, TrainMasksWithoutScalingAndInferenceScales) {
  layer in = Input({1000});
  auto* drop = static_cast<LDropout*>(Dropout(in, 0.25f));
  in->resize(4);
  drop->resize(4);
  set(in->output, std::vector<float>(4000, 2.0f));
  drop->set_mode(TRMODE);
  drop->forward();
  const std::vector<float> y = drop->output->to_std();
  int kept = 0;
  for (float v : y) {
    EXPECT_TRUE(v == 0.0f || v == 2.0f) << v;
    kept += v == 2.0f;
  }
  EXPECT_NEAR(kept / 4000.0, 0.75, 0.03);
  // Backward routes the gradient through the same mask.
  in->mem_delta();
  drop->mem_delta();
  set(drop->delta, std::vector<float>(4000, 1.0f));
  drop->backward();
  const std::vector<float> dx = in->delta->to_std();
  for (size_t i = 0; i < dx.size(); ++i) EXPECT_EQ(dx[i], y[i] / 2.0f);
  drop->set_mode(TSMODE);
  drop->forward();
  EXPECT_TRUE(test::all_close(*drop->output, std::vector<float>(4000, 1.5f), 0, 1e-6f));
  delete drop;
  delete in;
}

TEST(Naming, DefaultNamesCountPerClassAndActivationsShareOneCounter) {
  layer in = Input({3});
  layer d = Dense(in, 2);
  layer r = ReLu(d);
  layer s = Softmax(r);
  EXPECT_EQ(d->name.rfind("dense", 0), 0u);
  const int relu_n = std::stoi(r->name.substr(4));
  const int softmax_n = std::stoi(s->name.substr(7));
  EXPECT_EQ(softmax_n, relu_n + 1);
  layer named = Dense(in, 2, true, "my/layer:1");
  EXPECT_EQ(named->name, "my_layer_1");
  delete named;
  delete s;
  delete r;
  delete d;
  delete in;
}

}  // namespace eddl
