// SPDX-License-Identifier: MIT
// The CUDA backend's door for registry.cpp: plain C++ (no CUDA header), so the registry compiles
// with the host compiler. The backend itself lives in gpu_backend.cu.
#pragma once

#include "hardware/backend.h"

namespace eddl::hw {

/// The CUDA backend (one stream, cuBLAS and cuDNN handle and caching allocator per device). Creating
/// it touches no driver: devices are counted on the first question that needs them.
Backend& gpu_backend();

}  // namespace eddl::hw
