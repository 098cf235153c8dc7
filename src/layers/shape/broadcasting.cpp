// SPDX-License-Identifier: MIT
// Broadcast copies and their adjoint, for the merge, operator and shape layers.
#include "layers/shape/broadcasting.h"

#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::layers {

Tensor view_as(const Tensor& t, const std::vector<int>& shape) { return Tensor(shape, const_cast<Tensor*>(&t)); }

std::vector<int> with_batch(int batch, const std::vector<int>& shape) {
  std::vector<int> full{batch};
  full.insert(full.end(), shape.begin(), shape.end());
  return full;
}

void add_into(Tensor& pd, const Tensor& d) {
  const Tensor same_shape = view_as(d, pd.shape);
  ops::binary(hw::BinaryOp::add, pd, same_shape, pd);
}

void broadcast_copy(const Tensor& x, Tensor& y) {
  if (x.shape == y.shape) {
    ops::copy(x, y);
    return;
  }
  // x + 0 with y as the zero operand: binary() needs one operand in the output's shape.
  ops::fill(y, 0.0f);
  ops::binary(hw::BinaryOp::add, x, y, y);
}

void add_reduced(Tensor& pd, const Tensor& d) {
  EDDL_CHECK(pd.ndim <= d.ndim, "add_reduced: " << shape::to_string(pd.shape) << " has more dimensions than "
                                                << shape::to_string(d.shape));
  const size_t pad = static_cast<size_t>(d.ndim - pd.ndim);
  std::vector<int> axes;
  for (size_t i = 0; i < d.shape.size(); ++i) {
    const int extent = i < pad ? 1 : pd.shape[i - pad];
    if (extent == 1 && d.shape[i] != 1) axes.push_back(static_cast<int>(i));
  }
  if (axes.empty()) {
    add_into(pd, d);
    return;
  }
  ops::reduce(hw::ReduceOp::sum, d, axes, pd, 1.0f);
}

std::vector<std::vector<int>> parent_shapes(const std::vector<Layer*>& parents, const std::string& what) {
  std::vector<std::vector<int>> shapes;
  for (size_t i = 0; i < parents.size(); ++i) {
    EDDL_CHECK(parents[i] != nullptr, what << ": parent " << i << " is null");
    shapes.push_back(parents[i]->getShape());
  }
  return shapes;
}

void connect(Layer* child, const std::vector<Layer*>& parents) {
  for (Layer* p : parents) {
    child->parent.push_back(p);
    p->addchild(child);
  }
  child->input = parents.empty() ? nullptr : parents[0]->output;
}

}  // namespace eddl::layers
