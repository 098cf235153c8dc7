// SPDX-License-Identifier: MIT
// Every optimizer EDDL names, each a thin driver of its update kernel (the maths, with the papers
// it follows, is in hardware/kernel_params.h). PyTorch's rules: weight decay is L2 added to the
// gradient, SGD momentum accumulates the raw gradient, Adam's epsilon sits outside the sqrt.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "eddl/optimizers/optim.h"
#include "hardware/check.h"
#include "tensor/ops.h"

namespace ops = eddl::ops;
namespace hw = eddl::hw;

namespace {

/// A zeroed tensor shaped and placed like `param`.
Tensor* zeroed_like(const Tensor& param) {
  auto* t = new Tensor(param.shape, param.device);
  ops::fill(*t, 0.0f);
  return t;
}

/// Checks the size of a change() vector: at least one value, at most the names listed.
void check_change(const std::string& optimizer, const std::vector<float>& p, const char* accepted, size_t most) {
  EDDL_CHECK(!p.empty() && p.size() <= most, optimizer << ".change: expects " << accepted << " (1 to " << most
                                                       << " values), got " << p.size());
}

}  // namespace

// ---- Optimizer ----

Optimizer::~Optimizer() { clear_state(); }

void Optimizer::clear_state() {
  for (Slot& slot : slots_) {
    for (Tensor* s : slot.state) delete s;
  }
  slots_.clear();
  delete device_step_;
  device_step_ = nullptr;
}

void Optimizer::setlayers(const std::vector<Layer*>& layers) {
  clear_state();
  step_ = 0;
  for (Layer* layer : layers) {
    EDDL_CHECK(layer != nullptr, name << ".setlayers: null layer");
    EDDL_CHECK(layer->gradients.size() <= layer->params.size(),
               name << ".setlayers: layer " << layer->name << " has more gradients than parameters");
    for (size_t i = 0; i < layer->gradients.size(); ++i) {
      Tensor* param = layer->params[i];
      Tensor* gradient = layer->gradients[i];
      EDDL_CHECK(param->size == gradient->size, name << ".setlayers: layer " << layer->name << " parameter " << i
                                                     << " has " << param->size << " elements, its gradient "
                                                     << gradient->size);
      Slot slot{layer, param, gradient, {}};
      for (int s = 0; s < state_count(); ++s) slot.state.push_back(zeroed_like(*param));
      slots_.push_back(std::move(slot));
    }
  }
  // The step count beside the parameters, when they share one device: a kernel reads it there, so
  // no kernel argument changes from one step to the next (a recorded step stays right). Recreated
  // here with the state, which is how the optimizer follows its net to another device.
  const bool one_device = !slots_.empty() && std::all_of(slots_.begin(), slots_.end(), [&](const Slot& slot) {
    return slot.param->device == slots_.front().param->device;
  });
  if (one_device) {
    device_step_ = new Tensor({1}, slots_.front().param->device);
    ops::fill(*device_step_, 0.0f);
  }
}

const Tensor* Optimizer::device_step_for(const Tensor& param) const {
  // Layers may move after setlayers (an FPGA net placed again for another mode): t then goes by value.
  return device_step_ != nullptr && device_step_->device == param.device ? device_step_ : nullptr;
}

bool Optimizer::reads_device_step() const {
  return std::all_of(slots_.begin(), slots_.end(),
                     [this](const Slot& slot) { return device_step_for(*slot.param) != nullptr; });
}

void Optimizer::applygrads(int batch) {
  EDDL_CHECK(batch > 0, name << ".applygrads: batch must be positive, got " << batch);
  ++step_;
  // A kernel, not a host write: a recorded step raises the device count each time it is replayed.
  if (device_step_ != nullptr) ops::unary(hw::UnaryOp::add_scalar, *device_step_, *device_step_, 1.0f);
  begin_step();
  for (Slot& slot : slots_) {
    if (!slot.layer->trainable) continue;
    if (clip_val >= 0.0f) ops::unary(hw::UnaryOp::clamp, *slot.gradient, *slot.gradient, -clip_val, clip_val);
    update(slot);
  }
}

