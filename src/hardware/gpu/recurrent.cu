// SPDX-License-Identifier: MIT
// Embedding on the GPU. The RNN, LSTM and GRU kernels are not here yet: their plan (a cuBLAS GEMM
// per step plus one fused gate kernel, or cuDNN's RNN API for whole sequences) is in docs/gpu.md,
// and until then placement reports those layers as unsupported on the GPU.
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

__global__ void embedding_forward_kernel(EmbeddingParams p, const float* indices, const float* table, float* y,
                                         int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t row = i / p.dim;
    const int64_t index = static_cast<int64_t>(indices[row]);
    y[i] = (p.mask_zeros && index == 0) ? 0.0f : table[index * p.dim + i % p.dim];
  }
}

// Rows that repeat an index add into the same table row, so this one uses atomics: the order of
// those additions (and the last bits of the sum) may vary from run to run.
__global__ void embedding_backward_kernel(EmbeddingParams p, const float* indices, const float* dy, float* dtable,
                                          int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t row = i / p.dim;
    const int64_t index = static_cast<int64_t>(indices[row]);
    if (p.mask_zeros && index == 0) continue;
    atomicAdd(dtable + index * p.dim + i % p.dim, dy[i]);
  }
}

}  // namespace

void embedding_forward(EmbeddingParams p, In indices, In table, Out y) {
  const int64_t n = p.rows * p.dim;
  if (n == 0) return;
  DeviceState& s = state_of(y);
  embedding_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, indices.data, table.data, y.data, n);
  EDDL_CUDA_CHECK_LAUNCH("embedding_forward");
}

void embedding_backward(EmbeddingParams p, In indices, In dy, Out dtable) {
  const int64_t n = p.rows * p.dim;
  if (n == 0) return;
  DeviceState& s = state_of(dtable);
  embedding_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, indices.data, dy.data, dtable.data, n);
  EDDL_CUDA_CHECK_LAUNCH("embedding_backward");
}

}  // namespace eddl::hw::gpu
