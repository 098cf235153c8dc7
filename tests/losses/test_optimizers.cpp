// SPDX-License-Identifier: MIT
// Optimizers: three steps on a 2x2 parameter against a float64 re-implementation of PyTorch's
// rules written here (and a few steps by hand), plus change/setlr, clipping, frozen layers, clone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddl/errors.h"
#include "eddl/layers/layer.h"
#include "eddl/optimizers/optim.h"
#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl {
namespace {

/// A layer with one 2x2 parameter whose gradient the test writes directly.
class ParamLayer : public Layer {
 public:
  explicit ParamLayer(const std::vector<float>& weights) : Layer("param_layer") {
    Tensor* w = add_param({2, 2});
    ops::copy(Tensor(weights, {2, 2}), *w);
  }
  std::string type_name() const override { return "param_layer"; }
  void forward() override {}
  void backward() override {}
  std::vector<std::string> required_kernels() const override { return {}; }

  void set_gradient(const std::vector<float>& g) {
    ops::copy(Tensor(g, {2, 2}), *gradients[0]);
  }
  std::vector<float> weights() const { return params[0]->to_std(); }
};

using Vec = std::vector<double>;
/// One float64 step of a rule: (weights, gradient, step t from 1) -> new weights; state captured.
using Rule = std::function<void(Vec& w, const Vec& g, int t)>;

const std::vector<float> kStartWeights{0.5f, -1.0f, 2.0f, 0.25f};
// Gradients that shrink after the first step, so that amsgrad's running max matters.
const std::vector<std::vector<float>> kGradients{
    {0.8f, -0.3f, 1.5f, 0.1f}, {0.1f, 0.2f, -0.4f, 0.05f}, {-0.05f, 0.1f, 0.2f, -0.3f}};

/// Runs `optimizer` and `rule` side by side for three steps and compares the weights after each.
void expect_matches_rule(Optimizer& optimizer, const Rule& rule, const std::string& what) {
  ParamLayer layer(kStartWeights);
  optimizer.setlayers({&layer});
  Vec w(kStartWeights.begin(), kStartWeights.end());
  for (size_t step = 0; step < kGradients.size(); ++step) {
    layer.set_gradient(kGradients[step]);
    optimizer.applygrads(4);
    rule(w, Vec(kGradients[step].begin(), kGradients[step].end()), static_cast<int>(step) + 1);
    EXPECT_TRUE(test::all_close(layer.weights(), std::vector<float>(w.begin(), w.end()), 2e-5f, 1e-6f,
                                what + " after step " + std::to_string(step + 1)));
  }
  EXPECT_EQ(optimizer.steps(), static_cast<int64_t>(kGradients.size()));
}

Rule sgd_rule(double lr, double momentum, double weight_decay, bool nesterov) {
  auto velocity = std::make_shared<Vec>(4, 0.0);
  return [=](Vec& w, const Vec& g, int) {
    for (size_t i = 0; i < 4; ++i) {
      double d = g[i] + weight_decay * w[i];
      if (momentum != 0.0) {
        (*velocity)[i] = momentum * (*velocity)[i] + d;
        d = nesterov ? d + momentum * (*velocity)[i] : (*velocity)[i];
      }
      w[i] -= lr * d;
    }
  };
}

Rule adam_rule(double lr, double b1, double b2, double eps, double weight_decay, bool amsgrad) {
  auto m = std::make_shared<Vec>(4, 0.0), v = std::make_shared<Vec>(4, 0.0), v_max = std::make_shared<Vec>(4, 0.0);
  return [=](Vec& w, const Vec& grad, int t) {
    for (size_t i = 0; i < 4; ++i) {
      const double g = grad[i] + weight_decay * w[i];
      (*m)[i] = b1 * (*m)[i] + (1 - b1) * g;
      (*v)[i] = b2 * (*v)[i] + (1 - b2) * g * g;
      (*v_max)[i] = std::max((*v_max)[i], (*v)[i]);
      const double second = amsgrad ? (*v_max)[i] : (*v)[i];
      const double m_hat = (*m)[i] / (1 - std::pow(b1, t));
      const double v_hat = second / (1 - std::pow(b2, t));
      w[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
    }
  };
}

TEST(Optimizers, SgdByHand) {
  // w = 1, g = 0.5, lr 0.1, momentum 0.9: v = 0.5, w = 0.95; then v = 0.95, w = 0.855.
  ParamLayer layer({1, 1, 1, 1});
  SGD sgd(0.1f, 0.9f);
  sgd.setlayers({&layer});
  layer.set_gradient({0.5f, 0.5f, 0.5f, 0.5f});
  sgd.applygrads(1);
  EXPECT_TRUE(test::all_close(layer.weights(), std::vector<float>(4, 0.95f), 1e-6f, 0));
  sgd.applygrads(1);
  EXPECT_TRUE(test::all_close(layer.weights(), std::vector<float>(4, 0.855f), 1e-6f, 0));
}

TEST(Optimizers, SgdMatchesPyTorchRule) {
  SGD plain(0.1f);
  expect_matches_rule(plain, sgd_rule(0.1, 0, 0, false), "sgd");
  SGD momentum(0.1f, 0.9f);
  expect_matches_rule(momentum, sgd_rule(0.1, 0.9, 0, false), "sgd momentum");
  SGD nesterov(0.05f, 0.8f, 0.0f, true);
  expect_matches_rule(nesterov, sgd_rule(0.05, 0.8, 0, true), "sgd nesterov");
  SGD decay(0.1f, 0.9f, 0.01f, true);
  expect_matches_rule(decay, sgd_rule(0.1, 0.9, 0.01, true), "sgd nesterov + weight decay");
}

TEST(Optimizers, AdamByHandFirstStep) {
  // Step 1 with bias correction moves every weight by lr * g / (|g| + eps') = lr * sign(g).
  ParamLayer layer({1, 1, 1, 1});
  Adam adam(0.01f, 0.9f, 0.999f, 1e-8f);
  adam.setlayers({&layer});
  layer.set_gradient({0.3f, -2.0f, 0.001f, -0.5f});
  adam.applygrads(1);
  EXPECT_TRUE(test::all_close(layer.weights(), {0.99f, 1.01f, 0.99f, 1.01f}, 2e-5f, 0));
}

TEST(Optimizers, AdamMatchesPyTorchRule) {
  Adam adam(0.01f, 0.9f, 0.999f, 1e-8f);
  expect_matches_rule(adam, adam_rule(0.01, 0.9, 0.999, 1e-8, 0, false), "adam");
  Adam decay(0.01f, 0.8f, 0.99f, 1e-6f, 0.1f);
  expect_matches_rule(decay, adam_rule(0.01, 0.8, 0.99, 1e-6, 0.1, false), "adam weight decay");
  Adam ams(0.01f, 0.9f, 0.9f, 1e-8f, 0.0f, true);
  expect_matches_rule(ams, adam_rule(0.01, 0.9, 0.9, 1e-8, 0, true), "adam amsgrad");
}

TEST(Optimizers, AmsgradChangesTheTrajectory) {
  // Guards the test above: with shrinking gradients amsgrad must differ from plain Adam.
  Vec plain(kStartWeights.begin(), kStartWeights.end()), ams = plain;
  Rule a = adam_rule(0.01, 0.9, 0.9, 1e-8, 0, false), b = adam_rule(0.01, 0.9, 0.9, 1e-8, 0, true);
  for (size_t s = 0; s < kGradients.size(); ++s) {
    const Vec g(kGradients[s].begin(), kGradients[s].end());
    a(plain, g, static_cast<int>(s) + 1);
    b(ams, g, static_cast<int>(s) + 1);
  }
  EXPECT_GT(std::fabs(plain[0] - ams[0]), 1e-4);
}

TEST(Optimizers, AmsgradSwitchedOnAfterSetlayersWorks) {
  Adam ams(0.01f, 0.9f, 0.9f, 1e-8f);
  ParamLayer layer(kStartWeights);
  ams.setlayers({&layer});
  ams.amsgrad = true;
  Rule rule = adam_rule(0.01, 0.9, 0.9, 1e-8, 0, true);
  Vec w(kStartWeights.begin(), kStartWeights.end());
  for (size_t s = 0; s < kGradients.size(); ++s) {
    layer.set_gradient(kGradients[s]);
    ams.applygrads(1);
    rule(w, Vec(kGradients[s].begin(), kGradients[s].end()), static_cast<int>(s) + 1);
  }
  EXPECT_TRUE(test::all_close(layer.weights(), std::vector<float>(w.begin(), w.end()), 2e-5f, 1e-6f));
}

TEST(Optimizers, AdaMaxMatchesPyTorchRule) {
  const double lr = 0.002, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.01;
  auto m = std::make_shared<Vec>(4, 0.0), u = std::make_shared<Vec>(4, 0.0);
  Rule rule = [=](Vec& w, const Vec& grad, int t) {
    for (size_t i = 0; i < 4; ++i) {
      const double g = grad[i] + wd * w[i];
      (*m)[i] = b1 * (*m)[i] + (1 - b1) * g;
      (*u)[i] = std::max(b2 * (*u)[i], std::fabs(g) + eps);
      w[i] -= lr / (1 - std::pow(b1, t)) * (*m)[i] / (*u)[i];
    }
  };
  AdaMax adamax(0.002f, 0.9f, 0.999f, 1e-8f, 0.01f);
  expect_matches_rule(adamax, rule, "adamax");
}

TEST(Optimizers, RmspropUsesARunningAverage) {
  const double lr = 0.01, rho = 0.9, eps = 1e-8, wd = 0.001;
  auto s = std::make_shared<Vec>(4, 0.0);
  Rule rule = [=](Vec& w, const Vec& grad, int) {
    for (size_t i = 0; i < 4; ++i) {
      const double g = grad[i] + wd * w[i];
      (*s)[i] = rho * (*s)[i] + (1 - rho) * g * g;
      w[i] -= lr * g / (std::sqrt((*s)[i]) + eps);
    }
  };
  RMSProp rmsprop(0.01f, 0.9f, 1e-8f, 0.001f);
  expect_matches_rule(rmsprop, rule, "rmsprop");
}

TEST(Optimizers, AdagradMatchesPyTorchRule) {
  const double lr = 0.1, eps = 1e-8;
  auto s = std::make_shared<Vec>(4, 0.0);
  Rule rule = [=](Vec& w, const Vec& g, int) {
    for (size_t i = 0; i < 4; ++i) {
      (*s)[i] += g[i] * g[i];
      w[i] -= lr * g[i] / (std::sqrt((*s)[i]) + eps);
    }
  };
  Adagrad adagrad(0.1f, 1e-8f);
  expect_matches_rule(adagrad, rule, "adagrad");
}

TEST(Optimizers, AdaDeltaMatchesZeilerRule) {
  const double lr = 1.0, rho = 0.9, eps = 1e-6;
  auto s = std::make_shared<Vec>(4, 0.0), u = std::make_shared<Vec>(4, 0.0);
  Rule rule = [=](Vec& w, const Vec& g, int) {
    for (size_t i = 0; i < 4; ++i) {
      (*s)[i] = rho * (*s)[i] + (1 - rho) * g[i] * g[i];
      const double delta = std::sqrt((*u)[i] + eps) / std::sqrt((*s)[i] + eps) * g[i];
      (*u)[i] = rho * (*u)[i] + (1 - rho) * delta * delta;
      w[i] -= lr * delta;
    }
  };
  AdaDelta adadelta(1.0f, 0.9f, 1e-6f);
  expect_matches_rule(adadelta, rule, "adadelta");
}

TEST(Optimizers, NadamMatchesPyTorchRule) {
  const double lr = 0.002, b1 = 0.9, b2 = 0.999, eps = 1e-8, decay = 0.004;
  auto m = std::make_shared<Vec>(4, 0.0), v = std::make_shared<Vec>(4, 0.0);
  auto mu_product = std::make_shared<double>(1.0);
  Rule rule = [=](Vec& w, const Vec& g, int t) {
    const double mu = b1 * (1 - 0.5 * std::pow(0.96, t * decay));
    const double mu_next = b1 * (1 - 0.5 * std::pow(0.96, (t + 1) * decay));
    *mu_product *= mu;
    for (size_t i = 0; i < 4; ++i) {
      (*m)[i] = b1 * (*m)[i] + (1 - b1) * g[i];
      (*v)[i] = b2 * (*v)[i] + (1 - b2) * g[i] * g[i];
      const double denom = std::sqrt((*v)[i] / (1 - std::pow(b2, t))) + eps;
      w[i] -= lr * (1 - mu) / (1 - *mu_product) * g[i] / denom;
      w[i] -= lr * mu_next / (1 - *mu_product * mu_next) * (*m)[i] / denom;
    }
  };
  Nadam nadam(0.002f, 0.9f, 0.999f, 1e-8f, 0.004f);
  expect_matches_rule(nadam, rule, "nadam");
}

TEST(Optimizers, ChangeSetsTheDocumentedHyperParameters) {
  SGD sgd(0.1f, 0.9f);
  sgd.change({0.5f, 0.2f});
  EXPECT_EQ(sgd.lr, 0.5f);
  EXPECT_EQ(sgd.mu, 0.2f);
  sgd.change({0.05f});  // setlr with only a learning rate keeps the momentum
  EXPECT_EQ(sgd.get_lr(), 0.05f);
  EXPECT_EQ(sgd.mu, 0.2f);
  EXPECT_THROW(sgd.change({}), ValueError);
  EXPECT_THROW(sgd.change({0.1f, 0.2f, 0.3f}), ValueError);

  RMSProp rmsprop;
  rmsprop.change({0.02f, 0.5f});
  EXPECT_EQ(rmsprop.lr, 0.02f);
  EXPECT_EQ(rmsprop.rho, 0.5f);

  Adam adam;
  adam.change({0.003f});
  EXPECT_EQ(adam.get_lr(), 0.003f);
  EXPECT_THROW(adam.change({0.1f, 0.9f}), ValueError);

  std::vector<std::unique_ptr<Optimizer>> others;
  others.emplace_back(new AdaMax());
  others.emplace_back(new Adagrad());
  others.emplace_back(new AdaDelta());
  others.emplace_back(new Nadam());
  for (auto& o : others) {
    o->change({0.125f});
    EXPECT_EQ(o->get_lr(), 0.125f) << o->name;
  }
}

TEST(Optimizers, ChangedLearningRateIsUsedByTheNextStep) {
  ParamLayer layer({1, 1, 1, 1});
  SGD sgd(0.1f);
  sgd.setlayers({&layer});
  layer.set_gradient({1, 1, 1, 1});
  sgd.applygrads(1);
  sgd.change({0.01f});
  sgd.applygrads(1);
  EXPECT_TRUE(test::all_close(layer.weights(), std::vector<float>(4, 0.89f), 1e-6f, 0));
}

TEST(Optimizers, ClipClampsGradientsBeforeTheStep) {
  ParamLayer layer({0, 0, 0, 0});
  SGD sgd(1.0f);
  sgd.set_clip_val(0.1f);
  sgd.setlayers({&layer});
  layer.set_gradient({5.0f, -5.0f, 0.05f, -0.02f});
  sgd.applygrads(1);
  EXPECT_TRUE(test::all_close(layer.weights(), {-0.1f, 0.1f, -0.05f, 0.02f}, 1e-6f, 0));
  EXPECT_TRUE(test::all_close(*layer.gradients[0], {0.1f, -0.1f, 0.05f, -0.02f}, 1e-6f, 0));
}

TEST(Optimizers, FrozenLayersAreNotUpdated) {
  ParamLayer frozen(kStartWeights), free_layer(kStartWeights);
  frozen.setTrainable(false);
  Adam adam(0.1f);
  adam.setlayers({&frozen, &free_layer});
  frozen.set_gradient({1, 1, 1, 1});
  free_layer.set_gradient({1, 1, 1, 1});
  adam.applygrads(1);
  EXPECT_TRUE(test::all_close(frozen.weights(), kStartWeights, 0, 0));
  EXPECT_FALSE(test::all_close(free_layer.weights(), kStartWeights, 0, 0));
}

TEST(Optimizers, CloneCopiesHyperParametersNotState) {
  SGD sgd(0.3f, 0.7f, 0.01f, true);
  sgd.set_clip_val(2.0f);
  ParamLayer layer(kStartWeights);
  sgd.setlayers({&layer});
  layer.set_gradient({1, 1, 1, 1});
  sgd.applygrads(1);
  std::unique_ptr<Optimizer> copy(sgd.clone());
  auto* c = dynamic_cast<SGD*>(copy.get());
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->lr, 0.3f);
  EXPECT_EQ(c->mu, 0.7f);
  EXPECT_EQ(c->weight_decay, 0.01f);
  EXPECT_TRUE(c->nesterov);
  EXPECT_EQ(c->clip_val, 2.0f);
  EXPECT_EQ(c->steps(), 0);

  std::unique_ptr<Optimizer> adam(Adam(0.02f, 0.8f, 0.95f, 1e-7f, 0.1f, true).clone());
  auto* a = dynamic_cast<Adam*>(adam.get());
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->beta_1, 0.8f);
  EXPECT_EQ(a->beta_2, 0.95f);
  EXPECT_EQ(a->epsilon, 1e-7f);
  EXPECT_TRUE(a->amsgrad);
  for (Optimizer* o : std::vector<Optimizer*>{new AdaMax(0.5f), new RMSProp(0.5f), new Adagrad(0.5f),
                                              new AdaDelta(0.5f), new Nadam(0.5f)}) {
    std::unique_ptr<Optimizer> original(o), twin(o->clone());
    EXPECT_EQ(twin->name, original->name);
    EXPECT_EQ(twin->get_lr(), 0.5f) << original->name;
  }
}

