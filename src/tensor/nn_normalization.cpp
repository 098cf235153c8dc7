// SPDX-License-Identifier: MIT
// Internal ops for normalization: validation and views, then dispatch (see nn_normalization.h).
#include "tensor/nn_normalization.h"

#include <vector>

#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/shape.h"

namespace eddl::ops {

namespace {

std::vector<int64_t> extents(const NormLayout& l) { return {l[0], l[1], l[2]}; }

void check_layout(const NormLayout& l, const Tensor& t, const char* op, const char* what) {
  EDDL_CHECK(l[0] > 0 && l[1] > 0 && l[2] > 0 && static_cast<int64_t>(t.size) == l[0] * l[1] * l[2],
             op << ": " << what << " " << shape::to_string(t.shape) << " cannot be read as [" << l[0] << ", " << l[1]
                << ", " << l[2] << "]");
}

void check_channels(const NormLayout& l, const Tensor* t, const char* op, const char* what) {
  if (t == nullptr) return;
  EDDL_CHECK(static_cast<int64_t>(t->size) == l[1],
             op << ": " << what << " " << shape::to_string(t->shape) << " must hold one value per channel (" << l[1]
                << ")");
}

// A per-channel vector, or an empty view (data null) when absent.
hw::View channel_view(const Tensor* t, const NormLayout& l) { return t == nullptr ? hw::View{} : view_as(*t, {l[1]}); }

}  // namespace

NormLayout channel_layout(const Tensor& x) {
  EDDL_CHECK(x.ndim >= 2, "batch normalization: input " << shape::to_string(x.shape)
                                                         << " needs a batch and a channel axis");
  int64_t spatial = 1;
  for (int d = 2; d < x.ndim; ++d) spatial *= x.shape[static_cast<size_t>(d)];
  return {x.shape[0], x.shape[1], spatial};
}

void batchnorm_forward_train(const hw::BatchNormParams& p, const NormLayout& l, const Tensor& x,
                             const Tensor* gamma, const Tensor* beta, Tensor& y, Tensor& batch_mean,
                             Tensor& batch_invstd, Tensor* running_mean, Tensor* running_var) {
  const char* op = "batch normalization";
  check_layout(l, x, op, "input");
  check_layout(l, y, op, "output");
  for (const Tensor* t : {gamma, beta, static_cast<const Tensor*>(&batch_mean),
                          static_cast<const Tensor*>(&batch_invstd), static_cast<const Tensor*>(running_mean),
                          static_cast<const Tensor*>(running_var)}) {
    check_channels(l, t, op, "statistic or parameter");
  }
  dispatch<hw::KernelId::batchnorm_forward_train>(
      {&x, gamma ? gamma : &x, beta ? beta : &x, &y, &batch_mean, &batch_invstd, running_mean ? running_mean : &x,
       running_var ? running_var : &x},
      p, view_as(x, extents(l)), channel_view(gamma, l), channel_view(beta, l), view_as(y, extents(l)),
      channel_view(&batch_mean, l), channel_view(&batch_invstd, l), channel_view(running_mean, l),
      channel_view(running_var, l));
}

void batchnorm_forward_inference(const hw::BatchNormParams& p, const NormLayout& l, const Tensor& x,
                                 const Tensor* gamma, const Tensor* beta, const Tensor& running_mean,
                                 const Tensor& running_var, Tensor& y) {
  const char* op = "batch normalization (inference)";
  check_layout(l, x, op, "input");
  check_layout(l, y, op, "output");
  for (const Tensor* t : {gamma, beta, &running_mean, &running_var}) check_channels(l, t, op, "statistic or parameter");
  dispatch<hw::KernelId::batchnorm_forward_inference>(
      {&x, gamma ? gamma : &x, beta ? beta : &x, &running_mean, &running_var, &y}, p, view_as(x, extents(l)),
      channel_view(gamma, l), channel_view(beta, l), channel_view(&running_mean, l), channel_view(&running_var, l),
      view_as(y, extents(l)));
}

void batchnorm_backward(const hw::BatchNormParams& p, const NormLayout& l, const Tensor& x, const Tensor* gamma,
                        const Tensor& dy, const Tensor& mean, const Tensor& invstd, Tensor* dx, Tensor* dgamma,
                        Tensor* dbeta) {
  const char* op = "batch normalization backward";
  check_layout(l, x, op, "input");
  check_layout(l, dy, op, "output gradient");
  if (dx != nullptr) check_layout(l, *dx, op, "input gradient");
  for (const Tensor* t : {gamma, &mean, &invstd, static_cast<const Tensor*>(dgamma), static_cast<const Tensor*>(dbeta)}) {
    check_channels(l, t, op, "statistic or parameter");
  }
  const hw::View vdx = dx == nullptr ? hw::View{} : view_as(*dx, extents(l));
  dispatch<hw::KernelId::batchnorm_backward>(
      {&x, gamma ? gamma : &x, &dy, &mean, &invstd, dx ? dx : &x, dgamma ? dgamma : &x, dbeta ? dbeta : &x}, p,
      view_as(x, extents(l)), channel_view(gamma, l), view_as(dy, extents(l)), channel_view(&mean, l),
      channel_view(&invstd, l), vdx, channel_view(dgamma, l), channel_view(dbeta, l));
}

}  // namespace eddl::ops
