// SPDX-License-Identifier: MIT
// Internal ops for convolutions: EDDL's padding rules and output sizes, validation with messages
// that name the layer and the shapes, then one dispatch per kernel (see nn_conv.h).
#include "tensor/nn_conv.h"

#include <algorithm>
#include <sstream>

#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/shape.h"

namespace eddl::ops {

namespace {

enum class AxisPadding { same, none, custom };

// Where the layer's first spatial axis sits in ConvParams' (d, h, w) arrays.
size_t first_axis(const hw::ConvParams& p) { return static_cast<size_t>(3 - p.spatial_rank); }

std::string join(const std::vector<int>& v) { return shape::to_string(v); }

// One padding mode per spatial axis from EDDL's strings; "custom" means `pads` decide.
std::vector<AxisPadding> parse_padding(const ConvRequest& r) {
  std::vector<std::string> words;
  std::stringstream in(r.padding);
  for (std::string word; std::getline(in, word, ',');) words.push_back(word);
  EDDL_CHECK(!words.empty(), r.who << ": empty padding");
  if (words.size() == 1) words.assign(static_cast<size_t>(r.spatial_rank), words[0]);
  EDDL_CHECK(words.size() == static_cast<size_t>(r.spatial_rank),
             r.who << ": padding \"" << r.padding << "\" names " << words.size() << " axes, the layer has "
                   << r.spatial_rank);
  std::vector<AxisPadding> modes;
  for (const std::string& w : words) {
    if (w == "same" || w == "zeros") {
      modes.push_back(AxisPadding::same);
    } else if (w == "valid" || w == "none") {
      modes.push_back(AxisPadding::none);
    } else if (w == "custom") {
      modes.push_back(AxisPadding::custom);
    } else {
      EDDL_CHECK(false, r.who << ": unknown padding \"" << r.padding
                              << "\" (use \"same\", \"zeros\", \"valid\", \"none\", one per axis separated by "
                                 "commas, or \"custom\" with pads)");
    }
  }
  return modes;
}

// Explicit (begin, end) pads of axis a from `pads`: one symmetric value or a pair per axis.
void custom_pads(const ConvRequest& r, int a, int64_t& begin, int64_t& end) {
  const size_t n = static_cast<size_t>(r.spatial_rank);
  EDDL_CHECK(r.pads.size() == n || r.pads.size() == 2 * n,
             r.who << ": custom padding needs " << n << " or " << 2 * n << " pads, got " << join(r.pads));
  const size_t i = static_cast<size_t>(a);
  begin = r.pads.size() == n ? r.pads[i] : r.pads[2 * i];
  end = r.pads.size() == n ? r.pads[i] : r.pads[2 * i + 1];
  EDDL_CHECK(begin >= 0 && end >= 0, r.who << ": pads must be >= 0, got " << join(r.pads));
}

// Checks the parts of a request common to direct and transposed convolutions and fills what the
// two share: ranks, channels, kernel, stride, dilation.
hw::ConvParams common_geometry(const ConvRequest& r) {
  const int n = r.spatial_rank;
  const size_t un = static_cast<size_t>(n);
  EDDL_CHECK(n >= 1 && n <= 3, r.who << ": spatial rank " << n << " (1, 2 or 3)");
  EDDL_CHECK(r.input.size() == un + 1, r.who << ": expects a " << n + 2 << "-D input (batch, channels"
                                             << (n == 1 ? ", length" : n == 2 ? ", height, width" : ", d, h, w")
                                             << "), got the " << r.input.size() + 1 << "-D shape (batch) + "
                                             << join(r.input));
  EDDL_CHECK(r.kernel.size() == un, r.who << ": kernel_size " << join(r.kernel) << " must have " << n << " values");
  EDDL_CHECK(r.stride.size() == un, r.who << ": strides " << join(r.stride) << " must have " << n << " values");
  EDDL_CHECK(r.dilation.size() == un,
             r.who << ": dilation_rate " << join(r.dilation) << " must have " << n << " values");
  EDDL_CHECK(r.filters > 0, r.who << ": filters must be positive, got " << r.filters);
  EDDL_CHECK(r.groups > 0, r.who << ": groups must be positive, got " << r.groups);
  for (size_t a = 0; a < un; ++a) {
    EDDL_CHECK(r.kernel[a] > 0 && r.stride[a] > 0 && r.dilation[a] > 0,
               r.who << ": kernel_size " << join(r.kernel) << ", strides " << join(r.stride) << " and dilation_rate "
                     << join(r.dilation) << " must be positive");
    EDDL_CHECK(r.input[a + 1] > 0, r.who << ": empty input " << join(r.input));
  }
  hw::ConvParams p;
  p.spatial_rank = n;
  p.groups = r.groups;
  for (size_t a = 0; a < un; ++a) {
    p.kernel[first_axis(p) + a] = r.kernel[a];
    p.stride[first_axis(p) + a] = r.stride[a];
    p.dilation[first_axis(p) + a] = r.dilation[a];
  }
  return p;
}

void check_groups(const ConvRequest& r, int64_t channels) {
  EDDL_CHECK(channels % r.groups == 0 && r.filters % r.groups == 0,
             r.who << ": input channels (" << channels << ") and filters (" << r.filters
                   << ") must both be divisible by groups (" << r.groups << ")");
}

int64_t kernel_extent(const hw::ConvParams& p, size_t a) { return (p.kernel[a] - 1) * p.dilation[a] + 1; }

}  // namespace

hw::ConvParams conv_geometry(const ConvRequest& r) {
  hw::ConvParams p = common_geometry(r);
  p.in_channels = r.input[0];
  p.out_channels = r.filters;
  check_groups(r, p.in_channels);
  const std::vector<AxisPadding> modes = parse_padding(r);
  for (int axis = 0; axis < r.spatial_rank; ++axis) {
    const size_t l = static_cast<size_t>(axis), a = first_axis(p) + l;  // layer axis, params axis
    const int64_t in = r.input[l + 1], extent = kernel_extent(p, a), s = p.stride[a];
    p.in[a] = in;
    if (modes[l] == AxisPadding::same) {
      p.out[a] = (in + s - 1) / s;
      const int64_t total = std::max<int64_t>(0, (p.out[a] - 1) * s + extent - in);
      p.pad_begin[a] = total / 2;
      p.pad_end[a] = total - total / 2;
    } else {
      if (modes[l] == AxisPadding::custom) custom_pads(r, axis, p.pad_begin[a], p.pad_end[a]);
      const int64_t padded = in + p.pad_begin[a] + p.pad_end[a];
      EDDL_CHECK(padded >= extent, r.who << ": kernel " << join(r.kernel) << " with dilation " << join(r.dilation)
                                         << " spans " << extent << " cells on axis " << axis
                                         << ", more than the padded input (" << padded << ") of input shape "
                                         << join(r.input));
      p.out[a] = (padded - extent) / s + 1;
    }
  }
  return p;
}

hw::ConvParams conv_transpose_geometry(const ConvRequest& r) {
  hw::ConvParams p = common_geometry(r);
  // The direct convolution runs from this layer's output (filters channels) to its input.
  p.in_channels = r.filters;
  p.out_channels = r.input[0];
  check_groups(r, p.out_channels);
  const std::vector<AxisPadding> modes = parse_padding(r);
  for (int axis = 0; axis < r.spatial_rank; ++axis) {
    const size_t l = static_cast<size_t>(axis), a = first_axis(p) + l;
    const int64_t in = r.input[l + 1], extent = kernel_extent(p, a), s = p.stride[a];
    p.out[a] = in;
    const int64_t full = (in - 1) * s + extent;  // the output with no padding
    if (modes[l] == AxisPadding::same) {
      p.in[a] = in * s;
      // The direct convolution from in*s cells back to `in` under EDDL's "same" rule.
      const int64_t total = std::max<int64_t>(0, full - p.in[a]);
      p.pad_begin[a] = total / 2;
      p.pad_end[a] = total - total / 2;
    } else {
      if (modes[l] == AxisPadding::custom) custom_pads(r, axis, p.pad_begin[a], p.pad_end[a]);
      p.in[a] = full - p.pad_begin[a] - p.pad_end[a];
      EDDL_CHECK(p.in[a] > 0, r.who << ": pads " << join(r.pads) << " leave no output on axis " << axis
                                    << " for input shape " << join(r.input));
    }
  }
  return p;
}

std::vector<int64_t> conv_input_shape(const hw::ConvParams& p) {
  std::vector<int64_t> s{p.batch, p.in_channels};
  for (size_t a = first_axis(p); a < 3; ++a) s.push_back(p.in[a]);
  return s;
}

std::vector<int64_t> conv_weight_shape(const hw::ConvParams& p) {
  std::vector<int64_t> s{p.out_channels, p.in_channels / p.groups};
  for (size_t a = first_axis(p); a < 3; ++a) s.push_back(p.kernel[a]);
  return s;
}

std::vector<int64_t> conv_output_shape(const hw::ConvParams& p) {
  std::vector<int64_t> s{p.batch, p.out_channels};
  for (size_t a = first_axis(p); a < 3; ++a) s.push_back(p.out[a]);
  return s;
}

namespace {

// A view of t in `expected` (its element count must match; the batch is part of the shape).
hw::View shaped_view(const Tensor& t, const std::vector<int64_t>& expected, const char* op, const char* role) {
  EDDL_CHECK(static_cast<int64_t>(t.size) == shape::checked_numel64(expected),
             op << ": " << role << " has shape " << shape::to_string(t.shape) << ", expected "
                << shape::to_string(std::vector<int>(expected.begin(), expected.end())));
  return view_as(t, expected);
}

void set_batch(hw::ConvParams& p, const Tensor& batched, const char* op) {
  EDDL_CHECK(batched.ndim >= 1, op << ": tensor of rank 0");
  p.batch = batched.shape[0];
}

}  // namespace

void conv_forward(hw::ConvParams p, const Tensor& x, const Tensor& w, const Tensor* bias, Tensor& y) {
  const char* op = "conv_forward";
  set_batch(p, x, op);
  const hw::View vx = shaped_view(x, conv_input_shape(p), op, "input");
  const hw::View vw = shaped_view(w, conv_weight_shape(p), op, "weights");
  const hw::View vy = shaped_view(y, conv_output_shape(p), op, "output");
  hw::View vbias;
  if (bias != nullptr) vbias = shaped_view(*bias, {p.out_channels}, op, "bias");
  const Tensor& bias_or_y = bias != nullptr ? *bias : y;
  dispatch<hw::KernelId::conv_forward>({&x, &w, &bias_or_y, &y}, p, vx, vw, vbias, vy);
}

void conv_backward_input(hw::ConvParams p, const Tensor& dy, const Tensor& w, Tensor& dx) {
  const char* op = "conv_backward_input";
  set_batch(p, dy, op);
  const hw::View vdy = shaped_view(dy, conv_output_shape(p), op, "output gradient");
  const hw::View vw = shaped_view(w, conv_weight_shape(p), op, "weights");
  const hw::View vdx = shaped_view(dx, conv_input_shape(p), op, "input gradient");
  dispatch<hw::KernelId::conv_backward_input>({&dy, &w, &dx}, p, vdy, vw, vdx);
}

void conv_backward_weight(hw::ConvParams p, const Tensor& x, const Tensor& dy, Tensor& dw) {
  const char* op = "conv_backward_weight";
  set_batch(p, x, op);
  const hw::View vx = shaped_view(x, conv_input_shape(p), op, "input");
  const hw::View vdy = shaped_view(dy, conv_output_shape(p), op, "output gradient");
  const hw::View vdw = shaped_view(dw, conv_weight_shape(p), op, "weights gradient");
  dispatch<hw::KernelId::conv_backward_weight>({&x, &dy, &dw}, p, vx, vdy, vdw);
}

}  // namespace eddl::ops
