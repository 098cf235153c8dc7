// SPDX-License-Identifier: MIT
// Reference elementwise kernels: every element addressed through its strides, one at a time.
#include <cstring>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

void fill(float value, Out y) {
  const int64_t n = y.numel();
  for (int64_t i = 0; i < n; ++i) y.data[y.offset_of(i)] = value;
}

void copy_strided(In x, Out y) {
  const int64_t n = y.numel();
  for (int64_t i = 0; i < n; ++i) y.data[y.offset_of(i)] = x.data[x.offset_of(i)];
}

void unary_map(UnaryOp op, UnaryArgs args, In x, Out y) {
  const int64_t n = y.numel();
  for (int64_t i = 0; i < n; ++i) {
    y.data[y.offset_of(i)] = unary_forward(op, x.data[x.offset_of(i)], args.a, args.b);
  }
}

void unary_backward(UnaryOp op, UnaryArgs args, In x, In y, In dy, Out dx) {
  const int64_t n = dx.numel();
  for (int64_t i = 0; i < n; ++i) {
    const float d = unary_derivative(op, x.data[x.offset_of(i)], y.data[y.offset_of(i)], args.a, args.b);
    dx.data[dx.offset_of(i)] += dy.data[dy.offset_of(i)] * d;
  }
}

void binary_map(BinaryOp op, BinaryArgs args, In a, In b, Out y) {
  const int64_t n = y.numel();
  for (int64_t i = 0; i < n; ++i) {
    y.data[y.offset_of(i)] = binary_forward(op, a.data[a.offset_of(i)], b.data[b.offset_of(i)], args);
  }
}

void fill_random(RandomParams p, Out y) {
  const int64_t n = y.numel();
  const uint64_t first = first_counter(p, n);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t counter = first + static_cast<uint64_t>(i);
    float v = 0.0f;
    switch (p.distribution) {
      case RandomDistribution::uniform: v = p.a + (p.b - p.a) * random_uniform01(p.seed, counter); break;
      case RandomDistribution::normal: v = p.a + p.b * random_normal01(p.seed, counter); break;
      case RandomDistribution::bernoulli: v = random_uniform01(p.seed, counter) < p.a ? 1.0f : 0.0f; break;
    }
    y.data[y.offset_of(i)] = v;
  }
}

}  // namespace eddl::hw::reference
