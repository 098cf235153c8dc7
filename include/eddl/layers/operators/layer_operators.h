// SPDX-License-Identifier: MIT
// Operator layers (Abs, Sum, Diff, Div, Exp, Log, Mult, Pow, Sqrt, Clamp) and reductions (ReduceMean/Sum/Max/Min/ArgMax).
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"
