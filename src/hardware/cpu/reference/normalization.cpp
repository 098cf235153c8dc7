// SPDX-License-Identifier: MIT
// Reference normalization kernels (plain loops, double accumulators).
#include "hardware/cpu/reference/reference_kernels.h"