void Optimizer::count_replayed_step() {
  EDDL_CHECK(replayable(), name << ".count_replayed_step: this optimizer's step cannot be replayed (its kernel "
                                   "arguments change with the step count); run applygrads instead");
  ++step_;
  begin_step();
}

Optimizer* Optimizer::with_base_settings(Optimizer* clone) const {
  clone->clip_val = clip_val;
  return clone;
}

// ---- SGD ----

SGD::SGD(float lr_, float momentum, float weight_decay_, bool nesterov_)
    : Optimizer("sgd"), lr(lr_), mu(momentum), weight_decay(weight_decay_), nesterov(nesterov_) {
  EDDL_CHECK(!nesterov || momentum > 0.0f, "sgd: nesterov momentum needs momentum > 0, got " << momentum);
}

void SGD::change(const std::vector<float>& p) {
  check_change(name, p, "{lr, momentum}", 2);
  lr = p[0];
  if (p.size() > 1) mu = p[1];
}

Optimizer* SGD::clone() { return with_base_settings(new SGD(lr, mu, weight_decay, nesterov)); }

void SGD::update(Slot& slot) {
  ops::sgd_update(hw::SgdParams{lr, mu, weight_decay, nesterov}, *slot.param, *slot.gradient, *slot.state[0]);
}

// ---- Adam (Kingma & Ba 2015; amsgrad: Reddi et al. 2018) ----

Adam::Adam(float lr_, float beta_1_, float beta_2_, float epsilon_, float weight_decay_, bool amsgrad_)
    : Optimizer("adam"),
      lr(lr_),
      beta_1(beta_1_),
      beta_2(beta_2_),
      epsilon(epsilon_),
      weight_decay(weight_decay_),
      amsgrad(amsgrad_) {}

void Adam::change(const std::vector<float>& p) {
  check_change(name, p, "{lr}", 1);
  lr = p[0];
}

Optimizer* Adam::clone() {
  return with_base_settings(new Adam(lr, beta_1, beta_2, epsilon, weight_decay, amsgrad));
}

void Adam::update(Slot& slot) {
  // amsgrad may be switched on after setlayers: its running max then starts from zero.
  if (amsgrad && slot.state.size() < 3) slot.state.push_back(zeroed_like(*slot.param));
  Tensor& m = *slot.state[0];
  Tensor& v = *slot.state[1];
  // Without amsgrad the kernel never touches v_max, so v stands in for it.
  Tensor& v_max = amsgrad ? *slot.state[2] : v;
  ops::adam_update(hw::AdamParams{lr, beta_1, beta_2, epsilon, weight_decay, amsgrad, step_}, *slot.param,
                   *slot.gradient, m, v, v_max, device_step_for(*slot.param));
}

bool Adam::replayable() const {
  // amsgrad switched on after setlayers allocates v_max at the next step: record after that one.
  const bool v_max_ready = !amsgrad || std::all_of(slots_.begin(), slots_.end(), [](const Slot& slot) {
    return slot.state.size() >= 3;
  });
  return reads_device_step() && v_max_ready;
}

// ---- AdaMax (Kingma & Ba 2015, sec. 7.1) ----

AdaMax::AdaMax(float lr_, float beta_1_, float beta_2_, float epsilon_, float weight_decay_)
    : Optimizer("adamax"), lr(lr_), beta_1(beta_1_), beta_2(beta_2_), epsilon(epsilon_), weight_decay(weight_decay_) {}

void AdaMax::change(const std::vector<float>& p) {
  check_change(name, p, "{lr}", 1);
  lr = p[0];
}

Optimizer* AdaMax::clone() { return with_base_settings(new AdaMax(lr, beta_1, beta_2, epsilon, weight_decay)); }

void AdaMax::update(Slot& slot) {
  ops::adamax_update(hw::AdamaxParams{lr, beta_1, beta_2, epsilon, weight_decay, step_}, *slot.param,
                     *slot.gradient, *slot.state[0], *slot.state[1], device_step_for(*slot.param));
}

