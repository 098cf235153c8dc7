// SPDX-License-Identifier: MIT
// Reference optimizer steps, element by element, following the papers cited in kernel_params.h.
// Weight decay is L2 added to the gradient (PyTorch's convention for these optimizers).
#include <cmath>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

void sgd_update(SgdParams p, Out w, In g, Out velocity) {
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    if (p.momentum != 0.0f) {
      const double v = p.momentum * static_cast<double>(velocity.data[i]) + grad;
      velocity.data[i] = static_cast<float>(v);
      grad = p.nesterov ? grad + p.momentum * v : v;
    }
    w.data[i] = static_cast<float>(w.data[i] - p.lr * grad);
  }
}

namespace {
// The step t: the one float at device_step when the caller keeps it in memory (so that a recorded
// step, replayed with the same arguments, sees t grow), else the by-value step.
template <class Params>
double step_of(const Params& p) {
  return p.device_step != nullptr ? static_cast<double>(*p.device_step) : static_cast<double>(p.step);
}
}  // namespace

void adam_update(AdamParams p, Out w, In g, Out m, Out v, Out v_max) {
  const double t = step_of(p);
  const double bias1 = 1.0 - std::pow(static_cast<double>(p.beta_1), t);
  const double bias2 = 1.0 - std::pow(static_cast<double>(p.beta_2), t);
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    const double mi = p.beta_1 * static_cast<double>(m.data[i]) + (1.0 - p.beta_1) * grad;
    const double vi = p.beta_2 * static_cast<double>(v.data[i]) + (1.0 - p.beta_2) * grad * grad;
    m.data[i] = static_cast<float>(mi);
    v.data[i] = static_cast<float>(vi);
    double v_used = vi;
    if (p.amsgrad) {
      v_used = std::fmax(static_cast<double>(v_max.data[i]), vi);
      v_max.data[i] = static_cast<float>(v_used);
    }
    const double denom = std::sqrt(v_used / bias2) + p.epsilon;
    w.data[i] = static_cast<float>(w.data[i] - p.lr * (mi / bias1) / denom);
  }
}

void adamax_update(AdamaxParams p, Out w, In g, Out m, Out u) {
  const double bias1 = 1.0 - std::pow(static_cast<double>(p.beta_1), step_of(p));
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    const double mi = p.beta_1 * static_cast<double>(m.data[i]) + (1.0 - p.beta_1) * grad;
    const double ui = std::fmax(p.beta_2 * static_cast<double>(u.data[i]), std::fabs(grad) + p.epsilon);
    m.data[i] = static_cast<float>(mi);
    u.data[i] = static_cast<float>(ui);
    w.data[i] = static_cast<float>(w.data[i] - p.lr / bias1 * mi / ui);
  }
}

void rmsprop_update(RmspropParams p, Out w, In g, Out mean_square) {
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    const double s = p.rho * static_cast<double>(mean_square.data[i]) + (1.0 - p.rho) * grad * grad;
    mean_square.data[i] = static_cast<float>(s);
    w.data[i] = static_cast<float>(w.data[i] - p.lr * grad / (std::sqrt(s) + p.epsilon));
  }
}

void adagrad_update(AdagradParams p, Out w, In g, Out sum_square) {
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    const double s = static_cast<double>(sum_square.data[i]) + grad * grad;
    sum_square.data[i] = static_cast<float>(s);
    w.data[i] = static_cast<float>(w.data[i] - p.lr * grad / (std::sqrt(s) + p.epsilon));
  }
}

void adadelta_update(AdadeltaParams p, Out w, In g, Out mean_square, Out mean_delta) {
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i] + static_cast<double>(p.weight_decay) * w.data[i];
    const double s = p.rho * static_cast<double>(mean_square.data[i]) + (1.0 - p.rho) * grad * grad;
    const double delta = std::sqrt(mean_delta.data[i] + static_cast<double>(p.epsilon)) /
                         std::sqrt(s + p.epsilon) * grad;
    const double u = p.rho * static_cast<double>(mean_delta.data[i]) + (1.0 - p.rho) * delta * delta;
    mean_square.data[i] = static_cast<float>(s);
    mean_delta.data[i] = static_cast<float>(u);
    w.data[i] = static_cast<float>(w.data[i] - p.lr * delta);
  }
}

void nadam_update(NadamParams p, Out w, In g, Out m, Out v) {
  const double bias2 = 1.0 - std::pow(static_cast<double>(p.beta_2), static_cast<double>(p.step));
  const double mu_product_next = static_cast<double>(p.mu_product) * p.mu_next;
  const int64_t n = w.numel();
  for (int64_t i = 0; i < n; ++i) {
    const double grad = g.data[i];
    const double mi = p.beta_1 * static_cast<double>(m.data[i]) + (1.0 - p.beta_1) * grad;
    const double vi = p.beta_2 * static_cast<double>(v.data[i]) + (1.0 - p.beta_2) * grad * grad;
    m.data[i] = static_cast<float>(mi);
    v.data[i] = static_cast<float>(vi);
    const double m_hat = p.mu_next * mi / (1.0 - mu_product_next) + (1.0 - p.mu_t) * grad / (1.0 - p.mu_product);
    const double denom = std::sqrt(vi / bias2) + p.epsilon;
    w.data[i] = static_cast<float>(w.data[i] - p.lr * m_hat / denom);
  }
}

}  // namespace eddl::hw::reference
