// SPDX-License-Identifier: MIT
// Convolution layers. A direct convolution runs conv_forward forward and conv_backward_input /
// conv_backward_weight backward; a transposed one is the adjoint, so the roles swap: forward is
// conv_backward_input, the input gradient is conv_forward, and the weight gradient correlates the
// output gradient (the direct convolution's input) with the layer's input.
#include "eddl/initializers/initializer.h"
#include "eddl/layers/conv/layer_conv.h"
#include "eddl/regularizers/regularizer.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/nn_conv.h"
#include "tensor/ops.h"

namespace {

namespace ops = eddl::ops;

// The geometry of `layer` on its parent's shape (validated; cheap next to the convolution).
eddl::hw::ConvParams geometry_of(const LConv& layer, const std::string& kind) {
  ops::ConvRequest r;
  r.who = kind + " " + layer.name;
  r.spatial_rank = layer.spatial_rank;
  r.input = layer.parent[0]->getShape();
  r.filters = layer.filters;
  r.kernel = layer.kernel_size;
  r.stride = layer.strides;
  r.dilation = layer.dilation_rate;
  r.groups = layer.groups;
  r.padding = layer.padding;
  r.pads = layer.pads;
  return layer.transposed ? ops::conv_transpose_geometry(r) : ops::conv_geometry(r);
}

// gbias += the sums of dy {batch, filters, spatial...} over batch and space, in two reductions that
// each read one contiguous block (space, then batch): the fast CPU reduce handles those, while
// one reduction over the axes around the channels falls back to the reference loop (17% of a
// CNN training step when measured).
void add_bias_gradient(const Tensor& dy, Tensor*& channel_sums, int dev, Tensor& gbias) {
  const int rows = dy.shape[0] * dy.shape[1];
  const int spatial = static_cast<int>(dy.size) / rows;
  if (channel_sums == nullptr || channel_sums->shape[0] != rows) {
    delete channel_sums;
    channel_sums = new Tensor({rows}, dev);
  }
  Tensor per_row({rows, spatial}, const_cast<Tensor*>(&dy));
  ops::reduce(eddl::hw::ReduceOp::sum, per_row, {1}, *channel_sums);
  Tensor per_sample({dy.shape[0], dy.shape[1]}, channel_sums);
  ops::reduce(eddl::hw::ReduceOp::sum, per_sample, {0}, gbias, 1.0f);
}

}  // namespace

LConv::LConv(Layer* parent_layer, int spatial_rank_, bool transposed_, const std::string& kind,
             const std::string& prefix, int filters_, const std::vector<int>& kernel_size_,
             const std::vector<int>& strides_, const std::string& padding_, const std::vector<int>& pads_, int groups_,
             const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, prefix), dev, mem),
      filters(filters_),
      kernel_size(kernel_size_),
      strides(strides_),
      padding(padding_),
      pads(pads_),
      groups(groups_),
      dilation_rate(dilation_rate_),
      use_bias(use_bias_),
      spatial_rank(spatial_rank_),
      transposed(transposed_),
      kind_(kind),
      prefix_(prefix) {
  EDDL_CHECK(parent_layer != nullptr, kind << " " << this->name << ": parent layer is null");
  parent.push_back(parent_layer);
  const eddl::hw::ConvParams p = geometry_of(*this, kind_);
  input = parent_layer->output;
  parent_layer->addchild(this);
  // Direct: this layer maps the convolution's input to its output; transposed: the other way.
  std::vector<int> out_shape{static_cast<int>(transposed ? p.in_channels : p.out_channels)};
  for (int a = 3 - spatial_rank; a < 3; ++a) out_shape.push_back(static_cast<int>(transposed ? p.in[a] : p.out[a]));
  set_output_shape(out_shape);
  std::vector<int> k_shape;
  for (int64_t e : ops::conv_weight_shape(p)) k_shape.push_back(static_cast<int>(e));
  if (spatial_rank == 1 && !transposed) k_shape.push_back(1);  // EDDL's Conv1D is 2-D with width 1
  K = add_param(k_shape);
  gK = gradients.back();
  bias = add_param({filters}, use_bias);
  if (use_bias) gbias = gradients.back();
}

LConv::LConv(Layer* parent_layer, int filters_, const std::vector<int>& kernel_size_, const std::vector<int>& strides_,
             const std::string& padding_, const std::vector<int>& pads_, int groups_,
             const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name, int dev, int mem)
    : LConv(parent_layer, 2, false, "Conv2D", "conv2d", filters_, kernel_size_, strides_, padding_, pads_, groups_,
            dilation_rate_, use_bias_, name, dev, mem) {}

LConv::~LConv() {
  delete scratch_;
  delete channel_sums_;
}

