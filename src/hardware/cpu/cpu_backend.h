// SPDX-License-Identifier: MIT
// The fast CPU backend: the reference table with optimised entries replaced (see cpu_backend.cpp).
#pragma once

#include "hardware/cpu/host_memory.h"

namespace eddl::hw {

class CpuBackend final : public HostBackend {
 public:
  CpuBackend();
  std::string name() const override { return "cpu"; }
  void set_num_threads(int threads) override;
  int num_threads() const override;
};

}  // namespace eddl::hw
