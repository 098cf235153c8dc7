// SPDX-License-Identifier: MIT
// Host stand-in for CUDA's math_constants.h (whose definitions use device intrinsics).
#pragma once

#include <limits>

#define CUDART_INF (std::numeric_limits<double>::infinity())
#define CUDART_INF_F (std::numeric_limits<float>::infinity())
#define CUDART_NAN (std::numeric_limits<double>::quiet_NaN())
