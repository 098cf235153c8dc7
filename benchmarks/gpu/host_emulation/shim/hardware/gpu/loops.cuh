// SPDX-License-Identifier: MIT
// Host stand-in for src/hardware/gpu/loops.cuh: one "thread" walks the whole grid-stride loop.
#pragma once

#include <cstdint>

namespace eddl::hw::gpu {
inline int64_t first_index() { return 0; }
inline int64_t index_stride() { return 1; }
}  // namespace eddl::hw::gpu
