// SPDX-License-Identifier: MIT
// Dropout with EDDL's semantics: no rescaling while training; at inference the output is scaled by
// (1 - rate) when iw is set, so that expectations match.
#include "eddl/layers/core/layer_core.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/ops.h"

LDropout::LDropout(Layer* parent_layer, float rate, bool iw_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "dropout"), dev, mem), df(rate), iw(iw_) {
  EDDL_CHECK(parent_layer != nullptr, "Dropout " << this->name << ": parent layer is null");
  EDDL_CHECK(rate >= 0.0f && rate < 1.0f, "Dropout " << this->name << ": rate must be in [0, 1), got " << rate);
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(parent_layer->getShape());
  mask = new Tensor(output->shape, dev);
  draws = new Tensor({1}, dev);
  eddl::ops::fill(*draws, 0.0f);
}

LDropout::~LDropout() {
  delete mask;
  delete draws;
}

void LDropout::resize(int batch_size) {
  Layer::resize(batch_size);
  if (mask->shape != output->shape) {
    delete mask;
    mask = new Tensor(output->shape, dev);
  }
}

void LDropout::to_device(int dev_code) {
  Layer::to_device(dev_code);
  mask->toDevice(dev_code);
  draws->toDevice(dev_code);
}

void LDropout::forward() {
  input = parent[0]->output;
  if (mode == TRMODE) {
    eddl::ops::fill_random_counted(*mask, eddl::hw::RandomDistribution::bernoulli, 1.0f - df, 0.0f, *draws);
    eddl::ops::binary(eddl::hw::BinaryOp::mult, *input, *mask, *output);
  } else {
    eddl::ops::unary(eddl::hw::UnaryOp::mult_scalar, *input, *output, iw ? 1.0f - df : 1.0f);
  }
}

void LDropout::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  // dx += dy * mask, as one fused unary_backward of mult by the mask would need a tensor scalar:
  // a product into scratch then an add keeps to existing kernels.
  Tensor scratch(delta->shape, dev);
  eddl::ops::binary(eddl::hw::BinaryOp::mult, *delta, *mask, scratch);
  eddl::ops::binary(eddl::hw::BinaryOp::add, *pd, scratch, *pd);
}

std::vector<std::string> LDropout::required_kernels() const { return {"fill_random", "binary_map", "unary_map"}; }

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LDropout::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LDropout(only_parent(parents), df, iw, name, todev, mem_level);
}
