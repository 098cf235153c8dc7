// SPDX-License-Identifier: MIT
#include "hardware/kernel_list.h"

namespace eddl::hw {

const char* kernel_name(KernelId id) {
  switch (id) {
#define EDDL_K(name, args, contract) \
  case KernelId::name: return #name;
    EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
    case KernelId::count: break;
  }
  return "?";
}

const char* kernel_contract(KernelId id) {
  switch (id) {
#define EDDL_K(name, args, contract) \
  case KernelId::name: return contract;
    EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
    case KernelId::count: break;
  }
  return "?";
}

bool has_kernel(const Kernels& table, KernelId id) {
  switch (id) {
#define EDDL_K(name, args, contract) \
  case KernelId::name: return table.name != nullptr;
    EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
    case KernelId::count: break;
  }
  return false;
}

const char* unary_op_name(UnaryOp op) {
  switch (op) {
#define EDDL_X(name, fwd, grad) \
  case UnaryOp::name: return #name;
    EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
  }
  return "?";
}

const char* binary_op_name(BinaryOp op) {
  switch (op) {
#define EDDL_X(name, f) \
  case BinaryOp::name: return #name;
    EDDL_BINARY_OPS(EDDL_X)
#undef EDDL_X
  }
  return "?";
}

}  // namespace eddl::hw
