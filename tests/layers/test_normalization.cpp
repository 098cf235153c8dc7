// SPDX-License-Identifier: MIT
// Normalization layers: forward against float64 (batch, layer and group norm), running statistics
// after two steps by hand, inference with running statistics, finite-difference gradients over
// inputs and parameters, parameter order and trainable counts, EDDL's overloads and names.
#include <gtest/gtest.h>

#include <cmath>

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

std::vector<float> forward(layer in, layer l, const std::vector<float>& x, int batch) {
  in->resize(batch);
  l->resize(batch);
  set(in->output, x);
  l->forward();
  return l->output->to_std();
}

// float64 normalisation of x read as [outer, channels, inner] over (outer, inner) per channel,
// then y = xhat * gamma[c] + beta[c] (gamma/beta empty: 1 and 0).
std::vector<float> normalise64(const std::vector<float>& x, int outer, int channels, int inner, double eps,
                               const std::vector<float>& gamma = {}, const std::vector<float>& beta = {}) {
  std::vector<float> y(x.size());
  for (int c = 0; c < channels; ++c) {
    double mean = 0.0, var = 0.0;
    const double m = static_cast<double>(outer) * inner;
    for (int o = 0; o < outer; ++o)
      for (int i = 0; i < inner; ++i) mean += x[static_cast<size_t>((o * channels + c) * inner + i)];
    mean /= m;
    for (int o = 0; o < outer; ++o)
      for (int i = 0; i < inner; ++i) {
        const double d = x[static_cast<size_t>((o * channels + c) * inner + i)] - mean;
        var += d * d;
      }
    var /= m;
    const double g = gamma.empty() ? 1.0 : gamma[static_cast<size_t>(c)];
    const double b = beta.empty() ? 0.0 : beta[static_cast<size_t>(c)];
    for (int o = 0; o < outer; ++o)
      for (int i = 0; i < inner; ++i) {
        const size_t at = static_cast<size_t>((o * channels + c) * inner + i);
        y[at] = static_cast<float>(g * (x[at] - mean) / std::sqrt(var + eps) + b);
      }
  }
  return y;
}

// Random parameters away from the initial 1 and 0, so the gradient check sees them act.
void randomise_params(Layer* l, uint64_t seed) {
  for (size_t p = 0; p < l->gradients.size(); ++p) {
    set(l->params[p], test::random_values(static_cast<int64_t>(l->params[p]->size), seed + p, 0.5f, 1.5f));
  }
}

}  // namespace

TEST(BatchNormalization, TrainingForwardMatchesFloat64) {
  layer in = Input({3, 2, 2});
  auto* bn = static_cast<LBatchNorm*>(BatchNormalization(in));
  const std::vector<float> gamma{0.5f, 2.0f, -1.0f}, beta{0.1f, -0.3f, 1.0f};
  set(bn->bn_g, gamma);
  set(bn->bn_b, beta);
  const std::vector<float> x = test::random_values(4 * 12, 5, -2.0f, 3.0f);
  const std::vector<float> y = forward(in, bn, x, 4);
  EXPECT_TRUE(test::all_close(y, normalise64(x, 4, 3, 4, 0.001, gamma, beta), 1e-5f, 1e-5f));
  // Without the affine part each channel has mean 0 and variance 1 (up to epsilon).
  layer plain = BatchNormalization(in, false);
  const std::vector<float> z = forward(in, plain, x, 4);
  EXPECT_TRUE(test::all_close(z, normalise64(x, 4, 3, 4, 0.001), 1e-5f, 1e-5f));
  delete bn;
  delete plain;
  delete in;
}

TEST(BatchNormalization, TwoDimensionalAndThreeDimensionalInputs) {
  layer in = Input({5});
  layer bn = BatchNormalization(in);
  const std::vector<float> x = test::random_values(6 * 5, 8);
  EXPECT_TRUE(test::all_close(forward(in, bn, x, 6), normalise64(x, 6, 5, 1, 0.001), 1e-5f, 1e-5f));
  layer in3 = Input({2, 7});  // EDDL's 3-D case: per channel over batch and length
  layer bn3 = BatchNormalization(in3);
  EXPECT_EQ(bn3->getShape(), (std::vector<int>{2, 7}));
  const std::vector<float> x3 = test::random_values(3 * 14, 9);
  EXPECT_TRUE(test::all_close(forward(in3, bn3, x3, 3), normalise64(x3, 3, 2, 7, 0.001), 1e-5f, 1e-5f));
  delete bn;
  delete in;
  delete bn3;
  delete in3;
}

