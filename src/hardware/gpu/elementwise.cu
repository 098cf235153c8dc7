// SPDX-License-Identifier: MIT
// Elementwise kernels: one grid-stride kernel per arity running the maths of scalar_ops.h (the
// same switch functions the CPU compiles), with a flat path for contiguous operands and a strided
// path (broadcast = stride 0) for the rest.
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

__global__ void fill_kernel(float value, float* y, StridedLayout<1> l, bool flat, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) y[flat ? i : l.offset(0, i)] = value;
}

__global__ void copy_kernel(const float* x, float* y, StridedLayout<2> l, bool flat, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    if (flat) {
      y[i] = x[i];
    } else {
      y[l.offset(1, i)] = x[l.offset(0, i)];
    }
  }
}

__global__ void unary_kernel(UnaryOp op, UnaryArgs args, const float* x, float* y, StridedLayout<2> l, bool flat,
                             int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t xi = flat ? i : l.offset(0, i);
    const int64_t yi = flat ? i : l.offset(1, i);
    y[yi] = unary_forward(op, x[xi], args.a, args.b);
  }
}

__global__ void unary_backward_kernel(UnaryOp op, UnaryArgs args, const float* x, const float* y, const float* dy,
                                      float* dx, StridedLayout<4> l, bool flat, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float xv = x[flat ? i : l.offset(0, i)];
    const float yv = y[flat ? i : l.offset(1, i)];
    const float g = dy[flat ? i : l.offset(2, i)];
    dx[flat ? i : l.offset(3, i)] += g * unary_derivative(op, xv, yv, args.a, args.b);
  }
}

__global__ void binary_kernel(BinaryOp op, BinaryArgs args, const float* a, const float* b, float* y,
                              StridedLayout<3> l, bool flat, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const float av = a[flat ? i : l.offset(0, i)];
    const float bv = b[flat ? i : l.offset(1, i)];
    y[flat ? i : l.offset(2, i)] = binary_forward(op, av, bv, args);
  }
}

}  // namespace

void fill(float value, Out y) {
  const int64_t n = y.numel();
  if (n == 0) return;
  DeviceState& s = state_of(y);
  const View* views[1] = {&y};
  bool flat = false;
  const StridedLayout<1> l = collapse(views, flat);
  fill_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(value, y.data, l, flat, n);
  EDDL_CUDA_CHECK_LAUNCH("fill");
}

void copy_strided(In x, Out y) {
  const int64_t n = y.numel();
  if (n == 0) return;
  DeviceState& s = state_of(y);
  // x comes in y's shape; walking y's order keeps the writes coalesced.
  View xs = x;
  xs.ndim = y.ndim;
  for (int d = 0; d < y.ndim; ++d) xs.shape[d] = y.shape[d];
  const View* views[2] = {&xs, &y};
  bool flat = false;
  const StridedLayout<2> l = collapse(views, flat);
  if (flat) {
    EDDL_CUDA_CHECK(cudaMemcpyAsync(y.data, x.data, static_cast<size_t>(n) * sizeof(float),
                                    cudaMemcpyDeviceToDevice, s.stream));
    return;
  }
  copy_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(x.data, y.data, l, flat, n);
  EDDL_CUDA_CHECK_LAUNCH("copy_strided");
}

void unary_map(UnaryOp op, UnaryArgs args, In x, Out y) {
  const int64_t n = y.numel();
  if (n == 0) return;
  DeviceState& s = state_of(y);
  const View* views[2] = {&x, &y};
  bool flat = false;
  const StridedLayout<2> l = collapse(views, flat);
  unary_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(op, args, x.data, y.data, l, flat, n);
  EDDL_CUDA_CHECK_LAUNCH("unary_map");
}

void unary_backward(UnaryOp op, UnaryArgs args, In x, In y, In dy, Out dx) {
  const int64_t n = dx.numel();
  if (n == 0) return;
  DeviceState& s = state_of(dx);
  const View* views[4] = {&x, &y, &dy, &dx};
  bool flat = false;
  const StridedLayout<4> l = collapse(views, flat);
  unary_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(op, args, x.data, y.data, dy.data, dx.data, l,
                                                                     flat, n);
  EDDL_CUDA_CHECK_LAUNCH("unary_backward");
}

void binary_map(BinaryOp op, BinaryArgs args, In a, In b, Out y) {
  const int64_t n = y.numel();
  if (n == 0) return;
  DeviceState& s = state_of(y);
  const View* views[3] = {&a, &b, &y};
  bool flat = false;
  const StridedLayout<3> l = collapse(views, flat);
  binary_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(op, args, a.data, b.data, y.data, l, flat, n);
  EDDL_CUDA_CHECK_LAUNCH("binary_map");
}

}  // namespace eddl::hw::gpu
