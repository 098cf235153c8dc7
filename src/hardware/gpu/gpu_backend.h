// SPDX-License-Identifier: MIT
// The CUDA backend's door: plain C++ (no CUDA header). The backend is built as its own module,
// libeddl_gpu.so, which libeddl loads on the first question about a GPU (hardware/gpu_module.cpp),
// so programs that never touch a GPU do not map the CUDA, cuBLAS and cuDNN libraries (~150 MiB of
// resident memory at start-up). The backend itself lives in gpu_backend.cu.
#pragma once

#include "hardware/backend.h"

namespace eddl::hw {

/// The CUDA backend (one stream, cuBLAS and cuDNN handle and caching allocator per device). Creating
/// it touches no driver: devices are counted on the first question that needs them.
Backend& cuda_backend();

}  // namespace eddl::hw

/// The module's entry points, looked up by name with dlsym: the backend, and the kernel count it
/// was compiled with (a module from another build has another table and is refused).
extern "C" {
eddl::hw::Backend* eddl_gpu_module_backend();
int eddl_gpu_module_kernel_count();
}
