// SPDX-License-Identifier: MIT
// Softmax over the last axis (the common case: class scores) with rows in parallel; other axes use
// the reference loop.
#include <cmath>

#include "hardware/cpu/cpu_kernels.h"
#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::cpu {

void softmax_forward(int axis, In x, Out y) {
  if (axis != x.ndim - 1) return reference::softmax_forward(axis, x, y);
  const int64_t cols = x.cols(), rows = x.rows();
#pragma omp parallel for if (rows * cols > kParallelGrain)
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x.data + r * cols;
    float* out = y.data + r * cols;
    float max_value = in[0];
    for (int64_t c = 1; c < cols; ++c) max_value = in[c] > max_value ? in[c] : max_value;
    double total = 0.0;
    for (int64_t c = 0; c < cols; ++c) {
      out[c] = std::exp(in[c] - max_value);
      total += out[c];
    }
    const float inv = static_cast<float>(1.0 / total);
    for (int64_t c = 0; c < cols; ++c) out[c] *= inv;
  }
}

void softmax_backward(int axis, In y, In dy, Out dx) {
  if (axis != y.ndim - 1) return reference::softmax_backward(axis, y, dy, dx);
  const int64_t cols = y.cols(), rows = y.rows();
#pragma omp parallel for if (rows * cols > kParallelGrain)
  for (int64_t r = 0; r < rows; ++r) {
    const float* py = y.data + r * cols;
    const float* pdy = dy.data + r * cols;
    float* pdx = dx.data + r * cols;
    double dot = 0.0;
    for (int64_t c = 0; c < cols; ++c) dot += static_cast<double>(pdy[c]) * py[c];
    const float d = static_cast<float>(dot);
    for (int64_t c = 0; c < cols; ++c) pdx[c] += py[c] * (pdy[c] - d);
  }
}

}  // namespace eddl::hw::cpu
