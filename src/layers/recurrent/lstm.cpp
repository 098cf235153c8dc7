// SPDX-License-Identifier: MIT
// LSTM (Hochreiter & Schmidhuber; gates as in PyTorch/ONNX): i, f, o = sigmoid(x Wx + h Wh + b),
// g = tanh(x Wcx + h Wch + bc), c = f c + i g, h = o tanh(c). The input projection of every step
// is one GEMM over [batch * steps, in]; the recurrence and gate maths run in lstm_forward/backward.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"

using eddl::layers::recurrent::add_columns;
using eddl::layers::recurrent::ensure;
using eddl::layers::recurrent::pack_columns;
using eddl::layers::recurrent::shift_states;

LLSTM::LLSTM(const std::vector<Layer*>& parents, int units_, bool mask_zeros_, bool bidirectional_,
             const std::string& name, int dev, int mem)
    : LRecurrent(parents, units_, mask_zeros_, bidirectional_, name, "LSTM", dev, mem) {
  Wix = add_param({in_features, units});
  Wfx = add_param({in_features, units});
  Wox = add_param({in_features, units});
  Wcx = add_param({in_features, units});
  Wih = add_param({units, units});
  Wfh = add_param({units, units});
  Woh = add_param({units, units});
  Wch = add_param({units, units});
  inbias = add_param({units});
  fnbias = add_param({units});
  onbias = add_param({units});
  cnbias = add_param({units});
  add_reverse_params();
}

LLSTM::~LLSTM() {
  for (int d = 0; d < 2; ++d) {
    for (Tensor* t : {wx_packed[d], wh_packed[d], bias_packed[d], xw[d], gates[d], dgates[d]}) delete t;
  }
}

void LLSTM::forward_pass(int d, const Tensor& x) {
  const int B = x.shape[0];
  ensure(wx_packed[d], {in_features, 4 * units}, dev);
  ensure(wh_packed[d], {units, 4 * units}, dev);
  ensure(bias_packed[d], {4 * units}, dev);
  pack_columns({param(d, 0), param(d, 1), param(d, 2), param(d, 3)}, *wx_packed[d]);
  pack_columns({param(d, 4), param(d, 5), param(d, 6), param(d, 7)}, *wh_packed[d]);
  pack_columns({param(d, 8), param(d, 9), param(d, 10), param(d, 11)}, *bias_packed[d]);
  ensure(xw[d], {B, steps, 4 * units}, dev);
  ensure(gates[d], {B, steps, 4 * units}, dev);
  eddl::ops::gemm_bias_activation(x, *wx_packed[d], bias_packed[d], eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw[d]);
  const Pass& p = pass[d];
  eddl::ops::lstm_forward(*xw[d], *wh_packed[d], *p.h0, *p.c0, mask_of(d), *p.h_seq, *p.c_seq, *gates[d]);
}

void LLSTM::backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) {
  const int B = x.shape[0];
  const Pass& p = pass[d];
  ensure(dgates[d], {B, steps, 4 * units}, dev);
  eddl::ops::lstm_backward(*wh_packed[d], *p.h0, *p.c0, mask_of(d), *p.c_seq, *gates[d], *p.dh_seq, dc_last,
                           *dgates[d], *p.dh0, *p.dc0);
  if (trainable) {
    Tensor gwx({in_features, 4 * units}, dev);
    eddl::ops::gemm(x, true, *dgates[d], false, gwx);
    add_columns(gwx, {grad(d, 0), grad(d, 1), grad(d, 2), grad(d, 3)});
    Tensor prev({B, steps, units}, dev);
    shift_states(*p.h0, *p.h_seq, prev);
    Tensor gwh({units, 4 * units}, dev);
    eddl::ops::gemm(prev, true, *dgates[d], false, gwh);
    add_columns(gwh, {grad(d, 4), grad(d, 5), grad(d, 6), grad(d, 7)});
    Tensor gb({4 * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dgates[d], {0, 1}, gb);
    add_columns(gb, {grad(d, 8), grad(d, 9), grad(d, 10), grad(d, 11)});
  }
  if (dx != nullptr) eddl::ops::gemm(*dgates[d], false, *wx_packed[d], true, *dx, 1.0f, 1.0f);  // dx += dgates Wx^T
}

std::vector<std::string> LLSTM::required_kernels() const {
  return {"lstm_forward", "lstm_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LLSTM::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LLSTM(parents, units, mask_zeros, bidirectional, name, todev, mem_level);
}
