// SPDX-License-Identifier: MIT
// Row-wise iteration shared by the fast CPU kernels: a strided tensor is walked as rows of its last
// dimension, so the inner loop is a plain (often unit-stride) loop the compiler vectorises, and
// rows are split between threads.
#pragma once

#include "hardware/view.h"

namespace eddl::hw::cpu {

/// Offset of the first element of row `row` (row-major over all dims but the last).
inline int64_t row_offset(const View& v, int64_t row) {
  int64_t off = 0;
  for (int d = v.ndim - 2; d >= 0; --d) {
    const int64_t i = row % v.shape[d];
    row /= v.shape[d];
    off += i * v.strides[d];
  }
  return off;
}

inline int64_t last_stride(const View& v) { return v.ndim == 0 ? 1 : v.strides[v.ndim - 1]; }

}  // namespace eddl::hw::cpu
