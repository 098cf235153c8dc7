// SPDX-License-Identifier: MIT
// Tensor ops: comparison (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
