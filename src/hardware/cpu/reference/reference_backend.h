// SPDX-License-Identifier: MIT
// The cpu-reference backend: host memory plus the table of plain-loop kernels.
#pragma once

#include "hardware/cpu/host_memory.h"

namespace eddl::hw {

class ReferenceBackend final : public HostBackend {
 public:
  ReferenceBackend();
  std::string name() const override { return "cpu-reference"; }
};

/// The complete reference table; the fast CPU backend starts from a copy of it.
Kernels reference_kernel_table();

}  // namespace eddl::hw
