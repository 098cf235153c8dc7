// SPDX-License-Identifier: MIT
// Reductions over the axes where y has extent 1, accumulated in double as the reference does.
// Many short groups: one thread per output. Few long groups: one block per output, each thread
// summing a fixed stride of the group, then a tree in shared memory. No atomics, so the result
// is the same on every run.
#include <math_constants.h>

#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

// Output elements walk the kept axes; the group of each walks the reduced axes.
struct ReduceLayout {
  int kept = 0;
  int64_t kept_shape[kMaxDims] = {};
  int64_t kept_x[kMaxDims] = {};
  int64_t kept_y[kMaxDims] = {};
  int reduced = 0;
  int64_t reduced_shape[kMaxDims] = {};
  int64_t reduced_x[kMaxDims] = {};
  int64_t outputs = 1;
  int64_t group = 1;

  __device__ void output_offsets(int64_t o, int64_t& x_base, int64_t& y_at) const {
    x_base = 0;
    y_at = 0;
    for (int d = kept - 1; d >= 0; --d) {
      const int64_t i = o % kept_shape[d];
      o /= kept_shape[d];
      x_base += i * kept_x[d];
      y_at += i * kept_y[d];
    }
  }
  __device__ int64_t group_offset(int64_t g) const {
    int64_t off = 0;
    for (int d = reduced - 1; d >= 0; --d) {
      off += (g % reduced_shape[d]) * reduced_x[d];
      g /= reduced_shape[d];
    }
    return off;
  }
};

ReduceLayout layout_of(const View& x, const View& y) {
  ReduceLayout l;
  for (int d = 0; d < x.ndim; ++d) {
    if (y.shape[d] == 1 && x.shape[d] != 1) {
      l.reduced_shape[l.reduced] = x.shape[d];
      l.reduced_x[l.reduced++] = x.strides[d];
      l.group *= x.shape[d];
    } else if (y.shape[d] != 1) {
      l.kept_shape[l.kept] = y.shape[d];
      l.kept_x[l.kept] = x.strides[d];
      l.kept_y[l.kept++] = y.strides[d];
      l.outputs *= y.shape[d];
    }
  }
  return l;
}

__device__ double initial(ReduceOp op) {
  switch (op) {
    case ReduceOp::max: return -CUDART_INF;
    case ReduceOp::min: return CUDART_INF;
    case ReduceOp::prod: return 1.0;
    default: return 0.0;
  }
}

__device__ double combine(ReduceOp op, double acc, double v) {
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::mean: return acc + v;
    case ReduceOp::max: return v > acc ? v : acc;
    case ReduceOp::min: return v < acc ? v : acc;
    case ReduceOp::prod: return acc * v;
    case ReduceOp::sum_abs: return acc + fabs(v);
    case ReduceOp::sum_sq: return acc + v * v;
  }
  return acc;
}

// Partial results of two halves of a group: the same operator, except that sum_abs and sum_sq
// partials are already transformed and just add.
__device__ double merge(ReduceOp op, double a, double b) {
  switch (op) {
    case ReduceOp::max: return b > a ? b : a;
    case ReduceOp::min: return b < a ? b : a;
    case ReduceOp::prod: return a * b;
    default: return a + b;
  }
}

__device__ void store(ReduceParams p, double acc, int64_t group, float* y) {
  if (p.op == ReduceOp::mean) acc /= static_cast<double>(group);
  *y = static_cast<float>(p.beta == 0.0f ? acc : p.beta * static_cast<double>(*y) + acc);
}

__global__ void reduce_per_thread(ReduceParams p, ReduceLayout l, const float* x, float* y) {
  for (int64_t o = first_index(); o < l.outputs; o += index_stride()) {
    int64_t base, at;
    l.output_offsets(o, base, at);
    double acc = initial(p.op);
    for (int64_t g = 0; g < l.group; ++g) acc = combine(p.op, acc, x[base + l.group_offset(g)]);
    store(p, acc, l.group, y + at);
  }
}

__global__ void reduce_per_block(ReduceParams p, ReduceLayout l, const float* x, float* y) {
  __shared__ double partial[kThreads];
  for (int64_t o = blockIdx.x; o < l.outputs; o += gridDim.x) {
    int64_t base, at;
    l.output_offsets(o, base, at);
    double acc = initial(p.op);
    for (int64_t g = threadIdx.x; g < l.group; g += blockDim.x) acc = combine(p.op, acc, x[base + l.group_offset(g)]);
    partial[threadIdx.x] = acc;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
      if (static_cast<int>(threadIdx.x) < half) {
        partial[threadIdx.x] = merge(p.op, partial[threadIdx.x], partial[threadIdx.x + half]);
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) store(p, partial[0], l.group, y + at);
    __syncthreads();  // partial[] is reused by the next output
  }
}

__global__ void reduce_arg_kernel(ArgReduceParams p, ReduceLayout l, int64_t length, int64_t step, const float* x,
                                  float* y) {
  for (int64_t o = first_index(); o < l.outputs; o += index_stride()) {
    int64_t base, at;
    l.output_offsets(o, base, at);
    int64_t best = 0;
    float best_value = x[base];
    for (int64_t k = 1; k < length; ++k) {
      const float v = x[base + k * step];
      if (p.op == ArgReduceOp::argmax ? v > best_value : v < best_value) {
        best = k;
        best_value = v;
      }
    }
    y[at] = static_cast<float>(best);
  }
}

}  // namespace

void reduce(ReduceParams p, In x, Out y) {
  const ReduceLayout l = layout_of(x, y);
  if (l.outputs == 0) return;
  DeviceState& s = state_of(y);
  // A block per output pays off once a group is long enough to keep a block's threads busy and
  // there are too few outputs to fill the machine one thread each.
  const bool per_block = l.group >= 1024 || (l.group >= 128 && l.outputs < 32LL * s.sm_count);
  if (per_block) {
    const unsigned blocks = static_cast<unsigned>(l.outputs < 65535 ? l.outputs : 65535);
    reduce_per_block<<<blocks, kThreads, 0, s.stream>>>(p, l, x.data, y.data);
  } else {
    reduce_per_thread<<<grid_for(l.outputs, s), kThreads, 0, s.stream>>>(p, l, x.data, y.data);
  }
  EDDL_CUDA_CHECK_LAUNCH("reduce");
}

void reduce_arg(ArgReduceParams p, In x, Out y) {
  // The axis has extent 1 in y, so layout_of treats it as reduced; the kernel walks it itself.
  const ReduceLayout l = layout_of(x, y);
  if (l.outputs == 0) return;
  DeviceState& s = state_of(y);
  reduce_arg_kernel<<<grid_for(l.outputs, s), kThreads, 0, s.stream>>>(p, l, x.shape[p.axis], x.strides[p.axis],
                                                                         x.data, y.data);
  EDDL_CUDA_CHECK_LAUNCH("reduce_arg");
}

}  // namespace eddl::hw::gpu
