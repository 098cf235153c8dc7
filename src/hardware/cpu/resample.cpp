// SPDX-License-Identifier: MIT
// Fast CPU resampling and padding kernels.
#include "hardware/cpu/cpu_kernels.h"