bool AdaMax::replayable() const { return reads_device_step(); }

// ---- RMSProp (Hinton, Coursera lecture 6e): a running average of g², not EDDL's last g². ----

RMSProp::RMSProp(float lr_, float rho_, float epsilon_, float weight_decay_)
    : Optimizer("rmsprop"), lr(lr_), rho(rho_), epsilon(epsilon_), weight_decay(weight_decay_) {}

void RMSProp::change(const std::vector<float>& p) {
  check_change(name, p, "{lr, rho}", 2);
  lr = p[0];
  if (p.size() > 1) rho = p[1];
}

Optimizer* RMSProp::clone() { return with_base_settings(new RMSProp(lr, rho, epsilon, weight_decay)); }

void RMSProp::update(Slot& slot) {
  ops::rmsprop_update(hw::RmspropParams{lr, rho, epsilon, weight_decay}, *slot.param, *slot.gradient,
                      *slot.state[0]);
}

// ---- Adagrad (Duchi et al. 2011) ----

Adagrad::Adagrad(float lr_, float epsilon_, float weight_decay_)
    : Optimizer("adagrad"), lr(lr_), epsilon(epsilon_), weight_decay(weight_decay_) {}

void Adagrad::change(const std::vector<float>& p) {
  check_change(name, p, "{lr}", 1);
  lr = p[0];
}

Optimizer* Adagrad::clone() { return with_base_settings(new Adagrad(lr, epsilon, weight_decay)); }

void Adagrad::update(Slot& slot) {
  ops::adagrad_update(hw::AdagradParams{lr, epsilon, weight_decay}, *slot.param, *slot.gradient, *slot.state[0]);
}

// ---- AdaDelta (Zeiler 2012) ----

AdaDelta::AdaDelta(float lr_, float rho_, float epsilon_, float weight_decay_)
    : Optimizer("adadelta"), lr(lr_), rho(rho_), epsilon(epsilon_), weight_decay(weight_decay_) {}

void AdaDelta::change(const std::vector<float>& p) {
  check_change(name, p, "{lr}", 1);
  lr = p[0];
}

Optimizer* AdaDelta::clone() { return with_base_settings(new AdaDelta(lr, rho, epsilon, weight_decay)); }

void AdaDelta::update(Slot& slot) {
  ops::adadelta_update(hw::AdadeltaParams{lr, rho, epsilon, weight_decay}, *slot.param, *slot.gradient,
                       *slot.state[0], *slot.state[1]);
}

// ---- Nadam (Dozat 2016, as in PyTorch): momentum schedule mu_t = beta_1 (1 - 0.5 · 0.96^(t·decay)). ----

Nadam::Nadam(float lr_, float beta_1_, float beta_2_, float epsilon_, float schedule_decay_)
    : Optimizer("nadam"),
      lr(lr_),
      beta_1(beta_1_),
      beta_2(beta_2_),
      epsilon(epsilon_),
      schedule_decay(schedule_decay_) {}

void Nadam::change(const std::vector<float>& p) {
  check_change(name, p, "{lr}", 1);
  lr = p[0];
}

Optimizer* Nadam::clone() { return with_base_settings(new Nadam(lr, beta_1, beta_2, epsilon, schedule_decay)); }

void Nadam::begin_step() {
  const auto momentum_at = [this](int64_t t) {
    return beta_1 * (1.0 - 0.5 * std::pow(0.96, static_cast<double>(t) * schedule_decay));
  };
  if (step_ == 1) mu_product_ = 1.0;  // setlayers restarted the count
  mu_t_ = momentum_at(step_);
  mu_next_ = momentum_at(step_ + 1);
  mu_product_ *= mu_t_;
}

void Nadam::update(Slot& slot) {
  hw::NadamParams p{lr,
                    beta_1,
                    beta_2,
                    epsilon,
                    static_cast<float>(mu_t_),
                    static_cast<float>(mu_next_),
                    static_cast<float>(mu_product_),
                    step_};
  ops::nadam_update(p, *slot.param, *slot.gradient, *slot.state[0], *slot.state[1]);
}