TEST(Optimizers, SetlayersRestartsTheState) {
  // A second setlayers (a rebuild) must start from zero state and step 1 again.
  Adam adam(0.01f);
  ParamLayer layer(kStartWeights);
  adam.setlayers({&layer});
  layer.set_gradient(kGradients[0]);
  adam.applygrads(1);
  expect_matches_rule(adam, adam_rule(0.01, 0.9, 0.999, 1e-8, 0, false), "adam after a second setlayers");
}

// ---- the step count on the device (recorded steps) ----

/// Adam and AdaMax with their device step count in view (it is protected state).
class AdamInView : public Adam {
 public:
  using Adam::Adam;
  const Tensor* device_step() const { return device_step_; }
};
class AdaMaxInView : public AdaMax {
 public:
  using AdaMax::AdaMax;
  const Tensor* device_step() const { return device_step_; }
};

/// Gradients that differ at every step, for runs longer than kGradients.
std::vector<float> gradient_at(int t) {
  const float s = static_cast<float>(t);
  return {0.8f / s, -0.3f + 0.01f * s, 1.5f * std::cos(s), 0.1f * std::sin(s)};
}

TEST(Optimizers, AdamReadingTheDeviceStepEqualsTheStepByValue) {
  // The optimizer's kernels read t from its one-float tensor; the same kernel given t by value, as
  // before the device count existed, must give bit-identical weights after every one of 40 steps.
  for (bool amsgrad : {false, true}) {
    AdamInView adam(0.01f, 0.9f, 0.99f, 1e-7f, 0.01f, amsgrad);
    ParamLayer layer(kStartWeights);
    adam.setlayers({&layer});
    ASSERT_NE(adam.device_step(), nullptr);
    Tensor w(kStartWeights, {2, 2}), g({2, 2}), m({2, 2}), v({2, 2}), v_max({2, 2});
    for (Tensor* t : {&m, &v, &v_max}) ops::fill(*t, 0.0f);
    for (int t = 1; t <= 40; ++t) {
      layer.set_gradient(gradient_at(t));
      adam.applygrads(1);
      ops::copy(Tensor(gradient_at(t), {2, 2}), g);
      ops::adam_update(hw::AdamParams{0.01f, 0.9f, 0.99f, 1e-7f, 0.01f, amsgrad, t}, w, g, m, v, v_max);
      ASSERT_EQ(layer.weights(), w.to_std()) << "adam" << (amsgrad ? " amsgrad" : "") << " step " << t;
    }
  }
}

