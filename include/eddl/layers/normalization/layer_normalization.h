// SPDX-License-Identifier: MIT
// Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization, Norm*.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
