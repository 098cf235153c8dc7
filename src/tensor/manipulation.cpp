// SPDX-License-Identifier: MIT
// Shape manipulation: reshape/flatten/squeeze/unsqueeze (same data, new extents), permutations
// (permute, moveaxis, swapaxis, transpose), concat, stack and broadcast. The returning flavours copy;
// in-place flavours reuse the storage when only the shape changes.
#include <algorithm>
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

std::vector<int> squeezed_shape(const std::vector<int>& shape, int axis) {
  std::vector<int> out;
  if (axis == -1) {
    for (int d : shape)
      if (d != 1) out.push_back(d);
  } else {
    const int a = eddl::shape::normalize_axis(axis, static_cast<int>(shape.size()), "squeeze");
    EDDL_CHECK(shape[static_cast<size_t>(a)] == 1, "squeeze: axis " << axis << " of " << eddl::shape::to_string(shape)
                                                                    << " has extent " << shape[static_cast<size_t>(a)]
                                                                    << ", not 1");
    out = shape;
    out.erase(out.begin() + a);
  }
  // EDDL keeps tensors at rank >= 1.
  if (out.empty()) out.push_back(1);
  return out;
}

std::vector<int> unsqueezed_shape(const std::vector<int>& shape, int axis) {
  const int rank = static_cast<int>(shape.size());
  const int a = eddl::shape::normalize_axis(axis, rank + 1, "unsqueeze");
  std::vector<int> out = shape;
  out.insert(out.begin() + a, 1);
  return out;
}

std::vector<int> permuted_shape(const std::vector<int>& shape, const std::vector<int>& dims) {
  std::vector<int> out;
  for (int d : dims) out.push_back(shape[static_cast<size_t>(eddl::shape::normalize_axis(d, static_cast<int>(shape.size()), "permute"))]);
  return out;
}

Tensor* permuted(const Tensor& x, const std::vector<int>& dims) {
  EDDL_CHECK(static_cast<int>(dims.size()) == x.ndim,
             "permute: " << dims.size() << " dimensions given for " << eddl::shape::to_string(x.shape));
  std::unique_ptr<Tensor> y(new Tensor(permuted_shape(x.shape, dims), x.device));
  eddl::ops::permute(x, dims, *y);
  return y.release();
}

std::vector<int> moveaxis_order(int ndim, int source, int destination) {
  const int s = eddl::shape::normalize_axis(source, ndim, "moveaxis");
  const int d = eddl::shape::normalize_axis(destination, ndim, "moveaxis");
  std::vector<int> order;
  for (int i = 0; i < ndim; ++i)
    if (i != s) order.push_back(i);
  order.insert(order.begin() + d, s);
  return order;
}

std::vector<int> swapaxis_order(int ndim, int axis1, int axis2) {
  const int a = eddl::shape::normalize_axis(axis1, ndim, "swapaxis");
  const int b = eddl::shape::normalize_axis(axis2, ndim, "swapaxis");
  std::vector<int> order(static_cast<size_t>(ndim));
  for (int i = 0; i < ndim; ++i) order[static_cast<size_t>(i)] = i;
  std::swap(order[static_cast<size_t>(a)], order[static_cast<size_t>(b)]);
  return order;
}

// Checks that every input has the first one's device, rank and extents (except at `axis` when
// axis_may_differ).
void check_joinable(const std::vector<Tensor*>& inputs, int axis, bool axis_may_differ, const char* method) {
  EDDL_CHECK(!inputs.empty(), method << ": no tensors given");
  const Tensor& first = deref(inputs[0], method);
  for (Tensor* t : inputs) {
    const Tensor& x = deref(t, method);
    EDDL_CHECK(x.device == first.device, method << ": tensors on different devices");
    bool same = x.ndim == first.ndim;
    for (int d = 0; same && d < x.ndim; ++d) {
      if (axis_may_differ && d == axis) continue;
      same = x.shape[static_cast<size_t>(d)] == first.shape[static_cast<size_t>(d)];
    }
    EDDL_CHECK(same, method << ": " << eddl::shape::to_string(x.shape) << " does not match "
                            << eddl::shape::to_string(first.shape) << " (axis " << axis << ")");
  }
}

// Copies each input into consecutive blocks of `out` along `axis`; the inputs have out's rank.
void join_into(const std::vector<const Tensor*>& inputs, int axis, Tensor& out) {
  std::vector<int> begin(static_cast<size_t>(out.ndim), 0);
  for (const Tensor* x : inputs) {
    eddl::ops::copy_block_into(*x, begin, out);
    begin[static_cast<size_t>(axis)] += x->shape[static_cast<size_t>(axis)];
  }
}

Tensor* output_or_new(Tensor* output, const std::vector<int>& shape, int device, const char* method) {
  if (output == nullptr) return new Tensor(shape, device);
  EDDL_CHECK(output->shape == shape, method << ": output is " << eddl::shape::to_string(output->shape)
                                            << ", expected " << eddl::shape::to_string(shape));
  return output;
}

}  // namespace

