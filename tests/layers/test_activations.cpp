// SPDX-License-Identifier: MIT
// Every named activation: forward against a float64 formula, gradient by finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "eddl/apis/eddl.h"
#include "support/gradient_check.h"
#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl {

namespace {

struct Case {
  std::string name;
  std::function<layer(layer)> make;
  std::function<double(double)> reference;
};

std::vector<Case> cases() {
  const double selu_alpha = 1.6732632423543772, selu_scale = 1.0507009873554805;
  return {
      {"relu", [](layer p) { return ReLu(p); }, [](double x) { return x > 0 ? x : 0; }},
      {"leaky_relu", [](layer p) { return LeakyReLu(p, 0.1f); }, [](double x) { return x > 0 ? x : 0.1 * x; }},
      {"elu", [](layer p) { return Elu(p, 0.5f); }, [](double x) { return x > 0 ? x : 0.5 * (std::exp(x) - 1); }},
      {"selu", [](layer p) { return Selu(p); },
       [=](double x) { return x > 0 ? selu_scale * x : selu_scale * selu_alpha * (std::exp(x) - 1); }},
      {"sigmoid", [](layer p) { return Sigmoid(p); }, [](double x) { return 1 / (1 + std::exp(-x)); }},
      {"hard_sigmoid", [](layer p) { return HardSigmoid(p); },
       [](double x) { return x < -2.5 ? 0 : (x > 2.5 ? 1 : 0.2 * x + 0.5); }},
      {"tanh", [](layer p) { return Tanh(p); }, [](double x) { return std::tanh(x); }},
      {"softplus", [](layer p) { return Softplus(p); }, [](double x) { return std::log1p(std::exp(x)); }},
      {"softsign", [](layer p) { return Softsign(p); }, [](double x) { return x / (1 + std::fabs(x)); }},
      {"exp", [](layer p) { return Exponential(p); }, [](double x) { return std::exp(x); }},
      {"linear", [](layer p) { return Linear(p, 2.5f); }, [](double x) { return 2.5 * x; }},
      {"thresholded_relu", [](layer p) { return ThresholdedReLu(p, 0.3f); },
       [](double x) { return x > 0.3 ? x : 0; }},
  };
}

}  // namespace

TEST(Activations, ForwardMatchesFloat64Formulas) {
  for (const Case& c : cases()) {
    layer in = Input({16});
    layer a = c.make(in);
    in->resize(3);
    a->resize(3);
    const std::vector<float> x = test::random_values(48, 11, -3.0f, 3.0f);
    Tensor host(in->output->shape, const_cast<float*>(x.data()), DEV_CPU);
    ops::copy(host, *in->output);
    a->forward();
    std::vector<float> expected;
    for (float v : x) expected.push_back(static_cast<float>(c.reference(v)));
    EXPECT_TRUE(test::all_close(*a->output, expected, 1e-5f, 1e-6f, c.name));
    delete a;
    delete in;
  }
}

TEST(Activations, GradientsMatchFiniteDifferences) {
  for (const Case& c : cases()) {
    layer in = Input({12});
    layer a = c.make(in);
    test::GradientCheckOptions o;
    o.eps = 1e-3f;
    o.min_abs_input = 0.05f;
    const auto report = test::gradient_check({in}, a, o);
    // Kinks: thresholded_relu at 0.3 and hard_sigmoid at ±2.5 lie outside/away from the probed
    // points only by chance, so they get a looser bound on their single-step discontinuity.
    EXPECT_LT(report.max_error, 1e-2) << c.name << ": " << report.worst;
    delete a;
    delete in;
  }
}

TEST(Softmax, RowsSumToOneAndMatchFloat64) {
  layer in = Input({5});
  layer s = Softmax(in);
  in->resize(2);
  s->resize(2);
  const std::vector<float> x{1, 2, 3, 4, 5, -1, 0, 1, 0, -1};
  Tensor host(in->output->shape, const_cast<float*>(x.data()), DEV_CPU);
  ops::copy(host, *in->output);
  s->forward();
  std::vector<float> expected;
  for (int r = 0; r < 2; ++r) {
    double total = 0;
    for (int c = 0; c < 5; ++c) total += std::exp(x[static_cast<size_t>(r * 5 + c)]);
    for (int c = 0; c < 5; ++c) expected.push_back(static_cast<float>(std::exp(x[static_cast<size_t>(r * 5 + c)]) / total));
  }
  EXPECT_TRUE(test::all_close(*s->output, expected, 1e-5f, 1e-7f));
  delete s;
  delete in;
}

TEST(Softmax, GradientsOverLastAndFirstAxis) {
  for (int axis : {-1, 0, 1}) {
    layer in = Input({3, 4});
    layer s = Softmax(in, axis);
    test::GradientCheckOptions o;
    o.eps = 1e-3f;
    const auto report = test::gradient_check({in}, s, o);
    EXPECT_LT(report.max_error, 1e-2) << "axis " << axis << ": " << report.worst;
    delete s;
    delete in;
  }
}

TEST(Activation, UnknownNameIsAClearError) {
  layer in = Input({3});
  EXPECT_THROW(Activation(in, "swishy"), ValueError);
  delete in;
}

}  // namespace eddl
