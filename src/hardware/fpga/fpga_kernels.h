// SPDX-License-Identifier: MIT
// The FPGA backend's host wrappers: each has the signature of its kernel_list.h line, marshals the
// views (staging.h) and launches one HLS kernel of kernel_table.h.
#pragma once

#include "hardware/kernel_list.h"

namespace eddl::hw::fpga {

// Elementwise and activations (elementwise.cpp -> kernels/elementwise.cpp, kernels/activations.cpp).
void fill(float value, Out y);
void copy_strided(In x, Out y);
void unary_map(UnaryOp op, UnaryArgs args, In x, Out y);
void binary_map(BinaryOp op, BinaryArgs args, In a, In b, Out y);
// GEMM (gemm.cpp -> kernels/gemm.cpp).
void gemm(GemmParams params, In a, In b, Out c);
void gemm_epilogue(GemmParams params, GemmEpilogue epilogue, In a, In b, In bias, Out c);
// Convolution (conv.cpp -> kernels/conv.cpp).
void conv_forward(ConvParams params, In x, In w, In bias, Out y);
// Pooling (pool.cpp -> kernels/pool.cpp).
void maxpool_forward(PoolParams params, In x, Out y);
void avgpool_forward(PoolParams params, In x, Out y);
// Normalization (normalization.cpp -> kernels/normalization.cpp).
void batchnorm_forward_inference(BatchNormParams params, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y);

}  // namespace eddl::hw::fpga
