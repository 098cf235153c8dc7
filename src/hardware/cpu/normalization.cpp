// SPDX-License-Identifier: MIT
// Fast CPU normalization kernels.
#include "hardware/cpu/cpu_kernels.h"
