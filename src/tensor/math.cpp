// SPDX-License-Identifier: MIT
// Elementwise maths in EDDL's three flavours (x_() in place, x() new, static x(A, B)), the
// arithmetic statics (add with scales, inc, el_mult, el_div, maximum/minimum, interpolate) and the
// small linear algebra EDDL keeps on Tensor (mult2D, matmul, trace, reduce_sum2D, sum2D_rowwise).
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/method_support.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::detail::deref;
using eddl::hw::BinaryOp;
using eddl::hw::UnaryOp;

Tensor* unary_new(UnaryOp op, const Tensor& x, float a = 0.0f, float b = 0.0f) {
  std::unique_ptr<Tensor> y(new Tensor(x.shape, x.device));
  eddl::ops::unary(op, x, *y, a, b);
  return y.release();
}

// A new tensor of the broadcast shape of a and b holding op(alpha*a, beta*b).
Tensor* binary_new(BinaryOp op, const Tensor& a, const Tensor& b, float alpha = 1.0f, float beta = 1.0f) {
  const std::vector<int> shape = eddl::shape::broadcast_shapes(a.shape, b.shape, eddl::hw::binary_op_name(op));
  std::unique_ptr<Tensor> y(new Tensor(shape, a.device));
  eddl::ops::binary(op, a, b, *y, alpha, beta);
  return y.release();
}

// In-place binary ops must not grow the tensor: b has to broadcast into a's own shape.
void binary_in_place(BinaryOp op, Tensor& a, const Tensor& b) {
  const char* name = eddl::hw::binary_op_name(op);
  EDDL_CHECK(eddl::shape::broadcast_shapes(a.shape, b.shape, name) == a.shape,
             name << "_: " << eddl::shape::to_string(b.shape) << " does not broadcast into "
                  << eddl::shape::to_string(a.shape));
  eddl::ops::binary(op, a, b, a);
}

void binary_scalar(BinaryOp op, const Tensor& a, float v, Tensor& y) {
  const Tensor scalar = eddl::detail::scalar_tensor(v, a.device);
  eddl::ops::binary(op, a, scalar, y);
}

void check_2d(const Tensor& t, const char* method) {
  EDDL_CHECK(t.ndim == 2, method << ": expects a 2-D tensor, got " << eddl::shape::to_string(t.shape));
}

}  // namespace

