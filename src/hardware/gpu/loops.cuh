// SPDX-License-Identifier: MIT
// The generic elementwise machinery of the CUDA backend: up to four views walked in y's row-major
// order through one shared shape and per-operand strides, after collapsing the axes that are
// contiguous for every operand (a [100, 1024] contiguous map becomes one flat axis, so most
// launches take the flat path and divide nothing).
#pragma once

#include <cstdint>

#include "hardware/view.h"

namespace eddl::hw::gpu {

template <int N>
struct StridedLayout {
  int ndim = 0;
  int64_t shape[kMaxDims] = {};
  int64_t strides[N][kMaxDims] = {};

  /// Element offset in operand `k` of the i-th element in row-major order of `shape`.
  __device__ int64_t offset(int k, int64_t i) const {
    int64_t off = 0;
    for (int d = ndim - 1; d > 0; --d) {
      off += (i % shape[d]) * strides[k][d];
      i /= shape[d];
    }
    return ndim > 0 ? off + i * strides[k][0] : 0;
  }
};

/// The layout of `views` (all in views[0]'s shape) with size-1 axes dropped and axes merged where
/// every operand steps through them as one; `flat` is set when the result is one unit-stride axis.
template <int N>
StridedLayout<N> collapse(const View* const (&views)[N], bool& flat) {
  StridedLayout<N> l;
  const View& lead = *views[0];
  for (int d = 0; d < lead.ndim; ++d) {
    if (lead.shape[d] == 1) continue;
    const int prev = l.ndim - 1;
    bool mergeable = prev >= 0;
    for (int k = 0; k < N && mergeable; ++k) {
      mergeable = l.strides[k][prev] == views[k]->strides[d] * lead.shape[d];
    }
    if (mergeable) {
      l.shape[prev] *= lead.shape[d];
      for (int k = 0; k < N; ++k) l.strides[k][prev] = views[k]->strides[d];
    } else {
      l.shape[l.ndim] = lead.shape[d];
      for (int k = 0; k < N; ++k) l.strides[k][l.ndim] = views[k]->strides[d];
      ++l.ndim;
    }
  }
  flat = l.ndim == 0;
  if (l.ndim == 1) {
    flat = true;
    for (int k = 0; k < N; ++k) flat = flat && l.strides[k][0] == 1;
  }
  return l;
}

/// Grid-stride loop bounds: `for (int64_t i = first_index(); i < n; i += index_stride())`.
__device__ inline int64_t first_index() {
  return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}
__device__ inline int64_t index_stride() { return static_cast<int64_t>(gridDim.x) * blockDim.x; }

}  // namespace eddl::hw::gpu
