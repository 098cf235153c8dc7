// SPDX-License-Identifier: MIT
// Tensor ops: math (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
