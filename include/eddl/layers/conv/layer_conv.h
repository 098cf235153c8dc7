// SPDX-License-Identifier: MIT
// Convolution layers: Conv1D/2D/3D, ConvT2D/3D, PointwiseConv2D, DepthwiseConv2D.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