TEST(BatchNormalization, RunningStatsAfterTwoStepsByHand) {
  layer in = Input({2});
  auto* bn = static_cast<LBatchNorm*>(BatchNormalization(in, 0.9f));
  // Channel 0: [1, 3] then [0, 4]; channel 1: [2, 2] then [-1, 1].
  forward(in, bn, {1, 2, 3, 2}, 2);
  // mean 2 and 2; unbiased var 2 and 0. r = 0.9 r + 0.1 batch from r_mean 0, r_var 1.
  EXPECT_TRUE(test::all_close(*bn->mean, {0.2f, 0.2f}, 0, 1e-6f));
  EXPECT_TRUE(test::all_close(*bn->variance, {1.1f, 0.9f}, 0, 1e-6f));
  forward(in, bn, {0, -1, 4, 1}, 2);
  // mean 2 and 0; unbiased var 8 and 2.
  EXPECT_TRUE(test::all_close(*bn->mean, {0.38f, 0.18f}, 0, 1e-6f));
  EXPECT_TRUE(test::all_close(*bn->variance, {1.79f, 1.01f}, 0, 1e-6f));
  delete bn;
  delete in;
}

TEST(BatchNormalization, InferenceUsesRunningStats) {
  layer in = Input({2});
  auto* bn = static_cast<LBatchNorm*>(BatchNormalization(in, true, 0.99f, 0.01f));
  set(bn->mean, {1.0f, -2.0f});
  set(bn->variance, {3.99f, 0.24f});  // + epsilon: 4 and 0.25
  set(bn->bn_g, {2.0f, 1.0f});
  set(bn->bn_b, {0.5f, 0.0f});
  bn->set_mode(TSMODE);
  const std::vector<float> y = forward(in, bn, {3, -1, -1, -3}, 2);
  EXPECT_TRUE(test::all_close(y, {2 * (2.0f / 2) + 0.5f, 1 / 0.5f, 2 * (-2.0f / 2) + 0.5f, -1 / 0.5f}, 0, 1e-5f));
  EXPECT_TRUE(test::all_close(*bn->mean, {1.0f, -2.0f}, 0, 0)) << "inference must not move the running stats";
  delete bn;
  delete in;
}

TEST(BatchNormalization, ParamsOrderDefaultsAndTrainableCounts) {
  layer in = Input({4, 3, 3});
  auto* bn = static_cast<LBatchNorm*>(BatchNormalization(in));
  EXPECT_FLOAT_EQ(bn->momentum, 0.99f);
  EXPECT_FLOAT_EQ(bn->epsilon, 0.001f);
  EXPECT_TRUE(bn->affine);
  ASSERT_EQ(bn->params.size(), 4u);
  EXPECT_EQ(bn->params[0], bn->bn_g);
  EXPECT_EQ(bn->params[1], bn->bn_b);
  EXPECT_EQ(bn->params[2], bn->mean);
  EXPECT_EQ(bn->params[3], bn->variance);
  EXPECT_EQ(bn->gradients.size(), 2u);
  EXPECT_EQ(bn->count_params(), 16);
  EXPECT_EQ(bn->count_trainable_params(), 8);
  EXPECT_TRUE(test::all_close(*bn->bn_g, {1, 1, 1, 1}, 0, 0));
  EXPECT_TRUE(test::all_close(*bn->variance, {1, 1, 1, 1}, 0, 0));
  EXPECT_EQ(bn->name.rfind("batchnorm", 0), 0u) << bn->name;
  auto* plain = static_cast<LBatchNorm*>(BatchNormalization(in, false, 0.9f, 0.01f));
  EXPECT_FLOAT_EQ(plain->momentum, 0.9f);
  EXPECT_FLOAT_EQ(plain->epsilon, 0.01f);
  EXPECT_EQ(plain->params.size(), 2u);
  EXPECT_EQ(plain->count_trainable_params(), 0);
  delete bn;
  delete plain;
  delete in;
}

