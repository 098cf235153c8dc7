// SPDX-License-Identifier: MIT
// Reductions: full (-> one number read back to the host) and per axis (-> a new tensor, with or
// without the reduced axes kept as extent 1). var/std use two passes (mean, then squared
// deviations) so that large offsets do not cancel.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/method_support.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::hw::ArgReduceOp;
using eddl::hw::BinaryOp;
using eddl::hw::ReduceOp;

// Normalised, distinct axes; an empty list or a repeated axis is an error.
std::vector<int> checked_axes(const std::vector<int>& axis, int ndim, const char* method) {
  EDDL_CHECK(!axis.empty(), method << ": no axis given");
  std::vector<int> axes;
  for (int a : axis) {
    const int d = eddl::shape::normalize_axis(a, ndim, method);
    EDDL_CHECK(std::find(axes.begin(), axes.end(), d) == axes.end(),
               method << ": axis " << a << " given twice for a tensor of rank " << ndim);
    axes.push_back(d);
  }
  return axes;
}

// x's shape with `axes` set to 1 (keepdims) or removed; removing every axis leaves shape (1).
std::vector<int> reduced_shape(const std::vector<int>& shape, const std::vector<int>& axes, bool keepdims) {
  std::vector<int> out;
  for (size_t d = 0; d < shape.size(); ++d) {
    const bool reduced = std::find(axes.begin(), axes.end(), static_cast<int>(d)) != axes.end();
    if (!reduced) out.push_back(shape[d]);
    else if (keepdims) out.push_back(1);
  }
  if (out.empty()) out.push_back(1);
  return out;
}

std::vector<int> all_axes(int ndim) {
  std::vector<int> axes(static_cast<size_t>(ndim));
  for (int d = 0; d < ndim; ++d) axes[static_cast<size_t>(d)] = d;
  return axes;
}

int64_t reduced_count(const Tensor& x, const std::vector<int>& axes) {
  int64_t n = 1;
  for (int d : axes) n *= x.shape[static_cast<size_t>(d)];
  return n;
}

Tensor* reduce_new(ReduceOp op, const Tensor& x, const std::vector<int>& axis, bool keepdims, const char* method) {
  const std::vector<int> axes = checked_axes(axis, x.ndim, method);
  EDDL_CHECK(reduced_count(x, axes) > 0 || op == ReduceOp::sum || op == ReduceOp::sum_abs,
             method << ": reduction over an empty axis of " << eddl::shape::to_string(x.shape));
  std::unique_ptr<Tensor> y(new Tensor(reduced_shape(x.shape, axes, keepdims), x.device));
  eddl::ops::reduce(op, x, axes, *y);
  return y.release();
}

Tensor* arg_reduce_new(ArgReduceOp op, const Tensor& x, const std::vector<int>& axis, bool keepdims,
                       const char* method) {
  const std::vector<int> axes = checked_axes(axis, x.ndim, method);
  EDDL_CHECK(axes.size() == 1, method << ": takes exactly one axis, got " << axes.size());
  std::unique_ptr<Tensor> y(new Tensor(reduced_shape(x.shape, axes, keepdims), x.device));
  eddl::ops::reduce_arg(op, x, axes[0], *y);
  return y.release();
}

int arg_reduce_all(ArgReduceOp op, const Tensor& x) {
  EDDL_CHECK(x.size > 0, (op == ArgReduceOp::argmax ? "argmax" : "argmin") << ": empty tensor");
  const Tensor flat = eddl::detail::reshaped_view(x, {static_cast<int>(x.size)});
  Tensor index({1}, x.device);
  eddl::ops::reduce_arg(op, flat, 0, index);
  return static_cast<int>(index.to_std()[0]);
}

