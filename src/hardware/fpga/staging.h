// SPDX-License-Identifier: MIT
// Host-side marshalling for the HLS kernels, which read and write contiguous buffers only: a
// contiguous view is passed as it is; a strided or broadcast one is gathered into a contiguous
// copy first (inputs) or computed into one and scattered back (outputs), as EDDL's FPGA path
// reorders tensors on the host. Also the int range check: HLS scalars are 32-bit.
#pragma once

#include <climits>
#include <cstdint>
#include <vector>

#include "hardware/check.h"
#include "hardware/view.h"

namespace eddl::hw::fpga {

/// `v` as an HLS int argument; NotSupportedError when it does not fit.
inline int as_int(int64_t v, const char* what) {
  EDDL_CHECK_AS(NotSupportedError, v >= 0 && v <= INT_MAX,
                "fpga: " << what << " = " << v << " exceeds the kernels' 32-bit sizes");
  return static_cast<int>(v);
}

/// A read operand, contiguous in the view's own shape.
class StagedInput {
 public:
  explicit StagedInput(const View& v) {
    if (v.data == nullptr || v.is_contiguous()) {
      ptr_ = v.data;
      return;
    }
    copy_.resize(static_cast<size_t>(v.numel()));
    for (int64_t i = 0; i < v.numel(); ++i) copy_[static_cast<size_t>(i)] = v.data[v.offset_of(i)];
    ptr_ = copy_.data();
  }
  const float* data() const { return ptr_; }

 private:
  std::vector<float> copy_;
  const float* ptr_ = nullptr;
};

/// A written operand: the kernel writes contiguous data(), commit() puts it into the view.
class StagedOutput {
 public:
  explicit StagedOutput(const View& v) : view_(v) {
    if (v.is_contiguous()) {
      ptr_ = v.data;
      return;
    }
    // Start from the current values: a kernel that reads its output (GEMM with beta) sees them.
    copy_.resize(static_cast<size_t>(v.numel()));
    for (int64_t i = 0; i < v.numel(); ++i) copy_[static_cast<size_t>(i)] = v.data[v.offset_of(i)];
    ptr_ = copy_.data();
  }
  float* data() const { return ptr_; }
  void commit() {
    if (ptr_ == view_.data) return;
    for (int64_t i = 0; i < view_.numel(); ++i) view_.data[view_.offset_of(i)] = copy_[static_cast<size_t>(i)];
  }

 private:
  View view_;
  std::vector<float> copy_;
  float* ptr_ = nullptr;
};

}  // namespace eddl::hw::fpga
