// SPDX-License-Identifier: MIT
// Internal ops for convolutions: validation and views, then dispatch (see nn_conv.h).
#include "tensor/nn_conv.h"
