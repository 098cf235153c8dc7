// SPDX-License-Identifier: MIT
// Host-side marshalling for the HLS kernels, which read and write contiguous buffers only: a
// contiguous view is passed as it is; a strided or broadcast one is gathered into a contiguous
// copy first (inputs) or computed into one and scattered back (outputs), as EDDL's FPGA path
// reorders tensors on the host. The copies are FPGA device memory themselves (in sw_emu and hw an
// xrt::bo, which is what a kernel argument must be). Also the int range check: HLS scalars are 32-bit.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>

#include "hardware/check.h"
#include "hardware/fpga/fpga_backend.h"
#include "hardware/view.h"

namespace eddl::hw::fpga {

/// `v` as an HLS int argument; NotSupportedError when it does not fit.
inline int as_int(int64_t v, const char* what) {
  EDDL_CHECK_AS(NotSupportedError, v >= 0 && v <= INT_MAX,
                "fpga: " << what << " = " << v << " exceeds the kernels' 32-bit sizes");
  return static_cast<int>(v);
}

/// `count` floats of FPGA device memory for a staged copy.
inline std::shared_ptr<Buffer> staging_buffer(int64_t count) {
  return fpga_backend().allocate(static_cast<size_t>(count) * sizeof(float), 0);
}

/// A read operand, contiguous in the view's own shape.
class StagedInput {
 public:
  explicit StagedInput(const View& v) {
    if (v.data == nullptr || v.is_contiguous()) {
      ptr_ = v.data;
      return;
    }
    copy_ = staging_buffer(v.numel());
    float* copy = static_cast<float*>(copy_->data());
    for (int64_t i = 0; i < v.numel(); ++i) copy[i] = v.data[v.offset_of(i)];
    ptr_ = copy;
  }
  const float* data() const { return ptr_; }

 private:
  std::shared_ptr<Buffer> copy_;
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
    copy_ = staging_buffer(v.numel());
    ptr_ = static_cast<float*>(copy_->data());
    for (int64_t i = 0; i < v.numel(); ++i) ptr_[i] = v.data[v.offset_of(i)];
  }
  float* data() const { return ptr_; }
  void commit() {
    if (ptr_ == view_.data) return;
    for (int64_t i = 0; i < view_.numel(); ++i) view_.data[view_.offset_of(i)] = ptr_[i];
  }

 private:
  View view_;
  std::shared_ptr<Buffer> copy_;
  float* ptr_ = nullptr;
};

}  // namespace eddl::hw::fpga
