// SPDX-License-Identifier: MIT
// Tensor ops: reductions (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
