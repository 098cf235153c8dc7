// SPDX-License-Identifier: MIT
// HLS direct convolution (grouped, strided, dilated, zero-padded; depth extent 1 for conv2d):
// y[n, oc, o] = bias[oc] + sum over the group's input channels and kernel taps of x * w.
// Output channels are tiled: EDDL_HLS_CONV_TILE_OC accumulators live on chip and each input value
// read is used by the whole tile, so x is read out_c / TILE times instead of out_c times.
#include "hardware/fpga/kernels/hls_compat.h"

extern "C" void k_conv(const float* x, const float* w, const float* bias, float* y, int batch, int in_c, int out_c,
                       int groups, int in_d, int in_h, int in_w, int out_d, int out_h, int out_w, int k_d, int k_h,
                       int k_w, int s_d, int s_h, int s_w, int dil_d, int dil_h, int dil_w, int pad_d, int pad_h,
                       int pad_w, int has_bias) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = w offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = bias offset = slave bundle = gmem2
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem3
#pragma HLS INTERFACE s_axilite port = batch
#pragma HLS INTERFACE s_axilite port = in_c
#pragma HLS INTERFACE s_axilite port = out_c
#pragma HLS INTERFACE s_axilite port = groups
#pragma HLS INTERFACE s_axilite port = in_d
#pragma HLS INTERFACE s_axilite port = in_h
#pragma HLS INTERFACE s_axilite port = in_w
#pragma HLS INTERFACE s_axilite port = out_d
#pragma HLS INTERFACE s_axilite port = out_h
#pragma HLS INTERFACE s_axilite port = out_w
#pragma HLS INTERFACE s_axilite port = k_d
#pragma HLS INTERFACE s_axilite port = k_h
#pragma HLS INTERFACE s_axilite port = k_w
#pragma HLS INTERFACE s_axilite port = s_d
#pragma HLS INTERFACE s_axilite port = s_h
#pragma HLS INTERFACE s_axilite port = s_w
#pragma HLS INTERFACE s_axilite port = dil_d
#pragma HLS INTERFACE s_axilite port = dil_h
#pragma HLS INTERFACE s_axilite port = dil_w
#pragma HLS INTERFACE s_axilite port = pad_d
#pragma HLS INTERFACE s_axilite port = pad_h
#pragma HLS INTERFACE s_axilite port = pad_w
#pragma HLS INTERFACE s_axilite port = has_bias
#pragma HLS INTERFACE s_axilite port = return
  float acc[EDDL_HLS_CONV_TILE_OC];
#pragma HLS ARRAY_PARTITION variable = acc complete
  const int out_per_group = out_c / groups;
  const int in_per_group = in_c / groups;
  const int taps = k_d * k_h * k_w;
  const int in_plane = in_d * in_h * in_w;
  const int out_plane = out_d * out_h * out_w;
batches:
  for (int n = 0; n < batch; ++n) {
  groups_loop:
    for (int group = 0; group < groups; ++group) {
    oc_tiles:
      for (int t0 = 0; t0 < out_per_group; t0 += EDDL_HLS_CONV_TILE_OC) {
        // A tile never straddles two groups: it stops at the group's end.
        const int oc0 = group * out_per_group + t0;
        const int left = out_per_group - t0;
        const int tile = left < EDDL_HLS_CONV_TILE_OC ? left : EDDL_HLS_CONV_TILE_OC;
      outputs:
        for (int od = 0; od < out_d; ++od)
          for (int oh = 0; oh < out_h; ++oh)
            for (int ow = 0; ow < out_w; ++ow) {
              for (int t = 0; t < EDDL_HLS_CONV_TILE_OC; ++t) {
#pragma HLS UNROLL
                acc[t] = (t < tile && has_bias) ? bias[oc0 + t] : 0.0f;
              }
            channels:
              for (int c = 0; c < in_per_group; ++c)
                for (int kd = 0; kd < k_d; ++kd) {
                  const int id = od * s_d - pad_d + kd * dil_d;
                  if (id < 0 || id >= in_d) continue;
                  for (int kh = 0; kh < k_h; ++kh) {
                    const int ih = oh * s_h - pad_h + kh * dil_h;
                    if (ih < 0 || ih >= in_h) continue;
                    for (int kw = 0; kw < k_w; ++kw) {
#pragma HLS PIPELINE II = 1
                      const int iw = ow * s_w - pad_w + kw * dil_w;
                      if (iw < 0 || iw >= in_w) continue;
                      const float xv = x[(n * in_c + group * in_per_group + c) * in_plane + (id * in_h + ih) * in_w + iw];
                      const int tap = (kd * k_h + kh) * k_w + kw;
                      for (int t = 0; t < EDDL_HLS_CONV_TILE_OC; ++t) {
#pragma HLS UNROLL
                        if (t < tile) acc[t] += xv * w[((oc0 + t) * in_per_group + c) * taps + tap];
                      }
                    }
                  }
                }
              for (int t = 0; t < EDDL_HLS_CONV_TILE_OC; ++t) {
                if (t < tile) y[(n * out_c + oc0 + t) * out_plane + (od * out_h + oh) * out_w + ow] = acc[t];
              }
            }
      }
    }
  }
}
