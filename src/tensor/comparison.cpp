// SPDX-License-Identifier: MIT
// Comparisons and logic, giving 0/1 float tensors, and the whole-tensor predicates built on them
// (all, any, anynan, allclose, equivalent), which reduce on the device and read back one number.
#include <iostream>
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
using eddl::hw::ReduceOp;
using eddl::hw::UnaryOp;

Tensor* compare_scalar_new(UnaryOp op, const Tensor& x, float v) {
  std::unique_ptr<Tensor> y(new Tensor(x.shape, x.device));
  eddl::ops::unary(op, x, *y, v);
  return y.release();
}

Tensor* compare_new(BinaryOp op, const Tensor& a, const Tensor& b) {
  const std::vector<int> shape = eddl::shape::broadcast_shapes(a.shape, b.shape, eddl::hw::binary_op_name(op));
  std::unique_ptr<Tensor> y(new Tensor(shape, a.device));
  eddl::ops::binary(op, a, b, *y);
  return y.release();
}

// Whether every element of a 0/1 mask is 1 (true for an empty mask).
bool all_ones(const Tensor& mask) { return mask.size == 0 || eddl::ops::reduce_all(ReduceOp::min, mask) == 1.0f; }
bool any_one(const Tensor& mask) { return mask.size > 0 && eddl::ops::reduce_all(ReduceOp::max, mask) == 1.0f; }

Tensor nonzero_mask(const Tensor& x) {
  Tensor mask(x.shape, x.device);
  eddl::ops::unary(UnaryOp::not_equal_scalar, x, mask, 0.0f);
  return mask;
}

// 0/1 mask of |a - b| <= atol + rtol * |b| (NumPy's isclose), equal values (infinities) and, when
// asked, NaN facing NaN counting as close.
Tensor close_mask(const Tensor& a, const Tensor& b, float rtol, float atol, bool equal_nan) {
  const std::vector<int> shape = eddl::shape::broadcast_shapes(a.shape, b.shape, "allclose");
  Tensor difference(shape, a.device);
  eddl::ops::binary(BinaryOp::sub, a, b, difference);
  eddl::ops::unary(UnaryOp::abs, difference, difference);
  Tensor tolerance(b.shape, b.device);
  eddl::ops::unary(UnaryOp::abs, b, tolerance);
  eddl::ops::unary(UnaryOp::affine, tolerance, tolerance, rtol, atol);
  Tensor close(shape, a.device);
  eddl::ops::binary(BinaryOp::less_equal, difference, tolerance, close);
  Tensor equal(shape, a.device);
  eddl::ops::binary(BinaryOp::equal, a, b, equal);
  eddl::ops::binary(BinaryOp::logical_or, close, equal, close);
  if (equal_nan) {
    Tensor a_nan(a.shape, a.device), b_nan(b.shape, b.device);
    eddl::ops::unary(UnaryOp::isnan, a, a_nan);
    eddl::ops::unary(UnaryOp::isnan, b, b_nan);
    eddl::ops::binary(BinaryOp::logical_and, a_nan, b_nan, equal);
    eddl::ops::binary(BinaryOp::logical_or, close, equal, close);
  }
  return close;
}

}  // namespace

#define EDDL_DEFINE_COMPARE(name)                                                                        \
  void Tensor::name##_(float v) { eddl::ops::unary(UnaryOp::name##_scalar, *this, *this, v); }          \
  Tensor* Tensor::name(float v) const { return compare_scalar_new(UnaryOp::name##_scalar, *this, v); }  \
  Tensor* Tensor::name(Tensor* A) const { return compare_new(BinaryOp::name, *this, deref(A, #name)); } \
  void Tensor::name(Tensor* A, Tensor* B, float v) {                                                     \
    eddl::ops::unary(UnaryOp::name##_scalar, deref(A, #name), deref(B, #name), v);                     \
  }                                                                                                      \
  void Tensor::name(Tensor* A, Tensor* B, Tensor* C) {                                                   \
    eddl::ops::binary(BinaryOp::name, deref(A, #name), deref(B, #name), deref(C, #name));                \
  }
EDDL_DEFINE_COMPARE(greater)
EDDL_DEFINE_COMPARE(greater_equal)
EDDL_DEFINE_COMPARE(less)
EDDL_DEFINE_COMPARE(less_equal)
EDDL_DEFINE_COMPARE(equal)
EDDL_DEFINE_COMPARE(not_equal)
#undef EDDL_DEFINE_COMPARE

bool Tensor::all(Tensor* A) { return all_ones(nonzero_mask(deref(A, "all"))); }
bool Tensor::any(Tensor* A) { return any_one(nonzero_mask(deref(A, "any"))); }

void Tensor::isfinite(Tensor* A, Tensor* B) {
  eddl::ops::unary(UnaryOp::isfinite, deref(A, "isfinite"), deref(B, "isfinite"));
}
void Tensor::isinf(Tensor* A, Tensor* B) { eddl::ops::unary(UnaryOp::isinf, deref(A, "isinf"), deref(B, "isinf")); }
void Tensor::isnan(Tensor* A, Tensor* B) { eddl::ops::unary(UnaryOp::isnan, deref(A, "isnan"), deref(B, "isnan")); }

bool Tensor::anynan(Tensor* A) {
  const Tensor& a = deref(A, "anynan");
  Tensor mask(a.shape, a.device);
  eddl::ops::unary(UnaryOp::isnan, a, mask);
  return any_one(mask);
}

void Tensor::logical_not(Tensor* A, Tensor* B) {
  eddl::ops::unary(UnaryOp::logical_not, deref(A, "logical_not"), deref(B, "logical_not"));
}
void Tensor::logical_and(Tensor* A, Tensor* B, Tensor* C) {
  eddl::ops::binary(BinaryOp::logical_and, deref(A, "logical_and"), deref(B, "logical_and"), deref(C, "logical_and"));
}
void Tensor::logical_or(Tensor* A, Tensor* B, Tensor* C) {
  eddl::ops::binary(BinaryOp::logical_or, deref(A, "logical_or"), deref(B, "logical_or"), deref(C, "logical_or"));
}
void Tensor::logical_xor(Tensor* A, Tensor* B, Tensor* C) {
  eddl::ops::binary(BinaryOp::logical_xor, deref(A, "logical_xor"), deref(B, "logical_xor"), deref(C, "logical_xor"));
}

bool Tensor::allclose(Tensor* A, float rtol, float atol, bool equal_nan) const {
  return all_ones(close_mask(*this, deref(A, "allclose"), rtol, atol, equal_nan));
}

// EDDL's test helper: same shape and allclose; with verbose, says why two tensors differ.
bool Tensor::equivalent(Tensor* A, Tensor* B, float atol, float rtol, bool equal_nan, bool verbose) {
  const Tensor& a = deref(A, "equivalent");
  Tensor& b = deref(B, "equivalent");
  if (a.shape != b.shape) {
    if (verbose) {
      std::cerr << "equivalent: shapes differ, " << eddl::shape::to_string(a.shape) << " vs "
                << eddl::shape::to_string(b.shape) << std::endl;
    }
    return false;
  }
  const bool close = a.allclose(&b, rtol, atol, equal_nan);
  if (!close && verbose) {
    std::cerr << "equivalent: values of " << eddl::shape::to_string(a.shape) << " differ beyond atol=" << atol
              << ", rtol=" << rtol << std::endl;
  }
  return close;
}
