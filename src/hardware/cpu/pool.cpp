// SPDX-License-Identifier: MIT
// Fast CPU pooling kernels.
#include "hardware/cpu/cpu_kernels.h"