// Variance over `axes` into y (shape of the mean with or without kept axes; same element count).
void variance_into(const Tensor& x, const std::vector<int>& axes, bool unbiased, Tensor& y) {
  const int64_t n = reduced_count(x, axes);
  EDDL_CHECK(n > 0, "var: reduction over an empty axis of " << eddl::shape::to_string(x.shape));
  Tensor mean(reduced_shape(x.shape, axes, true), x.device);
  eddl::ops::reduce(ReduceOp::mean, x, axes, mean);
  Tensor deviation(x.shape, x.device);
  eddl::ops::binary(BinaryOp::sub, x, mean, deviation);
  eddl::ops::reduce(ReduceOp::sum_sq, deviation, axes, y);
  const double divisor = static_cast<double>(n) - (unbiased ? 1.0 : 0.0);
  const Tensor divisor_tensor = eddl::detail::scalar_tensor(static_cast<float>(divisor), x.device);
  eddl::ops::binary(BinaryOp::div, y, divisor_tensor, y);
}

}  // namespace

float Tensor::max() const { return eddl::ops::reduce_all(ReduceOp::max, *this); }
float Tensor::min() const { return eddl::ops::reduce_all(ReduceOp::min, *this); }
int Tensor::argmax() const { return arg_reduce_all(ArgReduceOp::argmax, *this); }
int Tensor::argmin() const { return arg_reduce_all(ArgReduceOp::argmin, *this); }
float Tensor::sum() const { return eddl::ops::reduce_all(ReduceOp::sum, *this); }
float Tensor::sum_abs() const { return eddl::ops::reduce_all(ReduceOp::sum_abs, *this); }
float Tensor::prod() const { return eddl::ops::reduce_all(ReduceOp::prod, *this); }
float Tensor::mean() const { return eddl::ops::reduce_all(ReduceOp::mean, *this); }

float Tensor::var(bool unbiased) const {
  EDDL_CHECK(size > 0, "var: empty tensor");
  Tensor result({1}, device);
  variance_into(*this, all_axes(ndim), unbiased, result);
  return result.to_std()[0];
}

float Tensor::std(bool unbiased) const { return std::sqrt(var(unbiased)); }

// Only the Frobenius norm (EDDL's default, the 2-norm of the flattened tensor) is defined.
float Tensor::norm(const std::string& ord) const {
  EDDL_CHECK(ord == "fro", "norm: order '" << ord << "' is not supported (only \"fro\")");
  return std::sqrt(eddl::ops::reduce_all(ReduceOp::sum_sq, *this));
}

Tensor* Tensor::max(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::max, *this, axis, keepdims, "max");
}
Tensor* Tensor::min(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::min, *this, axis, keepdims, "min");
}
Tensor* Tensor::argmax(const std::vector<int>& axis, bool keepdims) const {
  return arg_reduce_new(ArgReduceOp::argmax, *this, axis, keepdims, "argmax");
}
Tensor* Tensor::argmin(const std::vector<int>& axis, bool keepdims) const {
  return arg_reduce_new(ArgReduceOp::argmin, *this, axis, keepdims, "argmin");
}
Tensor* Tensor::sum(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::sum, *this, axis, keepdims, "sum");
}
Tensor* Tensor::sum_abs(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::sum_abs, *this, axis, keepdims, "sum_abs");
}
Tensor* Tensor::prod(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::prod, *this, axis, keepdims, "prod");
}
Tensor* Tensor::mean(const std::vector<int>& axis, bool keepdims) const {
  return reduce_new(ReduceOp::mean, *this, axis, keepdims, "mean");
}

Tensor* Tensor::var(const std::vector<int>& axis, bool keepdims, bool unbiased) const {
  const std::vector<int> axes = checked_axes(axis, ndim, "var");
  std::unique_ptr<Tensor> y(new Tensor(reduced_shape(shape, axes, keepdims), device));
  variance_into(*this, axes, unbiased, *y);
  return y.release();
}

Tensor* Tensor::std(const std::vector<int>& axis, bool keepdims, bool unbiased) const {
  Tensor* y = var(axis, keepdims, unbiased);
  eddl::ops::unary(eddl::hw::UnaryOp::sqrt, *y, *y);
  return y;
}
