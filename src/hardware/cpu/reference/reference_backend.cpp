// SPDX-License-Identifier: MIT
#include "hardware/cpu/reference/reference_backend.h"

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw {

Kernels reference_kernel_table() {
  Kernels table;
  // Every kernel of the list: the reference is complete by construction.
#define EDDL_K(name, args, contract) table.name = &reference::name;
  EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
  return table;
}

ReferenceBackend::ReferenceBackend() { kernels_ = reference_kernel_table(); }

}  // namespace eddl::hw
