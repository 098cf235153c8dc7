// SPDX-License-Identifier: MIT
// Fast reductions for contiguous input whose reduced axes form one block: the tensor is read as
// [outer, reduced, inner]. inner == 1 reduces contiguous runs (row sums); otherwise rows of length
// `inner` are combined elementwise (column sums, as for a bias gradient). Other layouts use the
// reference loop.
#include <cmath>
#include <limits>

#include "hardware/cpu/cpu_kernels.h"
#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::cpu {

namespace {

double initial_value(ReduceOp op) {
  switch (op) {
    case ReduceOp::max: return -std::numeric_limits<double>::infinity();
    case ReduceOp::min: return std::numeric_limits<double>::infinity();
    case ReduceOp::prod: return 1.0;
    default: return 0.0;
  }
}

inline double combine(ReduceOp op, double acc, double v) {
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::mean: return acc + v;
    case ReduceOp::max: return v > acc ? v : acc;
    case ReduceOp::min: return v < acc ? v : acc;
    case ReduceOp::prod: return acc * v;
    case ReduceOp::sum_abs: return acc + std::fabs(v);
    case ReduceOp::sum_sq: return acc + v * v;
  }
  return acc;
}

}  // namespace

void reduce(ReduceParams p, In x, Out y) {
  if (!x.is_contiguous() || !y.is_contiguous()) return reference::reduce(p, x, y);
  int first = -1, last = -1;
  for (int d = 0; d < x.ndim; ++d) {
    if (y.shape[d] == 1 && x.shape[d] != 1) {
      if (first < 0) first = d;
      else if (last != d - 1) return reference::reduce(p, x, y);  // not one block
      last = d;
    } else if (first >= 0 && last == d - 1 && x.shape[d] == 1) {
      last = d;  // size-1 axes inside the block do not break it
    }
  }
  if (first < 0) {  // nothing reduced: y = beta*y + x (mean/sum of one element)
    return reference::reduce(p, x, y);
  }
  int64_t outer = 1, reduced = 1, inner = 1;
  for (int d = 0; d < first; ++d) outer *= x.shape[d];
  for (int d = first; d <= last; ++d) reduced *= x.shape[d];
  for (int d = last + 1; d < x.ndim; ++d) inner *= x.shape[d];
  const float beta = p.beta;
  const double scale = p.op == ReduceOp::mean ? 1.0 / static_cast<double>(reduced) : 1.0;
  const float* in = x.data;
  float* out = y.data;
  if (inner == 1) {
#pragma omp parallel for if (outer * reduced > kParallelGrain)
    for (int64_t o = 0; o < outer; ++o) {
      const float* row = in + o * reduced;
      double acc = initial_value(p.op);
      if (p.op == ReduceOp::sum || p.op == ReduceOp::mean) {
        double s = 0.0;
#pragma omp simd reduction(+ : s)
        for (int64_t k = 0; k < reduced; ++k) s += row[k];
        acc = s;
      } else {
        for (int64_t k = 0; k < reduced; ++k) acc = combine(p.op, acc, row[k]);
      }
      acc *= scale;
      out[o] = static_cast<float>(beta == 0.0f ? acc : beta * out[o] + acc);
    }
    return;
  }
  // Combine `reduced` rows of length `inner` elementwise. Threads split the columns of each block
  // (a bias gradient is one block of 100 rows x 1024 columns: splitting blocks alone would leave one
  // thread idle), so no two threads share an output and rows are read with unit stride.
  const bool is_sum = p.op == ReduceOp::sum || p.op == ReduceOp::mean;
  const ReduceOp op = p.op;
  const double init = initial_value(op);
  constexpr int64_t kColumnChunk = 256;  // 2 KiB of double accumulators stay in L1
  const int64_t chunks = (inner + kColumnChunk - 1) / kColumnChunk;
#pragma omp parallel for collapse(2) if (outer * reduced * inner > kParallelGrain)
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t chunk = 0; chunk < chunks; ++chunk) {
      const int64_t begin = chunk * kColumnChunk;
      const int64_t width = inner - begin < kColumnChunk ? inner - begin : kColumnChunk;
      double acc[kColumnChunk];
      for (int64_t i = 0; i < width; ++i) acc[i] = init;
      const float* block = in + o * reduced * inner + begin;
      for (int64_t k = 0; k < reduced; ++k) {
        const float* row = block + k * inner;
        if (is_sum) {
#pragma omp simd
          for (int64_t i = 0; i < width; ++i) acc[i] += row[i];
        } else {
          for (int64_t i = 0; i < width; ++i) acc[i] = combine(op, acc[i], row[i]);
        }
      }
      float* dst = out + o * inner + begin;
      for (int64_t i = 0; i < width; ++i) {
        const double v = acc[i] * scale;
        dst[i] = static_cast<float>(beta == 0.0f ? v : beta * dst[i] + v);
      }
    }
  }
}

}  // namespace eddl::hw::cpu
