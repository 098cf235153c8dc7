// SPDX-License-Identifier: MIT
// Merge layers: Add, Subtract, Mult, Average, Maximum, Minimum, Concat, MatMul.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
