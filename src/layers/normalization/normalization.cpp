// SPDX-License-Identifier: MIT
// Normalization layers. Batch, layer and group normalisation share the batch-norm kernels: a layer
// norm reads each sample as one channel of a batch of 1 ([1, N, D]) and a group norm each group of
// a sample ([1, N*G, C/G*S]); their affine part, per element or per channel, is a broadcast
// multiply-add. NormMax and NormMinMax are composed from reductions and broadcast ops.
#include "eddl/layers/normalization/layer_normalization.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/nn_normalization.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;

namespace {

// Connects `self` to `parent` and gives it the parent's shape; returns that shape.
std::vector<int> attach(Layer* self, Layer* parent_layer, const char* kind) {
  EDDL_CHECK(parent_layer != nullptr, kind << " " << self->name << ": parent layer is null");
  self->input = parent_layer->output;
  self->parent.push_back(parent_layer);
  parent_layer->addchild(self);
  return parent_layer->getShape();
}

// A scratch tensor of `shape` on `dev`, reallocated when the batch or the device changed.
Tensor& scratch(std::unique_ptr<Tensor>& t, const std::vector<int>& shape, int dev) {
  if (!t || t->shape != shape || t->device != dev) t = std::make_unique<Tensor>(shape, dev);
  return *t;
}

// Every axis but the batch.
std::vector<int> sample_axes(const Tensor& x) {
  std::vector<int> axes;
  for (int d = 1; d < x.ndim; ++d) axes.push_back(d);
  return axes;
}

// [batch, 1, 1, ...]: one value per sample, broadcastable against x.
std::vector<int> per_sample_shape(const Tensor& x) {
  std::vector<int> shape(static_cast<size_t>(x.ndim), 1);
  shape[0] = x.shape[0];
  return shape;
}

}  // namespace

// ---- BatchNormalization --------------------------------------------------------------------------

LBatchNorm::LBatchNorm(Layer* parent_layer, float momentum_, float epsilon_, bool affine_, const std::string& name,
                       int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "batchnorm"), dev, mem),
      momentum(momentum_),
      epsilon(epsilon_),
      affine(affine_) {
  const std::vector<int> shape = attach(this, parent_layer, "BatchNormalization");
  EDDL_CHECK(shape.size() >= 1 && shape.size() <= 4,
             "BatchNormalization " << this->name << ": input " << parent_layer->name << " has shape "
                                   << eddl::shape::to_string(shape)
                                   << "; expected [C], [C, L], [C, H, W] or [C, D, H, W] (batch excluded)");
  EDDL_CHECK(epsilon_ > 0.0f && momentum_ >= 0.0f && momentum_ <= 1.0f,
             "BatchNormalization " << this->name << ": epsilon " << epsilon_ << " must be positive and momentum "
                                   << momentum_ << " in [0, 1]");
  set_output_shape(shape);
  const int channels = shape[0];
  // Params with gradients first: optimizers pair params[i] with gradients[i].
  if (affine) {
    bn_g = add_param({channels});
    gbn_g = gradients.back();
    bn_b = add_param({channels});
    gbn_b = gradients.back();
  }
  mean = add_param({channels}, false);
  variance = add_param({channels}, false);
  initialize();
}

void LBatchNorm::initialize() {
  if (affine) {
    eddl::ops::fill(*bn_g, 1.0f);
    eddl::ops::fill(*bn_b, 0.0f);
  }
  eddl::ops::fill(*mean, 0.0f);
  eddl::ops::fill(*variance, 1.0f);
}

