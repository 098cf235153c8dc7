// SPDX-License-Identifier: MIT
// LActivation: EDDL's activation names mapped onto the elementwise ops of scalar_ops.h (one
// functor per activation, shared by every device), plus softmax along an axis.
#include <map>

#include "eddl/layers/core/layer_core.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/ops.h"

namespace {

using eddl::hw::UnaryOp;
constexpr int kSoftmax = -1;

struct ActivationSpec {
  int op;
  float default_a;
  float default_b;
};

const std::map<std::string, ActivationSpec>& activation_table() {
  static const std::map<std::string, ActivationSpec> table = {
      {"relu", {static_cast<int>(UnaryOp::relu), 0.0f, 0.0f}},
      {"sigmoid", {static_cast<int>(UnaryOp::sigmoid), 0.0f, 0.0f}},
      {"hard_sigmoid", {static_cast<int>(UnaryOp::hard_sigmoid), 0.0f, 0.0f}},
      {"thresholded_relu", {static_cast<int>(UnaryOp::thresholded_relu), 1.0f, 0.0f}},
      {"leaky_relu", {static_cast<int>(UnaryOp::leaky_relu), 0.01f, 0.0f}},
      {"elu", {static_cast<int>(UnaryOp::elu), 1.0f, 0.0f}},
      {"selu", {static_cast<int>(UnaryOp::selu), 1.6732632423543772f, 1.0507009873554805f}},
      {"exp", {static_cast<int>(UnaryOp::exp), 0.0f, 0.0f}},
      {"softplus", {static_cast<int>(UnaryOp::softplus), 0.0f, 0.0f}},
      {"softsign", {static_cast<int>(UnaryOp::softsign), 0.0f, 0.0f}},
      {"tanh", {static_cast<int>(UnaryOp::tanh), 0.0f, 0.0f}},
      {"linear", {static_cast<int>(UnaryOp::mult_scalar), 1.0f, 0.0f}},
      {"softmax", {kSoftmax, -1.0f, 0.0f}},
      {"softmax_deprecated", {kSoftmax, -1.0f, 0.0f}},
  };
  return table;
}

}  // namespace

LActivation::LActivation(Layer* parent_layer, const std::string& act_, const std::vector<float>& params,
                         const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, act_, "activation"), dev, mem), act(act_), params_act(params) {
  EDDL_CHECK(parent_layer != nullptr, "Activation " << this->name << ": parent layer is null");
  const auto& table = activation_table();
  const auto it = table.find(act_);
  if (it == table.end()) {
    std::string known;
    for (const auto& kv : table) known += " " + kv.first;
    EDDL_CHECK(false, "Activation: unknown activation '" << act_ << "'; known:" << known);
  }
  op_ = it->second.op;
  a_ = params.size() > 0 ? params[0] : it->second.default_a;
  b_ = params.size() > 1 ? params[1] : it->second.default_b;
  input = parent_layer->output;
  parent.push_back(parent_layer);
  parent_layer->addchild(this);
  set_output_shape(parent_layer->getShape());
  if (op_ == kSoftmax) {
    // The axis excludes the batch; -1 is the last axis.
    const int rank = static_cast<int>(output_shape.size());
    const int axis = static_cast<int>(a_);
    EDDL_CHECK(axis >= -1 && axis < rank, "Softmax " << this->name << ": axis " << axis
                                                     << " is out of range for input of rank " << rank);
    softmax_axis_ = axis < 0 ? rank : axis + 1;
  }
}

void LActivation::forward() {
  input = parent[0]->output;
  if (op_ == kSoftmax) {
    // Sequences normalise every step alike: the time axis joins the batch (fold_time).
    Tensor y = fold_time(output);
    eddl::ops::softmax(fold_time(input), softmax_axis_, y);
  } else {
    eddl::ops::unary(static_cast<UnaryOp>(op_), *input, *output, a_, b_);
  }
}

void LActivation::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  if (op_ == kSoftmax) {
    if (delta_bp != 0) {
      // softmax_cross_entropy already gave the gradient w.r.t. the softmax input.
      eddl::ops::binary(eddl::hw::BinaryOp::add, *pd, *delta, *pd);
    } else {
      Tensor dx = fold_time(pd);
      eddl::ops::softmax_backward(fold_time(output), fold_time(delta), softmax_axis_, dx);
    }
    return;
  }
  eddl::ops::unary_backward(static_cast<UnaryOp>(op_), *parent[0]->output, *output, *delta, *pd, a_, b_);
}

std::vector<std::string> LActivation::required_kernels() const {
  if (op_ == kSoftmax) return {"softmax_forward", "softmax_backward", "binary_map"};
  return {"unary_map", "unary_backward"};
}

std::vector<std::string> LActivation::inference_kernels() const {
  if (op_ == kSoftmax) return {"softmax_forward"};
  return {"unary_map"};
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LActivation::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LActivation(only_parent(parents), act, params_act, name, todev, mem_level);
}
