// SPDX-License-Identifier: MIT
// Fast CPU convolutions kernels.
#include "hardware/cpu/cpu_kernels.h"
