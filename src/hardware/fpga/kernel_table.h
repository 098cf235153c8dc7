// SPDX-License-Identifier: MIT
// THE FPGA kernel table: every HLS top function once, with its family (the file under kernels/) and
// its typed arguments. From it come the kernels' C declarations (kernels/hls_compat.h), the host
// launch metadata and the xclbin XML (fpga_metadata.cpp), and the Vitis v++ configuration
// (eddl_fpga_artifacts), so none of them can disagree with the kernels.
//
// Arguments: R(name) a read-only float buffer, W(name) a written float buffer (both m_axi pointers,
// 64-bit), I(name) an int scalar, F(name) a float scalar (both s_axilite). Plain macros only: the
// kernels include this file, and HLS sources may not use the STL.
#pragma once

// K(kernel, family, (arguments))
#define EDDL_FPGA_KERNELS(K, R, W, I, F)                                                             \
  K(k_fill, elementwise, (W(y), I(n), F(value)))                                                     \
  K(k_copy, elementwise, (R(x), W(y), I(n)))                                                         \
  K(k_binary, elementwise, (R(a), R(b), W(y), I(n), I(op), F(alpha), F(beta)))                       \
  K(k_unary, activations, (R(x), W(y), I(n), I(op), F(arg_a), F(arg_b)))                             \
  K(k_gemm, gemm,                                                                                    \
    (R(a), R(b), R(bias), W(c), I(m), I(n), I(k), I(trans_a), I(trans_b), F(alpha), F(beta),         \
     I(has_bias), I(has_act), I(act), F(act_a), F(act_b)))                                           \
  K(k_conv, conv,                                                                                    \
    (R(x), R(w), R(bias), W(y), I(batch), I(in_c), I(out_c), I(groups), I(in_d), I(in_h), I(in_w),   \
     I(out_d), I(out_h), I(out_w), I(k_d), I(k_h), I(k_w), I(s_d), I(s_h), I(s_w), I(dil_d),         \
     I(dil_h), I(dil_w), I(pad_d), I(pad_h), I(pad_w), I(has_bias)))                                 \
  K(k_maxpool, pool,                                                                                 \
    (R(x), W(y), I(planes), I(in_d), I(in_h), I(in_w), I(out_d), I(out_h), I(out_w), I(k_d), I(k_h),  \
     I(k_w), I(s_d), I(s_h), I(s_w), I(pad_d), I(pad_h), I(pad_w)))                                  \
  K(k_avgpool, pool,                                                                                 \
    (R(x), W(y), I(planes), I(in_d), I(in_h), I(in_w), I(out_d), I(out_h), I(out_w), I(k_d), I(k_h),  \
     I(k_w), I(s_d), I(s_h), I(s_w), I(pad_d), I(pad_h), I(pad_w)))                                  \
  K(k_batchnorm_inference, normalization,                                                            \
    (R(x), R(gamma), R(beta), R(mean), R(var), W(y), I(batch), I(channels), I(spatial), F(epsilon),  \
     I(has_gamma), I(has_beta)))