TEST(BatchNormalization, GradientsMatchFiniteDifferences) {
  for (const std::vector<int>& shape : {std::vector<int>{3, 2, 2}, std::vector<int>{4}}) {
    for (bool affine : {true, false}) {
      layer in = Input(shape);
      layer bn = BatchNormalization(in, affine);
      randomise_params(bn, 21);
      test::GradientCheckOptions o;
      o.batch = 4;
      const auto report = test::gradient_check({in}, bn, o);
      EXPECT_LT(report.max_error, 2e-2) << "affine " << affine << ": " << report.worst;
      EXPECT_GT(report.checked, 10);
      delete bn;
      delete in;
    }
  }
}

TEST(BatchNormalization, InferenceModeGradientTreatsStatsAsConstants) {
  layer in = Input({3});
  layer bn = BatchNormalization(in);
  randomise_params(bn, 4);
  set(bn->params[2], {0.1f, -0.2f, 0.3f});
  set(bn->params[3], {0.5f, 2.0f, 1.5f});
  in->resize(2);
  bn->resize(2);
  bn->set_mode(TSMODE);
  set(in->output, test::random_values(6, 2));
  bn->forward();
  in->mem_delta();
  bn->mem_delta();
  set(bn->delta, {1, 1, 1, 1, 1, 1});
  bn->backward();
  // dx = gamma / sqrt(var + eps) for each element.
  const std::vector<float> g = bn->params[0]->to_std();
  const float v[] = {0.5f, 2.0f, 1.5f};
  std::vector<float> expected;
  for (int n = 0; n < 2; ++n)
    for (int c = 0; c < 3; ++c) expected.push_back(g[static_cast<size_t>(c)] / std::sqrt(v[c] + 0.001f));
  EXPECT_TRUE(test::all_close(*in->delta, expected, 1e-5f, 1e-6f));
  delete bn;
  delete in;
}

TEST(LayerNormalization, ForwardMatchesFloat64) {
  layer in = Input({2, 5});
  auto* ln = static_cast<LLayerNorm*>(LayerNormalization(in));
  EXPECT_FLOAT_EQ(ln->epsilon, 1e-5f);
  ASSERT_EQ(ln->params.size(), 2u);
  EXPECT_EQ(ln->params[0]->shape, (std::vector<int>{2, 5}));
  const std::vector<float> gamma = test::random_values(10, 3, 0.5f, 1.5f), beta = test::random_values(10, 4);
  set(ln->bn_g, gamma);
  set(ln->bn_b, beta);
  const std::vector<float> x = test::random_values(3 * 10, 6, -2.0f, 2.0f);
  // Per sample: a batch of 1 with one channel per sample, then elementwise gamma and beta.
  std::vector<float> expected = normalise64(x, 1, 3, 10, 1e-5);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = expected[i] * gamma[i % 10] + beta[i % 10];
  EXPECT_TRUE(test::all_close(forward(in, ln, x, 3), expected, 1e-5f, 1e-5f));
  layer norm = Norm(in);
  EXPECT_EQ(norm->name.rfind("norm", 0), 0u) << norm->name;
  EXPECT_EQ(norm->params.size(), 0u);
  EXPECT_TRUE(test::all_close(forward(in, norm, x, 3), normalise64(x, 1, 3, 10, 0.001), 1e-5f, 1e-5f));
  delete ln;
  delete norm;
  delete in;
}

TEST(LayerNormalization, GradientsMatchFiniteDifferences) {
  for (bool affine : {true, false}) {
    layer in = Input({3, 4});
    layer ln = LayerNormalization(in, affine);
    randomise_params(ln, 31);
    test::GradientCheckOptions o;
    o.batch = 3;
    const auto report = test::gradient_check({in}, ln, o);
    EXPECT_LT(report.max_error, 2e-2) << "affine " << affine << ": " << report.worst;
    delete ln;
    delete in;
  }
}

TEST(GroupNormalization, ForwardMatchesFloat64) {
  layer in = Input({4, 3});
  auto* gn = static_cast<LGroupNorm*>(GroupNormalization(in, 2));
  const std::vector<float> gamma{0.5f, 1.5f, 2.0f, -1.0f}, beta{0.0f, 0.1f, 0.2f, 0.3f};
  set(gn->bn_g, gamma);
  set(gn->bn_b, beta);
  const std::vector<float> x = test::random_values(2 * 12, 12, -1.0f, 3.0f);
  // Groups of 2 channels x 3 positions: [1, batch*groups, 6].
  std::vector<float> expected = normalise64(x, 1, 4, 6, 0.001);
  for (size_t i = 0; i < expected.size(); ++i) {
    const size_t c = (i / 3) % 4;
    expected[i] = expected[i] * gamma[c] + beta[c];
  }
  EXPECT_TRUE(test::all_close(forward(in, gn, x, 2), expected, 1e-5f, 1e-5f));
  EXPECT_THROW(GroupNormalization(in, 3), ValueError);
  delete gn;
  delete in;
}

