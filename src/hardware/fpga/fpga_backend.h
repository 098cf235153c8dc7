// SPDX-License-Identifier: MIT
// The FPGA backend's door for registry.cpp: plain C++, no XRT header.
#pragma once

#include "hardware/backend.h"

namespace eddl::hw {

/// The FPGA backend: HLS kernels (kernels/) run in the mode EDDL_FPGA_MODE selects (csim, the
/// default: in-process C simulation; sw_emu; hw). Its table holds only what the FPGA has.
Backend& fpga_backend();

}  // namespace eddl::hw
