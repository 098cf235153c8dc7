// SPDX-License-Identifier: MIT
#include "eddl/layers/core/layer_core.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/shape.h"

LInput::LInput(const std::vector<int>& shape, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "input"), dev, mem) {
  for (int d : shape) {
    EDDL_CHECK(d > 0, "Input " << this->name << ": every dimension must be positive, got "
                               << eddl::shape::to_string(shape));
  }
  set_output_shape(shape);
}

LInput::LInput(Tensor* in, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "input"), dev, mem) {
  EDDL_CHECK(in != nullptr && in->ndim >= 1, "Input: a tensor with a batch dimension is required");
  set_output_shape(std::vector<int>(in->shape.begin() + 1, in->shape.end()));
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LInput::construct_like(const std::vector<Layer*>& /*parents: none*/, int todev) const {
  return new LInput(output_shape, name, todev, mem_level);
}
