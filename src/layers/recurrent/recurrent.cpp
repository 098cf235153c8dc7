// SPDX-License-Identifier: MIT
// The sequence plumbing shared by RNN, LSTM and GRU (LRecurrent), the States and GetStates layers,
// and the packing helpers of recurrent_util.h.
#include <memory>

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

using eddl::layers::recurrent::add_columns;
using eddl::layers::recurrent::ensure;
using eddl::layers::recurrent::pack_columns;
using eddl::layers::recurrent::shift_states;

LRecurrent::LRecurrent(const std::vector<Layer*>& parents, int units_, bool mask_zeros_, bool bidirectional_,
                       const std::string& name, const std::string& kind, int dev, int mem)
    : MLayer(eddl::layers::layer_name(name, kind), dev, mem),
      units(units_),
      mask_zeros(mask_zeros_),
      bidirectional(bidirectional_) {
  EDDL_CHECK(!parents.empty() && parents.size() <= 2 && parents[0] != nullptr,
             kind << " " << this->name << ": needs a parent (and optionally a states parent), got " << parents.size());
  EDDL_CHECK(units_ > 0, kind << " " << this->name << ": units must be positive, got " << units_);
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
  set_output_shape({directions() * units_});
}

LRecurrent::~LRecurrent() {
  for (Pass& p : pass) {
    for (Tensor* t : {p.h_seq, p.c_seq, p.h0, p.c0, p.dh_seq, p.dc_last, p.dh0, p.dc0, p.mask}) delete t;
  }
  for (int d = 0; d < 2; ++d) {
    for (Tensor* t : {xw[d], wx_packed[d], wh_packed[d], bias_packed[d]}) delete t;
  }
  delete x_reversed;
  delete dx_reversed;
  for (Tensor* t : d_final) delete t;
}

void LRecurrent::add_reverse_params() {
  per_direction = static_cast<int>(params.size());
  if (!bidirectional) return;
  for (int i = 0; i < per_direction; ++i) add_param(params[static_cast<size_t>(i)]->shape);
}

const Tensor& LRecurrent::final_state(int s, int d) const {
  EDDL_CHECK(s >= 0 && s < num_states() && d >= 0 && d < directions() && pass[d].h_seq != nullptr,
             name << ": no final state " << s << " of direction " << d << " (run forward first; " << num_states()
                  << " states, " << directions() << " directions)");
  return s == 0 ? *pass[d].h_seq : *pass[d].c_seq;
}

void LRecurrent::project_input(int d, const Tensor& x, int gates) {
  ensure(wx_packed[d], {in_features, gates * units}, dev);
  ensure(wh_packed[d], {units, gates * units}, dev);
  ensure(bias_packed[d], {gates * units}, dev);
  std::vector<Tensor*> wx, wh, bias;
  for (int g = 0; g < gates; ++g) {
    wx.push_back(param(d, g));
    wh.push_back(param(d, gates + g));
    bias.push_back(param(d, 2 * gates + g));
  }
  pack_columns(wx, *wx_packed[d]);
  pack_columns(wh, *wh_packed[d]);
  pack_columns(bias, *bias_packed[d]);
  ensure(xw[d], {x.shape[0], steps, gates * units}, dev);
  eddl::ops::gemm_bias_activation(x, *wx_packed[d], bias_packed[d], eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw[d]);
}

