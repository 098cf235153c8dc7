// SPDX-License-Identifier: MIT
// HLS max and average pooling over [planes, d, h, w] (planes = batch x channels; 2-D pooling has
// d = 1). Padded cells never win a max and are not counted by an average, as in the reference.
#include "hardware/fpga/kernels/hls_compat.h"

// One window loop for both pools: `is_max` picks the reduction (a constant per top function, so
// synthesis keeps only one branch of it).
static void pool_planes(const float* x, float* y, int planes, int in_d, int in_h, int in_w, int out_d, int out_h,
                        int out_w, int k_d, int k_h, int k_w, int s_d, int s_h, int s_w, int pad_d, int pad_h,
                        int pad_w, bool is_max) {
  const int in_plane = in_d * in_h * in_w;
  const int out_plane = out_d * out_h * out_w;
planes_loop:
  for (int p = 0; p < planes; ++p)
    for (int od = 0; od < out_d; ++od)
      for (int oh = 0; oh < out_h; ++oh)
        for (int ow = 0; ow < out_w; ++ow) {
          float acc = 0.0f;
          int count = 0;
          for (int kd = 0; kd < k_d; ++kd) {
            const int id = od * s_d - pad_d + kd;
            if (id < 0 || id >= in_d) continue;
            for (int kh = 0; kh < k_h; ++kh) {
              const int ih = oh * s_h - pad_h + kh;
              if (ih < 0 || ih >= in_h) continue;
              for (int kw = 0; kw < k_w; ++kw) {
#pragma HLS PIPELINE II = 1
                const int iw = ow * s_w - pad_w + kw;
                if (iw < 0 || iw >= in_w) continue;
                const float v = x[p * in_plane + (id * in_h + ih) * in_w + iw];
                if (is_max) {
                  if (count == 0 || v > acc) acc = v;
                } else {
                  acc += v;
                }
                ++count;
              }
            }
          }
          y[p * out_plane + (od * out_h + oh) * out_w + ow] = is_max || count == 0 ? acc : acc / static_cast<float>(count);
        }
}

extern "C" void k_maxpool(const float* x, float* y, int planes, int in_d, int in_h, int in_w, int out_d, int out_h,
                          int out_w, int k_d, int k_h, int k_w, int s_d, int s_h, int s_w, int pad_d, int pad_h,
                          int pad_w) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = planes
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
#pragma HLS INTERFACE s_axilite port = pad_d
#pragma HLS INTERFACE s_axilite port = pad_h
#pragma HLS INTERFACE s_axilite port = pad_w
#pragma HLS INTERFACE s_axilite port = return
  pool_planes(x, y, planes, in_d, in_h, in_w, out_d, out_h, out_w, k_d, k_h, k_w, s_d, s_h, s_w, pad_d, pad_h, pad_w,
              true);
}

extern "C" void k_avgpool(const float* x, float* y, int planes, int in_d, int in_h, int in_w, int out_d, int out_h,
                          int out_w, int k_d, int k_h, int k_w, int s_d, int s_h, int s_w, int pad_d, int pad_h,
                          int pad_w) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem1
#pragma HLS INTERFACE s_axilite port = planes
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
#pragma HLS INTERFACE s_axilite port = pad_d
#pragma HLS INTERFACE s_axilite port = pad_h
#pragma HLS INTERFACE s_axilite port = pad_w
#pragma HLS INTERFACE s_axilite port = return
  pool_planes(x, y, planes, in_d, in_h, in_w, out_d, out_h, out_w, k_d, k_h, k_w, s_d, s_h, s_w, pad_d, pad_h, pad_w,
              false);
}