#define EDDL_DEFINE_UNARY(name, op, a)                                                   \
  void Tensor::name##_() { eddl::ops::unary(op, *this, *this, a); }                      \
  Tensor* Tensor::name() const { return unary_new(op, *this, a); }                       \
  void Tensor::name(Tensor* A, Tensor* B) { eddl::ops::unary(op, deref(A, #name), deref(B, #name), a); }
EDDL_DEFINE_UNARY(abs, UnaryOp::abs, 0.0f)
EDDL_DEFINE_UNARY(acos, UnaryOp::acos, 0.0f)
EDDL_DEFINE_UNARY(asin, UnaryOp::asin, 0.0f)
EDDL_DEFINE_UNARY(atan, UnaryOp::atan, 0.0f)
EDDL_DEFINE_UNARY(ceil, UnaryOp::ceil, 0.0f)
EDDL_DEFINE_UNARY(cos, UnaryOp::cos, 0.0f)
EDDL_DEFINE_UNARY(cosh, UnaryOp::cosh, 0.0f)
EDDL_DEFINE_UNARY(exp, UnaryOp::exp, 0.0f)
EDDL_DEFINE_UNARY(floor, UnaryOp::floor, 0.0f)
EDDL_DEFINE_UNARY(log, UnaryOp::log, 0.0f)
EDDL_DEFINE_UNARY(log2, UnaryOp::log2, 0.0f)
EDDL_DEFINE_UNARY(log10, UnaryOp::log10, 0.0f)
EDDL_DEFINE_UNARY(neg, UnaryOp::neg, 0.0f)
EDDL_DEFINE_UNARY(round, UnaryOp::round, 0.0f)
EDDL_DEFINE_UNARY(rsqrt, UnaryOp::rsqrt, 0.0f)
EDDL_DEFINE_UNARY(sigmoid, UnaryOp::sigmoid, 0.0f)
EDDL_DEFINE_UNARY(sin, UnaryOp::sin, 0.0f)
EDDL_DEFINE_UNARY(sinh, UnaryOp::sinh, 0.0f)
EDDL_DEFINE_UNARY(sqr, UnaryOp::sqr, 0.0f)
EDDL_DEFINE_UNARY(sqrt, UnaryOp::sqrt, 0.0f)
EDDL_DEFINE_UNARY(tan, UnaryOp::tan, 0.0f)
EDDL_DEFINE_UNARY(tanh, UnaryOp::tanh, 0.0f)
EDDL_DEFINE_UNARY(trunc, UnaryOp::trunc, 0.0f)
#undef EDDL_DEFINE_UNARY

void Tensor::reciprocal_() { eddl::ops::unary(UnaryOp::reciprocal, *this, *this, 1.0f); }
Tensor* Tensor::reciprocal() const { return unary_new(UnaryOp::reciprocal, *this, 1.0f); }
void Tensor::inv_(float v) { eddl::ops::unary(UnaryOp::reciprocal, *this, *this, v); }
Tensor* Tensor::inv(float v) const { return unary_new(UnaryOp::reciprocal, *this, v); }
void Tensor::sign_(float zero_sign) { eddl::ops::unary(UnaryOp::sign, *this, *this, zero_sign); }
Tensor* Tensor::sign(float zero_sign) const { return unary_new(UnaryOp::sign, *this, zero_sign); }

void Tensor::clamp_(float min, float max) { eddl::ops::unary(UnaryOp::clamp, *this, *this, min, max); }
Tensor* Tensor::clamp(float min, float max) const { return unary_new(UnaryOp::clamp, *this, min, max); }
void Tensor::clamp(Tensor* A, Tensor* B, float min, float max) {
  eddl::ops::unary(UnaryOp::clamp, deref(A, "clamp"), deref(B, "clamp"), min, max);
}
void Tensor::clampmax_(float max) {
  eddl::ops::unary(UnaryOp::clamp, *this, *this, -std::numeric_limits<float>::infinity(), max);
}
void Tensor::clampmin_(float min) {
  eddl::ops::unary(UnaryOp::clamp, *this, *this, min, std::numeric_limits<float>::infinity());
}

void Tensor::logn_(float n) { eddl::ops::unary(UnaryOp::logn, *this, *this, n); }
Tensor* Tensor::logn(float n) const { return unary_new(UnaryOp::logn, *this, n); }
void Tensor::pow_(float exp) { eddl::ops::unary(UnaryOp::pow_scalar, *this, *this, exp); }
Tensor* Tensor::pow(float exp) const { return unary_new(UnaryOp::pow_scalar, *this, exp); }
void Tensor::pow(Tensor* A, Tensor* B, float exp) {
  eddl::ops::unary(UnaryOp::pow_scalar, deref(A, "pow"), deref(B, "pow"), exp);
}
void Tensor::powb_(float base) { eddl::ops::unary(UnaryOp::powb, *this, *this, base); }
Tensor* Tensor::powb(float base) const { return unary_new(UnaryOp::powb, *this, base); }
void Tensor::mod_(float v) { eddl::ops::unary(UnaryOp::mod_scalar, *this, *this, v); }
Tensor* Tensor::mod(float v) const { return unary_new(UnaryOp::mod_scalar, *this, v); }

// A constant tensor has no range to stretch: it maps to `min` rather than to 0/0.
void Tensor::normalize_(float min, float max) {
  if (size == 0) return;
  const float lo = eddl::ops::reduce_all(eddl::hw::ReduceOp::min, *this);
  const float hi = eddl::ops::reduce_all(eddl::hw::ReduceOp::max, *this);
  if (hi == lo) {
    eddl::ops::fill(*this, min);
    return;
  }
  const double scale = (static_cast<double>(max) - min) / (static_cast<double>(hi) - lo);
  const double offset = min - lo * scale;
  eddl::ops::unary(UnaryOp::affine, *this, *this, static_cast<float>(scale), static_cast<float>(offset));
}
Tensor* Tensor::normalize(float min, float max) const {
  std::unique_ptr<Tensor> y(clone());
  y->normalize_(min, max);
  return y.release();
}

#define EDDL_DEFINE_ARITH(name, op, scalar_in_place)                                              \
  void Tensor::name##_(float v) { scalar_in_place(*this, v, *this); }                             \
  void Tensor::name##_(Tensor* A) { binary_in_place(op, *this, deref(A, #name "_")); }            \
  Tensor* Tensor::name(float v) const {                                                           \
    std::unique_ptr<Tensor> y(new Tensor(shape, device));                                         \
    scalar_in_place(*this, v, *y);                                                                \
    return y.release();                                                                           \
  }                                                                                               \
  Tensor* Tensor::name(Tensor* A) const { return binary_new(op, *this, deref(A, #name)); }        \
  Tensor* Tensor::name(Tensor* A, Tensor* B) { return binary_new(op, deref(A, #name), deref(B, #name)); } \
  void Tensor::name(Tensor* A, Tensor* B, float v) { scalar_in_place(deref(A, #name), v, deref(B, #name)); } \
  void Tensor::name(Tensor* A, Tensor* B, Tensor* C) {                                            \
    eddl::ops::binary(op, deref(A, #name), deref(B, #name), deref(C, #name));                     \
  }

namespace {
void add_scalar(const Tensor& x, float v, Tensor& y) { eddl::ops::unary(UnaryOp::add_scalar, x, y, v); }
void sub_scalar(const Tensor& x, float v, Tensor& y) { eddl::ops::unary(UnaryOp::add_scalar, x, y, -v); }
void mult_scalar(const Tensor& x, float v, Tensor& y) { eddl::ops::unary(UnaryOp::mult_scalar, x, y, v); }
void div_scalar(const Tensor& x, float v, Tensor& y) { binary_scalar(BinaryOp::div, x, v, y); }
}  // namespace

EDDL_DEFINE_ARITH(add, BinaryOp::add, add_scalar)
EDDL_DEFINE_ARITH(sub, BinaryOp::sub, sub_scalar)
EDDL_DEFINE_ARITH(mult, BinaryOp::mult, mult_scalar)
EDDL_DEFINE_ARITH(div, BinaryOp::div, div_scalar)
#undef EDDL_DEFINE_ARITH

namespace {
// C = op(A, B) (+ C when incC), through a temporary when accumulating so that C may alias A or B.
void combine_into(BinaryOp op, const Tensor& a, const Tensor& b, Tensor& c, bool accumulate, float alpha = 1.0f,
                  float beta = 1.0f) {
  if (!accumulate) {
    eddl::ops::binary(op, a, b, c, alpha, beta);
    return;
  }
  Tensor result(c.shape, c.device);
  eddl::ops::binary(op, a, b, result, alpha, beta);
  eddl::ops::binary(BinaryOp::add, c, result, c);
}
}  // namespace

void Tensor::add(float scA, Tensor* A, float scB, Tensor* B, Tensor* C, int incC) {
  combine_into(BinaryOp::add, deref(A, "add"), deref(B, "add"), deref(C, "add"), incC != 0, scA, scB);
}

void Tensor::inc(Tensor* A, Tensor* B) {
  Tensor& b = deref(B, "inc");
  eddl::ops::binary(BinaryOp::add, b, deref(A, "inc"), b);
}

void Tensor::el_mult(Tensor* A, Tensor* B, Tensor* C, int incC) {
  combine_into(BinaryOp::mult, deref(A, "el_mult"), deref(B, "el_mult"), deref(C, "el_mult"), incC != 0);
}

void Tensor::el_div(Tensor* A, Tensor* B, Tensor* C, int incC) {
  combine_into(BinaryOp::div, deref(A, "el_div"), deref(B, "el_div"), deref(C, "el_div"), incC != 0);
}

Tensor* Tensor::maximum(Tensor* A, float v) {
  const Tensor& a = deref(A, "maximum");
  return binary_new(BinaryOp::maximum, a, eddl::detail::scalar_tensor(v, a.device));
}
Tensor* Tensor::maximum(Tensor* A, Tensor* B) {
  return binary_new(BinaryOp::maximum, deref(A, "maximum"), deref(B, "maximum"));
}
Tensor* Tensor::minimum(Tensor* A, float v) {
  const Tensor& a = deref(A, "minimum");
  return binary_new(BinaryOp::minimum, a, eddl::detail::scalar_tensor(v, a.device));
}
Tensor* Tensor::minimum(Tensor* A, Tensor* B) {
  return binary_new(BinaryOp::minimum, deref(A, "minimum"), deref(B, "minimum"));
}

Tensor* Tensor::interpolate(float factor1, Tensor* A, float factor2, Tensor* B) {
  return binary_new(BinaryOp::add, deref(A, "interpolate"), deref(B, "interpolate"), factor1, factor2);
}

void Tensor::mult2D(Tensor* A, int tA, Tensor* B, int tB, Tensor* C, int incC) {
  Tensor& a = deref(A, "mult2D");
  Tensor& b = deref(B, "mult2D");
  Tensor& c = deref(C, "mult2D");
  check_2d(a, "mult2D");
  check_2d(b, "mult2D");
  check_2d(c, "mult2D");
  eddl::ops::gemm(a, tA != 0, b, tB != 0, c, 1.0f, incC != 0 ? 1.0f : 0.0f);
}

Tensor* Tensor::matmul(Tensor* A, Tensor* B) {
  Tensor& a = deref(A, "matmul");
  Tensor& b = deref(B, "matmul");
  check_2d(a, "matmul");
  check_2d(b, "matmul");
  EDDL_CHECK(a.shape[1] == b.shape[0], "matmul: " << eddl::shape::to_string(a.shape) << " times "
                                                  << eddl::shape::to_string(b.shape) << " do not conform");
  std::unique_ptr<Tensor> c(new Tensor({a.shape[0], b.shape[1]}, a.device));
  eddl::ops::gemm(a, false, b, false, *c);
  return c.release();
}

// The diagonal is picked by a 0/1 mask so that the sum runs on the tensor's own device.
float Tensor::trace(int k) const {
  check_2d(*this, "trace");
  const int rows = shape[0], cols = shape[1];
  std::vector<float> mask(size, 0.0f);
  for (int r = 0; r < rows; ++r) {
    const int c = r + k;
    if (c >= 0 && c < cols) mask[static_cast<size_t>(r) * static_cast<size_t>(cols) + static_cast<size_t>(c)] = 1.0f;
  }
  const Tensor diagonal_mask(mask, shape, device);
  Tensor picked(shape, device);
  eddl::ops::binary(BinaryOp::mult, *this, diagonal_mask, picked);
  return eddl::ops::reduce_all(eddl::hw::ReduceOp::sum, picked);
}

void Tensor::reduce_sum2D(Tensor* A, Tensor* B, int axis, int incB) {
  const Tensor& a = deref(A, "reduce_sum2D");
  Tensor& b = deref(B, "reduce_sum2D");
  check_2d(a, "reduce_sum2D");
  const int reduced = eddl::shape::normalize_axis(axis, 2, "reduce_sum2D");
  const int kept = a.shape[static_cast<size_t>(1 - reduced)];
  EDDL_CHECK(static_cast<int64_t>(b.size) == kept,
             "reduce_sum2D: output " << eddl::shape::to_string(b.shape) << " should hold " << kept
                                     << " sums of " << eddl::shape::to_string(a.shape) << " over axis " << reduced);
  eddl::ops::reduce(eddl::hw::ReduceOp::sum, a, {reduced}, b, incB != 0 ? 1.0f : 0.0f);
}

void Tensor::sum2D_rowwise(Tensor* A, Tensor* B, Tensor* C) {
  const Tensor& a = deref(A, "sum2D_rowwise");
  const Tensor& b = deref(B, "sum2D_rowwise");
  check_2d(a, "sum2D_rowwise");
  EDDL_CHECK(static_cast<int64_t>(b.size) == a.shape[1],
             "sum2D_rowwise: row vector " << eddl::shape::to_string(b.shape) << " does not match the columns of "
                                          << eddl::shape::to_string(a.shape));
  const Tensor row = eddl::detail::reshaped_view(b, {1, a.shape[1]});
  eddl::ops::binary(BinaryOp::add, a, row, deref(C, "sum2D_rowwise"));
}
