// SPDX-License-Identifier: MIT
// LSTM (Hochreiter & Schmidhuber; gates as in PyTorch/ONNX): i, f, o = sigmoid(x Wx + h Wh + b),
// g = tanh(x Wcx + h Wch + bc), c = f c + i g, h = o tanh(c). The input projection of every step
// is one GEMM over [batch * steps, in]; the recurrence and gate maths run in lstm_forward/backward.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"

using eddl::layers::recurrent::ensure;

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
    delete gates[d];
    delete dgates[d];
  }
}

void LLSTM::forward_pass(int d, const Tensor& x) {
  project_input(d, x, 4);
  ensure(gates[d], {x.shape[0], steps, 4 * units}, dev);
  const Pass& p = pass[d];
  eddl::ops::lstm_forward(*xw[d], *wh_packed[d], *p.h0, *p.c0, mask_of(d), *p.h_seq, *p.c_seq, *gates[d]);
}

void LLSTM::backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) {
  const Pass& p = pass[d];
  ensure(dgates[d], {x.shape[0], steps, 4 * units}, dev);
  eddl::ops::lstm_backward(*wh_packed[d], *p.h0, *p.c0, mask_of(d), *p.c_seq, *gates[d], *p.dh_seq, dc_last,
                           *dgates[d], *p.dh0, *p.dc0);
  // Every gate's pre-activation is x Wx + h Wh + b, so one gradient serves both projections.
  add_gate_gradients(d, x, *dgates[d], *dgates[d], 4, dx);
}

std::vector<std::string> LLSTM::required_kernels() const {
  return {"lstm_forward", "lstm_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LLSTM::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LLSTM(parents, units, mask_zeros, bidirectional, name, todev, mem_level);
}
