// SPDX-License-Identifier: MIT
// The reference kernels: plain loops, double accumulators, no OpenMP, no libraries. They define
// what every kernel means; each other backend is tested against them. One declaration per kernel
// of kernel_list.h, with the same signature.
#pragma once

#include "hardware/kernel_list.h"

namespace eddl::hw::reference {

#define EDDL_K(name, args, contract) void name args;
EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K

}  // namespace eddl::hw::reference
