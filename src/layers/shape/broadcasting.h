// SPDX-License-Identifier: MIT
// Helpers shared by the merge, operator and shape layers: broadcast copies and their adjoint (a sum
// over the broadcast axes added into a parent's delta), written with the internal tensor ops.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

namespace eddl::layers {

/// pd += d, where d has pd's number of elements (read in pd's shape).
void add_into(Tensor& pd, const Tensor& d);
/// y = x broadcast to y's shape (NumPy rules, x right-aligned).
void broadcast_copy(const Tensor& x, Tensor& y);
/// pd += d summed over the axes where pd (right-aligned, padded with ones) has extent 1 and d has
/// not: the adjoint of broadcast_copy, so backward of any broadcasting op ends here.
void add_reduced(Tensor& pd, const Tensor& d);
/// A view of t's data with `shape` (same element count).
Tensor view_as(const Tensor& t, const std::vector<int>& shape);
/// {batch} + shape.
std::vector<int> with_batch(int batch, const std::vector<int>& shape);
/// Checks that every parent is non-null and returns their output shapes (without batch); `what` is
/// "<Class> <name>" for the message.
std::vector<std::vector<int>> parent_shapes(const std::vector<Layer*>& parents, const std::string& what);
/// Links `child` under each parent and records the parents (the graph edges every layer makes).
void connect(Layer* child, const std::vector<Layer*>& parents);

}  // namespace eddl::layers
