// SPDX-License-Identifier: MIT
// Internal ops for pooling: validation and views, then dispatch (see nn_pool.h).
#include "tensor/nn_pool.h"
