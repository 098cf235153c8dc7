// SPDX-License-Identifier: MIT
// Pooling layers: the padding words become explicit per-axis pads here, once, so the kernels see
// plain numbers and asymmetric "same" padding needs no special case.
#include <algorithm>
#include <sstream>

#include "eddl/layers/pool/layer_pool.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/nn_pool.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::stringstream in(text);
  std::string word;
  while (std::getline(in, word, ',')) words.push_back(word);
  return words;
}

}  // namespace

LPool::LPool(Layer* parent_layer, bool max, int rank, const std::vector<int>& pool_size,
             const std::vector<int>& strides, const std::string& padding_, const std::string& name,
             const std::string& prefix, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, prefix), dev, mem),
      ksize(pool_size),
      stride(strides),
      padding(padding_),
      max_(max),
      prefix_(prefix) {
  const std::string kind = max ? "MaxPool" : "AveragePool";
  EDDL_CHECK(parent_layer != nullptr, kind << " " << this->name << ": parent layer is null");
  const std::vector<int> in_shape = parent_layer->getShape();
  const size_t r = static_cast<size_t>(rank);
  EDDL_CHECK(in_shape.size() == r + 1, kind << rank << "D " << this->name << ": input " << parent_layer->name
                                            << " has shape " << eddl::shape::to_string(in_shape) << ", expected "
                                            << rank << " spatial axes after the channels");
  EDDL_CHECK(pool_size.size() == r && strides.size() == r,
             kind << rank << "D " << this->name << ": pool_size and strides need " << rank << " values, got "
                  << pool_size.size() << " and " << strides.size());
  std::vector<std::string> words = split_words(padding_);
  if (words.size() == 1) words.assign(r, words[0]);
  EDDL_CHECK(words.size() == r, kind << rank << "D " << this->name << ": padding \"" << padding_ << "\" names "
                                     << words.size() << " axes, the input has " << rank);
  pad_begin.assign(r, 0);
  pad_end.assign(r, 0);
  for (size_t a = 0; a < r; ++a) {
    const int in = in_shape[a + 1], k = pool_size[a], s = strides[a];
    EDDL_CHECK(k > 0 && s > 0, kind << rank << "D " << this->name << ": pool_size " << k << " and stride " << s
                                    << " must be positive");
    if (words[a] == "same") {
      // Keras/TF "same": out = ceil(in / stride), the odd cell of padding at the end.
      const int out = (in + s - 1) / s;
      const int total = std::max((out - 1) * s + k - in, 0);
      pad_begin[a] = total / 2;
      pad_end[a] = total - total / 2;
    } else {
      EDDL_CHECK(words[a] == "none" || words[a] == "valid",
                 kind << rank << "D " << this->name << ": unknown padding \"" << words[a]
                      << "\" (use \"none\", \"valid\" or \"same\", or one per axis joined by commas)");
    }
  }
  std::vector<int> full{1};
  full.insert(full.end(), in_shape.begin(), in_shape.end());
  const eddl::hw::PoolParams p = eddl::ops::pool_params(full, ksize, stride, pad_begin, pad_end, this->name.c_str());
  std::vector<int> out_shape = eddl::ops::pool_output_shape(p);
  out_shape.erase(out_shape.begin());
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(out_shape);
}

void LPool::forward() {
  input = parent[0]->output;
  const eddl::hw::PoolParams p = eddl::ops::pool_params(input->shape, ksize, stride, pad_begin, pad_end, name.c_str());
  if (max_) {
    eddl::ops::maxpool_forward(p, *input, *output);
  } else {
    eddl::ops::avgpool_forward(p, *input, *output);
  }
}

void LPool::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  input = parent[0]->output;
  const eddl::hw::PoolParams p = eddl::ops::pool_params(input->shape, ksize, stride, pad_begin, pad_end, name.c_str());
  if (max_) {
    eddl::ops::maxpool_backward(p, *input, *output, *delta, *pd);
  } else {
    eddl::ops::avgpool_backward(p, *delta, *pd);
  }
}

std::vector<std::string> LPool::required_kernels() const {
  if (max_) return {"maxpool_forward", "maxpool_backward"};
  return {"avgpool_forward", "avgpool_backward"};
}

std::vector<std::string> LPool::inference_kernels() const {
  if (max_) return {"maxpool_forward"};
  return {"avgpool_forward"};
}

LMaxPool::LMaxPool(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                   const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, true, 2, pool_size, strides, padding, name, "maxpool2d", dev, mem) {}

LMaxPool1D::LMaxPool1D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                       const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, true, 1, pool_size, strides, padding, name, "maxpool1d", dev, mem) {}

LMaxPool3D::LMaxPool3D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                       const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, true, 3, pool_size, strides, padding, name, "maxpool3d", dev, mem) {}

LAveragePool::LAveragePool(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                           const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, false, 2, pool_size, strides, padding, name, "avgpool", dev, mem) {}

LAveragePool1D::LAveragePool1D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                               const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, false, 1, pool_size, strides, padding, name, "avgpool1d", dev, mem) {}

LAveragePool3D::LAveragePool3D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                               const std::string& padding, const std::string& name, int dev, int mem)
    : LPool(parent, false, 3, pool_size, strides, padding, name, "avgpool3d", dev, mem) {}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LMaxPool::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LMaxPool(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}

Layer* LMaxPool1D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LMaxPool1D(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}

Layer* LMaxPool3D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LMaxPool3D(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}

Layer* LAveragePool::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LAveragePool(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}

Layer* LAveragePool1D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LAveragePool1D(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}

Layer* LAveragePool3D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LAveragePool3D(only_parent(parents), ksize, stride, padding, name, todev, mem_level);
}
