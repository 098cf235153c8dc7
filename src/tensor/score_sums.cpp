// SPDX-License-Identifier: MIT
#include "tensor/score_sums.h"

#include <numeric>
#include <vector>

#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::scores {

namespace {
/// The score whose generic value() runs on this thread; per score, so that a value() may use other
/// scores' value() or add_value().
thread_local const void* generic_value_of = nullptr;
}  // namespace

double check_batch(const std::string& who, const Tensor* T, const Tensor* Y, bool uses_target) {
  EDDL_CHECK(Y != nullptr, who << ": null prediction tensor");
  EDDL_CHECK(Y->ndim >= 1 && Y->shape[0] > 0 && Y->size > 0,
             who << ": predictions must have a non-empty batch dimension, got " << eddl::shape::to_string(Y->shape));
  if (uses_target) {
    EDDL_CHECK(T != nullptr, who << ": null target tensor");
    EDDL_CHECK(T->size == Y->size, who << ": target " << eddl::shape::to_string(T->shape) << " and prediction "
                                       << eddl::shape::to_string(Y->shape) << " differ in size");
  }
  return static_cast<double>(Y->size) / Y->shape[0];
}

void check_sum(const std::string& who, const Tensor* Y, const Tensor* sum) {
  EDDL_CHECK(sum != nullptr && sum->size == 1,
             who << ": add_value needs a one-element sum tensor, got "
                 << (sum == nullptr ? std::string("null") : eddl::shape::to_string(sum->shape)));
  EDDL_CHECK(sum->device == Y->device, who << ": the sum tensor must be on the predictions' device ("
                                           << Y->getDeviceName() << "), not " << sum->getDeviceName());
}

void add_reduced(hw::ReduceOp op, const Tensor& x, Tensor* sum) {
  std::vector<int> axes(static_cast<size_t>(x.ndim));
  std::iota(axes.begin(), axes.end(), 0);
  ops::reduce(op, x, axes, *sum, 1.0f);
}

float read_value(const void* owner, const Tensor* Y, const std::function<void(Tensor* sum)>& add_value) {
  Tensor sum({1}, Y->device);
  ops::fill(sum, 0.0f);
  const void* outer = generic_value_of;
  generic_value_of = owner;
  try {
    add_value(&sum);
  } catch (...) {
    generic_value_of = outer;
    throw;
  }
  generic_value_of = outer;
  return sum.to_std()[0];
}

bool in_generic_value(const void* owner) { return generic_value_of == owner; }

bool is_one_of(const std::type_info& type, std::initializer_list<const std::type_info*> own) {
  for (const std::type_info* t : own) {
    if (type == *t) return true;
  }
  return false;
}

}  // namespace eddl::scores