TEST(Optimizers, AdaMaxReadingTheDeviceStepEqualsTheStepByValue) {
  AdaMaxInView adamax(0.002f, 0.9f, 0.999f, 1e-8f, 0.01f);
  ParamLayer layer(kStartWeights);
  adamax.setlayers({&layer});
  ASSERT_NE(adamax.device_step(), nullptr);
  Tensor w(kStartWeights, {2, 2}), g({2, 2}), m({2, 2}), u({2, 2});
  for (Tensor* t : {&m, &u}) ops::fill(*t, 0.0f);
  for (int t = 1; t <= 40; ++t) {
    layer.set_gradient(gradient_at(t));
    adamax.applygrads(1);
    ops::copy(Tensor(gradient_at(t), {2, 2}), g);
    ops::adamax_update(hw::AdamaxParams{0.002f, 0.9f, 0.999f, 1e-8f, 0.01f, t}, w, g, m, u);
    ASSERT_EQ(layer.weights(), w.to_std()) << "adamax step " << t;
  }
}

TEST(Optimizers, TheDeviceStepHoldsTheStepCount) {
  AdamInView adam(0.01f);
  EXPECT_EQ(adam.device_step(), nullptr);  // no parameters yet
  ParamLayer layer(kStartWeights);
  adam.setlayers({&layer});
  ASSERT_NE(adam.device_step(), nullptr);
  EXPECT_EQ(adam.device_step()->device, layer.params[0]->device);
  EXPECT_EQ(adam.device_step()->to_std(), std::vector<float>{0.0f});
  layer.set_gradient(kGradients[0]);
  for (int t = 1; t <= 7; ++t) adam.applygrads(1);
  EXPECT_EQ(adam.steps(), 7);
  EXPECT_EQ(adam.device_step()->to_std(), std::vector<float>{7.0f});
  // setlayers (a rebuild, a move to another device) restarts both counts.
  adam.setlayers({&layer});
  EXPECT_EQ(adam.steps(), 0);
  EXPECT_EQ(adam.device_step()->to_std(), std::vector<float>{0.0f});
}

