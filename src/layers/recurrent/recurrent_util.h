// SPDX-License-Identifier: MIT
// Helpers the recurrent layers share: scratch tensors sized on demand, and packing EDDL's separate
// per-gate parameters side by side so one GEMM serves every gate (and unpacking their gradients).
#pragma once

#include <vector>

#include "eddl/tensor/tensor.h"

namespace eddl::layers::recurrent {

/// Makes `t` a tensor of `shape` on `dev`, reallocating only when the shape differs.
void ensure(Tensor*& t, const std::vector<int>& shape, int dev);
/// fused[..., g*units : (g+1)*units] = parts[g] (parts share fused's leading shape).
void pack_columns(const std::vector<Tensor*>& parts, Tensor& fused);
/// parts[g] += fused[..., g*units : (g+1)*units].
void add_columns(const Tensor& fused, const std::vector<Tensor*>& parts);
/// prev [B, T, U] = the state before each step: h0 at step 0, then h[:, 0 : T-1].
void shift_states(const Tensor& h0, const Tensor& h, Tensor& prev);

}  // namespace eddl::layers::recurrent
