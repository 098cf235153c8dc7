// SPDX-License-Identifier: MIT
// Dense: one GEMM with the bias fused into its epilogue forward; three GEMM-shaped ops backward.
#include "eddl/layers/core/layer_core.h"
#include "eddl/regularizers/regularizer.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

LDense::LDense(Layer* parent_layer, int ndim_, bool use_bias_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "dense"), dev, mem), ndim(ndim_), use_bias(use_bias_) {
  EDDL_CHECK(parent_layer != nullptr, "Dense " << this->name << ": parent layer is null");
  EDDL_CHECK(ndim_ > 0, "Dense " << this->name << ": units must be positive, got " << ndim_);
  const std::vector<int> in_shape = parent_layer->getShape();
  EDDL_CHECK(!in_shape.empty(), "Dense " << this->name << ": input " << parent_layer->name
                                         << " has no features (shape " << eddl::shape::to_string(in_shape) << ")");
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  const int in_features = in_shape.back();
  std::vector<int> out_shape = in_shape;
  out_shape.back() = ndim_;
  set_output_shape(out_shape);
  W = add_param({in_features, ndim_});
  gW = gradients.back();
  if (use_bias) {
    bias = add_param({ndim_});
    gbias = gradients.back();
  }
}

void LDense::forward() {
  input = parent[0]->output;
  eddl::ops::gemm_bias_activation(*input, *W, bias, eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *output);
}

void LDense::backward() {
  input = parent[0]->output;
  if (trainable) {
    eddl::ops::gemm(*input, true, *delta, false, *gW, 1.0f, 1.0f);  // gW += x^T dy
    if (use_bias) {
      std::vector<int> leading(static_cast<size_t>(delta->ndim - 1));
      for (int d = 0; d + 1 < delta->ndim; ++d) leading[static_cast<size_t>(d)] = d;
      eddl::ops::reduce(eddl::hw::ReduceOp::sum, *delta, leading, *gbias, 1.0f);  // gb += column sums
    }
  }
  if (Tensor* pd = parent_delta(0)) eddl::ops::gemm(*delta, false, *W, true, *pd, 1.0f, 1.0f);  // dx += dy W^T
}

void LDense::apply_regularizer() {
  if (reg != nullptr && trainable) reg->apply(W, gW);
}

std::vector<std::string> LDense::required_kernels() const {
  return {"gemm", "gemm_epilogue", "reduce"};
}

std::vector<std::string> LDense::inference_kernels() const { return {"gemm_epilogue"}; }

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LDense::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LDense(only_parent(parents), ndim, use_bias, name, todev, mem_level);
}
