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
}

LRNN::~LRNN() {
  delete xw;
  delete dpre;
}

void LRNN::forward() {
  begin_forward();
  const int B = h_seq->shape[0];
  ensure(xw, {B, steps, units}, dev);
  Tensor x({B, steps, in_features}, parent[0]->output);
  eddl::ops::gemm_bias_activation(x, *Wx, bias, eddl::hw::UnaryOp::identity, 0.0f, 0.0f, *xw);
  eddl::ops::rnn_forward(*xw, *Wy, *h0, mask_or_null(), rnn_activation(activation, name), 0.0f, *h_seq);
  end_forward();
}

void LRNN::backward() {
  begin_backward();
  const int B = h_seq->shape[0];
  ensure(dpre, {B, steps, units}, dev);
  Tensor dh0({B, units}, dev);
  eddl::ops::fill(dh0, 0.0f);
  eddl::ops::rnn_backward(*Wy, *h0, mask_or_null(), *h_seq, *dh_seq, rnn_activation(activation, name), 0.0f, *dpre,
                          dh0);
  Tensor x({B, steps, in_features}, parent[0]->output);
  if (trainable) {
    eddl::ops::gemm(x, true, *dpre, false, *gradients[0], 1.0f, 1.0f);
    Tensor prev({B, steps, units}, dev);
    shift_states(*h0, *h_seq, prev);
    eddl::ops::gemm(prev, true, *dpre, false, *gradients[1], 1.0f, 1.0f);
    if (use_bias) eddl::ops::reduce(eddl::hw::ReduceOp::sum, *dpre, {0, 1}, *gradients[2], 1.0f);
  }
  if (Tensor* pd = parent_delta(0)) {
    Tensor dx({B, steps, in_features}, pd);
    eddl::ops::gemm(*dpre, false, *Wx, true, dx, 1.0f, 1.0f);
  }
  end_backward(dh0, nullptr);
}

std::vector<std::string> LRNN::required_kernels() const {
  return {"rnn_forward", "rnn_backward", "gemm", "gemm_epilogue", "reduce", "copy_strided", "binary_map"};
}
