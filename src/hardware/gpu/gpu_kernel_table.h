// SPDX-License-Identifier: MIT
// The CUDA backend's kernel table, but for cuDNN's convolutions: shared by the backend
// (gpu_backend.cu, which adds conv.cu's entries) and the host emulation of the kernels
// (benchmarks/gpu/host_emulation), so the two cannot list different kernels.
#pragma once

#include "hardware/gpu/gpu_kernels.h"
#include "hardware/kernel_list.h"

namespace eddl::hw::gpu {

inline void fill_kernel_table_without_cudnn(Kernels& table) {
  // Core (elementwise.cu, random.cu, reductions.cu, gemm.cu, softmax.cu, optimizers.cu).
  table.fill = &fill;                          // grid-stride, strided or flat
  table.copy_strided = &copy_strided;          // collapsed strides
  table.unary_map = &unary_map;                // scalar_ops.h switch, one kernel
  table.unary_backward = &unary_backward;      //
  table.binary_map = &binary_map;              // broadcast through stride 0
  table.reduce = &reduce;                      // shared-memory tree, double, no atomics
  table.reduce_arg = &reduce_arg;              // one thread per output
  table.gemm = &gemm;                          // cuBLAS, row-major by swapping operands
  table.gemm_epilogue = &gemm_epilogue;        // cuBLAS + one bias/activation pass
  table.softmax_forward = &softmax_forward;    // block per row when the axis is last
  table.softmax_backward = &softmax_backward;  //
  table.fill_random = &fill_random;            // the counter RNG of scalar_ops.h
  table.sgd_update = &sgd_update;              // one fused kernel per optimizer
  table.adam_update = &adam_update;            //
  table.adamax_update = &adamax_update;        //
  table.rmsprop_update = &rmsprop_update;      //
  table.adagrad_update = &adagrad_update;      //
  table.adadelta_update = &adadelta_update;    //
  table.nadam_update = &nadam_update;          //
  // Pooling (pool.cu): direct kernels (asymmetric padding and the first-max rule; see the file).
  table.maxpool_forward = &maxpool_forward;
  table.maxpool_backward = &maxpool_backward;
  table.avgpool_forward = &avgpool_forward;
  table.avgpool_backward = &avgpool_backward;
  // Normalization (normalization.cu): per-channel tree reductions, then one elementwise pass.
  table.batchnorm_forward_train = &batchnorm_forward_train;
  table.batchnorm_forward_inference = &batchnorm_forward_inference;
  table.batchnorm_backward = &batchnorm_backward;
  // Recurrent (recurrent.cu): per step one cuBLAS GEMM h_{t-1} Wh (all gates) and one fused gate
  // kernel; backward one fused gate-gradient kernel and one GEMM back to h_{t-1}.
  table.rnn_forward = &rnn_forward;
  table.rnn_backward = &rnn_backward;
  table.lstm_forward = &lstm_forward;
  table.lstm_backward = &lstm_backward;
  table.gru_forward = &gru_forward;
  table.gru_backward = &gru_backward;
  table.embedding_forward = &embedding_forward;
  table.embedding_backward = &embedding_backward;
}

}  // namespace eddl::hw::gpu