void LBatchNorm::forward() {
  input = parent[0]->output;
  const eddl::ops::NormLayout layout = eddl::ops::channel_layout(*input);
  const eddl::hw::BatchNormParams p{epsilon, momentum, true};
  if (mode == TRMODE) {
    Tensor& bm = scratch(batch_mean_, {static_cast<int>(layout[1])}, input->device);
    Tensor& bi = scratch(batch_invstd_, {static_cast<int>(layout[1])}, input->device);
    eddl::ops::batchnorm_forward_train(p, layout, *input, bn_g, bn_b, *output, bm, bi, mean, variance);
  } else {
    eddl::ops::batchnorm_forward_inference(p, layout, *input, bn_g, bn_b, *mean, *variance, *output);
  }
}

void LBatchNorm::backward() {
  input = parent[0]->output;
  const eddl::ops::NormLayout layout = eddl::ops::channel_layout(*input);
  eddl::hw::BatchNormParams p{epsilon, momentum, mode == TRMODE};
  Tensor& bm = scratch(batch_mean_, {static_cast<int>(layout[1])}, input->device);
  Tensor& bi = scratch(batch_invstd_, {static_cast<int>(layout[1])}, input->device);
  if (mode != TRMODE) {
    // Inference normalised with the running stats: they are constants of the backward pass.
    eddl::ops::copy(*mean, bm);
    eddl::ops::unary(UnaryOp::add_scalar, *variance, bi, epsilon);
    eddl::ops::unary(UnaryOp::rsqrt, bi, bi);
  }
  const bool grads = affine && trainable;
  eddl::ops::batchnorm_backward(p, layout, *input, bn_g, *delta, bm, bi, parent_delta(0), grads ? gbn_g : nullptr,
                                grads ? gbn_b : nullptr);
}

std::vector<std::string> LBatchNorm::required_kernels() const {
  return {"batchnorm_forward_train", "batchnorm_forward_inference", "batchnorm_backward", "fill", "copy_strided",
          "unary_map"};
}

std::vector<std::string> LBatchNorm::inference_kernels() const { return {"batchnorm_forward_inference"}; }

// ---- LayerNormalization and Norm -----------------------------------------------------------------

LLayerNorm::LLayerNorm(Layer* parent_layer, float epsilon_, bool affine_, const std::string& name, int dev, int mem)
    : LLayerNorm(parent_layer, epsilon_, affine_, name, "layernorm", dev, mem) {}

LLayerNorm::LLayerNorm(Layer* parent_layer, float epsilon_, bool affine_, const std::string& name,
                       const std::string& prefix, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, prefix), dev, mem), epsilon(epsilon_), affine(affine_), prefix_(prefix) {
  const std::vector<int> shape = attach(this, parent_layer, "LayerNormalization");
  EDDL_CHECK(!shape.empty(), "LayerNormalization " << this->name << ": input " << parent_layer->name
                                                   << " has no values per sample");
  EDDL_CHECK(epsilon_ > 0.0f, "LayerNormalization " << this->name << ": epsilon " << epsilon_ << " must be positive");
  set_output_shape(shape);
  if (affine) {
    bn_g = add_param(shape);
    gbn_g = gradients.back();
    bn_b = add_param(shape);
    gbn_b = gradients.back();
  }
  initialize();
}

void LLayerNorm::initialize() {
  if (!affine) return;
  eddl::ops::fill(*bn_g, 1.0f);
  eddl::ops::fill(*bn_b, 0.0f);
}

void LLayerNorm::forward() {
  input = parent[0]->output;
  const int batch_size = input->shape[0];
  const eddl::ops::NormLayout layout{1, batch_size, static_cast<int64_t>(input->size) / batch_size};
  Tensor& m = scratch(mean_, {batch_size}, input->device);
  Tensor& s = scratch(invstd_, {batch_size}, input->device);
  Tensor& normalised = affine ? scratch(xhat_, input->shape, input->device) : *output;
  eddl::ops::batchnorm_forward_train({epsilon, 0.0f, true}, layout, *input, nullptr, nullptr, normalised, m, s,
                                     nullptr, nullptr);
  if (affine) {
    eddl::ops::binary(BinaryOp::mult, normalised, *bn_g, *output);
    eddl::ops::binary(BinaryOp::add, *output, *bn_b, *output);
  }
}

