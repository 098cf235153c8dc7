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
}

LGRU::~LGRU() {
  for (Tensor* t : {wx_packed, wh_packed, bias_packed, xw, gates, dxw, dhw}) delete t;
}

void LGRU::forward() {
  begin_forward();
  const int B = h_seq->shape[0];
  ensure(wx_packed, {in_features, 3 * units}, dev);
  ensure(wh_packed, {units, 3 * units}, dev);
  ensure(bias_packed, {3 * units}, dev);
  pack_columns({Wz_x, Wr_x, Wn_x}, *wx_packed);
  pack_columns({Uz_h, Ur_h, Un_h}, *wh_packed);
  pack_columns({bias_z, bias_r, bias_n}, *bias_packed);
  ensure(xw, {B, steps, 3 * units}, dev);
  ensure(gates, {B, steps, 4 * units}, dev);
  Tensor x({B, steps, in_features}, parent[0]->output);
  eddl::ops::gemm_bias_activation(x, *wx_packed, bias_packed, eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw);
  eddl::ops::gru_forward(*xw, *wh_packed, bias_n_hidden, *h0, mask_or_null(), *h_seq, *gates);
  end_forward();
}

void LGRU::backward() {
  begin_backward();
  const int B = h_seq->shape[0];
  ensure(dxw, {B, steps, 3 * units}, dev);
  ensure(dhw, {B, steps, 3 * units}, dev);
  Tensor dh0({B, units}, dev);
  eddl::ops::fill(dh0, 0.0f);
  eddl::ops::gru_backward(*wh_packed, *h0, mask_or_null(), *h_seq, *gates, *dh_seq, *dxw, *dhw, dh0);
  Tensor x({B, steps, in_features}, parent[0]->output);
  if (trainable) {
    Tensor gwx({in_features, 3 * units}, dev);
    eddl::ops::gemm(x, true, *dxw, false, gwx);
    add_columns(gwx, {gradients[0], gradients[1], gradients[2]});
    Tensor prev({B, steps, units}, dev);
    shift_states(*h0, *h_seq, prev);
    Tensor guh({units, 3 * units}, dev);
    eddl::ops::gemm(prev, true, *dhw, false, guh);
    add_columns(guh, {gradients[3], gradients[4], gradients[5]});
    Tensor gb({3 * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dxw, {0, 1}, gb);
    add_columns(gb, {gradients[6], gradients[7], gradients[8]});
    // bias_n_hidden sits inside r * (h Un + bnh): its gradient is the n part of dhw.
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dhw, {0, 1}, gb);
    Tensor gnh({units}, dev);
    eddl::ops::copy_block_from(gb, {2 * units}, gnh);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *gradients[9], gnh, *gradients[9]);
  }
  if (Tensor* pd = parent_delta(0)) {
    Tensor dx({B, steps, in_features}, pd);
    eddl::ops::gemm(*dxw, false, *wx_packed, true, dx, 1.0f, 1.0f);
  }
  end_backward(dh0, nullptr);
}

std::vector<std::string> LGRU::required_kernels() const {
  return {"gru_forward", "gru_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}
