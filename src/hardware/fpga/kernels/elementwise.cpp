// SPDX-License-Identifier: MIT
// HLS elementwise kernels: fill, copy and every binary op of scalar_ops.h (add for residual
// merges first of all). Contiguous buffers only: the host wrapper stages strided or broadcast
// operands, so each kernel is one pipelined pass.
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/scalar_ops.h"

extern "C" void k_fill(float* y, int n, float value) {
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem0
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = value
#pragma HLS INTERFACE s_axilite port = return
fill_loop:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
    y[i] = value;
  }
}

extern "C" void k_copy(const float* x, float* y, int n) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = return
copy_loop:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
    y[i] = x[i];
  }
}

extern "C" void k_binary(const float* a, const float* b, float* y, int n, int op, float alpha, float beta) {
#pragma HLS INTERFACE m_axi port = a offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = b offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem2
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = op
#pragma HLS INTERFACE s_axilite port = alpha
#pragma HLS INTERFACE s_axilite port = beta
#pragma HLS INTERFACE s_axilite port = return
  eddl::hw::BinaryArgs args;
  args.alpha = alpha;
  args.beta = beta;
  const eddl::hw::BinaryOp which = static_cast<eddl::hw::BinaryOp>(op);
binary_loop:
  for (int i = 0; i < n; ++i) {
#pragma HLS PIPELINE II = 1
    y[i] = eddl::hw::binary_forward(which, a[i], b[i], args);
  }
}
