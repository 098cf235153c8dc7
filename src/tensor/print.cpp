// SPDX-License-Identifier: MIT
// Tensor ops: print (implemented by family; see tensor.h).
#include "eddl/tensor/tensor.h"
