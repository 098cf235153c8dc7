// SPDX-License-Identifier: MIT
// fill_random on the GPU: the counter generator of scalar_ops.h, so element i draws the same bits
// as on the CPU. uniform and bernoulli give identical floats; normal goes through the device's
// logf/cosf, which may differ from glibc's by an ulp (docs/gpu.md).
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

__global__ void fill_random_kernel(RandomParams p, float* y, StridedLayout<1> l, bool flat, int64_t n) {
  const uint64_t first = first_counter(p, n);  // reads the device call count once per thread
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const uint64_t counter = first + static_cast<uint64_t>(i);
    float v = 0.0f;
    switch (p.distribution) {
      case RandomDistribution::uniform: v = p.a + (p.b - p.a) * random_uniform01(p.seed, counter); break;
      case RandomDistribution::normal: v = p.a + p.b * random_normal01(p.seed, counter); break;
      case RandomDistribution::bernoulli: v = random_uniform01(p.seed, counter) < p.a ? 1.0f : 0.0f; break;
    }
    y[flat ? i : l.offset(0, i)] = v;
  }
}

}  // namespace

void fill_random(RandomParams params, Out y) {
  const int64_t n = y.numel();
  if (n == 0) return;
  DeviceState& s = state_of(y);
  const View* views[1] = {&y};
  bool flat = false;
  const StridedLayout<1> l = collapse(views, flat);
  fill_random_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(params, y.data, l, flat, n);
  EDDL_CUDA_CHECK_LAUNCH("fill_random");
}

}  // namespace eddl::hw::gpu
