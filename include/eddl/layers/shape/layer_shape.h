// SPDX-License-Identifier: MIT
// Shape layers: Transpose, Split, Select/Slice, Expand, Repeat, Tile, Pad, Resize, UpSampling2D/3D.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