TEST(GroupNormalization, GradientsMatchFiniteDifferences) {
  for (bool affine : {true, false}) {
    layer in = Input({4, 2, 2});
    layer gn = GroupNormalization(in, 2, 0.001f, affine);
    randomise_params(gn, 41);
    const auto report = test::gradient_check({in}, gn);
    EXPECT_LT(report.max_error, 2e-2) << "affine " << affine << ": " << report.worst;
    delete gn;
    delete in;
  }
}

TEST(NormMax, ForwardByHandAndGradients) {
  layer in = Input({4});
  layer nm = NormMax(in, 0.0f + 0.001f);
  EXPECT_TRUE(test::all_close(forward(in, nm, {1, 2, 4, 3, -1, 0.5f, 1, 0}, 2),
                              {1 / 4.001f, 2 / 4.001f, 4 / 4.001f, 3 / 4.001f, -1 / 1.001f, 0.5f / 1.001f,
                               1 / 1.001f, 0},
                              1e-6f, 1e-7f));
  test::GradientCheckOptions o;
  o.eps = 1e-3f;  // a step smaller than any gap between the top two values of the seeded inputs
  o.batch = 3;
  const auto report = test::gradient_check({in}, nm, o);
  EXPECT_LT(report.max_error, 2e-2) << report.worst;
  delete nm;
  delete in;
}

TEST(NormMinMax, ForwardByHandAndGradients) {
  layer in = Input({2, 2});
  layer nm = NormMinMax(in);
  EXPECT_TRUE(test::all_close(forward(in, nm, {1, 3, 5, 2}, 1), {0, 2 / 4.001f, 4 / 4.001f, 1 / 4.001f}, 1e-6f,
                              1e-7f));
  test::GradientCheckOptions o;
  o.eps = 1e-3f;
  o.batch = 3;
  const auto report = test::gradient_check({in}, nm, o);
  EXPECT_LT(report.max_error, 2e-2) << report.worst;
  EXPECT_EQ(nm->name.rfind("normminmax", 0), 0u) << nm->name;
  delete nm;
  delete in;
}

TEST(BatchNormalization, TrainsInANetAndSwitchesToRunningStatsInInference) {
  layer in = Input({2, 4, 4});
  layer bn = BatchNormalization(in);
  layer out = Softmax(Dense(Flatten(MaxPool2D(bn)), 2));
  model net = Model({in}, {out});
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(1));
  net->verbosity_level = 0;
  // Trainable: gamma, beta (2 + 2) and the dense layer (8*2 + 2); the running stats are not.
  long trainable = 0, total = 0;
  for (Layer* l : net->layers) {
    trainable += l->count_trainable_params();
    total += l->count_params();
  }
  EXPECT_EQ(trainable, 4 + 18);
  EXPECT_EQ(total, 8 + 18);
  Tensor x(test::random_values(8 * 32, 17, 0.0f, 4.0f), {8, 2, 4, 4});
  std::vector<float> labels(16, 0.0f);
  for (int i = 0; i < 8; ++i) labels[static_cast<size_t>(i * 2 + i % 2)] = 1.0f;
  Tensor y(labels, {8, 2});
  fit(net, {&x}, {&y}, 4, 1);
  const std::vector<float> running_mean = bn->params[2]->to_std();
  EXPECT_GT(running_mean[0], 0.01f) << "two training steps move the running mean towards ~2";
  set_mode(net, TSMODE);
  const std::vector<Tensor*> first = predict(net, {&x});
  const std::vector<Tensor*> second = predict(net, {&x});
  EXPECT_TRUE(test::all_close(*second[0], first[0]->to_std(), 0, 0)) << "inference is deterministic";
  EXPECT_TRUE(test::all_close(*bn->params[2], running_mean, 0, 0)) << "inference leaves the running stats";
  for (Tensor* t : first) delete t;
  for (Tensor* t : second) delete t;
  delete net;
}

}  // namespace eddl
