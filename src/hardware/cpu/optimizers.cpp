// SPDX-License-Identifier: MIT
// Fused optimizer steps: one pass over w, g and the state, in float, vectorised and threaded.
// The maths is the reference's (kernel_params.h); only the precision of intermediates differs.
#include <cmath>

#include "hardware/cpu/cpu_kernels.h"

namespace eddl::hw::cpu {

void sgd_update(SgdParams p, Out w, In g, Out velocity) {
  const int64_t n = w.numel();
  float* pw = w.data;
  const float* pg = g.data;
  float* pv = velocity.data;
  const float lr = p.lr, mu = p.momentum, wd = p.weight_decay;
  if (mu == 0.0f) {
#pragma omp parallel for simd if (n > kParallelGrain)
    for (int64_t i = 0; i < n; ++i) pw[i] -= lr * (pg[i] + wd * pw[i]);
    return;
  }
  if (p.nesterov) {
#pragma omp parallel for simd if (n > kParallelGrain)
    for (int64_t i = 0; i < n; ++i) {
      const float grad = pg[i] + wd * pw[i];
      const float v = mu * pv[i] + grad;
      pv[i] = v;
      pw[i] -= lr * (grad + mu * v);
    }
    return;
  }
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float v = mu * pv[i] + pg[i] + wd * pw[i];
    pv[i] = v;
    pw[i] -= lr * v;
  }
}

namespace {
// The step t: from the one float in memory when the caller keeps it there (a recorded step
// replays the same arguments while t grows; on the CPU "device memory" is host memory).
template <class Params>
double step_of(const Params& p) {
  return p.device_step != nullptr ? static_cast<double>(*p.device_step) : static_cast<double>(p.step);
}
}  // namespace

void adam_update(AdamParams p, Out w, In g, Out m, Out v, Out v_max) {
  const int64_t n = w.numel();
  const double t = step_of(p);
  const float bias1 = 1.0f - static_cast<float>(std::pow(static_cast<double>(p.beta_1), t));
  const float bias2 = 1.0f - static_cast<float>(std::pow(static_cast<double>(p.beta_2), t));
  const float step_size = p.lr / bias1;
  const float inv_sqrt_bias2 = 1.0f / std::sqrt(bias2);
  const float b1 = p.beta_1, b2 = p.beta_2, eps = p.epsilon, wd = p.weight_decay;
  float* pw = w.data;
  const float* pg = g.data;
  float* pm = m.data;
  float* pv = v.data;
  float* pvmax = v_max.data;
  const bool amsgrad = p.amsgrad;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i] + wd * pw[i];
    const float mi = b1 * pm[i] + (1.0f - b1) * grad;
    const float vi = b2 * pv[i] + (1.0f - b2) * grad * grad;
    pm[i] = mi;
    pv[i] = vi;
    float v_used = vi;
    if (amsgrad) {
      v_used = pvmax[i] > vi ? pvmax[i] : vi;
      pvmax[i] = v_used;
    }
    pw[i] -= step_size * mi / (std::sqrt(v_used) * inv_sqrt_bias2 + eps);
  }
}

void adamax_update(AdamaxParams p, Out w, In g, Out m, Out u) {
  const int64_t n = w.numel();
  const float step_size = p.lr / static_cast<float>(1.0 - std::pow(static_cast<double>(p.beta_1), step_of(p)));
  const float b1 = p.beta_1, b2 = p.beta_2, eps = p.epsilon, wd = p.weight_decay;
  float* pw = w.data;
  const float* pg = g.data;
  float* pm = m.data;
  float* pu = u.data;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i] + wd * pw[i];
    const float mi = b1 * pm[i] + (1.0f - b1) * grad;
    const float decayed = b2 * pu[i], magnitude = std::fabs(grad) + eps;  // PyTorch puts eps inside the max
    const float ui = decayed > magnitude ? decayed : magnitude;
    pm[i] = mi;
    pu[i] = ui;
    pw[i] -= step_size * mi / ui;
  }
}

void rmsprop_update(RmspropParams p, Out w, In g, Out mean_square) {
  const int64_t n = w.numel();
  const float lr = p.lr, rho = p.rho, eps = p.epsilon, wd = p.weight_decay;
  float* pw = w.data;
  const float* pg = g.data;
  float* ps = mean_square.data;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i] + wd * pw[i];
    const float si = rho * ps[i] + (1.0f - rho) * grad * grad;
    ps[i] = si;
    pw[i] -= lr * grad / (std::sqrt(si) + eps);
  }
}

void adagrad_update(AdagradParams p, Out w, In g, Out sum_square) {
  const int64_t n = w.numel();
  const float lr = p.lr, eps = p.epsilon, wd = p.weight_decay;
  float* pw = w.data;
  const float* pg = g.data;
  float* ps = sum_square.data;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i] + wd * pw[i];
    const float si = ps[i] + grad * grad;
    ps[i] = si;
    pw[i] -= lr * grad / (std::sqrt(si) + eps);
  }
}

void adadelta_update(AdadeltaParams p, Out w, In g, Out mean_square, Out mean_delta) {
  const int64_t n = w.numel();
  const float lr = p.lr, rho = p.rho, eps = p.epsilon, wd = p.weight_decay;
  float* pw = w.data;
  const float* pg = g.data;
  float* ps = mean_square.data;
  float* pd = mean_delta.data;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i] + wd * pw[i];
    const float si = rho * ps[i] + (1.0f - rho) * grad * grad;
    const float delta = std::sqrt(pd[i] + eps) / std::sqrt(si + eps) * grad;
    ps[i] = si;
    pd[i] = rho * pd[i] + (1.0f - rho) * delta * delta;
    pw[i] -= lr * delta;
  }
}

void nadam_update(NadamParams p, Out w, In g, Out m, Out v) {
  const int64_t n = w.numel();
  const double bias2 = 1.0 - std::pow(static_cast<double>(p.beta_2), static_cast<double>(p.step));
  const double mu_product_next = static_cast<double>(p.mu_product) * p.mu_next;
  // The two momentum coefficients and the bias correction are per step: fold them once here.
  const float m_coef = static_cast<float>(p.mu_next / (1.0 - mu_product_next));
  const float g_coef = static_cast<float>((1.0 - p.mu_t) / (1.0 - p.mu_product));
  const float inv_sqrt_bias2 = static_cast<float>(1.0 / std::sqrt(bias2));
  const float lr = p.lr, b1 = p.beta_1, b2 = p.beta_2, eps = p.epsilon;
  float* pw = w.data;
  const float* pg = g.data;
  float* pm = m.data;
  float* pv = v.data;
#pragma omp parallel for simd if (n > kParallelGrain)
  for (int64_t i = 0; i < n; ++i) {
    const float grad = pg[i];
    const float mi = b1 * pm[i] + (1.0f - b1) * grad;
    const float vi = b2 * pv[i] + (1.0f - b2) * grad * grad;
    pm[i] = mi;
    pv[i] = vi;
    pw[i] -= lr * (m_coef * mi + g_coef * grad) / (std::sqrt(vi) * inv_sqrt_bias2 + eps);
  }
}

}  // namespace eddl::hw::cpu
