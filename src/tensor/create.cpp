// SPDX-License-Identifier: MIT
// Tensor ops: create (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
