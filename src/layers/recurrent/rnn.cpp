// SPDX-License-Identifier: MIT
// Simple RNN (Elman): h_t = act(x_t Wx + h_{t-1} Wy + b). The input projection of every step is
// one GEMM; the recurrence runs in rnn_forward/backward.
#include "eddl/layers/recurrent/layer_recurrent.h"
#include "hardware/check.h"
#include "layers/recurrent/recurrent_util.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"

using eddl::layers::recurrent::ensure;
using eddl::layers::recurrent::shift_states;

namespace {
// The activations whose derivative follows from the output alone (what the kernels keep).
eddl::hw::UnaryOp rnn_activation(const std::string& name, const std::string& layer) {
  if (name == "tanh") return eddl::hw::UnaryOp::tanh;
  if (name == "relu") return eddl::hw::UnaryOp::relu;
  if (name == "sigmoid") return eddl::hw::UnaryOp::sigmoid;
  if (name == "none" || name == "linear") return eddl::hw::UnaryOp::identity;
  EDDL_CHECK(false, "RNN " << layer << ": activation '" << name << "' is not supported (tanh, relu, sigmoid, none)");
}
}  // namespace

LRNN::LRNN(const std::vector<Layer*>& parents, int units_, const std::string& activation_, bool use_bias_,
           bool bidirectional_, const std::string& name, int dev, int mem)
    : LRecurrent(parents, units_, false, bidirectional_, name, "RNN", dev, mem),
      activation(activation_),
      use_bias(use_bias_) {
  rnn_activation(activation_, this->name);
  Wx = add_param({in_features, units});
  Wy = add_param({units, units});
  if (use_bias) bias = add_param({units});
  add_reverse_params();
}

LRNN::~LRNN() {
  for (Tensor* t : dpre) delete t;
}

void LRNN::forward_pass(int d, const Tensor& x) {
  const int B = x.shape[0];
  ensure(xw[d], {B, steps, units}, dev);
  eddl::ops::gemm_bias_activation(x, *param(d, 0), use_bias ? param(d, 2) : nullptr, eddl::hw::UnaryOp::identity, 0.0f,
                                  0.0f, *xw[d]);
  eddl::ops::rnn_forward(*xw[d], *param(d, 1), *pass[d].h0, mask_of(d), rnn_activation(activation, name), 0.0f,
                         *pass[d].h_seq);
}

void LRNN::backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* /*dc_last: no cell state*/) {
  const int B = x.shape[0];
  const Pass& p = pass[d];
  ensure(dpre[d], {B, steps, units}, dev);
  eddl::ops::rnn_backward(*param(d, 1), *p.h0, mask_of(d), *p.h_seq, *p.dh_seq, rnn_activation(activation, name), 0.0f,
                          *dpre[d], *p.dh0);
  if (trainable) {
    eddl::ops::gemm(x, true, *dpre[d], false, *grad(d, 0), 1.0f, 1.0f);
    Tensor prev({B, steps, units}, dev);
    shift_states(*p.h0, *p.h_seq, prev);
    eddl::ops::gemm(prev, true, *dpre[d], false, *grad(d, 1), 1.0f, 1.0f);
    if (use_bias) eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dpre[d], {0, 1}, *grad(d, 2), 1.0f);
  }
  if (dx != nullptr) eddl::ops::gemm(*dpre[d], false, *param(d, 0), true, *dx, 1.0f, 1.0f);
}

std::vector<std::string> LRNN::required_kernels() const {
  return {"rnn_forward", "rnn_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LRNN::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LRNN(parents, units, activation, use_bias, bidirectional, name, todev, mem_level);
}
