// SPDX-License-Identifier: MIT
// HLS batch normalisation in inference: y = gamma * (x - mean) / sqrt(var + epsilon) + beta per
// channel of x [batch, channels, spatial]. The per-channel scale and shift are computed once into
// on-chip arrays, so the data pass is one multiply-add per element.
#include <cmath>

#include "hardware/fpga/kernels/hls_compat.h"

extern "C" void k_batchnorm_inference(const float* x, const float* gamma, const float* beta, const float* mean,
                                      const float* var, float* y, int batch, int channels, int spatial,
                                      float epsilon, int has_gamma, int has_beta) {
#pragma HLS INTERFACE m_axi port = x offset = slave bundle = gmem0
#pragma HLS INTERFACE m_axi port = gamma offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = beta offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = mean offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = var offset = slave bundle = gmem1
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem2
#pragma HLS INTERFACE s_axilite port = batch
#pragma HLS INTERFACE s_axilite port = channels
#pragma HLS INTERFACE s_axilite port = spatial
#pragma HLS INTERFACE s_axilite port = epsilon
#pragma HLS INTERFACE s_axilite port = has_gamma
#pragma HLS INTERFACE s_axilite port = has_beta
#pragma HLS INTERFACE s_axilite port = return
  float scale[EDDL_HLS_MAX_CHANNELS];
  float shift[EDDL_HLS_MAX_CHANNELS];
coefficients:
  for (int c = 0; c < channels; ++c) {
#pragma HLS PIPELINE II = 1
    const float g = has_gamma ? gamma[c] : 1.0f;
    const float b = has_beta ? beta[c] : 0.0f;
    const float s = g / sqrtf(var[c] + epsilon);
    scale[c] = s;
    shift[c] = b - mean[c] * s;
  }
data:
  for (int n = 0; n < batch; ++n)
    for (int c = 0; c < channels; ++c)
      for (int i = 0; i < spatial; ++i) {
#pragma HLS PIPELINE II = 1
        const int at = (n * channels + c) * spatial + i;
        y[at] = x[at] * scale[c] + shift[c];
      }
}
