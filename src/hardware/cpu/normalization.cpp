// SPDX-License-Identifier: MIT
// Fast CPU batch normalisation: channels in parallel (each channel's statistics are independent),
// each read as `batch` contiguous runs of `spatial` floats. Two passes for the statistics (mean,
// then squared deviations, in double: no cancellation on large means) and one to write. The sums
// are SIMD reductions (lanes of doubles added at the end): as one serial chain of double adds they
// were latency-bound, 3.0 ms forward and 2.7 ms backward on the BN-CNN's 100x32x28x28 layer.
#include <cmath>

#include "hardware/cpu/cpu_kernels.h"

namespace eddl::hw::cpu {

namespace {

struct Layout {
  int64_t batch, channels, spatial;
  // Start of channel c's run in sample n.
  int64_t run(int64_t n, int64_t c) const { return (n * channels + c) * spatial; }
  int64_t count() const { return batch * spatial; }
  bool parallel() const { return channels > 1 && batch * channels * spatial > kParallelGrain; }
};
Layout layout_of(const View& x) { return {x.shape[0], x.shape[1], x.shape[2]}; }

float value_or(const View& v, int64_t c, float fallback) { return v.data == nullptr ? fallback : v.data[c]; }

[[gnu::flatten]] void channel_stats(const Layout& l, const float* x, int64_t c, double& mean, double& squares) {
  double total = 0.0;
  for (int64_t n = 0; n < l.batch; ++n) {
    const float* run = x + l.run(n, c);
#pragma omp simd reduction(+ : total)
    for (int64_t s = 0; s < l.spatial; ++s) total += run[s];
  }
  mean = total / static_cast<double>(l.count());
  double sq = 0.0;
  for (int64_t n = 0; n < l.batch; ++n) {
    const float* run = x + l.run(n, c);
#pragma omp simd reduction(+ : sq)
    for (int64_t s = 0; s < l.spatial; ++s) {
      const double d = run[s] - mean;
      sq += d * d;
    }
  }
  squares = sq;
}

// y = x * scale + shift over one channel.
[[gnu::flatten]] void channel_affine(const Layout& l, const float* x, float* y, int64_t c, float scale, float shift) {
  for (int64_t n = 0; n < l.batch; ++n) {
    const float* in = x + l.run(n, c);
    float* out = y + l.run(n, c);
    for (int64_t s = 0; s < l.spatial; ++s) out[s] = in[s] * scale + shift;
  }
}

}  // namespace

void batchnorm_forward_train(BatchNormParams p, In x, In gamma, In beta, Out y, Out batch_mean, Out batch_invstd,
                             Out running_mean, Out running_var) {
  const Layout l = layout_of(x);
  const double m = static_cast<double>(l.count());
#pragma omp parallel for if (l.parallel())
  for (int64_t c = 0; c < l.channels; ++c) {
    double mean = 0.0, squares = 0.0;
    channel_stats(l, x.data, c, mean, squares);
    const double invstd = 1.0 / std::sqrt(squares / m + p.epsilon);
    const double scale = value_or(gamma, c, 1.0f) * invstd;
    channel_affine(l, x.data, y.data, c, static_cast<float>(scale),
                   static_cast<float>(value_or(beta, c, 0.0f) - mean * scale));
    batch_mean.data[c] = static_cast<float>(mean);
    batch_invstd.data[c] = static_cast<float>(invstd);
    if (running_mean.data != nullptr) {
      running_mean.data[c] = static_cast<float>(p.momentum * running_mean.data[c] + (1.0 - p.momentum) * mean);
    }
    if (running_var.data != nullptr) {
      const double unbiased = m > 1.0 ? squares / (m - 1.0) : squares / m;
      running_var.data[c] = static_cast<float>(p.momentum * running_var.data[c] + (1.0 - p.momentum) * unbiased);
    }
  }
}

void batchnorm_forward_inference(BatchNormParams p, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y) {
  const Layout l = layout_of(x);
#pragma omp parallel for if (l.parallel())
  for (int64_t c = 0; c < l.channels; ++c) {
    const double scale = value_or(gamma, c, 1.0f) / std::sqrt(static_cast<double>(running_var.data[c]) + p.epsilon);
    channel_affine(l, x.data, y.data, c, static_cast<float>(scale),
                   static_cast<float>(value_or(beta, c, 0.0f) - running_mean.data[c] * scale));
  }
}

void batchnorm_backward(BatchNormParams p, In x, In gamma, In dy, In mean, In invstd, Out dx, Out dgamma,
                        Out dbeta) {
  const Layout l = layout_of(x);
  const double m = static_cast<double>(l.count());
#pragma omp parallel for if (l.parallel())
  for (int64_t c = 0; c < l.channels; ++c) {
    const double mu = mean.data[c], istd = invstd.data[c];
    // sum(dy * xhat) = istd * (sum(dy * x) - mu * sum(dy)): one pass over x and dy.
    double sum_dy = 0.0, sum_dy_x = 0.0;
    for (int64_t n = 0; n < l.batch; ++n) {
      const float* px = x.data + l.run(n, c);
      const float* pdy = dy.data + l.run(n, c);
#pragma omp simd reduction(+ : sum_dy, sum_dy_x)
      for (int64_t s = 0; s < l.spatial; ++s) {
        sum_dy += pdy[s];
        sum_dy_x += static_cast<double>(pdy[s]) * (px[s] - mu);
      }
    }
    const double sum_dy_xhat = sum_dy_x * istd;
    if (dbeta.data != nullptr) dbeta.data[c] += static_cast<float>(sum_dy);
    if (dgamma.data != nullptr) dgamma.data[c] += static_cast<float>(sum_dy_xhat);
    if (dx.data == nullptr) continue;
    // dx = k * (dy - mean(dy) - xhat * mean(dy * xhat)), k = gamma * invstd; (x - mu) is kept as a
    // difference so a large mean does not cancel digits.
    const double k = value_or(gamma, c, 1.0f) * istd;
    const float a = static_cast<float>(k);
    const float shift = static_cast<float>(p.batch_stats ? k * sum_dy / m : 0.0);
    const float slope = static_cast<float>(p.batch_stats ? k * sum_dy_xhat / m * istd : 0.0);
    const float muf = static_cast<float>(mu);
    for (int64_t n = 0; n < l.batch; ++n) {
      const float* px = x.data + l.run(n, c);
      const float* pdy = dy.data + l.run(n, c);
      float* pdx = dx.data + l.run(n, c);
#pragma omp simd
      for (int64_t s = 0; s < l.spatial; ++s) pdx[s] += a * pdy[s] - shift - slope * (px[s] - muf);
    }
  }
}

}  // namespace eddl::hw::cpu
