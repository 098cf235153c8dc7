// SPDX-License-Identifier: MIT
// Reference reductions: for each output element, walk the reduced axes in double precision.
#include <cmath>
#include <limits>
#include <vector>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

void reduce(ReduceParams p, In x, Out y) {
  // Reduced axes: where y has extent 1 and x has more.
  std::vector<int> reduced;
  int64_t group = 1;
  for (int d = 0; d < x.ndim; ++d) {
    if (y.shape[d] == 1 && x.shape[d] != 1) {
      reduced.push_back(d);
      group *= x.shape[d];
    }
  }
  const int64_t n_out = y.numel();
  for (int64_t o = 0; o < n_out; ++o) {
    // Base offset of this output element in x: same index on kept axes, 0 on reduced ones.
    int64_t rem = o;
    int64_t base = 0;
    for (int d = y.ndim - 1; d >= 0; --d) {
      const int64_t i = rem % y.shape[d];
      rem /= y.shape[d];
      base += i * x.strides[d];
    }
    double acc = 0.0;
    switch (p.op) {
      case ReduceOp::max: acc = -std::numeric_limits<double>::infinity(); break;
      case ReduceOp::min: acc = std::numeric_limits<double>::infinity(); break;
      case ReduceOp::prod: acc = 1.0; break;
      default: acc = 0.0;
    }
    for (int64_t g = 0; g < group; ++g) {
      int64_t r = g;
      int64_t off = base;
      for (int k = static_cast<int>(reduced.size()) - 1; k >= 0; --k) {
        const int d = reduced[k];
        off += (r % x.shape[d]) * x.strides[d];
        r /= x.shape[d];
      }
      const double v = x.data[off];
      switch (p.op) {
        case ReduceOp::sum:
        case ReduceOp::mean: acc += v; break;
        case ReduceOp::max: acc = v > acc ? v : acc; break;
        case ReduceOp::min: acc = v < acc ? v : acc; break;
        case ReduceOp::prod: acc *= v; break;
        case ReduceOp::sum_abs: acc += std::fabs(v); break;
        case ReduceOp::sum_sq: acc += v * v; break;
      }
    }
    if (p.op == ReduceOp::mean) acc /= static_cast<double>(group);
    float& out = y.data[y.offset_of(o)];
    out = static_cast<float>(p.beta == 0.0f ? acc : p.beta * out + acc);
  }
}

void reduce_arg(ArgReduceParams p, In x, Out y) {
  const int axis = p.axis;
  const int64_t n_out = y.numel();
  for (int64_t o = 0; o < n_out; ++o) {
    int64_t rem = o;
    int64_t base = 0;
    for (int d = y.ndim - 1; d >= 0; --d) {
      const int64_t i = rem % y.shape[d];
      rem /= y.shape[d];
      base += i * x.strides[d];
    }
    int64_t best = 0;
    float best_value = x.data[base];
    for (int64_t k = 1; k < x.shape[axis]; ++k) {
      const float v = x.data[base + k * x.strides[axis]];
      const bool better = p.op == ArgReduceOp::argmax ? v > best_value : v < best_value;
      if (better) {
        best = k;
        best_value = v;
      }
    }
    y.data[y.offset_of(o)] = static_cast<float>(best);
  }
}

}  // namespace eddl::hw::reference
