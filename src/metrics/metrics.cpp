// SPDX-License-Identifier: MIT
// The metrics of EDDL's getMetric, written with tensor ops only. Each value is a sum over the
// samples of the batch; the Net divides by the samples seen. As in losses.cpp, add_value() reduces
// into a device sum with beta = 1, so a factor 1 / (elements per sample) is applied before the
// reduction.
#include <numeric>
#include <string>
#include <typeinfo>
#include <vector>

#include "eddl/metrics/metric.h"
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

/// Checks that T (unless the metric ignores it) and Y agree; returns Y's elements per sample.
double check_metric_args(const std::string& metric, const Tensor* T, const Tensor* Y, bool uses_target = true) {
  return eddl::scores::check_batch(metric, T, Y, uses_target);
}

/// sum += Σ x / per_sample (x is a scratch tensor the caller no longer needs).
void add_sum_per_sample(Tensor& x, double per_sample, Tensor* sum) {
  if (per_sample != 1.0) ops::unary(UnaryOp::mult_scalar, x, x, static_cast<float>(1.0 / per_sample));
  scores::add_reduced(ReduceOp::sum, x, sum);
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
  EDDL_CHECK(Y != nullptr, name << ": null prediction tensor");
  return scores::read_value(this, Y, [&](Tensor* sum) { add_value(T, Y, sum); });
}

void Metric::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y, false);
  scores::check_sum(name, Y, sum);
  if (typeid(*this) == typeid(Metric) || scores::in_generic_value(this)) return;  // "none", or nothing overridden
  // A subclass written against value() alone: its value is read back to the host, as it always
  // was, and added by a kernel taking it as a scalar.
  ops::unary(UnaryOp::add_scalar, *sum, *sum, value(T, Y));
}

Metric* Metric::clone() { return make_metric(name); }

bool Metric::replayable() const {
  // The dynamic type, not the name: a subclass of a built-in metric may compute on the host.
  return scores::is_one_of(typeid(*this), {&typeid(Metric),
                                              &typeid(MMeanSquaredError),
                                              &typeid(MCategoricalAccuracy),
                                              &typeid(MBinAccuracy),
                                              &typeid(MMeanAbsoluteError),
                                              &typeid(MMeanRelativeError),
                                              &typeid(MSum)});
}

// ---- Mean squared error: Σ (T - Y)² / n ----

MMeanSquaredError::MMeanSquaredError() : Metric("mean_squared_error") {}

void MMeanSquaredError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  ops::binary(BinaryOp::mult, diff, diff, diff, static_cast<float>(1.0 / per_sample));  // (T-Y)²/n
  scores::add_reduced(ReduceOp::sum, diff, sum);
}

// ---- Categorical accuracy: argmax over the last axis. For sequences ({B, steps, classes}) each
// sample counts the fraction of its steps that are right, so the value stays a count of samples.

MCategoricalAccuracy::MCategoricalAccuracy() : Metric("categorical_accuracy") {}

void MCategoricalAccuracy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y);
  scores::check_sum(name, Y, sum);
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
  add_sum_per_sample(predicted_class, positions_per_sample, sum);
}

// ---- Binary accuracy: prediction > 0.5 agrees with target > 0.5, averaged within a sample. ----

MBinAccuracy::MBinAccuracy() : Metric("binary_accuracy") {}

void MBinAccuracy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor target_positive = scratch_like(T);
  Tensor predicted_positive = scratch_like(Y);
  ops::unary(UnaryOp::greater_scalar, *T, target_positive, 0.5f);
  ops::unary(UnaryOp::greater_scalar, *Y, predicted_positive, 0.5f);
  ops::binary(BinaryOp::equal, target_positive, predicted_positive, predicted_positive);
  add_sum_per_sample(predicted_positive, per_sample, sum);
}

// ---- Mean absolute error: Σ |T - Y| / n ----

MMeanAbsoluteError::MMeanAbsoluteError() : Metric("mean_absolute_error") {}

void MMeanAbsoluteError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  const auto inv_n = static_cast<float>(1.0 / per_sample);
  ops::binary(BinaryOp::sub, *T, *Y, diff, inv_n, inv_n);  // (T - Y) / n
  scores::add_reduced(ReduceOp::sum_abs, diff, sum);
}

// ---- Mean relative error: Σ |T - Y| / (|T| + eps) / n ----

MMeanRelativeError::MMeanRelativeError(float eps) : Metric("mean_relative_error"), eps_(eps) {}

Metric* MMeanRelativeError::clone() { return new MMeanRelativeError(eps_); }

void MMeanRelativeError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  scores::check_sum(name, Y, sum);
  Tensor error = scratch_like(Y);
  Tensor scale = scratch_like(T);
  ops::binary(BinaryOp::sub, *T, *Y, error);
  ops::unary(UnaryOp::abs, error, error);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::div, error, scale, error, static_cast<float>(1.0 / per_sample));
  scores::add_reduced(ReduceOp::sum, error, sum);
}

// ---- Sum: Σ Y ----

MSum::MSum() : Metric("sum") {}

void MSum::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y, false);
  scores::check_sum(name, Y, sum);
  scores::add_reduced(ReduceOp::sum, *Y, sum);
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