void LLayerNorm::backward() {
  input = parent[0]->output;
  const int batch_size = input->shape[0];
  const eddl::ops::NormLayout layout{1, batch_size, static_cast<int64_t>(input->size) / batch_size};
  Tensor* pd = parent_delta(0);
  const Tensor* dxhat = delta;
  Tensor scaled(delta->shape, input->device);
  if (affine) {
    if (trainable) {
      eddl::ops::binary(BinaryOp::mult, *delta, *xhat_, scaled);
      eddl::ops::reduce(ReduceOp::sum, scaled, {0}, *gbn_g, 1.0f);
      eddl::ops::reduce(ReduceOp::sum, *delta, {0}, *gbn_b, 1.0f);
    }
    eddl::ops::binary(BinaryOp::mult, *delta, *bn_g, scaled);
    dxhat = &scaled;
  }
  if (pd == nullptr) return;
  eddl::ops::batchnorm_backward({epsilon, 0.0f, true}, layout, *input, nullptr, *dxhat, *mean_, *invstd_, pd, nullptr,
                                nullptr);
}

std::vector<std::string> LLayerNorm::required_kernels() const {
  return {"batchnorm_forward_train", "batchnorm_backward", "binary_map", "reduce", "fill"};
}

LNorm::LNorm(Layer* parent_layer, float epsilon_, const std::string& name, int dev, int mem)
    : LLayerNorm(parent_layer, epsilon_, false, name, "norm", dev, mem) {}

// ---- GroupNormalization --------------------------------------------------------------------------

LGroupNorm::LGroupNorm(Layer* parent_layer, int groups_, float epsilon_, bool affine_, const std::string& name,
                       int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "groupnorm"), dev, mem),
      groups(groups_),
      epsilon(epsilon_),
      affine(affine_) {
  const std::vector<int> shape = attach(this, parent_layer, "GroupNormalization");
  EDDL_CHECK(!shape.empty() && groups_ > 0 && shape[0] % groups_ == 0,
             "GroupNormalization " << this->name << ": " << groups_ << " groups must divide the channels of input "
                                   << parent_layer->name << " " << eddl::shape::to_string(shape));
  EDDL_CHECK(epsilon_ > 0.0f, "GroupNormalization " << this->name << ": epsilon " << epsilon_ << " must be positive");
  set_output_shape(shape);
  if (affine) {
    bn_g = add_param({shape[0]});
    gbn_g = gradients.back();
    bn_b = add_param({shape[0]});
    gbn_b = gradients.back();
  }
  initialize();
}

void LGroupNorm::initialize() {
  if (!affine) return;
  eddl::ops::fill(*bn_g, 1.0f);
  eddl::ops::fill(*bn_b, 0.0f);
}

namespace {
// x as [N, C, S], and the per-channel parameters as [C, 1], for the broadcast affine part.
std::vector<int> as_ncs(const Tensor& x) {
  return {x.shape[0], x.shape[1], static_cast<int>(x.size / (static_cast<size_t>(x.shape[0]) * x.shape[1]))};
}
}  // namespace

void LGroupNorm::forward() {
  input = parent[0]->output;
  const int n = input->shape[0];
  const eddl::ops::NormLayout layout{1, static_cast<int64_t>(n) * groups,
                                     static_cast<int64_t>(input->size) / (static_cast<int64_t>(n) * groups)};
  Tensor& m = scratch(mean_, {n * groups}, input->device);
  Tensor& s = scratch(invstd_, {n * groups}, input->device);
  Tensor& normalised = affine ? scratch(xhat_, input->shape, input->device) : *output;
  eddl::ops::batchnorm_forward_train({epsilon, 0.0f, true}, layout, *input, nullptr, nullptr, normalised, m, s,
                                     nullptr, nullptr);
  if (affine) {
    const std::vector<int> ncs = as_ncs(*input);
    Tensor out3(ncs, output), xhat3(ncs, &normalised), gamma2({ncs[1], 1}, bn_g), beta2({ncs[1], 1}, bn_b);
    eddl::ops::binary(BinaryOp::mult, xhat3, gamma2, out3);
    eddl::ops::binary(BinaryOp::add, out3, beta2, out3);
  }
}

