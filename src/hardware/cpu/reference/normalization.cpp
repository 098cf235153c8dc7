// SPDX-License-Identifier: MIT
// Reference batch normalisation (plain loops, two passes in double per channel). x is read as
// [batch, channels, spatial]; each channel is normalised over its batch x spatial values.
#include <cmath>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {

struct Layout {
  int64_t batch, channels, spatial;
  int64_t at(int64_t n, int64_t c, int64_t s) const { return (n * channels + c) * spatial + s; }
  int64_t count() const { return batch * spatial; }
};
Layout layout_of(const View& x) { return {x.shape[0], x.shape[1], x.shape[2]}; }

float value_or(const View& v, int64_t c, float fallback) { return v.data == nullptr ? fallback : v.data[c]; }

}  // namespace

void batchnorm_forward_train(BatchNormParams p, In x, In gamma, In beta, Out y, Out batch_mean, Out batch_invstd,
                             Out running_mean, Out running_var) {
  const Layout l = layout_of(x);
  const double m = static_cast<double>(l.count());
  for (int64_t c = 0; c < l.channels; ++c) {
    double total = 0.0;
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) total += x.data[l.at(n, c, s)];
    const double mean = total / m;
    double squares = 0.0;
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) {
        const double d = x.data[l.at(n, c, s)] - mean;
        squares += d * d;
      }
    const double var = squares / m;
    const double invstd = 1.0 / std::sqrt(var + p.epsilon);
    const double g = value_or(gamma, c, 1.0f), b = value_or(beta, c, 0.0f);
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) {
        const int64_t at = l.at(n, c, s);
        y.data[at] = static_cast<float>(g * (x.data[at] - mean) * invstd + b);
      }
    batch_mean.data[c] = static_cast<float>(mean);
    batch_invstd.data[c] = static_cast<float>(invstd);
    if (running_mean.data != nullptr) {
      running_mean.data[c] = static_cast<float>(p.momentum * running_mean.data[c] + (1.0 - p.momentum) * mean);
    }
    if (running_var.data != nullptr) {
      const double unbiased = m > 1.0 ? squares / (m - 1.0) : var;
      running_var.data[c] = static_cast<float>(p.momentum * running_var.data[c] + (1.0 - p.momentum) * unbiased);
    }
  }
}

void batchnorm_forward_inference(BatchNormParams p, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y) {
  const Layout l = layout_of(x);
  for (int64_t c = 0; c < l.channels; ++c) {
    const double invstd = 1.0 / std::sqrt(static_cast<double>(running_var.data[c]) + p.epsilon);
    const double g = value_or(gamma, c, 1.0f), b = value_or(beta, c, 0.0f);
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) {
        const int64_t at = l.at(n, c, s);
        y.data[at] = static_cast<float>(g * (x.data[at] - running_mean.data[c]) * invstd + b);
      }
  }
}

void batchnorm_backward(BatchNormParams p, In x, In gamma, In dy, In mean, In invstd, Out dx, Out dgamma,
                        Out dbeta) {
  const Layout l = layout_of(x);
  const double m = static_cast<double>(l.count());
  for (int64_t c = 0; c < l.channels; ++c) {
    const double mu = mean.data[c], istd = invstd.data[c];
    double sum_dy = 0.0, sum_dy_xhat = 0.0;
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) {
        const int64_t at = l.at(n, c, s);
        sum_dy += dy.data[at];
        sum_dy_xhat += dy.data[at] * (x.data[at] - mu) * istd;
      }
    if (dbeta.data != nullptr) dbeta.data[c] += static_cast<float>(sum_dy);
    if (dgamma.data != nullptr) dgamma.data[c] += static_cast<float>(sum_dy_xhat);
    if (dx.data == nullptr) continue;
    const double scale = value_or(gamma, c, 1.0f) * istd;
    // With batch statistics, the mean and variance depend on every x of the channel:
    // dx = gamma*invstd*(dy - mean(dy) - xhat*mean(dy*xhat)).
    const double mean_dy = p.batch_stats ? sum_dy / m : 0.0;
    const double mean_dy_xhat = p.batch_stats ? sum_dy_xhat / m : 0.0;
    for (int64_t n = 0; n < l.batch; ++n)
      for (int64_t s = 0; s < l.spatial; ++s) {
        const int64_t at = l.at(n, c, s);
        const double xhat = (x.data[at] - mu) * istd;
        dx.data[at] += static_cast<float>(scale * (dy.data[at] - mean_dy - xhat * mean_dy_xhat));
      }
  }
}

}  // namespace eddl::hw::reference
