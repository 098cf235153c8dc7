// SPDX-License-Identifier: MIT
// Softmax along one axis of a contiguous tensor read as [outer, length, inner]. When the axis is
// the last one (classifier outputs), a block takes a row and reduces max and sum in shared
// memory; otherwise a thread takes one (outer, inner) column. Sums are in double, as in the
// reference.
#include <math_constants.h>

#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

struct AxisSplit {
  int64_t outer = 1, length = 1, inner = 1;
};

AxisSplit split_at(const View& v, int axis) {
  AxisSplit s;
  for (int d = 0; d < axis; ++d) s.outer *= v.shape[d];
  s.length = v.shape[axis];
  for (int d = axis + 1; d < v.ndim; ++d) s.inner *= v.shape[d];
  return s;
}

// Tree reduction of one double per thread across the block (blockDim.x a power of two).
template <bool kMax>
__device__ double block_reduce(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (static_cast<int>(threadIdx.x) < half) {
      const double other = shared[threadIdx.x + half];
      shared[threadIdx.x] = kMax ? fmax(shared[threadIdx.x], other) : shared[threadIdx.x] + other;
    }
    __syncthreads();
  }
  const double result = shared[0];
  __syncthreads();
  return result;
}

__global__ void softmax_rows(AxisSplit s, const float* x, float* y) {
  __shared__ double shared[kThreads];
  for (int64_t row = blockIdx.x; row < s.outer; row += gridDim.x) {
    const float* in = x + row * s.length;
    float* out = y + row * s.length;
    double local_max = -CUDART_INF;
    for (int64_t k = threadIdx.x; k < s.length; k += blockDim.x) local_max = fmax(local_max, static_cast<double>(in[k]));
    const double max_value = block_reduce<true>(local_max, shared);
    double local_sum = 0.0;
    for (int64_t k = threadIdx.x; k < s.length; k += blockDim.x) local_sum += exp(in[k] - max_value);
    const double total = block_reduce<false>(local_sum, shared);
    for (int64_t k = threadIdx.x; k < s.length; k += blockDim.x) {
      out[k] = static_cast<float>(exp(in[k] - max_value) / total);
    }
  }
}

__global__ void softmax_columns(AxisSplit s, const float* x, float* y) {
  for (int64_t c = first_index(); c < s.outer * s.inner; c += index_stride()) {
    const int64_t base = (c / s.inner) * s.length * s.inner + c % s.inner;
    double max_value = x[base];
    for (int64_t k = 1; k < s.length; ++k) max_value = fmax(max_value, static_cast<double>(x[base + k * s.inner]));
    double total = 0.0;
    for (int64_t k = 0; k < s.length; ++k) total += exp(x[base + k * s.inner] - max_value);
    for (int64_t k = 0; k < s.length; ++k) {
      y[base + k * s.inner] = static_cast<float>(exp(x[base + k * s.inner] - max_value) / total);
    }
  }
}

__global__ void softmax_backward_rows(AxisSplit s, const float* y, const float* dy, float* dx) {
  __shared__ double shared[kThreads];
  for (int64_t row = blockIdx.x; row < s.outer; row += gridDim.x) {
    const int64_t base = row * s.length;
    double local = 0.0;
    for (int64_t k = threadIdx.x; k < s.length; k += blockDim.x) {
      local += static_cast<double>(dy[base + k]) * y[base + k];
    }
    const double dot = block_reduce<false>(local, shared);
    for (int64_t k = threadIdx.x; k < s.length; k += blockDim.x) {
      dx[base + k] += static_cast<float>(y[base + k] * (dy[base + k] - dot));
    }
  }
}

__global__ void softmax_backward_columns(AxisSplit s, const float* y, const float* dy, float* dx) {
  for (int64_t c = first_index(); c < s.outer * s.inner; c += index_stride()) {
    const int64_t base = (c / s.inner) * s.length * s.inner + c % s.inner;
    double dot = 0.0;
    for (int64_t k = 0; k < s.length; ++k) dot += static_cast<double>(dy[base + k * s.inner]) * y[base + k * s.inner];
    for (int64_t k = 0; k < s.length; ++k) {
      const int64_t at = base + k * s.inner;
      dx[at] += static_cast<float>(y[at] * (dy[at] - dot));
    }
  }
}

// A block per row is worth it once a row is longer than a warp; short rows (10 classes) go one
// thread each, so a batch of 100 rows is still one launch of one pass.
bool rows_by_block(const AxisSplit& s) { return s.inner == 1 && s.length > 32; }

unsigned row_blocks(const AxisSplit& s) { return static_cast<unsigned>(s.outer < 65535 ? s.outer : 65535); }

}  // namespace

void softmax_forward(int axis, In x, Out y) {
  const AxisSplit s = split_at(x, axis);
  if (s.outer * s.length * s.inner == 0) return;
  DeviceState& st = state_of(y);
  if (rows_by_block(s)) {
    softmax_rows<<<row_blocks(s), kThreads, 0, st.stream>>>(s, x.data, y.data);
  } else {
    softmax_columns<<<grid_for(s.outer * s.inner, st), kThreads, 0, st.stream>>>(s, x.data, y.data);
  }
  EDDL_CUDA_CHECK_LAUNCH("softmax_forward");
}

void softmax_backward(int axis, In y, In dy, Out dx) {
  const AxisSplit s = split_at(y, axis);
  if (s.outer * s.length * s.inner == 0) return;
  DeviceState& st = state_of(dx);
  if (rows_by_block(s)) {
    softmax_backward_rows<<<row_blocks(s), kThreads, 0, st.stream>>>(s, y.data, dy.data, dx.data);
  } else {
    softmax_backward_columns<<<grid_for(s.outer * s.inner, st), kThreads, 0, st.stream>>>(s, y.data, dy.data, dx.data);
  }
  EDDL_CUDA_CHECK_LAUNCH("softmax_backward");
}

}  // namespace eddl::hw::gpu
