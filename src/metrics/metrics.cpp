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

/// Checks that `sum` can take add_value's result for predictions Y.
void check_sum(const std::string& metric, const Tensor* Y, const Tensor* sum) {
  EDDL_CHECK(sum != nullptr && sum->size == 1,
             metric << ": add_value needs a one-element sum tensor, got "
                    << (sum == nullptr ? std::string("null") : eddl::shape::to_string(sum->shape)));
  EDDL_CHECK(sum->device == Y->device, metric << ": the sum tensor must be on the predictions' device ("
                                              << Y->getDeviceName() << "), not " << sum->getDeviceName());
}

/// sum += reduce(x) over every element, on x's device (nothing read back).
void add_reduced(ReduceOp op, const Tensor& x, Tensor* sum) {
  std::vector<int> axes(static_cast<size_t>(x.ndim));
  std::iota(axes.begin(), axes.end(), 0);
  ops::reduce(op, x, axes, *sum, 1.0f);
}

/// sum += Σ x / per_sample (x is a scratch tensor the caller no longer needs).
void add_sum_per_sample(Tensor& x, double per_sample, Tensor* sum) {
  if (per_sample != 1.0) ops::unary(UnaryOp::mult_scalar, x, x, static_cast<float>(1.0 / per_sample));
  add_reduced(ReduceOp::sum, x, sum);
}

Tensor scratch_like(const Tensor* like) { return Tensor(like->shape, like->device); }

/// The metric whose generic value() runs on this thread (see generic_value_of in losses.cpp).
thread_local const Metric* generic_value_of = nullptr;

struct GenericValueScope {
  const Metric* outer;
  explicit GenericValueScope(const Metric* metric) : outer(generic_value_of) { generic_value_of = metric; }
  ~GenericValueScope() { generic_value_of = outer; }
  GenericValueScope(const GenericValueScope&) = delete;
  GenericValueScope& operator=(const GenericValueScope&) = delete;
};

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
  Tensor sum({1}, Y->device);
  ops::fill(sum, 0.0f);
  {
    GenericValueScope scope(this);
    add_value(T, Y, &sum);
  }
  return sum.to_std()[0];
}

void Metric::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y, false);
  check_sum(name, Y, sum);
  if (typeid(*this) == typeid(Metric) || generic_value_of == this) return;  // "none", or nothing overridden
  // A subclass written against value() alone: its value is read back to the host, as it always
  // was, and added by a kernel taking it as a scalar.
  ops::unary(UnaryOp::add_scalar, *sum, *sum, value(T, Y));
}

Metric* Metric::clone() { return make_metric(name); }

bool Metric::replayable() const {
  // The dynamic type, not the name: a subclass of a built-in metric may compute on the host.
  static const std::type_info* const own[] = {&typeid(Metric),
                                              &typeid(MMeanSquaredError),
                                              &typeid(MCategoricalAccuracy),
                                              &typeid(MBinAccuracy),
                                              &typeid(MMeanAbsoluteError),
                                              &typeid(MMeanRelativeError),
                                              &typeid(MSum)};
  for (const std::type_info* t : own) {
    if (typeid(*this) == *t) return true;
  }
  return false;
}

// ---- Mean squared error: Σ (T - Y)² / n ----

MMeanSquaredError::MMeanSquaredError() : Metric("mean_squared_error") {}

void MMeanSquaredError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  ops::binary(BinaryOp::sub, *T, *Y, diff);
  ops::binary(BinaryOp::mult, diff, diff, diff, static_cast<float>(1.0 / per_sample));  // (T-Y)²/n
  add_reduced(ReduceOp::sum, diff, sum);
}

// ---- Categorical accuracy: argmax over the last axis. For sequences ({B, steps, classes}) each
// sample counts the fraction of its steps that are right, so the value stays a count of samples.

MCategoricalAccuracy::MCategoricalAccuracy() : Metric("categorical_accuracy") {}

void MCategoricalAccuracy::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y);
  check_sum(name, Y, sum);
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
  check_sum(name, Y, sum);
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
  check_sum(name, Y, sum);
  Tensor diff = scratch_like(Y);
  const auto inv_n = static_cast<float>(1.0 / per_sample);
  ops::binary(BinaryOp::sub, *T, *Y, diff, inv_n, inv_n);  // (T - Y) / n
  add_reduced(ReduceOp::sum_abs, diff, sum);
}

// ---- Mean relative error: Σ |T - Y| / (|T| + eps) / n ----

MMeanRelativeError::MMeanRelativeError(float eps) : Metric("mean_relative_error"), eps_(eps) {}

Metric* MMeanRelativeError::clone() { return new MMeanRelativeError(eps_); }

void MMeanRelativeError::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  const double per_sample = check_metric_args(name, T, Y);
  check_sum(name, Y, sum);
  Tensor error = scratch_like(Y);
  Tensor scale = scratch_like(T);
  ops::binary(BinaryOp::sub, *T, *Y, error);
  ops::unary(UnaryOp::abs, error, error);
  ops::unary(UnaryOp::abs, *T, scale);
  ops::unary(UnaryOp::add_scalar, scale, scale, eps_);
  ops::binary(BinaryOp::div, error, scale, error, static_cast<float>(1.0 / per_sample));
  add_reduced(ReduceOp::sum, error, sum);
}

// ---- Sum: Σ Y ----

MSum::MSum() : Metric("sum") {}

void MSum::add_value(Tensor* T, Tensor* Y, Tensor* sum) {
  check_metric_args(name, T, Y, false);
  check_sum(name, Y, sum);
  add_reduced(ReduceOp::sum, *Y, sum);
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
