// SPDX-License-Identifier: MIT
// HLS GEMM: C = act(alpha * op(A) op(B) + beta * C + bias[col]) over row-major matrices, computed
// tile by tile: a TILE x TILE block of A and of B is copied on chip, the C tile accumulates in
// registers/BRAM and is written once with its epilogue (Dense = GEMM + bias + activation).
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/scalar_ops.h"

extern "C" void k_gemm(const float* a, const float* b, const float* bias, float* c, int m, int n, int k, int trans_a,
                       int trans_b, float alpha, float beta, int has_bias, int has_act, int act, float act_a,
                       float act_b) {
#pragma HLS INTERFACE m_axi port = a offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = b offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = bias offset = slave bundle = gmem2
#pragma HLS INTERFACE m_axi port = c offset = slave bundle = gmem3
#pragma HLS INTERFACE s_axilite port = m
#pragma HLS INTERFACE s_axilite port = n
#pragma HLS INTERFACE s_axilite port = k
#pragma HLS INTERFACE s_axilite port = trans_a
#pragma HLS INTERFACE s_axilite port = trans_b
#pragma HLS INTERFACE s_axilite port = alpha
#pragma HLS INTERFACE s_axilite port = beta
#pragma HLS INTERFACE s_axilite port = has_bias
#pragma HLS INTERFACE s_axilite port = has_act
#pragma HLS INTERFACE s_axilite port = act
#pragma HLS INTERFACE s_axilite port = act_a
#pragma HLS INTERFACE s_axilite port = act_b
#pragma HLS INTERFACE s_axilite port = return
  float a_tile[EDDL_HLS_TILE][EDDL_HLS_TILE];
  float b_tile[EDDL_HLS_TILE][EDDL_HLS_TILE];
  float c_tile[EDDL_HLS_TILE][EDDL_HLS_TILE];
#pragma HLS ARRAY_PARTITION variable = a_tile complete dim = 2
#pragma HLS ARRAY_PARTITION variable = b_tile complete dim = 1
  const eddl::hw::UnaryOp activation = static_cast<eddl::hw::UnaryOp>(act);
  // Leading dimensions of the stored (not the transposed) matrices.
  const int lda = trans_a ? m : k;
  const int ldb = trans_b ? k : n;
row_tiles:
  for (int i0 = 0; i0 < m; i0 += EDDL_HLS_TILE) {
  col_tiles:
    for (int j0 = 0; j0 < n; j0 += EDDL_HLS_TILE) {
      for (int i = 0; i < EDDL_HLS_TILE; ++i)
        for (int j = 0; j < EDDL_HLS_TILE; ++j) c_tile[i][j] = 0.0f;
    depth_tiles:
      for (int k0 = 0; k0 < k; k0 += EDDL_HLS_TILE) {
      load_a:
        for (int i = 0; i < EDDL_HLS_TILE; ++i)
          for (int kk = 0; kk < EDDL_HLS_TILE; ++kk) {
#pragma HLS PIPELINE II = 1
            const int gi = i0 + i, gk = k0 + kk;
            const bool inside = gi < m && gk < k;
            a_tile[i][kk] = inside ? (trans_a ? a[gk * lda + gi] : a[gi * lda + gk]) : 0.0f;
          }
      load_b:
        for (int kk = 0; kk < EDDL_HLS_TILE; ++kk)
          for (int j = 0; j < EDDL_HLS_TILE; ++j) {
#pragma HLS PIPELINE II = 1
            const int gk = k0 + kk, gj = j0 + j;
            const bool inside = gk < k && gj < n;
            b_tile[kk][j] = inside ? (trans_b ? b[gj * ldb + gk] : b[gk * ldb + gj]) : 0.0f;
          }
      multiply:
        for (int i = 0; i < EDDL_HLS_TILE; ++i)
          for (int j = 0; j < EDDL_HLS_TILE; ++j) {
#pragma HLS PIPELINE II = 1
            float acc = c_tile[i][j];
            for (int kk = 0; kk < EDDL_HLS_TILE; ++kk) acc += a_tile[i][kk] * b_tile[kk][j];
            c_tile[i][j] = acc;
          }
      }
    store_c:
      for (int i = 0; i < EDDL_HLS_TILE; ++i)
        for (int j = 0; j < EDDL_HLS_TILE; ++j) {
#pragma HLS PIPELINE II = 1
          const int gi = i0 + i, gj = j0 + j;
          if (gi < m && gj < n) {
            float v = alpha * c_tile[i][j];
            if (beta != 0.0f) v += beta * c[gi * n + gj];
            if (has_bias) v += bias[gj];
            if (has_act) v = eddl::hw::unary_forward(activation, v, act_a, act_b);
            c[gi * n + gj] = v;
          }
        }
    }
  }
}
