// SPDX-License-Identifier: MIT
// The metrics of EDDL's getMetric, written with tensor ops only. Each value is a sum over the
// samples of the batch; the Net divides by the samples seen.
#include <string>
#include <vector>

#include "eddl/metrics/metric.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;
namespace ops = eddl::ops;

namespace {

/// Checks that T (unless the metric ignores it) and Y agree; returns Y's elements per sample.
double check_metric_args(const std::string& metric, const Tensor* T, const Tensor* Y, bool uses_target = true) {
  EDDL_CHECK(Y != nullptr, metric << ": null prediction tensor");
  EDDL_CHECK(Y->ndim >= 1 && Y->shape[0] > 0 && Y->size > 0,
             metric << ": predictions must have a non-empty batch dimension, got "
                    << eddl::shape::to_string(Y->shape));
  if (uses_target) {
    EDDL_CHECK(T != nullptr, metric << ": null target tensor");
    EDDL_CHECK(T->size == Y->size, metric << ": target " << eddl::shape::to_string(T->shape) << " and prediction "
                                          << eddl::shape::to_string(Y->shape) << " differ in size");
  }
  return static_cast<double>(Y->size) / Y->shape[0];
}

Tensor scratch_like(const Tensor* like) { return Tensor(like->shape, like->device); }

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{
      "categorical_accuracy", "accuracy", "binary_accuracy", "mean_squared_error", "mse", "mean_absolute_error",
      "mae",                  "mean_relative_error", "mre",  "sum",               "none"};
  return names;
}

}  // namespace

// ---- Metric ("none") ----

float Metric::value(Tensor* T, Tensor* Y) {
  check_metric_args(name, T, Y, false);
  return 0.0f;
}

Metric* Metric::clone() { return make_metric(name); }

// ---- Mean squared error: Σ (T - Y)² / n ----

MMeanSquaredError::MMeanSquaredError() : Metric("mean_squared_error") {}

float MMeanSquaredError::value(Tensor* T, Tensor* Y) {
  const double per_sample = check_metric_args(name, T, Y);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum_sq, diff) / per_sample);
}

// ---- Categorical accuracy: argmax over the last axis. For sequences ({B, steps, classes}) each
// sample counts the fraction of its steps that are right, so the value stays a count of samples.

MCategoricalAccuracy::MCategoricalAccuracy() : Metric("categorical_accuracy") {}

float MCategoricalAccuracy::value(Tensor* T, Tensor* Y) {
  check_metric_args(name, T, Y);
  EDDL_CHECK(Y->ndim >= 2 && T->shape == Y->shape,
             name << ": needs targets and predictions of one shape {batch, ..., classes}, got "
                  << eddl::shape::to_string(T->shape) << " and " << eddl::shape::to_string(Y->shape));
  std::vector<int> positions_shape(Y->shape.begin(), Y->shape.end() - 1);
  Tensor target_class(positions_shape, T->device);
  Tensor predicted_class(positions_shape, Y->device);
  ops::reduce_arg(eddl::hw::ArgReduceOp::argmax, *T, -1, target_class);
  ops::reduce_arg(eddl::hw::ArgReduceOp::argmax, *Y, -1, predicted_class);
  ops::binary(BinaryOp::equal, target_class, predicted_class, predicted_class);
  const double positions_per_sample = static_cast<double>(predicted_class.size) / Y->shape[0];
  return static_cast<float>(ops::reduce_all(ReduceOp::sum, predicted_class) / positions_per_sample);
}

// ---- Binary accuracy: prediction > 0.5 agrees with target > 0.5, averaged within a sample. ----

MBinAccuracy::MBinAccuracy() : Metric("binary_accuracy") {}

float MBinAccuracy::value(Tensor* T, Tensor* Y) {
  const double per_sample = check_metric_args(name, T, Y);
  Tensor target_positive = scratch_like(T);
  Tensor predicted_positive = scratch_like(Y);
  ops::unary(UnaryOp::greater_scalar, *T, target_positive, 0.5f);
  ops::unary(UnaryOp::greater_scalar, *Y, predicted_positive, 0.5f);
  ops::binary(BinaryOp::equal, target_positive, predicted_positive, predicted_positive);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum, predicted_positive) / per_sample);
}

// ---- Mean absolute error: Σ |T - Y| / n ----

MMeanAbsoluteError::MMeanAbsoluteError() : Metric("mean_absolute_error") {}

float MMeanAbsoluteError::value(Tensor* T, Tensor* Y) {
  const double per_sample = check_metric_args(name, T, Y);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum_abs, diff) / per_sample);
}

// ---- Mean relative error: Σ |T - Y| / (|T| + eps) / n ----

MMeanRelativeError::MMeanRelativeError(float eps) : Metric("mean_relative_error"), eps_(eps) {}

Metric* MMeanRelativeError::clone() { return new MMeanRelativeError(eps_); }

float MMeanRelativeError::value(Tensor* T, Tensor* Y) {
  const double per_sample = check_metric_args(name, T, Y);
  Tensor error = scratch_like(Y);
  Tensor scale = scratch_like(T);
  ops::binary(BinaryOp::sub, *T, *Y, error);
  ops::unary(UnaryOp::abs, error, error);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::div, error, scale, error);
  return static_cast<float>(ops::reduce_all(ReduceOp::sum, error) / per_sample);
}

// ---- Sum: Σ Y ----

MSum::MSum() : Metric("sum") {}

float MSum::value(Tensor* T, Tensor* Y) {
  check_metric_args(name, T, Y, false);
  return ops::reduce_all(ReduceOp::sum, *Y);
}

// ---- Factory ----

Metric* make_metric(const std::string& name) {
  if (name == "categorical_accuracy" || name == "accuracy") return new MCategoricalAccuracy();
  if (name == "binary_accuracy") return new MBinAccuracy();
  if (name == "mean_squared_error" || name == "mse") return new MMeanSquaredError();
  if (name == "mean_absolute_error" || name == "mae") return new MMeanAbsoluteError();
  if (name == "mean_relative_error" || name == "mre") return new MMeanRelativeError();
  if (name == "sum") return new MSum();
  if (name == "none") return new Metric("none");
  std::string known;
  for (const std::string& n : metric_names()) known += (known.empty() ? "" : ", ") + n;
  EDDL_CHECK(false, "unknown metric '" << name << "'; known metrics: " << known);
  return nullptr;
}