void LGroupNorm::backward() {
  input = parent[0]->output;
  const int n = input->shape[0];
  const eddl::ops::NormLayout layout{1, static_cast<int64_t>(n) * groups,
                                     static_cast<int64_t>(input->size) / (static_cast<int64_t>(n) * groups)};
  Tensor* pd = parent_delta(0);
  const std::vector<int> ncs = as_ncs(*input);
  Tensor scaled(ncs, input->device);
  Tensor dy3(ncs, delta);
  const Tensor* dxhat = delta;
  if (affine) {
    if (trainable) {
      Tensor xhat3(ncs, xhat_.get());
      eddl::ops::binary(BinaryOp::mult, dy3, xhat3, scaled);
      eddl::ops::reduce(ReduceOp::sum, scaled, {0, 2}, *gbn_g, 1.0f);
      eddl::ops::reduce(ReduceOp::sum, dy3, {0, 2}, *gbn_b, 1.0f);
    }
    Tensor gamma2({ncs[1], 1}, bn_g);
    eddl::ops::binary(BinaryOp::mult, dy3, gamma2, scaled);
    dxhat = &scaled;
  }
  if (pd == nullptr) return;
  eddl::ops::batchnorm_backward({epsilon, 0.0f, true}, layout, *input, nullptr, *dxhat, *mean_, *invstd_, pd, nullptr,
                                nullptr);
}

std::vector<std::string> LGroupNorm::required_kernels() const {
  return {"batchnorm_forward_train", "batchnorm_backward", "binary_map", "reduce", "fill"};
}

// ---- NormMax and NormMinMax ----------------------------------------------------------------------

LNormMax::LNormMax(Layer* parent_layer, float epsilon_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "normmax"), dev, mem), epsilon(epsilon_) {
  const std::vector<int> shape = attach(this, parent_layer, "NormMax");
  EDDL_CHECK(!shape.empty(), "NormMax " << this->name << ": input " << parent_layer->name << " has no values per sample");
  set_output_shape(shape);
}

void LNormMax::forward() {
  input = parent[0]->output;
  Tensor& mx = scratch(max_, per_sample_shape(*input), input->device);
  Tensor& den = scratch(denominator_, per_sample_shape(*input), input->device);
  eddl::ops::reduce(ReduceOp::max, *input, sample_axes(*input), mx);
  eddl::ops::unary(UnaryOp::add_scalar, mx, den, epsilon);
  eddl::ops::binary(BinaryOp::div, *input, den, *output);
}

void LNormMax::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  input = parent[0]->output;
  // y = x / d with d = max + eps: dx = dy / d, plus -sum(dy * y) / d at the maximum.
  Tensor tmp(delta->shape, input->device), through_max(denominator_->shape, input->device);
  eddl::ops::binary(BinaryOp::div, *delta, *denominator_, tmp);
  eddl::ops::binary(BinaryOp::add, *pd, tmp, *pd);
  eddl::ops::binary(BinaryOp::mult, *delta, *output, tmp);
  eddl::ops::reduce(ReduceOp::sum, tmp, sample_axes(tmp), through_max);
  eddl::ops::binary(BinaryOp::div, through_max, *denominator_, through_max, -1.0f, 1.0f);
  eddl::ops::binary(BinaryOp::equal, *input, *max_, tmp);
  eddl::ops::binary(BinaryOp::mult, tmp, through_max, tmp);
  eddl::ops::binary(BinaryOp::add, *pd, tmp, *pd);
}

