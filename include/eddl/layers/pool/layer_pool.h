// SPDX-License-Identifier: MIT
// Pooling layers: max/average 1D/2D/3D and their global versions.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
