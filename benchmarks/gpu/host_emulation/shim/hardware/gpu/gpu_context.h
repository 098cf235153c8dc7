// SPDX-License-Identifier: MIT
// Host stand-in for src/hardware/gpu/gpu_context.h, so that the CUDA backend's kernels compile and
// run as plain C++ (host_emulation/run.sh): memory is host memory, launches run as described in
// emulated_launch.h, the stream does nothing, and cublasSgemm is a naive column-major GEMM with
// cuBLAS's argument checks. It checks index maths, operand order, leading dimensions, block trees
// and the call sequence; it cannot see races, launch limits or device numerics, nor run cuDNN.
#pragma once

#include <math.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hardware/check.h"
#include "hardware/view.h"

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

#include "hardware/gpu/emulated_launch.h"

namespace eddl::hw::gpu {

using cudaStream_t = int;
using cublasHandle_t = int;
enum cublasOperation_t { CUBLAS_OP_N = 0, CUBLAS_OP_T = 1 };
enum CudaMemcpyKind { cudaMemcpyDeviceToDevice = 3 };

/// GEMMs counted by the emulation, for the summary line.
extern long emulated_gemms;

struct DeviceState {
  cudaStream_t stream = 0;
  int sm_count = 1;
};
inline DeviceState& state_of(const View&) {
  static DeviceState state;
  return state;
}
inline cublasHandle_t cublas_handle(DeviceState&) { return 0; }

// Column-major C = alpha op(A) op(B) + beta C, C not read when beta = 0 (as cuBLAS).
inline int cublasSgemm(cublasHandle_t, cublasOperation_t op_a, cublasOperation_t op_b, int m, int n, int k,
                       const float* alpha, const float* a, int lda, const float* b, int ldb, const float* beta,
                       float* c, int ldc) {
  ++emulated_gemms;
  if (m < 0 || n < 0 || k < 0 || lda < (op_a == CUBLAS_OP_T ? k : m) || lda < 1 ||
      ldb < (op_b == CUBLAS_OP_T ? n : k) || ldb < 1 || ldc < m || ldc < 1) {
    std::fprintf(stderr, "cublasSgemm: invalid value (m %d n %d k %d lda %d ldb %d ldc %d)\n", m, n, k, lda, ldb, ldc);
    std::abort();
  }
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < m; ++i) {
      double sum = 0.0;
      for (int l = 0; l < k; ++l) {
        const float av = op_a == CUBLAS_OP_T ? a[l + static_cast<int64_t>(i) * lda] : a[i + static_cast<int64_t>(l) * lda];
        const float bv = op_b == CUBLAS_OP_T ? b[j + static_cast<int64_t>(l) * ldb] : b[l + static_cast<int64_t>(j) * ldb];
        sum += static_cast<double>(av) * bv;
      }
      float& cv = c[i + static_cast<int64_t>(j) * ldc];
      cv = static_cast<float>(*alpha * sum + (*beta == 0.0f ? 0.0 : static_cast<double>(*beta) * cv));
    }
  }
  return 0;
}

inline int cudaMemsetAsync(void* p, int value, size_t bytes, cudaStream_t) {
  std::memset(p, value, bytes);
  return 0;
}
inline int cudaMemcpyAsync(void* dst, const void* src, size_t bytes, CudaMemcpyKind, cudaStream_t) {
  std::memcpy(dst, src, bytes);
  return 0;
}
inline void atomicAdd(float* p, float v) { *p += v; }

/// Scratch filled with NaN bits, so a read before the kernel's first write shows in the results.
class Scratch {
 public:
  Scratch(DeviceState&, size_t bytes) : bytes_(bytes), data_(std::malloc(bytes ? bytes : 1)) {
    std::memset(data_, 0xff, bytes_);
  }
  ~Scratch() { std::free(data_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  float* floats() const { return static_cast<float*>(data_); }
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }

 private:
  size_t bytes_;
  void* data_;
};

constexpr int kThreads = 256;
// As the real one, for a device of one multiprocessor: at most 16 blocks, the loops cover the rest.
inline unsigned grid_for(int64_t n, const DeviceState&) {
  const int64_t wanted = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(wanted < 1 ? 1 : (wanted < 16 ? wanted : 16));
}

}  // namespace eddl::hw::gpu

#define EDDL_CUDA_CHECK(expr) (void)(expr)
#define EDDL_CUDA_CHECK_LAUNCH(kernel_name) (void)0
