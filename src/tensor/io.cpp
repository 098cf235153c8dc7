// SPDX-License-Identifier: MIT
// Tensor ops: io (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
