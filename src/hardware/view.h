// SPDX-License-Identifier: MIT
// View: what a kernel receives instead of a Tensor. A non-owning pointer, a shape and strides in
// elements (a stride of 0 repeats an element: that is how broadcasting reaches kernels), and the
// device that owns the memory. Kernels never see Tensor, so hardware/ depends on nothing above it.
#pragma once

#include <cstdint>

#include "hardware/device.h"

namespace eddl::hw {

/// The largest rank a kernel handles. Tensor checks it with a clear error.
constexpr int kMaxDims = 16;

struct View {
  float* data = nullptr;
  int ndim = 0;
  int64_t shape[kMaxDims] = {};
  int64_t strides[kMaxDims] = {};  ///< in elements, may be 0 (broadcast) or permuted
  Device device{};

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= shape[d];
    return n;
  }
  /// Row-major with no gaps and no broadcasting: the fast paths' condition.
  bool is_contiguous() const {
    int64_t expected = 1;
    for (int d = ndim - 1; d >= 0; --d) {
      if (shape[d] != 1 && strides[d] != expected) return false;
      expected *= shape[d];
    }
    return true;
  }
  /// Element offset of the idx-th element in row-major order of `shape`.
  int64_t offset_of(int64_t idx) const {
    int64_t off = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      const int64_t i = idx % shape[d];
      idx /= shape[d];
      off += i * strides[d];
    }
    return off;
  }
  /// Rows and columns when the view is read as a 2-D matrix (all leading dims are rows).
  int64_t cols() const { return ndim == 0 ? 1 : shape[ndim - 1]; }
  int64_t rows() const { return ndim == 0 ? 1 : numel() / (shape[ndim - 1] == 0 ? 1 : shape[ndim - 1]); }
};

}  // namespace eddl::hw
