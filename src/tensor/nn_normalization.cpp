// SPDX-License-Identifier: MIT
// Internal ops for normalization: validation and views, then dispatch (see nn_normalization.h).
#include "tensor/nn_normalization.h"
