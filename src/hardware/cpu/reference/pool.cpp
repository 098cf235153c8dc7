// SPDX-License-Identifier: MIT
// Reference pooling kernels (plain loops, double accumulators).
#include "hardware/cpu/reference/reference_kernels.h"