std::vector<std::string> LNormMax::required_kernels() const { return {"reduce", "unary_map", "binary_map"}; }

LNormMinMax::LNormMinMax(Layer* parent_layer, float epsilon_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "normminmax"), dev, mem), epsilon(epsilon_) {
  const std::vector<int> shape = attach(this, parent_layer, "NormMinMax");
  EDDL_CHECK(!shape.empty(),
             "NormMinMax " << this->name << ": input " << parent_layer->name << " has no values per sample");
  set_output_shape(shape);
}

void LNormMinMax::forward() {
  input = parent[0]->output;
  const std::vector<int> stat = per_sample_shape(*input);
  Tensor& mx = scratch(max_, stat, input->device);
  Tensor& mn = scratch(min_, stat, input->device);
  Tensor& den = scratch(denominator_, stat, input->device);
  eddl::ops::reduce(ReduceOp::max, *input, sample_axes(*input), mx);
  eddl::ops::reduce(ReduceOp::min, *input, sample_axes(*input), mn);
  eddl::ops::binary(BinaryOp::sub, mx, mn, den);
  eddl::ops::unary(UnaryOp::add_scalar, den, den, epsilon);
  eddl::ops::binary(BinaryOp::sub, *input, mn, *output);
  eddl::ops::binary(BinaryOp::div, *output, den, *output);
}

void LNormMinMax::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  input = parent[0]->output;
  // y = (x - mn) / d, d = mx - mn + eps. dL/dmx = -sum(dy*y)/d; dL/dmn = -sum(dy)/d - dL/dmx.
  const std::vector<int> axes = sample_axes(*input);
  Tensor tmp(delta->shape, input->device), d_max(denominator_->shape, input->device),
      d_min(denominator_->shape, input->device);
  eddl::ops::binary(BinaryOp::div, *delta, *denominator_, tmp);
  eddl::ops::binary(BinaryOp::add, *pd, tmp, *pd);
  eddl::ops::binary(BinaryOp::mult, *delta, *output, tmp);
  eddl::ops::reduce(ReduceOp::sum, tmp, axes, d_max);
  eddl::ops::binary(BinaryOp::div, d_max, *denominator_, d_max, -1.0f, 1.0f);
  eddl::ops::reduce(ReduceOp::sum, *delta, axes, d_min);
  eddl::ops::binary(BinaryOp::div, d_min, *denominator_, d_min, -1.0f, 1.0f);
  eddl::ops::binary(BinaryOp::sub, d_min, d_max, d_min);
  eddl::ops::binary(BinaryOp::equal, *input, *max_, tmp);
  eddl::ops::binary(BinaryOp::mult, tmp, d_max, tmp);
  eddl::ops::binary(BinaryOp::add, *pd, tmp, *pd);
  eddl::ops::binary(BinaryOp::equal, *input, *min_, tmp);
  eddl::ops::binary(BinaryOp::mult, tmp, d_min, tmp);
  eddl::ops::binary(BinaryOp::add, *pd, tmp, *pd);
}

std::vector<std::string> LNormMinMax::required_kernels() const { return {"reduce", "unary_map", "binary_map"}; }

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LBatchNorm::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LBatchNorm(only_parent(parents), momentum, epsilon, affine, name, todev, mem_level);
}

Layer* LLayerNorm::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LLayerNorm(only_parent(parents), epsilon, affine, name, prefix_, todev, mem_level);
}

Layer* LNorm::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LNorm(only_parent(parents), epsilon, name, todev, mem_level);
}

Layer* LGroupNorm::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LGroupNorm(only_parent(parents), groups, epsilon, affine, name, todev, mem_level);
}

Layer* LNormMax::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LNormMax(only_parent(parents), epsilon, name, todev, mem_level);
}

Layer* LNormMinMax::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LNormMinMax(only_parent(parents), epsilon, name, todev, mem_level);
}