void LRecurrent::add_gate_gradients(int d, const Tensor& x, const Tensor& dxw, const Tensor& dhw, int gates,
                                    Tensor* dx) {
  if (trainable) {
    std::vector<Tensor*> gwx_parts, gwh_parts, gb_parts;
    for (int g = 0; g < gates; ++g) {
      gwx_parts.push_back(grad(d, g));
      gwh_parts.push_back(grad(d, gates + g));
      gb_parts.push_back(grad(d, 2 * gates + g));
    }
    Tensor gwx({in_features, gates * units}, dev);
    eddl::ops::gemm(x, true, dxw, false, gwx);
    add_columns(gwx, gwx_parts);
    Tensor prev({x.shape[0], steps, units}, dev);
    shift_states(*pass[d].h0, *pass[d].h_seq, prev);
    Tensor gwh({units, gates * units}, dev);
    eddl::ops::gemm(prev, true, dhw, false, gwh);
    add_columns(gwh, gwh_parts);
    Tensor gb({gates * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, dxw, {0, 1}, gb);
    add_columns(gb, gb_parts);
  }
  if (dx != nullptr) eddl::ops::gemm(dxw, false, *wx_packed[d], true, *dx, 1.0f, 1.0f);  // dx += dxw Wx^T
}

void LRecurrent::forward() {
  begin_forward();
  const int B = parent[0]->output->shape[0];
  const Tensor x({B, steps, in_features}, parent[0]->output);
  forward_pass(0, x);
  if (bidirectional) forward_pass(1, *x_reversed);
  end_forward();
}

void LRecurrent::backward() {
  begin_backward();
  const int B = pass[0].h_seq->shape[0];
  const Tensor x({B, steps, in_features}, parent[0]->output);
  Tensor* pd = parent_delta(0);
  std::unique_ptr<Tensor> dx;
  if (pd != nullptr) dx = std::make_unique<Tensor>(std::vector<int>{B, steps, in_features}, pd);
  for (int d = 0; d < directions(); ++d) {
    ensure(pass[d].dh0, {B, units}, dev);
    eddl::ops::fill(*pass[d].dh0, 0.0f);
    if (num_states() > 1) {
      ensure(pass[d].dc0, {B, units}, dev);
      eddl::ops::fill(*pass[d].dc0, 0.0f);
    }
  }
  const bool has_dc_last = d_final.size() > 1 && d_final[1] != nullptr;
  backward_pass(0, x, dx.get(), has_dc_last ? pass[0].dc_last : nullptr);
  if (bidirectional) {
    // The reverse pass reads x backwards in time, so its input gradient comes out reversed too.
    if (dx) {
      ensure(dx_reversed, {B, steps, in_features}, dev);
      eddl::ops::fill(*dx_reversed, 0.0f);
    }
    backward_pass(1, *x_reversed, dx ? dx_reversed : nullptr, has_dc_last ? pass[1].dc_last : nullptr);
    if (dx) {
      Tensor forward_order({B, steps, in_features}, dev);
      eddl::ops::reverse_axis(*dx_reversed, 1, forward_order);
      eddl::ops::binary(eddl::hw::BinaryOp::add, *dx, forward_order, *dx);
    }
  }
  end_backward();
}

void LRecurrent::begin_forward() {
  const Tensor* x = parent[0]->output;
  const int B = x->shape[0];
  steps = static_cast<int>(x->size / (static_cast<size_t>(B) * static_cast<size_t>(in_features)));
  EDDL_CHECK(static_cast<size_t>(B) * static_cast<size_t>(steps) * static_cast<size_t>(in_features) == x->size,
             name << ": input " << eddl::shape::to_string(x->shape) << " is not [batch, steps, " << in_features << "]");
  const int D = directions();
  for (int d = 0; d < D; ++d) {
    ensure(pass[d].h_seq, {B, steps, units}, dev);
    ensure(pass[d].h0, {B, units}, dev);
    if (num_states() > 1) {
      ensure(pass[d].c_seq, {B, steps, units}, dev);
      ensure(pass[d].c0, {B, units}, dev);
    }
  }
  if (parent.size() > 1) {
    // Initial states from the states parent: [B, num_states, directions * units] (States or GetStates).
    const Tensor* s = parent[1]->output;
    EDDL_CHECK(static_cast<int64_t>(s->size) == static_cast<int64_t>(B) * num_states() * D * units,
               name << ": initial states " << eddl::shape::to_string(s->shape) << " are not [" << B << ", "
                    << num_states() << ", " << D * units << "]");
    const Tensor states({B, num_states(), D * units}, const_cast<Tensor*>(s));
    for (int d = 0; d < D; ++d) {
      Tensor h0_3({B, 1, units}, pass[d].h0);
      eddl::ops::copy_block_from(states, {0, 0, d * units}, h0_3);
      if (num_states() > 1) {
        Tensor c0_3({B, 1, units}, pass[d].c0);
        eddl::ops::copy_block_from(states, {0, 1, d * units}, c0_3);
      }
    }
  } else {
    for (int d = 0; d < D; ++d) {
      eddl::ops::fill(*pass[d].h0, 0.0f);
      if (pass[d].c0 != nullptr) eddl::ops::fill(*pass[d].c0, 0.0f);
    }
  }
  const Tensor x3({B, steps, in_features}, const_cast<Tensor*>(x));
  if (bidirectional) {
    ensure(x_reversed, {B, steps, in_features}, dev);
    eddl::ops::reverse_axis(x3, 1, *x_reversed);
  }
  if (mask_zeros) {
    // A step whose input is all zeros (padding, or Embedding's index 0) leaves the state unchanged.
    for (int d = 0; d < D; ++d) {
      ensure(pass[d].mask, {B, steps}, dev);
      eddl::ops::reduce(eddl::hw::ReduceOp::sum_abs, d == 0 ? x3 : *x_reversed, {2}, *pass[d].mask);
      eddl::ops::unary(eddl::hw::UnaryOp::not_equal_scalar, *pass[d].mask, *pass[d].mask, 0.0f);
    }
  }
}

void LRecurrent::end_forward() {
  const int B = output->shape[0];
  const int D = directions();
  if (!bidirectional) {
    if (returns_sequence()) {
      eddl::ops::copy(*pass[0].h_seq, *output);
    } else {
      Tensor last({B, 1, units}, output);
      eddl::ops::copy_block_from(*pass[0].h_seq, {0, steps - 1, 0}, last);
    }
    return;
  }
  if (returns_sequence()) {
    // Step t of the output pairs the forward state after step t with the reverse state after it
    // read step t, which the reverse pass stored at its own step steps-1-t.
    Tensor out3({B, steps, D * units}, output);
    eddl::ops::copy_block_into(*pass[0].h_seq, {0, 0, 0}, out3);
    Tensor forward_order({B, steps, units}, dev);
    eddl::ops::reverse_axis(*pass[1].h_seq, 1, forward_order);
    eddl::ops::copy_block_into(forward_order, {0, 0, units}, out3);
  } else {
    Tensor out3({B, 1, D * units}, output);
    Tensor last({B, 1, units}, dev);
    for (int d = 0; d < D; ++d) {
      eddl::ops::copy_block_from(*pass[d].h_seq, {0, steps - 1, 0}, last);
      eddl::ops::copy_block_into(last, {0, 0, d * units}, out3);
    }
  }
}

void LRecurrent::begin_backward() {
  const int B = pass[0].h_seq->shape[0];
  const int D = directions();
  for (int d = 0; d < D; ++d) ensure(pass[d].dh_seq, {B, steps, units}, dev);
  if (returns_sequence()) {
    if (!bidirectional) {
      eddl::ops::copy(*delta, *pass[0].dh_seq);
    } else {
      const Tensor delta3({B, steps, D * units}, delta);
      eddl::ops::copy_block_from(delta3, {0, 0, 0}, *pass[0].dh_seq);
      Tensor forward_order({B, steps, units}, dev);
      eddl::ops::copy_block_from(delta3, {0, 0, units}, forward_order);
      eddl::ops::reverse_axis(forward_order, 1, *pass[1].dh_seq);
    }
  } else {
    // Only the last step reaches the output: the other steps get their gradient through time.
    const Tensor delta3({B, 1, D * units}, delta);
    for (int d = 0; d < D; ++d) {
      eddl::ops::fill(*pass[d].dh_seq, 0.0f);
      Tensor last({B, 1, units}, dev);
      eddl::ops::copy_block_from(delta3, {0, 0, d * units}, last);
      eddl::ops::copy_block_into(last, {0, steps - 1, 0}, *pass[d].dh_seq);
    }
  }
  // GetStates' gradients of the final states: h joins the last step's dh, c is the pass's dc_last.
  if (!d_final.empty() && d_final[0] != nullptr) {
    const Tensor final_h({B, 1, D * units}, d_final[0]);
    Tensor part({B, 1, units}, dev), last({B, 1, units}, dev);
    for (int d = 0; d < D; ++d) {
      eddl::ops::copy_block_from(final_h, {0, 0, d * units}, part);
      eddl::ops::copy_block_from(*pass[d].dh_seq, {0, steps - 1, 0}, last);
      eddl::ops::binary(eddl::hw::BinaryOp::add, last, part, last);
      eddl::ops::copy_block_into(last, {0, steps - 1, 0}, *pass[d].dh_seq);
    }
    eddl::ops::fill(*d_final[0], 0.0f);
  }
  if (d_final.size() > 1 && d_final[1] != nullptr) {
    const Tensor final_c({B, 1, D * units}, d_final[1]);
    for (int d = 0; d < D; ++d) {
      ensure(pass[d].dc_last, {B, units}, dev);
      Tensor dc3({B, 1, units}, pass[d].dc_last);
      eddl::ops::copy_block_from(final_c, {0, 0, d * units}, dc3);
    }
    eddl::ops::fill(*d_final[1], 0.0f);
  }
}

void LRecurrent::end_backward() {
  if (parent.size() < 2) return;
  Tensor* pd = parent_delta(1);
  if (pd == nullptr) return;
  const int B = pass[0].dh0->shape[0];
  const int D = directions();
  Tensor pd3({B, num_states(), D * units}, pd);
  for (int d = 0; d < D; ++d) {
    for (int s = 0; s < num_states(); ++s) {
      Tensor* ds = s == 0 ? pass[d].dh0 : pass[d].dc0;
      Tensor d3({B, 1, units}, ds);
      Tensor current({B, 1, units}, dev);
      eddl::ops::copy_block_from(pd3, {0, s, d * units}, current);
      eddl::ops::binary(eddl::hw::BinaryOp::add, current, d3, current);
      eddl::ops::copy_block_into(current, {0, s, d * units}, pd3);
    }
  }
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
  set_output_shape({r->num_states(), r->directions() * r->units});
}

void LGetStates::forward() {
  auto* r = static_cast<LRecurrent*>(parent[0]);
  const int B = output->shape[0];
  const int T = r->final_state(0).shape[1];
  Tensor out3({B, r->num_states(), r->directions() * r->units}, output);
  Tensor slot({B, 1, r->units}, dev);
  for (int s = 0; s < r->num_states(); ++s) {
    for (int d = 0; d < r->directions(); ++d) {
      eddl::ops::copy_block_from(r->final_state(s, d), {0, T - 1, 0}, slot);
      eddl::ops::copy_block_into(slot, {0, s, d * r->units}, out3);
    }
  }
}

void LGetStates::backward() {
  auto* r = static_cast<LRecurrent*>(parent[0]);
  const int B = output->shape[0];
  const int width = r->directions() * r->units;
  r->d_final.resize(static_cast<size_t>(r->num_states()), nullptr);
  const Tensor delta3({B, r->num_states(), width}, delta);
  for (int s = 0; s < r->num_states(); ++s) {
    Tensor*& d = r->d_final[static_cast<size_t>(s)];
    if (d == nullptr || d->shape != std::vector<int>{B, width}) {
      delete d;
      d = new Tensor({B, width}, dev);
      eddl::ops::fill(*d, 0.0f);
    }
    Tensor slot({B, 1, width}, dev);
    eddl::ops::copy_block_from(delta3, {0, s, 0}, slot);
    Tensor flat({B, width}, &slot);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *d, flat, *d);
  }
  parent_delta(0);  // the recurrent layer must run its backward even when GetStates is its only child
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LStates::construct_like(const std::vector<Layer*>& /*parents: none*/, int todev) const {
  return new LStates(output_shape, name, todev, mem_level);
}

Layer* LGetStates::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LGetStates(only_parent(parents), name, todev, mem_level);
}