TEST(Optimizers, CountingAReplayedStepAdvancesTheHostCountOnly) {
  // A replayed recording raises the device count itself; count_replayed_step keeps the host's in
  // step with it and must neither launch the increment again nor touch the weights.
  AdamInView adam(0.01f);
  ParamLayer layer(kStartWeights);
  adam.setlayers({&layer});
  layer.set_gradient(kGradients[0]);
  adam.applygrads(1);
  adam.applygrads(1);
  const std::vector<float> weights = layer.weights();
  adam.count_replayed_step();
  EXPECT_EQ(adam.steps(), 3);
  EXPECT_EQ(adam.device_step()->to_std(), std::vector<float>{2.0f});
  EXPECT_EQ(layer.weights(), weights);
}

TEST(Optimizers, ReplayableWhenNoKernelArgumentDependsOnTheStep) {
  ParamLayer layer(kStartWeights);
  for (Optimizer* o : std::vector<Optimizer*>{new SGD(0.1f, 0.9f), new RMSProp(0.01f), new Adagrad(0.01f),
                                              new AdaDelta(1.0f), new Adam(0.01f), new AdaMax(0.002f)}) {
    std::unique_ptr<Optimizer> optimizer(o);
    optimizer->setlayers({&layer});
    EXPECT_TRUE(optimizer->replayable()) << optimizer->name;
  }
  // Nadam's momentum coefficients and their product are host state passed by value every step.
  Nadam nadam;
  nadam.setlayers({&layer});
  EXPECT_FALSE(nadam.replayable());
  EXPECT_THROW(nadam.count_replayed_step(), ValueError);
  EXPECT_EQ(nadam.steps(), 0);
}

TEST(Optimizers, AmsgradSwitchedOnIsReplayableAfterItsFirstStep) {
  // The running max is allocated by the first step after amsgrad is switched on: a recording made
  // before it would miss that tensor.
  Adam adam(0.01f);
  ParamLayer layer(kStartWeights);
  adam.setlayers({&layer});
  adam.amsgrad = true;
  EXPECT_FALSE(adam.replayable());
  layer.set_gradient(kGradients[0]);
  adam.applygrads(1);
  EXPECT_TRUE(adam.replayable());
}

}  // namespace
}  // namespace eddl
