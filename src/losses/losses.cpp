// SPDX-License-Identifier: MIT
// The losses of EDDL's getLoss, written with tensor ops only. Unlike EDDL, every delta() is the
// exact derivative of value() divided by the batch size (EDDL's MSE delta drops the factor 2/n).
#include <string>
#include <vector>

#include "eddl/losses/loss.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;
namespace ops = eddl::ops;

namespace {

// Keeps log() finite at Y = 0 (and 1 - Y = 0 for BCE). EDDL's value; the same eps appears in
// value() and delta() so that delta stays the exact derivative.
constexpr float kLogEps = 1e-7f;

struct BatchShape {
  int batch;                  ///< first dimension
  double elements_per_sample;  ///< size / batch
};

/// Checks that T (unless the loss ignores it), Y and D (when given) agree; returns Y's batch layout.
BatchShape check_loss_args(const std::string& loss, const Tensor* T, const Tensor* Y, const Tensor* D = nullptr,
                           bool uses_target = true) {
  EDDL_CHECK(Y != nullptr, loss << ": null prediction tensor");
  EDDL_CHECK(Y->ndim >= 1 && Y->shape[0] > 0 && Y->size > 0,
             loss << ": predictions must have a non-empty batch dimension, got " << eddl::shape::to_string(Y->shape));
  if (uses_target) {
    EDDL_CHECK(T != nullptr, loss << ": null target tensor");
    EDDL_CHECK(T->size == Y->size, loss << ": target " << eddl::shape::to_string(T->shape) << " and prediction "
                                        << eddl::shape::to_string(Y->shape) << " differ in size");
  }
  if (D != nullptr) {
    EDDL_CHECK(D->size == Y->size, loss << ": delta " << eddl::shape::to_string(D->shape) << " and prediction "
                                        << eddl::shape::to_string(Y->shape) << " differ in size");
  }
  const int batch = Y->shape[0];
  return {batch, static_cast<double>(Y->size) / batch};
}

/// A scratch tensor shaped and placed like `like`.
Tensor scratch_like(const Tensor* like) { return Tensor(like->shape, like->device); }

const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> names{
      "mean_squared_error",  "mse",          "categorical_cross_entropy", "cross_entropy", "ce", "cce",
      "binary_cross_entropy", "bce",         "soft_cross_entropy",        "softmax_cross_entropy", "sce",
      "mean_absolute_error", "mae",          "mean_relative_error",       "mre",           "sum", "none"};
  return names;
}

}  // namespace

// ---- Loss ("none"): contributes nothing, so the output it is attached to is not trained. ----

void Loss::delta(Tensor* T, Tensor* Y, Tensor* D) {
  check_loss_args(name, T, Y, D, false);
  ops::fill(*D, 0.0f);
}

float Loss::value(Tensor* T, Tensor* Y) {
  check_loss_args(name, T, Y, nullptr, false);
  return 0.0f;
}

Loss* Loss::clone() { return make_loss(name); }

// ---- Mean squared error: value Σ (T - Y)² / n, so d/dY = 2 (Y - T) / n. ----

LMeanSquaredError::LMeanSquaredError() : Loss("mean_squared_error") {}

float LMeanSquaredError::value(Tensor* T, Tensor* Y) {
  const BatchShape b = check_loss_args(name, T, Y);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum_sq, diff) / b.elements_per_sample);
}

void LMeanSquaredError::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  const auto scale = static_cast<float>(2.0 / (b.elements_per_sample * b.batch));
  ops::binary(BinaryOp::sub, *Y, *T, *D, scale, scale);
}

// ---- Categorical cross-entropy: -Σ T log(Y + eps); d/dY = -T / (Y + eps). ----

namespace {
float cross_entropy_value(const Tensor* T, const Tensor* Y) {
  Tensor log_y = scratch_like(Y);
  ops::unary(UnaryOp::add_scalar, *Y, log_y, kLogEps);
  ops::unary(UnaryOp::log, log_y, log_y);
  ops::binary(BinaryOp::mult, *T, log_y, log_y);
  return -ops::reduce_all(ReduceOp::sum, log_y);
}
}  // namespace

LCategoricalCrossEntropy::LCategoricalCrossEntropy() : Loss("categorical_cross_entropy") {}

float LCategoricalCrossEntropy::value(Tensor* T, Tensor* Y) {
  check_loss_args(name, T, Y);
  return cross_entropy_value(T, Y);
}

void LCategoricalCrossEntropy::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  Tensor y_eps = scratch_like(Y);
  ops::unary(UnaryOp::add_scalar, *Y, y_eps, kLogEps);
  ops::binary(BinaryOp::div, *T, y_eps, *D, -1.0f / static_cast<float>(b.batch));
}

// ---- Binary cross-entropy: -Σ T log(Y + eps) + (1 - T) log(1 - Y + eps). ----

LBinaryCrossEntropy::LBinaryCrossEntropy() : Loss("binary_cross_entropy") {}

