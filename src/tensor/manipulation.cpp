// SPDX-License-Identifier: MIT
// Tensor ops: manipulation (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
