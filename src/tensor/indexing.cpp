// SPDX-License-Identifier: MIT
// Tensor ops: indexing (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