float LBinaryCrossEntropy::value(Tensor* T, Tensor* Y) {
  check_loss_args(name, T, Y);
  Tensor term = scratch_like(Y);
  Tensor other = scratch_like(Y);
  // T log(Y + eps)
  ops::unary(UnaryOp::add_scalar, *Y, term, kLogEps);
  ops::unary(UnaryOp::log, term, term);
  ops::binary(BinaryOp::mult, *T, term, term);
  // (1 - T) log(1 - Y + eps)
  ops::unary(UnaryOp::affine, *Y, other, -1.0f, 1.0f + kLogEps);
  ops::unary(UnaryOp::log, other, other);
  Tensor one_minus_t = scratch_like(T);
  ops::unary(UnaryOp::affine, *T, one_minus_t, -1.0f, 1.0f);
  ops::binary(BinaryOp::mult, one_minus_t, other, other);
  ops::binary(BinaryOp::add, term, other, term);
  return -ops::reduce_all(ReduceOp::sum, term);
}

void LBinaryCrossEntropy::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  const float inv_batch = 1.0f / static_cast<float>(b.batch);
  // d/dY = (1 - T) / (1 - Y + eps) - T / (Y + eps)
  Tensor denominator = scratch_like(Y);
  Tensor positive = scratch_like(Y);
  ops::unary(UnaryOp::affine, *Y, denominator, -1.0f, 1.0f + kLogEps);
  ops::unary(UnaryOp::affine, *T, positive, -1.0f, 1.0f);
  ops::binary(BinaryOp::div, positive, denominator, positive);
  ops::unary(UnaryOp::add_scalar, *Y, denominator, kLogEps);
  ops::binary(BinaryOp::div, *T, denominator, denominator);
  ops::binary(BinaryOp::sub, positive, denominator, *D, inv_batch, inv_batch);
}

// ---- Softmax cross-entropy: the value of CCE; delta (Y - T) / B is d(loss)/d(logits), the
// softmax Jacobian folded in (valid when each target row sums to 1), hence delta_bp on the softmax.

LSoftCrossEntropy::LSoftCrossEntropy() : Loss("softmax_cross_entropy") {}

float LSoftCrossEntropy::value(Tensor* T, Tensor* Y) {
  check_loss_args(name, T, Y);
  return cross_entropy_value(T, Y);
}

void LSoftCrossEntropy::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  const float inv_batch = 1.0f / static_cast<float>(b.batch);
  ops::binary(BinaryOp::sub, *Y, *T, *D, inv_batch, inv_batch);
}

// ---- Mean absolute error: Σ |T - Y| / n; d/dY = sign(Y - T) / n (0 at the kink). ----

LMeanAbsoluteError::LMeanAbsoluteError() : Loss("mean_absolute_error") {}

float LMeanAbsoluteError::value(Tensor* T, Tensor* Y) {
  const BatchShape b = check_loss_args(name, T, Y);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum_abs, diff) / b.elements_per_sample);
}

void LMeanAbsoluteError::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  ops::binary(BinaryOp::sub, *Y, *T, *D);
  ops::unary(UnaryOp::sign, *D, *D);
  ops::unary(UnaryOp::mult_scalar, *D, *D, static_cast<float>(1.0 / (b.elements_per_sample * b.batch)));
}

// ---- Mean relative error: Σ |T - Y| / (|T| + eps) / n; d/dY = sign(Y - T) / (|T| + eps) / n. ----

LMeanRelativeError::LMeanRelativeError(float eps) : Loss("mean_relative_error"), eps_(eps) {}

Loss* LMeanRelativeError::clone() { return new LMeanRelativeError(eps_); }

float LMeanRelativeError::value(Tensor* T, Tensor* Y) {
  const BatchShape b = check_loss_args(name, T, Y);
  Tensor error = scratch_like(Y);
  Tensor scale = scratch_like(T);
  ops::binary(BinaryOp::sub, *T, *Y, error);
  ops::unary(UnaryOp::abs, error, error);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::div, error, scale, error);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum, error) / b.elements_per_sample);
}

void LMeanRelativeError::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  Tensor scale = scratch_like(T);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::sub, *Y, *T, *D);
  ops::unary(UnaryOp::sign, *D, *D);
  ops::binary(BinaryOp::div, *D, scale, *D, static_cast<float>(1.0 / (b.elements_per_sample * b.batch)));
}

// ---- Sum: the output already is a loss (T ignored); d/dY = 1. ----

LSum::LSum() : Loss("sum") {}

float LSum::value(Tensor* T, Tensor* Y) {
  check_loss_args(name, T, Y, nullptr, false);
  return ops::reduce_all(ReduceOp::sum, *Y);
}

void LSum::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D, false);
  ops::fill(*D, 1.0f / static_cast<float>(b.batch));
}

// ---- Factory ----

Loss* make_loss(const std::string& name) {
  if (name == "mean_squared_error" || name == "mse") return new LMeanSquaredError();
  if (name == "categorical_cross_entropy" || name == "cross_entropy" || name == "ce" || name == "cce") {
    return new LCategoricalCrossEntropy();
  }
  if (name == "binary_cross_entropy" || name == "bce") return new LBinaryCrossEntropy();
  if (name == "soft_cross_entropy" || name == "softmax_cross_entropy" || name == "sce") return new LSoftCrossEntropy();
  if (name == "mean_absolute_error" || name == "mae") return new LMeanAbsoluteError();
  if (name == "mean_relative_error" || name == "mre") return new LMeanRelativeError();
  if (name == "sum") return new LSum();
  if (name == "none") return new Loss("none");
  std::string known;
  for (const std::string& n : loss_names()) known += (known.empty() ? "" : ", ") + n;
  EDDL_CHECK(false, "unknown loss '" << name << "'; known losses: " << known);
  return nullptr;
}
