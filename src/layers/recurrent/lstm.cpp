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
}

LLSTM::~LLSTM() {
  for (Tensor* t : {wx_packed, wh_packed, bias_packed, xw, gates, dgates}) delete t;
}

void LLSTM::forward() {
  begin_forward();
  const int B = h_seq->shape[0];
  ensure(wx_packed, {in_features, 4 * units}, dev);
  ensure(wh_packed, {units, 4 * units}, dev);
  ensure(bias_packed, {4 * units}, dev);
  pack_columns({Wix, Wfx, Wox, Wcx}, *wx_packed);
  pack_columns({Wih, Wfh, Woh, Wch}, *wh_packed);
  pack_columns({inbias, fnbias, onbias, cnbias}, *bias_packed);
  ensure(xw, {B, steps, 4 * units}, dev);
  ensure(gates, {B, steps, 4 * units}, dev);
  Tensor x({B, steps, in_features}, parent[0]->output);
  eddl::ops::gemm_bias_activation(x, *wx_packed, bias_packed, eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw);
  eddl::ops::lstm_forward(*xw, *wh_packed, *h0, *c0, mask_or_null(), *h_seq, *c_seq, *gates);
  end_forward();
}

void LLSTM::backward() {
  const Tensor* dc_last = begin_backward();
  const int B = h_seq->shape[0];
  ensure(dgates, {B, steps, 4 * units}, dev);
  Tensor dh0({B, units}, dev), dc0({B, units}, dev);
  eddl::ops::fill(dh0, 0.0f);
  eddl::ops::fill(dc0, 0.0f);
  eddl::ops::lstm_backward(*wh_packed, *h0, *c0, mask_or_null(), *c_seq, *gates, *dh_seq, dc_last, *dgates, dh0, dc0);
  Tensor x({B, steps, in_features}, parent[0]->output);
  if (trainable) {
    Tensor gwx({in_features, 4 * units}, dev);
    eddl::ops::gemm(x, true, *dgates, false, gwx);
    add_columns(gwx, {gradients[0], gradients[1], gradients[2], gradients[3]});
    Tensor prev({B, steps, units}, dev);
    shift_states(*h0, *h_seq, prev);
    Tensor gwh({units, 4 * units}, dev);
    eddl::ops::gemm(prev, true, *dgates, false, gwh);
    add_columns(gwh, {gradients[4], gradients[5], gradients[6], gradients[7]});
    Tensor gb({4 * units}, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dgates, {0, 1}, gb);
    add_columns(gb, {gradients[8], gradients[9], gradients[10], gradients[11]});
  }
  if (Tensor* pd = parent_delta(0)) {
    Tensor dx({B, steps, in_features}, pd);
    eddl::ops::gemm(*dgates, false, *wx_packed, true, dx, 1.0f, 1.0f);  // dx += dgates Wx^T
  }
  end_backward(dh0, &dc0);
}

std::vector<std::string> LLSTM::required_kernels() const {
  return {"lstm_forward", "lstm_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}
