// SPDX-License-Identifier: MIT
// HLS activation kernel: every unary op of scalar_ops.h (relu, leaky_relu, sigmoid, tanh ...),
// the same formulas the CPU and GPU run, over a contiguous buffer in one pipelined pass.
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/scalar_ops.h"

extern "C" void k_unary(const float* x, float* y, int n, int op, float arg_a, float arg_b) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = op
#pragma HLS INTERFACE s_axilite port = arg_a
#pragma HLS INTERFACE s_axilite port = arg_b
#pragma HLS INTERFACE s_axilite port = return
  const eddl::hw::UnaryOp which = static_cast<eddl::hw::UnaryOp>(op);
unary_loop:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
    y[i] = eddl::hw::unary_forward(which, x[i], arg_a, arg_b);
  }
}