void LConv::forward() {
  input = parent[0]->output;
  const eddl::hw::ConvParams p = geometry_of(*this, kind_);
  if (!transposed) {
    ops::conv_forward(p, *input, *K, use_bias ? bias : nullptr, *output);
    return;
  }
  ops::fill(*output, 0.0f);
  ops::conv_backward_input(p, *input, *K, *output);
  if (use_bias) {
    std::vector<int> per_channel(static_cast<size_t>(spatial_rank) + 1, 1);
    per_channel[0] = filters;
    Tensor bias_column(per_channel, bias);  // {filters, 1, ...}: broadcasts over batch and space
    ops::binary(eddl::hw::BinaryOp::add, *output, bias_column, *output);
  }
}

void LConv::backward() {
  input = parent[0]->output;
  const eddl::hw::ConvParams p = geometry_of(*this, kind_);
  if (trainable) {
    if (!transposed) {
      ops::conv_backward_weight(p, *input, *delta, *gK);
    } else {
      ops::conv_backward_weight(p, *delta, *input, *gK);
    }
    if (use_bias) add_bias_gradient(*delta, channel_sums_, dev, *gbias);
  }
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  if (!transposed) {
    ops::conv_backward_input(p, *delta, *K, *pd);
    return;
  }
  // conv_forward overwrites, and the parent's delta may already hold other children's gradients.
  if (scratch_ == nullptr || scratch_->shape != pd->shape) {
    delete scratch_;
    scratch_ = new Tensor(pd->shape, dev);
  }
  ops::conv_forward(p, *delta, *K, nullptr, *scratch_);
  ops::binary(eddl::hw::BinaryOp::add, *pd, *scratch_, *pd);
}

void LConv::initialize() {
  if (init == nullptr) init = new IGlorotUniform(1234);
  init->apply(K);
  ops::fill(*bias, 0.0f);
}

void LConv::apply_regularizer() {
  if (reg != nullptr && trainable) reg->apply(K, gK);
}

std::vector<std::string> LConv::required_kernels() const {
  return {"conv_forward", "conv_backward_input", "conv_backward_weight", "reduce", "fill", "binary_map"};
}

std::vector<std::string> LConv::inference_kernels() const {
  if (transposed) return {"fill", "conv_backward_input", "binary_map"};
  return {"conv_forward"};
}

LConv1D::LConv1D(Layer* parent_layer, int filters_, const std::vector<int>& kernel_size_,
                 const std::vector<int>& strides_, const std::string& padding_, const std::vector<int>& pads_,
                 int groups_, const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name, int dev,
                 int mem)
    : LConv(parent_layer, 1, false, "Conv1D", "conv1d", filters_, kernel_size_, strides_, padding_, pads_, groups_,
            dilation_rate_, use_bias_, name, dev, mem) {}

LConv3D::LConv3D(Layer* parent_layer, int filters_, const std::vector<int>& kernel_size_,
                 const std::vector<int>& strides_, const std::string& padding_, const std::vector<int>& pads_,
                 int groups_, const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name, int dev,
                 int mem)
    : LConv(parent_layer, 3, false, "Conv3D", "conv3d", filters_, kernel_size_, strides_, padding_, pads_, groups_,
            dilation_rate_, use_bias_, name, dev, mem) {}

LConvT2D::LConvT2D(Layer* parent_layer, int filters_, const std::vector<int>& kernel_size_,
                   const std::vector<int>& strides_, const std::string& padding_, const std::vector<int>& pads_,
                   int groups_, const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name,
                   int dev, int mem)
    : LConv(parent_layer, 2, true, "ConvT2D", "convT2d", filters_, kernel_size_, strides_, padding_, pads_, groups_,
            dilation_rate_, use_bias_, name, dev, mem) {}

LConvT3D::LConvT3D(Layer* parent_layer, int filters_, const std::vector<int>& kernel_size_,
                   const std::vector<int>& strides_, const std::string& padding_, const std::vector<int>& pads_,
                   int groups_, const std::vector<int>& dilation_rate_, bool use_bias_, const std::string& name,
                   int dev, int mem)
    : LConv(parent_layer, 3, true, "ConvT3D", "convT3d", filters_, kernel_size_, strides_, padding_, pads_, groups_,
            dilation_rate_, use_bias_, name, dev, mem) {}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LConv::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConv(only_parent(parents), spatial_rank, transposed, kind_, prefix_, filters, kernel_size, strides, padding, pads, groups, dilation_rate, use_bias, name, todev, mem_level);
}

Layer* LConv1D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConv1D(only_parent(parents), filters, kernel_size, strides, padding, pads, groups, dilation_rate, use_bias, name, todev, mem_level);
}

Layer* LConv3D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConv3D(only_parent(parents), filters, kernel_size, strides, padding, pads, groups, dilation_rate, use_bias, name, todev, mem_level);
}

Layer* LConvT2D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConvT2D(only_parent(parents), filters, kernel_size, strides, padding, pads, groups, dilation_rate, use_bias, name, todev, mem_level);
}

Layer* LConvT3D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConvT3D(only_parent(parents), filters, kernel_size, strides, padding, pads, groups, dilation_rate, use_bias, name, todev, mem_level);
}
