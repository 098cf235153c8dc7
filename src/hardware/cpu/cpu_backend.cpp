// SPDX-License-Identifier: MIT
#include "hardware/cpu/cpu_backend.h"

#include <omp.h>

#include "hardware/cpu/cpu_kernels.h"
#include "hardware/cpu/reference/reference_backend.h"

namespace eddl::hw {

CpuBackend::CpuBackend() {
  // Start complete (the reference), then replace what has a faster version.
  kernels_ = reference_kernel_table();
  kernels_.fill = &cpu::fill;                          // OpenMP, contiguous fast path
  kernels_.copy_strided = &cpu::copy_strided;          // row-wise inner loops
  kernels_.unary_map = &cpu::unary_map;                // op fixed at compile time, vectorised
  kernels_.unary_backward = &cpu::unary_backward;      //
  kernels_.binary_map = &cpu::binary_map;              // row-wise with broadcast strides
  kernels_.reduce = &cpu::reduce;                      // [outer, reduced, inner] blocks
  kernels_.gemm = &cpu::gemm;                          // oneDNN matmul (fastest measured)
  kernels_.gemm_epilogue = &cpu::gemm_epilogue;        // oneDNN post-ops: C written once
  kernels_.softmax_forward = &cpu::softmax_forward;    // rows in parallel
  kernels_.softmax_backward = &cpu::softmax_backward;  //
  kernels_.fill_random = &cpu::fill_random;            // same counter stream, in parallel
  kernels_.sgd_update = &cpu::sgd_update;              // one fused pass
  kernels_.adam_update = &cpu::adam_update;            // one fused pass
  kernels_.adamax_update = &cpu::adamax_update;        //
  kernels_.rmsprop_update = &cpu::rmsprop_update;      //
  kernels_.adagrad_update = &cpu::adagrad_update;      //
  kernels_.adadelta_update = &cpu::adadelta_update;    //
  kernels_.nadam_update = &cpu::nadam_update;          //
  // Convolutions (cpu/conv.cpp).
  kernels_.conv_forward = &cpu::conv_forward;                  // oneDNN, bias fused, cached per shape
  kernels_.conv_backward_input = &cpu::conv_backward_input;    //
  kernels_.conv_backward_weight = &cpu::conv_backward_weight;  //
  // Pooling (cpu/pool.cpp).
  kernels_.maxpool_forward = &cpu::maxpool_forward;    // (batch, channel) planes in parallel;
  kernels_.maxpool_backward = &cpu::maxpool_backward;  // 2x2 stride-2 path
  kernels_.avgpool_forward = &cpu::avgpool_forward;    //
  kernels_.avgpool_backward = &cpu::avgpool_backward;  //
  // Normalization (cpu/normalization.cpp).
  kernels_.batchnorm_forward_train = &cpu::batchnorm_forward_train;          // channels in parallel
  kernels_.batchnorm_forward_inference = &cpu::batchnorm_forward_inference;  //
  kernels_.batchnorm_backward = &cpu::batchnorm_backward;                    //
  // Resampling and padding (cpu/resample.cpp).
  // Recurrent (cpu/recurrent.cpp): one GEMM per step, fused gate passes; embedding stays reference.
  kernels_.rnn_forward = &cpu::rnn_forward;
  kernels_.rnn_backward = &cpu::rnn_backward;
  kernels_.lstm_forward = &cpu::lstm_forward;
  kernels_.lstm_backward = &cpu::lstm_backward;
  kernels_.gru_forward = &cpu::gru_forward;
  kernels_.gru_backward = &cpu::gru_backward;
}

void CpuBackend::set_num_threads(int threads) {
  if (threads <= 0) threads = omp_get_num_procs();
  // OpenMP loops and oneDNN (built on the same OpenMP runtime) both read this.
  omp_set_num_threads(threads);
}

int CpuBackend::num_threads() const { return omp_get_max_threads(); }

}  // namespace eddl::hw
