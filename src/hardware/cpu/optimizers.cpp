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

void adam_update(AdamParams p, Out w, In g, Out m, Out v, Out v_max) {
  const int64_t n = w.numel();
  const float bias1 = 1.0f - static_cast<float>(std::pow(static_cast<double>(p.beta_1), static_cast<double>(p.step)));
  const float bias2 = 1.0f - static_cast<float>(std::pow(static_cast<double>(p.beta_2), static_cast<double>(p.step)));
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

}  // namespace eddl::hw::cpu
