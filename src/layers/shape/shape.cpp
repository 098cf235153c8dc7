// SPDX-License-Identifier: MIT
// Shape layers that move data without arithmetic: Select, Expand, Repeat, Tile, Pad. Forward is a
// block copy or a broadcast copy (stride-0 views); backward is the adjoint: a block add or a sum
// over the repeated axes.
#include <numeric>

#include "eddl/layers/shape/layer_shape.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "layers/shape/broadcasting.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::layers::add_into;
using eddl::layers::add_reduced;
using eddl::layers::broadcast_copy;
using eddl::layers::view_as;
using eddl::layers::with_batch;

}  // namespace

// ---- Select ----

LSelect::LSelect(Layer* parent_layer, const std::vector<std::string>& indices_, const std::string& name, int dev,
                 int mem)
    : LinLayer(eddl::layers::layer_name(name, "select_"), dev, mem), indices(indices_) {
  const std::string what = "Select " + this->name;
  const std::vector<int> in = eddl::layers::parent_shapes({parent_layer}, what)[0];
  const std::string shape_text = eddl::shape::to_string(in);
  EDDL_CHECK(indices_.size() <= in.size(),
             what << ": " << indices_.size() << " indices for input " << shape_text << " (batch excluded)");
  const eddl::shape::Block block = eddl::shape::parse_select(indices_, in, what);
  begin_.push_back(0);  // the batch axis is taken whole
  begin_.insert(begin_.end(), block.begin.begin(), block.begin.end());
  const std::vector<int>& out = block.extent;
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

void LSelect::forward() {
  input = parent[0]->output;
  eddl::ops::copy_block_from(*input, begin_, *output);
}

void LSelect::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  // pd[block] += delta, as read-add-write of the block.
  Tensor block(delta->shape, dev);
  eddl::ops::copy_block_from(*pd, begin_, block);
  eddl::ops::binary(eddl::hw::BinaryOp::add, block, *delta, block);
  eddl::ops::copy_block_into(block, begin_, *pd);
}

// ---- Expand ----

LExpand::LExpand(Layer* parent_layer, int size_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "expand"), dev, mem), size(size_) {
  const std::string what = "Expand " + this->name;
  std::vector<int> out = eddl::layers::parent_shapes({parent_layer}, what)[0];
  EDDL_CHECK(size_ >= 1, what << ": size must be positive, got " << size_ << " for input "
                              << eddl::shape::to_string(out));
  for (int& d : out) {
    if (d == 1) d = size_;
  }
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

void LExpand::forward() {
  input = parent[0]->output;
  broadcast_copy(*input, *output);
}

void LExpand::backward() {
  if (Tensor* pd = parent_delta(0)) add_reduced(*pd, *delta);
}

// ---- Repeat ----

LRepeat::LRepeat(Layer* parent_layer, const std::vector<unsigned int>& repeats_, unsigned int axis_,
                 const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "repeat"), dev, mem), repeats(repeats_), axis(axis_) {
  const std::string what = "Repeat " + this->name;
  const std::vector<int> in = eddl::layers::parent_shapes({parent_layer}, what)[0];
  const std::string shape_text = eddl::shape::to_string(in);
  EDDL_CHECK(axis_ < in.size(), what << ": axis " << axis_ << " is out of range for input " << shape_text
                                     << " (axes exclude the batch)");
  extent_ = in[axis_];
  EDDL_CHECK(repeats_.size() == 1 || repeats_.size() == static_cast<size_t>(extent_),
             what << ": " << repeats_.size() << " repeat counts for " << extent_ << " elements along axis " << axis_
                  << " of " << shape_text);
  if (repeats_.size() == 1) repeats.assign(static_cast<size_t>(extent_), repeats_[0]);
  for (size_t d = 0; d < in.size(); ++d) {
    if (d < axis_) outer_ *= in[d];
    if (d > axis_) inner_ *= in[d];
  }
  int total = 0;
  for (unsigned int r : repeats) {
    EDDL_CHECK(r <= 1u << 30, what << ": repeat count " << r << " is too large");
    offsets_.push_back(total);
    total += static_cast<int>(r);
    uniform_ = uniform_ && r == repeats[0];
  }
  EDDL_CHECK(total > 0, what << ": the repeat counts leave nothing of input " << shape_text);
  std::vector<int> out = in;
  out[axis_] = total;
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

void LRepeat::forward() {
  input = parent[0]->output;
  const int rows = batch() * outer_;
  const int total = output_shape[axis];
  if (uniform_) {
    const Tensor x = view_as(*input, {rows, extent_, 1, inner_});
    Tensor y = view_as(*output, {rows, extent_, static_cast<int>(repeats[0]), inner_});
    broadcast_copy(x, y);
    return;
  }
  const Tensor x = view_as(*input, {rows, extent_, inner_});
  Tensor y = view_as(*output, {rows, total, inner_});
  Tensor element({rows, 1, inner_}, dev);
  for (int i = 0; i < extent_; ++i) {
    const int count = static_cast<int>(repeats[static_cast<size_t>(i)]);
    if (count == 0) continue;
    Tensor copies({rows, count, inner_}, dev);
    eddl::ops::copy_block_from(x, {0, i, 0}, element);
    broadcast_copy(element, copies);
    eddl::ops::copy_block_into(copies, {0, offsets_[static_cast<size_t>(i)], 0}, y);
  }
}

void LRepeat::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  const int rows = batch() * outer_;
  const int total = output_shape[axis];
  if (uniform_) {
    Tensor p = view_as(*pd, {rows, extent_, 1, inner_});
    add_reduced(p, view_as(*delta, {rows, extent_, static_cast<int>(repeats[0]), inner_}));
    return;
  }
  const Tensor d = view_as(*delta, {rows, total, inner_});
  Tensor summed({rows, extent_, inner_}, dev);
  eddl::ops::fill(summed, 0.0f);
  Tensor element({rows, 1, inner_}, dev);
  for (int i = 0; i < extent_; ++i) {
    const int count = static_cast<int>(repeats[static_cast<size_t>(i)]);
    if (count == 0) continue;
    Tensor copies({rows, count, inner_}, dev);
    eddl::ops::copy_block_from(d, {0, offsets_[static_cast<size_t>(i)], 0}, copies);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, copies, {1}, element);
    eddl::ops::copy_block_into(element, {0, i, 0}, summed);
  }
  add_into(*pd, summed);
}

