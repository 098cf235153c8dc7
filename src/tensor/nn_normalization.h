// SPDX-License-Identifier: MIT
// Internal ops for normalization, used by the layers: validated here, run through dispatch().
// Every op reads x as [batch, channels, spatial] (a NormLayout) and normalises each channel over
// its batch x spatial values: batch norm uses channel_layout(x); layer and group norm read a
// sample (or a group of a sample) as one channel of a batch of 1.
#pragma once

#include <array>
#include <cstdint>

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::ops {

/// Extents [batch, channels, spatial] in which x is read; their product is x's size.
using NormLayout = std::array<int64_t, 3>;

/// [shape[0], shape[1], product of the rest] of a tensor of rank >= 2.
NormLayout channel_layout(const Tensor& x);

/// Training: y = gamma*(x - mean)*invstd + beta with the batch's per-channel statistics, written to
/// batch_mean and batch_invstd; the running stats (when given) move towards them. gamma, beta and
/// the running stats may be null (gamma = 1, beta = 0; no running update).
void batchnorm_forward_train(const hw::BatchNormParams& p, const NormLayout& layout, const Tensor& x,
                             const Tensor* gamma, const Tensor* beta, Tensor& y, Tensor& batch_mean,
                             Tensor& batch_invstd, Tensor* running_mean, Tensor* running_var);
/// Inference: y = gamma*(x - running_mean)/sqrt(running_var + epsilon) + beta.
void batchnorm_forward_inference(const hw::BatchNormParams& p, const NormLayout& layout, const Tensor& x,
                                 const Tensor* gamma, const Tensor* beta, const Tensor& running_mean,
                                 const Tensor& running_var, Tensor& y);
/// dbeta += sum(dy), dgamma += sum(dy*xhat), dx += the input gradient (through the statistics when
/// p.batch_stats). dx, dgamma and dbeta may be null (not computed); gamma null means 1.
void batchnorm_backward(const hw::BatchNormParams& p, const NormLayout& layout, const Tensor& x,
                        const Tensor* gamma, const Tensor& dy, const Tensor& mean, const Tensor& invstd, Tensor* dx,
                        Tensor* dgamma, Tensor* dbeta);

}  // namespace eddl::ops
