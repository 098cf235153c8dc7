// SPDX-License-Identifier: MIT
// Pooling as direct kernels rather than cuDNN: cuDNN pads both ends alike (eddl's "same" puts the
// odd cell at the end), and its max backward does not promise the reference's tie rule (the first
// maximum in row-major order takes the gradient). Forward: a thread per output. Backward gathers:
// a thread per input element visits the few windows that contain it, in the reference's order,
// so there are no atomics and the sums are deterministic.
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

struct Range {
  int64_t begin, end;
};

// The unpadded part of the window of output `o` along axis `a`.
__device__ Range window(const PoolParams& p, int a, int64_t o) {
  const int64_t start = o * p.stride[a] - p.pad_begin[a];
  return {start > 0 ? start : 0, start + p.kernel[a] < p.in[a] ? start + p.kernel[a] : p.in[a]};
}

// The outputs whose windows contain input `i` along axis `a`.
__device__ Range covering(const PoolParams& p, int a, int64_t i) {
  const int64_t shifted = i + p.pad_begin[a];
  const int64_t hi = shifted / p.stride[a];  // last window starting at or before i
  const int64_t lo_num = shifted - p.kernel[a] + 1;
  const int64_t lo = lo_num <= 0 ? 0 : (lo_num + p.stride[a] - 1) / p.stride[a];
  return {lo, (hi + 1 < p.out[a] ? hi + 1 : p.out[a])};
}

__device__ int64_t plane_in(const PoolParams& p) { return p.in[0] * p.in[1] * p.in[2]; }
__device__ int64_t plane_out(const PoolParams& p) { return p.out[0] * p.out[1] * p.out[2]; }

// Splits a flat index over [planes, d, h, w] with extents e.
__device__ void split(int64_t i, const int64_t* e, int64_t& plane, int64_t& d, int64_t& h, int64_t& w) {
  w = i % e[2];
  i /= e[2];
  h = i % e[1];
  i /= e[1];
  d = i % e[0];
  plane = i / e[0];
}

// Offset in the plane of the first maximum of a window (row-major scan, padding never wins).
__device__ int64_t first_max(const PoolParams& p, const float* in, Range rd, Range rh, Range rw) {
  int64_t best_at = (rd.begin * p.in[1] + rh.begin) * p.in[2] + rw.begin;
  float best = in[best_at];
  for (int64_t d = rd.begin; d < rd.end; ++d)
    for (int64_t h = rh.begin; h < rh.end; ++h)
      for (int64_t w = rw.begin; w < rw.end; ++w) {
        const int64_t at = (d * p.in[1] + h) * p.in[2] + w;
        if (in[at] > best) {
          best = in[at];
          best_at = at;
        }
      }
  return best_at;
}

__global__ void maxpool_forward_kernel(PoolParams p, const float* x, float* y, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    int64_t plane, od, oh, ow;
    split(i, p.out, plane, od, oh, ow);
    const float* in = x + plane * plane_in(p);
    y[i] = in[first_max(p, in, window(p, 0, od), window(p, 1, oh), window(p, 2, ow))];
  }
}

__global__ void avgpool_forward_kernel(PoolParams p, const float* x, float* y, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    int64_t plane, od, oh, ow;
    split(i, p.out, plane, od, oh, ow);
    const float* in = x + plane * plane_in(p);
    const Range rd = window(p, 0, od), rh = window(p, 1, oh), rw = window(p, 2, ow);
    double total = 0.0;
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h)
        for (int64_t w = rw.begin; w < rw.end; ++w) total += in[(d * p.in[1] + h) * p.in[2] + w];
    const int64_t count = (rd.end - rd.begin) * (rh.end - rh.begin) * (rw.end - rw.begin);
    y[i] = static_cast<float>(total / static_cast<double>(count));
  }
}

// The reference adds into dx window by window; visiting the covering windows in output order and
// adding one at a time reproduces its rounding.
template <bool kMax>
__global__ void pool_backward_kernel(PoolParams p, const float* x, const float* dy, float* dx, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    int64_t plane, id, ih, iw;
    split(i, p.in, plane, id, ih, iw);
    const int64_t here = (id * p.in[1] + ih) * p.in[2] + iw;
    const float* in = x == nullptr ? nullptr : x + plane * plane_in(p);
    const float* grad = dy + plane * plane_out(p);
    const Range cd = covering(p, 0, id), ch = covering(p, 1, ih), cw = covering(p, 2, iw);
    float acc = dx[i];
    for (int64_t od = cd.begin; od < cd.end; ++od)
      for (int64_t oh = ch.begin; oh < ch.end; ++oh)
        for (int64_t ow = cw.begin; ow < cw.end; ++ow) {
          const Range rd = window(p, 0, od), rh = window(p, 1, oh), rw = window(p, 2, ow);
          const float g = grad[(od * p.out[1] + oh) * p.out[2] + ow];
          if (kMax) {
            if (first_max(p, in, rd, rh, rw) == here) acc += g;
          } else {
            const int64_t count = (rd.end - rd.begin) * (rh.end - rh.begin) * (rw.end - rw.begin);
            acc += static_cast<float>(static_cast<double>(g) / static_cast<double>(count));
          }
        }
    dx[i] = acc;
  }
}

int64_t outputs(const PoolParams& p) { return p.batch * p.channels * p.out[0] * p.out[1] * p.out[2]; }
int64_t inputs(const PoolParams& p) { return p.batch * p.channels * p.in[0] * p.in[1] * p.in[2]; }

}  // namespace

void maxpool_forward(PoolParams p, In x, Out y) {
  const int64_t n = outputs(p);
  if (n == 0) return;
  DeviceState& s = state_of(y);
  maxpool_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, x.data, y.data, n);
  EDDL_CUDA_CHECK_LAUNCH("maxpool_forward");
}

void maxpool_backward(PoolParams p, In x, In y, In dy, Out dx) {
  (void)y;  // the first maximum is found again from x; it equals y by construction
  const int64_t n = inputs(p);
  if (n == 0) return;
  DeviceState& s = state_of(dx);
  pool_backward_kernel<true><<<grid_for(n, s), kThreads, 0, s.stream>>>(p, x.data, dy.data, dx.data, n);
  EDDL_CUDA_CHECK_LAUNCH("maxpool_backward");
}

void avgpool_forward(PoolParams p, In x, Out y) {
  const int64_t n = outputs(p);
  if (n == 0) return;
  DeviceState& s = state_of(y);
  avgpool_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, x.data, y.data, n);
  EDDL_CUDA_CHECK_LAUNCH("avgpool_forward");
}

void avgpool_backward(PoolParams p, In dy, Out dx) {
  const int64_t n = inputs(p);
  if (n == 0) return;
  DeviceState& s = state_of(dx);
  pool_backward_kernel<false><<<grid_for(n, s), kThreads, 0, s.stream>>>(p, nullptr, dy.data, dx.data, n);
  EDDL_CUDA_CHECK_LAUNCH("avgpool_backward");
}

}  // namespace eddl::hw::gpu