// ---- Tile ----

LTile::LTile(Layer* parent_layer, const std::vector<int>& repeats_, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "tile"), dev, mem), repeats(repeats_) {
  const std::string what = "Tile " + this->name;
  const std::vector<int> in = eddl::layers::parent_shapes({parent_layer}, what)[0];
  EDDL_CHECK(repeats_.size() == in.size(), what << ": " << repeats_.size() << " repeats "
                                                << eddl::shape::to_string(repeats_) << " for input "
                                                << eddl::shape::to_string(in)
                                                << "; give one per non-batch dimension");
  std::vector<int> out;
  for (size_t d = 0; d < in.size(); ++d) {
    EDDL_CHECK(repeats_[d] >= 1, what << ": repeats " << eddl::shape::to_string(repeats_) << " must be positive");
    out.push_back(in[d] * repeats_[d]);
    spread_in_.push_back(1);
    spread_in_.push_back(in[d]);
    spread_out_.push_back(repeats_[d]);
    spread_out_.push_back(in[d]);
  }
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

void LTile::forward() {
  input = parent[0]->output;
  Tensor y = view_as(*output, with_batch(batch(), spread_out_));
  broadcast_copy(view_as(*input, with_batch(batch(), spread_in_)), y);
}

void LTile::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  Tensor p = view_as(*pd, with_batch(batch(), spread_in_));
  add_reduced(p, view_as(*delta, with_batch(batch(), spread_out_)));
}

// ---- Pad ----

LPad::LPad(Layer* parent_layer, const std::vector<int>& padding_, float constant_, const std::string& name, int dev,
           int mem)
    : LinLayer(eddl::layers::layer_name(name, "pad"), dev, mem), constant(constant_) {
  const std::string what = "Pad " + this->name;
  std::vector<int> out = eddl::layers::parent_shapes({parent_layer}, what)[0];
  EDDL_CHECK(out.size() >= 2, what << ": input " << eddl::shape::to_string(out)
                                   << " needs at least two dimensions (the last two are padded)");
  if (padding_.size() == 1) padding.assign(4, padding_[0]);
  if (padding_.size() == 2) padding = {padding_[0], padding_[1], padding_[0], padding_[1]};
  if (padding_.size() == 4) padding = padding_;
  EDDL_CHECK(!padding.empty(), what << ": padding " << eddl::shape::to_string(padding_)
                                    << " must be {all}, {top-bottom, left-right} or {top, right, bottom, left}");
  for (int p : padding) {
    EDDL_CHECK(p >= 0, what << ": negative padding " << eddl::shape::to_string(padding_));
  }
  out[out.size() - 2] += padding[0] + padding[2];
  out[out.size() - 1] += padding[1] + padding[3];
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

namespace {
std::vector<int> pad_origin(size_t rank, const std::vector<int>& padding) {
  std::vector<int> begin(rank, 0);
  begin[rank - 2] = padding[0];
  begin[rank - 1] = padding[3];
  return begin;
}
}  // namespace

void LPad::forward() {
  input = parent[0]->output;
  eddl::ops::fill(*output, constant);
  eddl::ops::copy_block_into(*input, pad_origin(output->shape.size(), padding), *output);
}

void LPad::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  Tensor inner(pd->shape, dev);
  eddl::ops::copy_block_from(*delta, pad_origin(delta->shape.size(), padding), inner);
  eddl::ops::binary(eddl::hw::BinaryOp::add, *pd, inner, *pd);
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LSelect::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LSelect(only_parent(parents), indices, name, todev, mem_level);
}

Layer* LExpand::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LExpand(only_parent(parents), size, name, todev, mem_level);
}

Layer* LRepeat::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LRepeat(only_parent(parents), repeats, axis, name, todev, mem_level);
}

Layer* LTile::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LTile(only_parent(parents), repeats, name, todev, mem_level);
}

Layer* LPad::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LPad(only_parent(parents), padding, constant, name, todev, mem_level);
}
