// SPDX-License-Identifier: MIT
#include "eddl/apis/eddl.h"
