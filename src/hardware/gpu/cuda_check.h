// SPDX-License-Identifier: MIT
// EDDL_CUDA_CHECK(expr): the one way GPU code checks a CUDA, cuBLAS or cuDNN status. A failure
// becomes an eddl exception naming the call, the library's own text, the file and the line; memory
// failures are OutOfMemoryError, a missing device or driver NotSupportedError.
#pragma once

#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include <sstream>
#include <string>

#include "hardware/check.h"

namespace eddl::hw::gpu {

[[noreturn]] void throw_cuda_error(cudaError_t status, const char* what, const char* file, int line);
[[noreturn]] void throw_cublas_error(cublasStatus_t status, const char* what, const char* file, int line);
[[noreturn]] void throw_cudnn_error(cudnnStatus_t status, const char* what, const char* file, int line);

// One overload per library, so the macro reads the same whatever the call returns.
inline void check_status(cudaError_t s, const char* what, const char* file, int line) {
  if (s != cudaSuccess) throw_cuda_error(s, what, file, line);
}
inline void check_status(cublasStatus_t s, const char* what, const char* file, int line) {
  if (s != CUBLAS_STATUS_SUCCESS) throw_cublas_error(s, what, file, line);
}
inline void check_status(cudnnStatus_t s, const char* what, const char* file, int line) {
  if (s != CUDNN_STATUS_SUCCESS) throw_cudnn_error(s, what, file, line);
}

}  // namespace eddl::hw::gpu

/// Throws an eddl exception naming `expr` when the CUDA/cuBLAS/cuDNN call it evaluates fails.
#define EDDL_CUDA_CHECK(expr) ::eddl::hw::gpu::check_status((expr), #expr, __FILE__, __LINE__)

/// After a kernel launch: reports a bad configuration (or an earlier asynchronous fault) under the
/// kernel's name. Launches are asynchronous, so this costs no wait.
#define EDDL_CUDA_CHECK_LAUNCH(kernel_name) \
  ::eddl::hw::gpu::check_status(cudaGetLastError(), "launch of " kernel_name, __FILE__, __LINE__)
