// SPDX-License-Identifier: MIT
// Small helpers shared by the public Tensor methods (create, math, reductions, ...): argument
// checks that name the method, and the allocation of results on the argument's device.
#pragma once

#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"

namespace eddl::detail {

/// *t, or a ValueError naming `method` when t is null (EDDL's statics take raw pointers).
inline Tensor& deref(Tensor* t, const char* method) {
  EDDL_CHECK(t != nullptr, method << ": null tensor argument");
  return *t;
}

/// A one-element tensor holding `value` on `device`, for scalar operands of binary kernels (so that
/// x / v is computed as a true division, not as x * (1 / v)).
inline Tensor scalar_tensor(float value, int device) { return Tensor(std::vector<float>{value}, {1}, device); }

/// A view of t's data in `new_shape` (same element count), usable where an op needs other extents.
inline Tensor reshaped_view(const Tensor& t, const std::vector<int>& new_shape) {
  return Tensor(new_shape, const_cast<Tensor*>(&t));
}

}  // namespace eddl::detail
