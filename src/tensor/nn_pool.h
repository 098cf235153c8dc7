// SPDX-License-Identifier: MIT
// Internal ops for pooling, used by the layers: validated here, run through dispatch().
#pragma once

#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::ops {

/// The geometry of pooling x (shape [batch, channels, spatial...] with 1 to 3 spatial axes) with
/// one kernel, stride, pad_begin and pad_end per spatial axis; the output extents are
/// (in + pad_begin + pad_end - kernel) / stride + 1. Throws naming `op` when a window is empty
/// (kernel larger than the padded input, or padding as wide as the kernel).
hw::PoolParams pool_params(const std::vector<int>& x_shape, const std::vector<int>& kernel,
                           const std::vector<int>& stride, const std::vector<int>& pad_begin,
                           const std::vector<int>& pad_end, const char* op = "pool");
/// The output's shape [batch, channels, out...] (as many spatial axes as p.spatial_rank).
std::vector<int> pool_output_shape(const hw::PoolParams& p);

/// y = max over each window of x; padding never wins.
void maxpool_forward(const hw::PoolParams& p, const Tensor& x, Tensor& y);
/// dx += dy routed to the first maximum of each window (y = maxpool_forward(x)).
void maxpool_backward(const hw::PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx);
/// y = mean over each window's unpadded cells.
void avgpool_forward(const hw::PoolParams& p, const Tensor& x, Tensor& y);
/// dx += dy shared equally between each window's unpadded cells.
void avgpool_backward(const hw::PoolParams& p, const Tensor& dy, Tensor& dx);

}  // namespace eddl::ops
