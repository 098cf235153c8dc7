// SPDX-License-Identifier: MIT
// Reference convolutions kernels (plain loops, double accumulators).
#include "hardware/cpu/reference/reference_kernels.h"
