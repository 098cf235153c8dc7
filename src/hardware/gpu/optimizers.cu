// SPDX-License-Identifier: MIT
// Optimizer steps as one fused kernel each: every state tensor is read and written once per step
// (the unfused form costs a launch and a pass over memory per term). The formulas are those of
// cpu/reference/optimizers.cpp; bias corrections are computed once on the host in double, or, when
// the step count lives in device memory (AdamParams::device_step), by each thread from that one
// float with the same formula, so that a recorded step replayed as a CUDA graph sees t grow.
#include <cmath>

#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

/// 1 - beta^t, in double as on the host; ::pow is both the host's and the device's.
__host__ __device__ inline float bias_correction(float beta, double t) {
  return static_cast<float>(1.0 - ::pow(static_cast<double>(beta), t));
}

__global__ void sgd_kernel(SgdParams p, float* w, const float* g, float* velocity, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    float grad = g[i] + p.weight_decay * w[i];
    if (p.momentum != 0.0f) {
      const float v = p.momentum * velocity[i] + grad;
      velocity[i] = v;
      grad = p.nesterov ? grad + p.momentum * v : v;
    }
    w[i] -= p.lr * grad;
  }
}

__global__ void adam_kernel(AdamParams p, float bias1, float bias2, float* w, const float* g, float* m, float* v,
                            float* v_max, int64_t n) {
  if (p.device_step != nullptr) {  // every thread reads the one float: no launch argument holds t
    const double t = *p.device_step;
    bias1 = bias_correction(p.beta_1, t);
    bias2 = bias_correction(p.beta_2, t);
  }
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i] + p.weight_decay * w[i];
    const float mi = p.beta_1 * m[i] + (1.0f - p.beta_1) * grad;
    const float vi = p.beta_2 * v[i] + (1.0f - p.beta_2) * grad * grad;
    m[i] = mi;
    v[i] = vi;
    float v_used = vi;
    if (p.amsgrad) {
      v_used = fmaxf(v_max[i], vi);
      v_max[i] = v_used;
    }
    w[i] -= p.lr * (mi / bias1) / (sqrtf(v_used / bias2) + p.epsilon);
  }
}

__global__ void adamax_kernel(AdamaxParams p, float bias1, float* w, const float* g, float* m, float* u, int64_t n) {
  if (p.device_step != nullptr) bias1 = bias_correction(p.beta_1, static_cast<double>(*p.device_step));
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i] + p.weight_decay * w[i];
    const float mi = p.beta_1 * m[i] + (1.0f - p.beta_1) * grad;
    const float ui = fmaxf(p.beta_2 * u[i], fabsf(grad) + p.epsilon);
    m[i] = mi;
    u[i] = ui;
    w[i] -= p.lr / bias1 * mi / ui;
  }
}

__global__ void rmsprop_kernel(RmspropParams p, float* w, const float* g, float* mean_square, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i] + p.weight_decay * w[i];
    const float s = p.rho * mean_square[i] + (1.0f - p.rho) * grad * grad;
    mean_square[i] = s;
    w[i] -= p.lr * grad / (sqrtf(s) + p.epsilon);
  }
}

__global__ void adagrad_kernel(AdagradParams p, float* w, const float* g, float* sum_square, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i] + p.weight_decay * w[i];
    const float s = sum_square[i] + grad * grad;
    sum_square[i] = s;
    w[i] -= p.lr * grad / (sqrtf(s) + p.epsilon);
  }
}

__global__ void adadelta_kernel(AdadeltaParams p, float* w, const float* g, float* mean_square, float* mean_delta,
                                int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i] + p.weight_decay * w[i];
    const float s = p.rho * mean_square[i] + (1.0f - p.rho) * grad * grad;
    const float delta = sqrtf(mean_delta[i] + p.epsilon) / sqrtf(s + p.epsilon) * grad;
    mean_square[i] = s;
    mean_delta[i] = p.rho * mean_delta[i] + (1.0f - p.rho) * delta * delta;
    w[i] -= p.lr * delta;
  }
}

__global__ void nadam_kernel(NadamParams p, float bias2, float mu_product_next, float* w, const float* g, float* m,
                             float* v, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float grad = g[i];
    const float mi = p.beta_1 * m[i] + (1.0f - p.beta_1) * grad;
    const float vi = p.beta_2 * v[i] + (1.0f - p.beta_2) * grad * grad;
    m[i] = mi;
    v[i] = vi;
    const float m_hat = p.mu_next * mi / (1.0f - mu_product_next) + (1.0f - p.mu_t) * grad / (1.0f - p.mu_product);
    w[i] -= p.lr * m_hat / (sqrtf(vi / bias2) + p.epsilon);
  }
}

}  // namespace

void sgd_update(SgdParams p, Out w, In g, Out velocity) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  sgd_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, w.data, g.data, velocity.data, n);
  EDDL_CUDA_CHECK_LAUNCH("sgd_update");
}

void adam_update(AdamParams p, Out w, In g, Out m, Out v, Out v_max) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  const double t = static_cast<double>(p.step);  // unused by the kernel when p.device_step is set
  adam_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, bias_correction(p.beta_1, t), bias_correction(p.beta_2, t),
                                                          w.data, g.data, m.data, v.data, v_max.data, n);
  EDDL_CUDA_CHECK_LAUNCH("adam_update");
}

void adamax_update(AdamaxParams p, Out w, In g, Out m, Out u) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  const double t = static_cast<double>(p.step);  // unused by the kernel when p.device_step is set
  adamax_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, bias_correction(p.beta_1, t), w.data, g.data, m.data,
                                                            u.data, n);
  EDDL_CUDA_CHECK_LAUNCH("adamax_update");
}

void rmsprop_update(RmspropParams p, Out w, In g, Out mean_square) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  rmsprop_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, w.data, g.data, mean_square.data, n);
  EDDL_CUDA_CHECK_LAUNCH("rmsprop_update");
}

void adagrad_update(AdagradParams p, Out w, In g, Out sum_square) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  adagrad_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, w.data, g.data, sum_square.data, n);
  EDDL_CUDA_CHECK_LAUNCH("adagrad_update");
}

void adadelta_update(AdadeltaParams p, Out w, In g, Out mean_square, Out mean_delta) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  adadelta_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, w.data, g.data, mean_square.data, mean_delta.data, n);
  EDDL_CUDA_CHECK_LAUNCH("adadelta_update");
}

void nadam_update(NadamParams p, Out w, In g, Out m, Out v) {
  const int64_t n = w.numel();
  if (n == 0) return;
  DeviceState& s = state_of(w);
  const float mu_product_next = static_cast<float>(static_cast<double>(p.mu_product) * p.mu_next);
  nadam_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, bias_correction(p.beta_2, static_cast<double>(p.step)),
                                                           mu_product_next, w.data, g.data, m.data, v.data, n);
  EDDL_CUDA_CHECK_LAUNCH("nadam_update");
}

}  // namespace eddl::hw::gpu
