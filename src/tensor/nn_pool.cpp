// SPDX-License-Identifier: MIT
// Internal ops for pooling: validation and views, then dispatch (see nn_pool.h).
#include "tensor/nn_pool.h"

#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/shape.h"

namespace eddl::ops {

namespace {

std::vector<int64_t> in_extents(const hw::PoolParams& p) { return {p.batch, p.channels, p.in[0], p.in[1], p.in[2]}; }
std::vector<int64_t> out_extents(const hw::PoolParams& p) {
  return {p.batch, p.channels, p.out[0], p.out[1], p.out[2]};
}

void check_size(const Tensor& t, const std::vector<int64_t>& extents, const char* op, const char* what) {
  EDDL_CHECK(static_cast<int64_t>(t.size) == shape::checked_numel64(extents),
             op << ": " << what << " " << shape::to_string(t.shape) << " does not match the pooling geometry ("
                << extents[0] << ", " << extents[1] << ", " << extents[2] << ", " << extents[3] << ", " << extents[4]
                << ")");
}

}  // namespace

hw::PoolParams pool_params(const std::vector<int>& x_shape, const std::vector<int>& kernel,
                           const std::vector<int>& stride, const std::vector<int>& pad_begin,
                           const std::vector<int>& pad_end, const char* op) {
  const int rank = static_cast<int>(x_shape.size()) - 2;
  EDDL_CHECK(rank >= 1 && rank <= 3, op << ": input " << shape::to_string(x_shape)
                                        << " must be [batch, channels] plus 1 to 3 spatial axes");
  const size_t r = static_cast<size_t>(rank);
  EDDL_CHECK(kernel.size() == r && stride.size() == r && pad_begin.size() == r && pad_end.size() == r,
             op << ": " << rank << " spatial axes need " << rank << " kernel, stride and padding values, got "
                << kernel.size() << ", " << stride.size() << ", " << pad_begin.size() << ", " << pad_end.size());
  hw::PoolParams p;
  p.spatial_rank = rank;
  p.batch = x_shape[0];
  p.channels = x_shape[1];
  const int offset = 3 - rank;  // fewer axes are padded on the left with extent 1 (PoolParams)
  for (size_t a = 0; a < r; ++a) {
    const int in = x_shape[a + 2];
    EDDL_CHECK(kernel[a] > 0 && stride[a] > 0 && pad_begin[a] >= 0 && pad_end[a] >= 0,
               op << ": axis " << a << " has kernel " << kernel[a] << ", stride " << stride[a] << ", padding "
                  << pad_begin[a] << "/" << pad_end[a] << " (kernel and stride must be positive)");
    EDDL_CHECK(pad_begin[a] < kernel[a] && pad_end[a] < kernel[a],
               op << ": padding " << pad_begin[a] << "/" << pad_end[a] << " on axis " << a
                  << " would make windows of padding only (kernel " << kernel[a] << ")");
    EDDL_CHECK(in + pad_begin[a] + pad_end[a] >= kernel[a],
               op << ": kernel " << kernel[a] << " is larger than axis " << a << " of input "
                  << shape::to_string(x_shape) << " (padded " << pad_begin[a] << "/" << pad_end[a] << ")");
    const size_t i = static_cast<size_t>(offset) + a;
    p.in[i] = in;
    p.kernel[i] = kernel[a];
    p.stride[i] = stride[a];
    p.pad_begin[i] = pad_begin[a];
    p.pad_end[i] = pad_end[a];
    p.out[i] = (in + pad_begin[a] + pad_end[a] - kernel[a]) / stride[a] + 1;
  }
  return p;
}

std::vector<int> pool_output_shape(const hw::PoolParams& p) {
  std::vector<int> shape{static_cast<int>(p.batch), static_cast<int>(p.channels)};
  for (int a = 3 - p.spatial_rank; a < 3; ++a) shape.push_back(static_cast<int>(p.out[a]));
  return shape;
}

void maxpool_forward(const hw::PoolParams& p, const Tensor& x, Tensor& y) {
  check_size(x, in_extents(p), "maxpool", "input");
  check_size(y, out_extents(p), "maxpool", "output");
  dispatch<hw::KernelId::maxpool_forward>({&x, &y}, p, view_as(x, in_extents(p)), view_as(y, out_extents(p)));
}

void maxpool_backward(const hw::PoolParams& p, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx) {
  check_size(x, in_extents(p), "maxpool backward", "input");
  check_size(dx, in_extents(p), "maxpool backward", "input gradient");
  check_size(y, out_extents(p), "maxpool backward", "output");
  check_size(dy, out_extents(p), "maxpool backward", "output gradient");
  dispatch<hw::KernelId::maxpool_backward>({&x, &y, &dy, &dx}, p, view_as(x, in_extents(p)),
                                           view_as(y, out_extents(p)), view_as(dy, out_extents(p)),
                                           view_as(dx, in_extents(p)));
}

void avgpool_forward(const hw::PoolParams& p, const Tensor& x, Tensor& y) {
  check_size(x, in_extents(p), "avgpool", "input");
  check_size(y, out_extents(p), "avgpool", "output");
  dispatch<hw::KernelId::avgpool_forward>({&x, &y}, p, view_as(x, in_extents(p)), view_as(y, out_extents(p)));
}

void avgpool_backward(const hw::PoolParams& p, const Tensor& dy, Tensor& dx) {
  check_size(dy, out_extents(p), "avgpool backward", "output gradient");
  check_size(dx, in_extents(p), "avgpool backward", "input gradient");
  dispatch<hw::KernelId::avgpool_backward>({&dy, &dx}, p, view_as(dy, out_extents(p)), view_as(dx, in_extents(p)));
}

}  // namespace eddl::ops
