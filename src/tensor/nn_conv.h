// SPDX-License-Identifier: MIT
// Internal ops for convolutions, used by the layers: the geometry (EDDL's padding rules, output
// sizes) is worked out and validated here once, then the three kernels run through dispatch().
#pragma once

#include <string>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::ops {

/// What a convolution layer asks for; `input` excludes the batch: {channels, spatial...}.
/// padding: "same"/"zeros" (out = ceil(in/stride), total pad max(0, (out-1)*stride + (k-1)*d + 1
/// - in), the odd cell at the end), "valid"/"none" (out = floor((in - (k-1)*d - 1)/stride) + 1),
/// one word per axis separated by commas ("same,none"), or "custom" with `pads` holding one
/// symmetric pad per axis or a (begin, end) pair per axis.
struct ConvRequest {
  std::string who;  ///< the layer's kind and name, for messages ("Conv2D conv2d1")
  int spatial_rank = 2;
  std::vector<int> input;
  int filters = 1;
  std::vector<int> kernel;
  std::vector<int> stride;
  std::vector<int> dilation;
  int groups = 1;
  std::string padding = "same";
  std::vector<int> pads;
};

/// The validated geometry (batch 1) of a convolution: x {C, in...} -> y {filters, out...} with
/// weights {filters, C/groups, k...}. Throws ValueError naming `who` and the shapes.
hw::ConvParams conv_geometry(const ConvRequest& request);

/// The geometry of a transposed convolution x {C, in...} -> y {filters, out...}, given as the
/// direct convolution it is the adjoint of (y -> x, so params.in = y's extents, params.in_channels
/// = filters, params.out_channels = C; weights {C, filters/groups, k...}). Output extents:
/// "same": in*stride; "valid": (in-1)*stride + (k-1)*d + 1; custom pads subtract from the latter.
hw::ConvParams conv_transpose_geometry(const ConvRequest& request);

/// y = conv(x, w) + bias (bias may be null). p.batch is taken from x; every tensor is read in the
/// shape p gives (same number of elements required), so Conv1D's {F, C, k, 1} weights fit.
void conv_forward(hw::ConvParams p, const Tensor& x, const Tensor& w, const Tensor* bias, Tensor& y);
/// dx += conv_x^T(dy): the gradient of the input, or a transposed convolution's forward.
void conv_backward_input(hw::ConvParams p, const Tensor& dy, const Tensor& w, Tensor& dx);
/// dw += the correlation of x with dy.
void conv_backward_weight(hw::ConvParams p, const Tensor& x, const Tensor& dy, Tensor& dw);

/// Extents of a convolution's tensors under p: {batch, C, in...}, {F, C/groups, k...}, {batch, F, out...}.
std::vector<int64_t> conv_input_shape(const hw::ConvParams& p);
std::vector<int64_t> conv_weight_shape(const hw::ConvParams& p);
std::vector<int64_t> conv_output_shape(const hw::ConvParams& p);

}  // namespace eddl::ops
