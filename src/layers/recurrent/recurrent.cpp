// SPDX-License-Identifier: MIT
// The sequence plumbing shared by RNN, LSTM and GRU (LRecurrent), the States and GetStates layers,
// and the packing helpers of recurrent_util.h.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::layers::recurrent {

void ensure(Tensor*& t, const std::vector<int>& shape, int dev) {
  if (t != nullptr && t->shape == shape && t->device == dev) return;
  delete t;
  t = new Tensor(shape, dev);
}

namespace {
std::vector<int> column_begin(const Tensor& fused, int column) {
  std::vector<int> begin(static_cast<size_t>(fused.ndim), 0);
  begin.back() = column;
  return begin;
}
}  // namespace

void pack_columns(const std::vector<Tensor*>& parts, Tensor& fused) {
  int column = 0;
  for (Tensor* p : parts) {
    ops::copy_block_into(*p, column_begin(fused, column), fused);
    column += p->shape.back();
  }
}

void add_columns(const Tensor& fused, const std::vector<Tensor*>& parts) {
  int column = 0;
  for (Tensor* p : parts) {
    Tensor block(p->shape, p->device);
    ops::copy_block_from(fused, column_begin(fused, column), block);
    ops::binary(hw::BinaryOp::add, *p, block, *p);
    column += p->shape.back();
  }
}

void shift_states(const Tensor& h0, const Tensor& h, Tensor& prev) {
  const int B = h.shape[0], T = h.shape[1], U = h.shape[2];
  Tensor first({B, 1, U}, const_cast<Tensor*>(&h0));
  ops::copy_block_into(first, {0, 0, 0}, prev);
  if (T > 1) {
    Tensor earlier({B, T - 1, U}, h.device);
    ops::copy_block_from(h, {0, 0, 0}, earlier);
    ops::copy_block_into(earlier, {0, 1, 0}, prev);
  }
}

}  // namespace eddl::layers::recurrent

using eddl::layers::recurrent::ensure;

LRecurrent::LRecurrent(const std::vector<Layer*>& parents, int units_, bool mask_zeros_, bool bidirectional_,
                       const std::string& name, const std::string& kind, int dev, int mem)
    : MLayer(eddl::layers::layer_name(name, kind), dev, mem),
      units(units_),
      mask_zeros(mask_zeros_),
      bidirectional(bidirectional_) {
  EDDL_CHECK(!parents.empty() && parents.size() <= 2 && parents[0] != nullptr,
             kind << " " << this->name << ": needs a parent (and optionally a states parent), got " << parents.size());
  EDDL_CHECK(units_ > 0, kind << " " << this->name << ": units must be positive, got " << units_);
  EDDL_CHECK_AS(eddl::NotSupportedError, !bidirectional_,
                kind << " " << this->name
                     << ": bidirectional recurrent layers are not supported (EDDL accepts the flag but ignores it); "
                        "build two layers over the sequence and its reverse instead");
  const std::vector<int> in_shape = parents[0]->getShape();
  EDDL_CHECK(!in_shape.empty(), kind << " " << this->name << ": input " << parents[0]->name << " has no features");
  in_features = static_cast<int>(eddl::shape::checked_numel(in_shape));
  for (Layer* p : parents) {
    EDDL_CHECK(p != nullptr, kind << " " << this->name << ": null parent");
    parent.push_back(p);
    p->addchild(this);
  }
  input = parents[0]->output;
  isrecurrent = true;
  set_output_shape({units_});
}

LRecurrent::~LRecurrent() {
  for (Tensor* t : {mask, h_seq, c_seq, h0, c0, dh_seq}) delete t;
  for (Tensor* t : d_final) delete t;
}

const Tensor& LRecurrent::final_state(int s) const {
  EDDL_CHECK(s >= 0 && s < num_states() && h_seq != nullptr,
             name << ": no final state " << s << " (run forward first; " << num_states() << " states)");
  return s == 0 ? *h_seq : *c_seq;
}

void LRecurrent::begin_forward() {
  const Tensor* x = parent[0]->output;
  const int B = x->shape[0];
  steps = static_cast<int>(x->size / (static_cast<size_t>(B) * static_cast<size_t>(in_features)));
  EDDL_CHECK(static_cast<size_t>(B) * static_cast<size_t>(steps) * static_cast<size_t>(in_features) == x->size,
             name << ": input " << eddl::shape::to_string(x->shape) << " is not [batch, steps, " << in_features << "]");
  ensure(h_seq, {B, steps, units}, dev);
  if (num_states() > 1) ensure(c_seq, {B, steps, units}, dev);
  ensure(h0, {B, units}, dev);
  if (num_states() > 1) ensure(c0, {B, units}, dev);
  if (parent.size() > 1) {
    // Initial states from the states parent: [B, num_states, units] (States or GetStates).
    const Tensor* s = parent[1]->output;
    EDDL_CHECK(static_cast<int>(s->size) == B * num_states() * units,
               name << ": initial states " << eddl::shape::to_string(s->shape) << " are not [" << B << ", "
                    << num_states() << ", " << units << "]");
    Tensor states({B, num_states(), units}, const_cast<Tensor*>(s));
    Tensor h0_3({B, 1, units}, h0);
    eddl::ops::copy_block_from(states, {0, 0, 0}, h0_3);
    if (num_states() > 1) {
      Tensor c0_3({B, 1, units}, c0);
      eddl::ops::copy_block_from(states, {0, 1, 0}, c0_3);
    }
  } else {
    eddl::ops::fill(*h0, 0.0f);
    if (c0 != nullptr) eddl::ops::fill(*c0, 0.0f);
  }
  if (mask_zeros) {
    // A step whose input is all zeros (padding, or Embedding's index 0) leaves the state unchanged.
    ensure(mask, {B, steps}, dev);
    Tensor x3({B, steps, in_features}, const_cast<Tensor*>(x));
    eddl::ops::reduce(eddl::hw::ReduceOp::sum_abs, x3, {2}, *mask);
    eddl::ops::unary(eddl::hw::UnaryOp::not_equal_scalar, *mask, *mask, 0.0f);
  }
}