Tensor* Tensor::reshape(const std::vector<int>& new_shape) const {
  std::unique_ptr<Tensor> y(clone());
  y->reshape_(new_shape);
  return y.release();
}
Tensor* Tensor::reshape(Tensor* A, const std::vector<int>& new_shape) {
  return deref(A, "reshape").reshape(new_shape);
}

void Tensor::flatten_() { reshape_({-1}); }
Tensor* Tensor::flatten() const { return reshape({-1}); }

void Tensor::squeeze_(int axis) { reshape_(squeezed_shape(shape, axis)); }
Tensor* Tensor::squeeze(int axis) const { return reshape(squeezed_shape(shape, axis)); }
void Tensor::unsqueeze_(int axis) { reshape_(unsqueezed_shape(shape, axis)); }
Tensor* Tensor::unsqueeze(int axis) const { return reshape(unsqueezed_shape(shape, axis)); }

void Tensor::permute_(const std::vector<int>& dims) {
  std::unique_ptr<Tensor> y(permuted(*this, dims));
  *this = std::move(*y);
}
Tensor* Tensor::permute(const std::vector<int>& dims) const { return permuted(*this, dims); }
Tensor* Tensor::permute(Tensor* A, const std::vector<int>& dims) { return permuted(deref(A, "permute"), dims); }

void Tensor::moveaxis_(int source, int destination) { permute_(moveaxis_order(ndim, source, destination)); }
Tensor* Tensor::moveaxis(int source, int destination) const {
  return permuted(*this, moveaxis_order(ndim, source, destination));
}
void Tensor::swapaxis_(int axis1, int axis2) { permute_(swapaxis_order(ndim, axis1, axis2)); }
Tensor* Tensor::swapaxis(int axis1, int axis2) const { return permuted(*this, swapaxis_order(ndim, axis1, axis2)); }

// Empty `dims` reverses every axis (a 2-D transpose); B may be A, through a temporary.
void Tensor::transpose(Tensor* A, Tensor* B, std::vector<int> dims) {
  const Tensor& a = deref(A, "transpose");
  Tensor& b = deref(B, "transpose");
  if (dims.empty()) {
    for (int d = a.ndim - 1; d >= 0; --d) dims.push_back(d);
  }
  std::unique_ptr<Tensor> result(permuted(a, dims));
  EDDL_CHECK(b.shape == result->shape, "transpose: output " << eddl::shape::to_string(b.shape) << ", expected "
                                                            << eddl::shape::to_string(result->shape));
  eddl::ops::copy(*result, b);
}

Tensor* Tensor::concat(const std::vector<Tensor*>& A, unsigned int axis, Tensor* output) {
  EDDL_CHECK(!A.empty(), "concat: no tensors given");
  const Tensor& first = deref(A[0], "concat");
  const int a = eddl::shape::normalize_axis(static_cast<int>(axis), first.ndim, "concat");
  check_joinable(A, a, true, "concat");
  std::vector<int> shape = first.shape;
  int64_t total = 0;
  for (Tensor* t : A) total += t->shape[static_cast<size_t>(a)];
  EDDL_CHECK(total <= std::numeric_limits<int>::max(), "concat: result too large along axis " << a);
  shape[static_cast<size_t>(a)] = static_cast<int>(total);
  Tensor* out = output_or_new(output, shape, first.device, "concat");
  std::unique_ptr<Tensor> owned(output == nullptr ? out : nullptr);
  join_into(std::vector<const Tensor*>(A.begin(), A.end()), a, *out);
  owned.release();
  return out;
}

Tensor* Tensor::stack(const std::vector<Tensor*>& A, unsigned int axis, Tensor* output) {
  check_joinable(A, -1, false, "stack");
  const Tensor& first = *A[0];
  const int a = eddl::shape::normalize_axis(static_cast<int>(axis), first.ndim + 1, "stack");
  std::vector<Tensor> expanded;
  expanded.reserve(A.size());
  for (Tensor* t : A) expanded.push_back(eddl::detail::reshaped_view(*t, unsqueezed_shape(t->shape, a)));
  std::vector<int> shape = expanded[0].shape;
  shape[static_cast<size_t>(a)] = static_cast<int>(A.size());
  Tensor* out = output_or_new(output, shape, first.device, "stack");
  std::unique_ptr<Tensor> owned(output == nullptr ? out : nullptr);
  std::vector<const Tensor*> inputs;
  for (const Tensor& t : expanded) inputs.push_back(&t);
  join_into(inputs, a, *out);
  owned.release();
  return out;
}

// Multiplying by ones of the target shape is an exact copy with broadcasting (NaN and -0 survive).
Tensor* Tensor::broadcast(Tensor* A, Tensor* B) {
  const Tensor& a = deref(A, "broadcast");
  const Tensor& b = deref(B, "broadcast");
  EDDL_CHECK(eddl::shape::broadcast_shapes(a.shape, b.shape, "broadcast") == b.shape,
             "broadcast: " << eddl::shape::to_string(a.shape) << " does not broadcast to "
                           << eddl::shape::to_string(b.shape));
  std::unique_ptr<Tensor> out(new Tensor(b.shape, a.device));
  eddl::ops::fill(*out, 1.0f);
  eddl::ops::binary(eddl::hw::BinaryOp::mult, a, *out, *out);
  return out.release();
}
