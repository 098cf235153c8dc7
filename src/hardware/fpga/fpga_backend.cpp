// SPDX-License-Identifier: MIT
// The FPGA backend: device memory, copies and the kernel table. In csim mode device memory is
// 64-byte aligned host memory and kernels are the HLS functions called in-process. In sw_emu and hw
// (XRT) each buffer is an xrt::bo whose host mapping is what data() points at, kept authoritative
// between kernels (xrt_runtime.h), so copies are the same memcpy in every mode. Where a mode cannot
// run, every question says why (fpga_launch.cpp).
#include "hardware/fpga/fpga_backend.h"

#include <cstdlib>
#include <cstring>

#include "hardware/check.h"
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#if EDDL_FPGA_WITH_XRT
#include "hardware/fpga/xrt_runtime.h"
#endif

namespace eddl::hw {

namespace {

class FpgaBuffer final : public Buffer {
 public:
  FpgaBuffer(void* data, size_t bytes, int index) : Buffer(data, bytes, Device{DeviceKind::fpga, index}) {}
  ~FpgaBuffer() override { std::free(data()); }
};

class FpgaBackend final : public Backend {
 public:
  FpgaBackend();
  std::string name() const override { return "fpga"; }
  DeviceKind kind() const override { return DeviceKind::fpga; }
  int device_count() const override { return fpga::runnable() ? 1 : 0; }
  std::string absent_reason() const override { return fpga::absent_reason(); }

  std::shared_ptr<Buffer> allocate(size_t bytes, int index) override {
    check_device(index);
#if EDDL_FPGA_WITH_XRT
    if (fpga::mode() != fpga::Mode::csim) return fpga::XrtDevice::instance().allocate(bytes, index);
#endif
    // Rounded up to the alignment (aligned_alloc's rule); never 0 bytes, so views keep an address.
    const size_t rounded = ((bytes == 0 ? 1 : bytes) + 63) / 64 * 64;
    void* data = std::aligned_alloc(64, rounded);
    EDDL_CHECK_AS(OutOfMemoryError, data != nullptr, "fpga: cannot allocate " << bytes << " bytes of device memory");
    return std::make_shared<FpgaBuffer>(data, rounded, index);
  }
  void copy_from_host(const void* host_src, void* device_dst, size_t bytes, int index) override {
    check_device(index);
    if (bytes != 0) std::memcpy(device_dst, host_src, bytes);
  }
  void copy_to_host(const void* device_src, void* host_dst, size_t bytes, int index) override {
    check_device(index);
    if (bytes != 0) std::memcpy(host_dst, device_src, bytes);
  }
  void copy_device(const void* src, void* dst, size_t bytes, int index) override {
    check_device(index);
    if (bytes != 0 && src != dst) std::memmove(dst, src, bytes);
  }
  // Kernels complete before launch() returns in every mode (XRT runs are waited for).
  void synchronize(int index) override { check_device(index); }

 private:
  static void check_device(int index) {
    EDDL_CHECK_AS(NotSupportedError, fpga::runnable(), fpga::absent_reason());
    EDDL_CHECK_AS(NotSupportedError, index == 0,
                  "FPGA:" << index << " requested, but " << fpga::mode_name(fpga::mode()) << " has one device (FPGA:0)");
  }
};

FpgaBackend::FpgaBackend() {
  // Only what the FPGA has (kernels/, one HLS kernel each); everything else stays null, and the
  // Net places layers that need it on the CPU.
  kernels_.fill = &fpga::fill;                        // k_fill
  kernels_.copy_strided = &fpga::copy_strided;        // k_copy (strided views staged on the host)
  kernels_.unary_map = &fpga::unary_map;              // k_unary: every activation of scalar_ops.h
  kernels_.binary_map = &fpga::binary_map;            // k_binary: add (residuals) and the other ops
  kernels_.gemm = &fpga::gemm;                        // k_gemm: 32x32 tiles
  kernels_.gemm_epilogue = &fpga::gemm_epilogue;      // k_gemm with bias and activation (Dense)
  kernels_.conv_forward = &fpga::conv_forward;        // k_conv: direct, output channels tiled
  kernels_.maxpool_forward = &fpga::maxpool_forward;  // k_maxpool
  kernels_.avgpool_forward = &fpga::avgpool_forward;  // k_avgpool
  kernels_.batchnorm_forward_inference = &fpga::batchnorm_forward_inference;  // k_batchnorm_inference
}

}  // namespace

Backend& fpga_backend() {
  static FpgaBackend backend;
  return backend;
}

}  // namespace eddl::hw
