// SPDX-License-Identifier: MIT
// Internal ops for pooling, used by the layers: validated here, run through dispatch().
#pragma once

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::ops {

}  // namespace eddl::ops
