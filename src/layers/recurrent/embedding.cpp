// SPDX-License-Identifier: MIT
// Embedding: a lookup of rows of E by word index, time-distributed like any per-step layer.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/nn_recurrent.h"
#include "tensor/shape.h"

LEmbedding::LEmbedding(Layer* parent_layer, int vocsize_, int length_, int output_dim_, bool mask_zeros_,
                       const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "embedding"), dev, mem),
      vocsize(vocsize_),
      length(length_),
      output_dim(output_dim_),
      mask_zeros(mask_zeros_) {
  EDDL_CHECK(parent_layer != nullptr, "Embedding " << this->name << ": parent layer is null");
  EDDL_CHECK(vocsize_ > 0 && length_ > 0 && output_dim_ > 0,
             "Embedding " << this->name << ": vocsize, length and output_dim must be positive, got " << vocsize_
                          << ", " << length_ << ", " << output_dim_);
  const std::vector<int> in_shape = parent_layer->getShape();
  EDDL_CHECK(eddl::shape::checked_numel(in_shape) == length_,
             "Embedding " << this->name << ": input " << parent_layer->name << " of shape "
                          << eddl::shape::to_string(in_shape) << " does not hold " << length_ << " word indices");
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  input = parent_layer->output;
  set_output_shape(length_ == 1 ? std::vector<int>{output_dim_} : std::vector<int>{length_, output_dim_});
  E = add_param({vocsize_, output_dim_});
  gE = gradients.back();
}

void LEmbedding::forward() {
  input = parent[0]->output;
  eddl::ops::embedding_forward(*input, *E, mask_zeros, *output, indices_checked_on_feed);
}

void LEmbedding::backward() {
  // Word indices get no gradient; only the table learns.
  if (trainable) eddl::ops::embedding_backward(*parent[0]->output, *delta, mask_zeros, *gE);
}

std::vector<std::string> LEmbedding::required_kernels() const {
  return {"embedding_forward", "embedding_backward", "reduce"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LEmbedding::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LEmbedding(only_parent(parents), vocsize, length, output_dim, mask_zeros, name, todev, mem_level);
}
