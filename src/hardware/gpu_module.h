// SPDX-License-Identifier: MIT
// How libeddl reaches the CUDA backend: it lives in the module libeddl_gpu.so beside libeddl (or
// where EDDL_GPU_MODULE points) and is loaded on the first question about a GPU, so programs that
// never use one do not pay for mapping CUDA, cuBLAS and cuDNN.
#pragma once

#include "hardware/backend.h"

namespace eddl::hw {

/// The CUDA backend from the module; when the module cannot be loaded, a backend with no devices
/// whose absent_reason() says why (so GPU tests skip and CS_GPU errors name the cause).
Backend& gpu_backend();

}  // namespace eddl::hw
