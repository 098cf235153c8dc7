// SPDX-License-Identifier: MIT
// GRU (Cho et al., with PyTorch's/ONNX's linear_before_reset form): z, r = sigmoid(x W + h U + b),
// n = tanh(x Wn + bn + r (h Un + bnh)), h = (1 - z) n + z h_prev. The input projection of every
// step is one GEMM; the recurrence runs in gru_forward/backward.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"

using eddl::layers::recurrent::ensure;

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
    for (Tensor* t : {gates[d], dxw[d], dhw[d]}) delete t;
  }
}

void LGRU::forward_pass(int d, const Tensor& x) {
  project_input(d, x, 3);
  ensure(gates[d], {x.shape[0], steps, 4 * units}, dev);
  const Pass& p = pass[d];
  eddl::ops::gru_forward(*xw[d], *wh_packed[d], param(d, 9), *p.h0, mask_of(d), *p.h_seq, *gates[d]);
}

void LGRU::backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* /*dc_last: GRU has no cell state*/) {
  const Pass& p = pass[d];
  ensure(dxw[d], {x.shape[0], steps, 3 * units}, dev);
  ensure(dhw[d], {x.shape[0], steps, 3 * units}, dev);
  eddl::ops::gru_backward(*wh_packed[d], *p.h0, mask_of(d), *p.h_seq, *gates[d], *p.dh_seq, *dxw[d], *dhw[d], *p.dh0);
  add_gate_gradients(d, x, *dxw[d], *dhw[d], 3, dx);
  if (trainable) {
    // bias_n_hidden sits inside r * (h Un + bnh): its gradient is the n part of dhw.
    Tensor gb({3 * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dhw[d], {0, 1}, gb);
    Tensor gnh({units}, dev);
    eddl::ops::copy_block_from(gb, {2 * units}, gnh);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *grad(d, 9), gnh, *grad(d, 9));
  }
}

std::vector<std::string> LGRU::required_kernels() const {
  return {"gru_forward", "gru_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LGRU::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LGRU(parents, units, mask_zeros, bidirectional, name, todev, mem_level);
}
