// SPDX-License-Identifier: MIT
// Reference softmax along one axis of a contiguous tensor, read as [outer, axis, inner].
#include <cmath>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {
struct AxisSplit {
  int64_t outer = 1, length = 1, inner = 1;
};
AxisSplit split_at(const View& v, int axis) {
  AxisSplit s;
  for (int d = 0; d < axis; ++d) s.outer *= v.shape[d];
  s.length = v.shape[axis];
  for (int d = axis + 1; d < v.ndim; ++d) s.inner *= v.shape[d];
  return s;
}
}  // namespace

void softmax_forward(int axis, In x, Out y) {
  const AxisSplit s = split_at(x, axis);
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t i = 0; i < s.inner; ++i) {
      const int64_t base = o * s.length * s.inner + i;
      double max_value = x.data[base];
      for (int64_t k = 1; k < s.length; ++k) max_value = std::fmax(max_value, x.data[base + k * s.inner]);
      double total = 0.0;
      for (int64_t k = 0; k < s.length; ++k) total += std::exp(x.data[base + k * s.inner] - max_value);
      for (int64_t k = 0; k < s.length; ++k) {
        y.data[base + k * s.inner] = static_cast<float>(std::exp(x.data[base + k * s.inner] - max_value) / total);
      }
    }
  }
}

void softmax_backward(int axis, In y, In dy, Out dx) {
  const AxisSplit s = split_at(y, axis);
  for (int64_t o = 0; o < s.outer; ++o) {
    for (int64_t i = 0; i < s.inner; ++i) {
      const int64_t base = o * s.length * s.inner + i;
      double dot = 0.0;
      for (int64_t k = 0; k < s.length; ++k) {
        dot += static_cast<double>(dy.data[base + k * s.inner]) * y.data[base + k * s.inner];
      }
      for (int64_t k = 0; k < s.length; ++k) {
        const int64_t at = base + k * s.inner;
        dx.data[at] += static_cast<float>(y.data[at] * (dy.data[at] - dot));
      }
    }
  }
}

}  // namespace eddl::hw::reference