void LRecurrent::end_forward() {
  if (returns_sequence()) {
    eddl::ops::copy(*h_seq, *output);
  } else {
    Tensor last({output->shape[0], 1, units}, output);
    eddl::ops::copy_block_from(*h_seq, {0, steps - 1, 0}, last);
  }
}

const Tensor* LRecurrent::begin_backward() {
  const int B = h_seq->shape[0];
  ensure(dh_seq, {B, steps, units}, dev);
  Tensor last_step({B, units}, dev);
  if (returns_sequence()) {
    eddl::ops::copy(*delta, *dh_seq);
    Tensor last3({B, 1, units}, &last_step);
    eddl::ops::copy_block_from(*dh_seq, {0, steps - 1, 0}, last3);
  } else {
    eddl::ops::fill(*dh_seq, 0.0f);
    eddl::ops::copy(*delta, last_step);
  }
  if (!d_final.empty() && d_final[0] != nullptr) {
    eddl::ops::binary(eddl::hw::BinaryOp::add, last_step, *d_final[0], last_step);
    eddl::ops::fill(*d_final[0], 0.0f);
  }
  Tensor last3({B, 1, units}, &last_step);
  eddl::ops::copy_block_into(last3, {0, steps - 1, 0}, *dh_seq);
  if (d_final.size() > 1 && d_final[1] != nullptr) return d_final[1];
  return nullptr;
}

void LRecurrent::end_backward(const Tensor& dh0, const Tensor* dc0) {
  if (d_final.size() > 1 && d_final[1] != nullptr) eddl::ops::fill(*d_final[1], 0.0f);
  if (parent.size() < 2) return;
  Tensor* pd = parent_delta(1);
  if (pd == nullptr) return;
  const int B = dh0.shape[0];
  Tensor states({B, num_states(), units}, dev);
  Tensor h3({B, 1, units}, const_cast<Tensor*>(&dh0));
  eddl::ops::copy_block_into(h3, {0, 0, 0}, states);
  if (dc0 != nullptr) {
    Tensor c3({B, 1, units}, const_cast<Tensor*>(dc0));
    eddl::ops::copy_block_into(c3, {0, 1, 0}, states);
  }
  Tensor pd3({B, num_states(), units}, pd);
  eddl::ops::binary(eddl::hw::BinaryOp::add, pd3, states, pd3);
}

// ---- States ----

LStates::LStates(const std::vector<int>& shape, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "State"), dev, mem) {
  EDDL_CHECK(shape.size() == 2 && shape[0] > 0 && shape[1] > 0,
             "States " << this->name << ": shape must be {num_states, dim}, got " << eddl::shape::to_string(shape));
  set_output_shape(shape);
}

// ---- GetStates ----

LGetStates::LGetStates(Layer* parent_layer, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, "CopyState"), dev, mem) {
  auto* r = dynamic_cast<LRecurrent*>(parent_layer);
  EDDL_CHECK(r != nullptr, "GetStates " << this->name << ": parent must be an RNN, LSTM or GRU layer, got "
                                        << (parent_layer ? parent_layer->name : std::string("null")));
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  input = parent_layer->output;
  set_output_shape({r->num_states(), r->units});
}

void LGetStates::forward() {
  auto* r = static_cast<LRecurrent*>(parent[0]);
  const int B = output->shape[0];
  const int T = r->final_state(0).shape[1];
  for (int s = 0; s < r->num_states(); ++s) {
    Tensor slot({B, 1, r->units}, dev);
    eddl::ops::copy_block_from(r->final_state(s), {0, T - 1, 0}, slot);
    eddl::ops::copy_block_into(slot, {0, s, 0}, *output);
  }
}

void LGetStates::backward() {
  auto* r = static_cast<LRecurrent*>(parent[0]);
  const int B = output->shape[0];
  r->d_final.resize(static_cast<size_t>(r->num_states()), nullptr);
  for (int s = 0; s < r->num_states(); ++s) {
    Tensor*& d = r->d_final[static_cast<size_t>(s)];
    if (d == nullptr || d->shape != std::vector<int>{B, r->units}) {
      delete d;
      d = new Tensor({B, r->units}, dev);
      eddl::ops::fill(*d, 0.0f);
    }
    Tensor slot({B, 1, r->units}, dev);
    eddl::ops::copy_block_from(*delta, {0, s, 0}, slot);
    Tensor flat({B, r->units}, &slot);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *d, flat, *d);
  }
  parent_delta(0);  // the recurrent layer must run its backward even when GetStates is its only child
}
