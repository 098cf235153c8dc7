// SPDX-License-Identifier: MIT
// Parity cases of the resampling and padding kernels.
#include "kernel_cases.h"

namespace eddl::hw::test {

void add_resample_cases(std::vector<KernelCase>& cases) { (void)cases; }

}  // namespace eddl::hw::test
