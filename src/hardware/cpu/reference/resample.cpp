// SPDX-License-Identifier: MIT
// Reference resampling and padding kernels (plain loops, double accumulators).
#include "hardware/cpu/reference/reference_kernels.h"
