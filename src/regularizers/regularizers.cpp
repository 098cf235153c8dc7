// SPDX-License-Identifier: MIT
// L1, L2 and L1L2 penalties added to a weight's gradient after backward (Keras semantics), so the
// optimizer scales them by its learning rate; value() reports the penalty itself.
#include "eddl/regularizers/regularizer.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace ops = eddl::ops;
using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;

namespace {

void check_regularizer_args(const Regularizer& r, const Tensor* weights, const Tensor* gradient) {
  EDDL_CHECK(weights != nullptr && gradient != nullptr, r.name << ": null weights or gradient");
  EDDL_CHECK(weights->size == gradient->size, r.name << ": weights " << eddl::shape::to_string(weights->shape)
                                                     << " and gradient " << eddl::shape::to_string(gradient->shape)
                                                     << " differ in size");
}

/// gradient += l1 · sign(w), the subgradient of l1 Σ|w| (0 at w = 0).
void add_l1_gradient(float l1, const Tensor& weights, Tensor& gradient) {
  Tensor sign(weights.shape, weights.device);
  ops::unary(UnaryOp::sign, weights, sign);
  ops::binary(BinaryOp::add, gradient, sign, gradient, 1.0f, l1);
}

/// gradient += 2 · l2 · w, the gradient of l2 Σw².
void add_l2_gradient(float l2, const Tensor& weights, Tensor& gradient) {
  ops::binary(BinaryOp::add, gradient, weights, gradient, 1.0f, 2.0f * l2);
}

}  // namespace

void RL1::apply(Tensor* weights, Tensor* gradient) {
  check_regularizer_args(*this, weights, gradient);
  add_l1_gradient(l1, *weights, *gradient);
}

float RL1::value(Tensor* weights) {
  EDDL_CHECK(weights != nullptr, name << ": null weights");
  return l1 * ops::reduce_all(ReduceOp::sum_abs, *weights);
}

void RL2::apply(Tensor* weights, Tensor* gradient) {
  check_regularizer_args(*this, weights, gradient);
  add_l2_gradient(l2, *weights, *gradient);
}

float RL2::value(Tensor* weights) {
  EDDL_CHECK(weights != nullptr, name << ": null weights");
  return l2 * ops::reduce_all(ReduceOp::sum_sq, *weights);
}

void RL1L2::apply(Tensor* weights, Tensor* gradient) {
  check_regularizer_args(*this, weights, gradient);
  add_l1_gradient(l1, *weights, *gradient);
  add_l2_gradient(l2, *weights, *gradient);
}

float RL1L2::value(Tensor* weights) {
  EDDL_CHECK(weights != nullptr, name << ": null weights");
  return l1 * ops::reduce_all(ReduceOp::sum_abs, *weights) + l2 * ops::reduce_all(ReduceOp::sum_sq, *weights);
}
