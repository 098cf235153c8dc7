// SPDX-License-Identifier: MIT
// Layers that move data without arithmetic: Reshape (also Flatten, Squeeze, Unsqueeze), Permute,
// Identity. Backward adds the delta into the parent's, read in the parent's shape.
#include <algorithm>

#include "eddl/layers/core/layer_core.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {
// pd += d, where d has pd's size but possibly another shape.
void add_into(Tensor& pd, Tensor& d) {
  Tensor same_shape(pd.shape, &d);
  eddl::ops::binary(eddl::hw::BinaryOp::add, pd, same_shape, pd);
}
}  // namespace

LReshape::LReshape(Layer* parent_layer, const std::vector<int>& shape, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "reshape"), dev, mem), ls(shape) {
  EDDL_CHECK(parent_layer != nullptr, "Reshape " << this->name << ": parent layer is null");
  const std::vector<int> in_shape = parent_layer->getShape();
  const int64_t n = eddl::shape::checked_numel(in_shape);
  std::vector<int> resolved;
  try {
    resolved = eddl::shape::infer_shape(shape, n, "Reshape");
  } catch (const eddl::ValueError&) {
    EDDL_CHECK(false, "Reshape " << this->name << ": cannot reshape the output of " << parent_layer->name << " "
                                 << eddl::shape::to_string(in_shape) << " (" << n << " values per sample) to "
                                 << eddl::shape::to_string(shape));
  }
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(resolved);
}

void LReshape::forward() {
  input = parent[0]->output;
  eddl::ops::copy(*input, *output);
}

void LReshape::backward() {
  if (Tensor* pd = parent_delta(0)) add_into(*pd, *delta);
}

LPermute::LPermute(Layer* parent_layer, const std::vector<int>& dims_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "permute_"), dev, mem), dims(dims_) {
  EDDL_CHECK(parent_layer != nullptr, "Permute " << this->name << ": parent layer is null");
  const std::vector<int> in_shape = parent_layer->getShape();
  EDDL_CHECK(dims_.size() == in_shape.size(), "Permute " << this->name << ": " << dims_.size()
                                                         << " dimensions given for input "
                                                         << eddl::shape::to_string(in_shape));
  std::vector<int> sorted = dims_;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    EDDL_CHECK(sorted[i] == static_cast<int>(i),
               "Permute " << this->name << ": " << eddl::shape::to_string(dims_) << " is not a permutation of 0.."
                          << in_shape.size() - 1);
  }
  std::vector<int> out_shape(in_shape.size());
  for (size_t i = 0; i < dims_.size(); ++i) out_shape[i] = in_shape[static_cast<size_t>(dims_[i])];
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(out_shape);
}

LPermute::~LPermute() { delete scratch_; }

void LPermute::resize(int batch_size) {
  Layer::resize(batch_size);
  delete scratch_;
  scratch_ = nullptr;
}

void LPermute::to_device(int dev_code) {
  Layer::to_device(dev_code);
  delete scratch_;  // made again on the new device when backward needs it
  scratch_ = nullptr;
}

void LPermute::forward() {
  input = parent[0]->output;
  std::vector<int> full{0};
  for (int d : dims) full.push_back(d + 1);
  // Sequences permute every step alike: the time axis joins the batch (fold_time).
  Tensor y = fold_time(output);
  eddl::ops::permute(fold_time(input), full, y);
}

void LPermute::backward() {
  Tensor* parent_d = parent_delta(0);
  if (parent_d == nullptr) return;
  Tensor pd = fold_time(parent_d);
  // Inverse permutation: delta back into the parent's layout, then added.
  std::vector<int> inverse(dims.size() + 1, 0);
  for (size_t i = 0; i < dims.size(); ++i) inverse[static_cast<size_t>(dims[i]) + 1] = static_cast<int>(i) + 1;
  if (scratch_ == nullptr) scratch_ = new Tensor(pd.shape, dev);
  eddl::ops::permute(fold_time(delta), inverse, *scratch_);
  eddl::ops::binary(eddl::hw::BinaryOp::add, pd, *scratch_, pd);
}

LIdentity::LIdentity(Layer* parent_layer, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "identity"), dev, mem) {
  EDDL_CHECK(parent_layer != nullptr, "Identity " << this->name << ": parent layer is null");
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(parent_layer->getShape());
}

void LIdentity::forward() {
  input = parent[0]->output;
  eddl::ops::copy(*input, *output);
}

void LIdentity::backward() {
  if (Tensor* pd = parent_delta(0)) add_into(*pd, *delta);
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LReshape::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LReshape(only_parent(parents), ls, name, todev, mem_level);
}

Layer* LPermute::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LPermute(only_parent(parents), dims, name, todev, mem_level);
}

Layer* LIdentity::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LIdentity(only_parent(parents), name, todev, mem_level);
}
