// SPDX-License-Identifier: MIT
// Internal ops for resampling and padding: validation and views, then dispatch (see nn_resample.h).
#include "tensor/nn_resample.h"
