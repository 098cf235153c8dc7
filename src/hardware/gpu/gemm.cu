// SPDX-License-Identifier: MIT
// GEMM through cuBLAS. cuBLAS is column-major; a row-major C = op(A) op(B) is the column-major
// C^T = op(B)^T op(A)^T, so the operands are passed swapped and nothing is transposed in memory.
// TF32 stays off unless EDDL_GPU_TF32=1 (gpu_context.h).
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

// c[i, j] = act(c[i, j] + bias[j]) over a contiguous [rows, cols] matrix.
__global__ void epilogue_kernel(GemmEpilogue e, const float* bias, float* c, int64_t cols, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    float v = c[i];
    if (e.has_bias) v += bias[i % cols];
    if (e.has_activation) v = unary_forward(e.activation, v, e.activation_args.a, e.activation_args.b);
    c[i] = v;
  }
}

}  // namespace

void gemm(GemmParams p, In a, In b, Out c) {
  const int64_t m = c.shape[0];
  const int64_t n = c.shape[1];
  const int64_t k = p.trans_a ? a.shape[0] : a.shape[1];
  if (m == 0 || n == 0) return;
  DeviceState& s = state_of(c);
  if (k == 0) {
    // cuBLAS leaves C alone when k = 0; the contract still scales it by beta (and beta = 0
    // overwrites, whatever C held).
    if (p.beta == 0.0f) {
      fill(0.0f, c);
    } else {
      unary_map(UnaryOp::mult_scalar, UnaryArgs{p.beta, 0.0f}, c, c);
    }
    return;
  }
  const cublasOperation_t op_a = p.trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t op_b = p.trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  // Leading dimensions are the row lengths of the row-major operands.
  EDDL_CUDA_CHECK(cublasSgemm(cublas_handle(s), op_b, op_a, static_cast<int>(n), static_cast<int>(m),
                              static_cast<int>(k), &p.alpha, b.data, static_cast<int>(b.shape[1]), a.data,
                              static_cast<int>(a.shape[1]), &p.beta, c.data, static_cast<int>(n)));
}

void gemm_epilogue(GemmParams p, GemmEpilogue e, In a, In b, In bias, Out c) {
  gemm(p, a, b, c);
  if (!e.has_bias && !e.has_activation) return;
  const int64_t total = c.shape[0] * c.shape[1];
  if (total == 0) return;
  DeviceState& s = state_of(c);
  epilogue_kernel<<<grid_for(total, s), kThreads, 0, s.stream>>>(e, bias.data, c.data, c.shape[1], total);
  EDDL_CUDA_CHECK_LAUNCH("gemm_epilogue");
}

}  // namespace eddl::hw::gpu
