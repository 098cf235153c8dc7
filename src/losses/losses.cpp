// SPDX-License-Identifier: MIT
// The losses of EDDL's getLoss, written with tensor ops only. Unlike EDDL, every delta() is the
// exact derivative of value() divided by the batch size (EDDL's MSE delta drops the factor 2/n).
// Values are computed by add_value(), which reduces into a device sum with beta = 1: a factor such
// as 1 / (elements per sample) is applied to the summed tensor before the reduction, since the
// reduction adds straight into the sum.
#include <numeric>
#include <string>
#include <typeinfo>
#include <vector>

#include "eddl/losses/loss.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/score_sums.h"
#include "tensor/shape.h"

using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;
namespace ops = eddl::ops;
namespace scores = eddl::scores;

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
  const double per_sample = eddl::scores::check_batch(loss, T, Y, uses_target);
  if (D != nullptr) {
    EDDL_CHECK(D->size == Y->size, loss << ": delta " << eddl::shape::to_string(D->shape) << " and prediction "
                                        << eddl::shape::to_string(Y->shape) << " differ in size");
  }
  return {Y->shape[0], per_sample};
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
  EDDL_CHECK(Y != nullptr, name << ": null prediction tensor");
  return scores::read_value(this, Y, [&](Tensor* sum) { add_value(T, Y, sum); });
}

void Loss::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_loss_args(name, T, Y, nullptr, false);
  scores::check_sum(name, Y, sum);
  if (typeid(*this) == typeid(Loss) || scores::in_generic_value(this)) return;  // "none", or nothing overridden
  // A subclass written against value() alone (EDDL's interface before add_value): its value is read
  // back to the host, as it always was, and added by a kernel taking it as a scalar.
  ops::unary(UnaryOp::add_scalar, *sum, *sum, value(T, Y));
}

Loss* Loss::clone() { return make_loss(name); }

bool Loss::replayable() const {
  // The dynamic type, not the name: a subclass of a built-in loss may override delta with host code.
  return scores::is_one_of(typeid(*this), {&typeid(Loss),
                                              &typeid(LMeanSquaredError),
                                              &typeid(LCategoricalCrossEntropy),
                                              &typeid(LBinaryCrossEntropy),
                                              &typeid(LSoftCrossEntropy),
                                              &typeid(LMeanAbsoluteError),
                                              &typeid(LMeanRelativeError),
                                              &typeid(LSum)});
}

// ---- Mean squared error: value Σ (T - Y)² / n, so d/dY = 2 (Y - T) / n. ----

LMeanSquaredError::LMeanSquaredError() : Loss("mean_squared_error") {}

void LMeanSquaredError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const BatchShape b = check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  ops::binary(BinaryOp::mult, diff, diff, diff, static_cast<float>(1.0 / b.elements_per_sample));  // (T-Y)²/n
  scores::add_reduced(ReduceOp::sum, diff, sum);
}

void LMeanSquaredError::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  const auto scale = static_cast<float>(2.0 / (b.elements_per_sample * b.batch));
  ops::binary(BinaryOp::sub, *Y, *T, *D, scale, scale);
}

// ---- Categorical cross-entropy: -Σ T log(Y + eps); d/dY = -T / (Y + eps). ----

namespace {
void add_cross_entropy(const Tensor* T, const Tensor* Y, Tensor* sum) {
  Tensor log_y = scratch_like(Y);
  ops::unary(UnaryOp::add_scalar, *Y, log_y, kLogEps);
  ops::unary(UnaryOp::log, log_y, log_y);
  ops::binary(BinaryOp::mult, *T, log_y, log_y, -1.0f);  // -T log(Y + eps)
  scores::add_reduced(ReduceOp::sum, log_y, sum);
}
}  // namespace

LCategoricalCrossEntropy::LCategoricalCrossEntropy() : Loss("categorical_cross_entropy") {}

void LCategoricalCrossEntropy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  add_cross_entropy(T, Y, sum);
}

void LCategoricalCrossEntropy::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  Tensor y_eps = scratch_like(Y);
  ops::unary(UnaryOp::add_scalar, *Y, y_eps, kLogEps);
  ops::binary(BinaryOp::div, *T, y_eps, *D, -1.0f / static_cast<float>(b.batch));
}

// ---- Binary cross-entropy: -Σ T log(Y + eps) + (1 - T) log(1 - Y + eps). ----

LBinaryCrossEntropy::LBinaryCrossEntropy() : Loss("binary_cross_entropy") {}

void LBinaryCrossEntropy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
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
  ops::binary(BinaryOp::add, term, other, term, -1.0f, -1.0f);
  scores::add_reduced(ReduceOp::sum, term, sum);
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

void LSoftCrossEntropy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  add_cross_entropy(T, Y, sum);
}

void LSoftCrossEntropy::delta(Tensor* T, Tensor* Y, Tensor* D) {
  const BatchShape b = check_loss_args(name, T, Y, D);
  const float inv_batch = 1.0f / static_cast<float>(b.batch);
  ops::binary(BinaryOp::sub, *Y, *T, *D, inv_batch, inv_batch);
}

// ---- Mean absolute error: Σ |T - Y| / n; d/dY = sign(Y - T) / n (0 at the kink). ----

LMeanAbsoluteError::LMeanAbsoluteError() : Loss("mean_absolute_error") {}

void LMeanAbsoluteError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const BatchShape b = check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  const auto inv_n = static_cast<float>(1.0 / b.elements_per_sample);
  ops::binary(BinaryOp::sub, *T, *Y, diff, inv_n, inv_n);  // (T - Y) / n
  scores::add_reduced(ReduceOp::sum_abs, diff, sum);
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

void LMeanRelativeError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const BatchShape b = check_loss_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor error = scratch_like(Y);
  Tensor scale = scratch_like(T);
  ops::binary(BinaryOp::sub, *T, *Y, error);
  ops::unary(UnaryOp::abs, error, error);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::div, error, scale, error, static_cast<float>(1.0 / b.elements_per_sample));
  scores::add_reduced(ReduceOp::sum, error, sum);
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

void LSum::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_loss_args(name, T, Y, nullptr, false);
  scores::check_sum(name, Y, sum);
  scores::add_reduced(ReduceOp::sum, *Y, sum);
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
