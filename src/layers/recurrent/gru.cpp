// SPDX-License-Identifier: MIT
// GRU (Cho et al., with PyTorch's/ONNX's linear_before_reset form): z, r = sigmoid(x W + h U + b),
// n = tanh(x Wn + bn + r (h Un + bnh)), h = (1 - z) n + z h_prev. The input projection of every
// step is one GEMM; the recurrence runs in gru_forward/backward.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"

using eddl::layers::recurrent::add_columns;
using eddl::layers::recurrent::ensure;
using eddl::layers::recurrent::pack_columns;
using eddl::layers::recurrent::shift_states;

LGRU::LGRU(const std::vector<Layer*>& parents, int units_, bool mask_zeros_, bool bidirectional_,
           const std::string& name, int dev, int mem)
    : LRecurrent(parents, units_, mask_zeros_, bidirectional_, name, "GRU", dev, mem) {
  Wz_x = add_param({in_features, units});
  Wr_x = add_param({in_features, units});
  Wn_x = add_param({in_features, units});
  Uz_h = add_param({units, units});
  Ur_h = add_param({units, units});
  Un_h = add_param({units, units});
  bias_z = add_param({units});
  bias_r = add_param({units});
  bias_n = add_param({units});
  bias_n_hidden = add_param({units});
  add_reverse_params();
}

LGRU::~LGRU() {
  for (int d = 0; d < 2; ++d) {
    for (Tensor* t : {wx_packed[d], wh_packed[d], bias_packed[d], xw[d], gates[d], dxw[d], dhw[d]}) delete t;
  }
}

void LGRU::forward_pass(int d, const Tensor& x) {
  const int B = x.shape[0];
  ensure(wx_packed[d], {in_features, 3 * units}, dev);
  ensure(wh_packed[d], {units, 3 * units}, dev);
  ensure(bias_packed[d], {3 * units}, dev);
  pack_columns({param(d, 0), param(d, 1), param(d, 2)}, *wx_packed[d]);
  pack_columns({param(d, 3), param(d, 4), param(d, 5)}, *wh_packed[d]);
  pack_columns({param(d, 6), param(d, 7), param(d, 8)}, *bias_packed[d]);
  ensure(xw[d], {B, steps, 3 * units}, dev);
  ensure(gates[d], {B, steps, 4 * units}, dev);
  eddl::ops::gemm_bias_activation(x, *wx_packed[d], bias_packed[d], eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw[d]);
  const Pass& p = pass[d];
  eddl::ops::gru_forward(*xw[d], *wh_packed[d], param(d, 9), *p.h0, mask_of(d), *p.h_seq, *gates[d]);
}

void LGRU::backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* /*dc_last: GRU has no cell state*/) {
  const int B = x.shape[0];
  const Pass& p = pass[d];
  ensure(dxw[d], {B, steps, 3 * units}, dev);
  ensure(dhw[d], {B, steps, 3 * units}, dev);
  eddl::ops::gru_backward(*wh_packed[d], *p.h0, mask_of(d), *p.h_seq, *gates[d], *p.dh_seq, *dxw[d], *dhw[d], *p.dh0);
  if (trainable) {
    Tensor gwx({in_features, 3 * units}, dev);
    eddl::ops::gemm(x, true, *dxw[d], false, gwx);
    add_columns(gwx, {grad(d, 0), grad(d, 1), grad(d, 2)});
    Tensor prev({B, steps, units}, dev);
    shift_states(*p.h0, *p.h_seq, prev);
    Tensor guh({units, 3 * units}, dev);
    eddl::ops::gemm(prev, true, *dhw[d], false, guh);
    add_columns(guh, {grad(d, 3), grad(d, 4), grad(d, 5)});
    Tensor gb({3 * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dxw[d], {0, 1}, gb);
    add_columns(gb, {grad(d, 6), grad(d, 7), grad(d, 8)});
    // bias_n_hidden sits inside r * (h Un + bnh): its gradient is the n part of dhw.
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dhw[d], {0, 1}, gb);
    Tensor gnh({units}, dev);
    eddl::ops::copy_block_from(gb, {2 * units}, gnh);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *grad(d, 9), gnh, *grad(d, 9));
  }
  if (dx != nullptr) eddl::ops::gemm(*dxw[d], false, *wx_packed[d], true, *dx, 1.0f, 1.0f);
}

std::vector<std::string> LGRU::required_kernels() const {
  return {"gru_forward", "gru_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LGRU::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LGRU(parents, units, mask_zeros, bidirectional, name, todev, mem_level);
}
