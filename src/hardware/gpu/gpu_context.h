// SPDX-License-Identifier: MIT
// What the CUDA kernels share: per-device state (the one stream, library handles, the caching
// allocator), stream-ordered scratch memory and launch geometry. Private to src/hardware/gpu/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "hardware/gpu/caching_allocator.h"
#include "hardware/gpu/cuda_check.h"
#include "hardware/view.h"

namespace eddl::hw::gpu {

struct DeviceState {
  explicit DeviceState(int device) : index(device), allocator(device) {}
  int index;
  int sm_count = 1;
  cudaStream_t stream = nullptr;
  cublasHandle_t cublas = nullptr;  ///< created on first GEMM
  void* cublas_workspace = nullptr;  ///< cuBLAS's workspace, ours so that graph captures never allocate it
  cudnnHandle_t cudnn = nullptr;    ///< created on first convolution
  CachingAllocator allocator;
};

/// The state of device `index`, created on first use, made the calling thread's current device.
/// Throws NotSupportedError ("no CUDA device: ...") when the device does not exist.
DeviceState& device_state(int index);
/// The state of the device that owns `v`.
inline DeviceState& state_of(const View& v) { return device_state(v.device.index); }
cublasHandle_t cublas_handle(DeviceState& s);
cudnnHandle_t cudnn_handle(DeviceState& s);
/// Whether GEMMs and convolutions may use TF32 tensor cores (EDDL_GPU_TF32=1). Off by default:
/// TF32 keeps 10 mantissa bits, far outside the parity tolerances of float32.
bool tf32_allowed();

/// Device memory for the duration of one kernel call, back to the cache when it goes out of scope.
/// Releasing before the queued work has run is safe: the next user of the block is queued on the
/// same stream, behind it.
class Scratch {
 public:
  Scratch(DeviceState& s, size_t bytes) : state_(s), bytes_(bytes), data_(bytes ? s.allocator.allocate(bytes) : nullptr) {}
  ~Scratch() {
    if (data_ != nullptr) state_.allocator.release(data_, bytes_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  float* floats() const { return static_cast<float*>(data_); }
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }

 private:
  DeviceState& state_;
  size_t bytes_;
  void* data_;
};

constexpr int kThreads = 256;

/// Blocks for a grid-stride loop over n elements: enough to fill every multiprocessor several times
/// over, no more (the loop covers the rest).
inline unsigned grid_for(int64_t n, const DeviceState& s) {
  const int64_t wanted = (n + kThreads - 1) / kThreads;
  const int64_t cap = static_cast<int64_t>(s.sm_count) * 16;
  return static_cast<unsigned>(wanted < 1 ? 1 : (wanted < cap ? wanted : cap));
}

}  // namespace eddl::hw::gpu
