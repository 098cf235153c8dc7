// SPDX-License-Identifier: MIT
// Batch normalisation as direct kernels: a block per channel reduces its batch x spatial values in
// double (a tree in shared memory, no atomics) and then normalises them in the same launch, so a
// training step is one kernel forward and one backward. cuDNN's batch norm would need its own
// running-variance convention and cannot skip gamma, beta or dx as the kernel list allows.
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

struct Layout {
  int64_t batch, channels, spatial;
  __device__ int64_t count() const { return batch * spatial; }
  // The k-th value of channel c, k over batch x spatial.
  __device__ int64_t at(int64_t c, int64_t k) const { return ((k / spatial) * channels + c) * spatial + k % spatial; }
};

Layout layout_of(const View& x) { return {x.shape[0], x.shape[1], x.shape[2]}; }

__device__ double value_or(const float* v, int64_t c, double fallback) { return v == nullptr ? fallback : v[c]; }

// Sum of one double per thread over the block; every thread gets the result.
__device__ double block_sum(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int half = blockDim.x / 2; half > 0; half /= 2) {
    if (static_cast<int>(threadIdx.x) < half) shared[threadIdx.x] += shared[threadIdx.x + half];
    __syncthreads();
  }
  const double total = shared[0];
  __syncthreads();
  return total;
}

__global__ void forward_train_kernel(BatchNormParams p, Layout l, const float* x, const float* gamma,
                                     const float* beta, float* y, float* batch_mean, float* batch_invstd,
                                     float* running_mean, float* running_var) {
  __shared__ double shared[kThreads];
  const double m = static_cast<double>(l.count());
  for (int64_t c = blockIdx.x; c < l.channels; c += gridDim.x) {
    double local = 0.0;
    for (int64_t k = threadIdx.x; k < l.count(); k += blockDim.x) local += x[l.at(c, k)];
    const double mean = block_sum(local, shared) / m;
    local = 0.0;
    for (int64_t k = threadIdx.x; k < l.count(); k += blockDim.x) {
      const double d = x[l.at(c, k)] - mean;
      local += d * d;
    }
    const double squares = block_sum(local, shared);
    const double var = squares / m;
    const double invstd = 1.0 / sqrt(var + p.epsilon);
    const double g = value_or(gamma, c, 1.0), b = value_or(beta, c, 0.0);
    for (int64_t k = threadIdx.x; k < l.count(); k += blockDim.x) {
      const int64_t at = l.at(c, k);
      y[at] = static_cast<float>(g * (x[at] - mean) * invstd + b);
    }
    if (threadIdx.x == 0) {
      batch_mean[c] = static_cast<float>(mean);
      batch_invstd[c] = static_cast<float>(invstd);
      if (running_mean != nullptr) {
        running_mean[c] = static_cast<float>(p.momentum * running_mean[c] + (1.0 - p.momentum) * mean);
      }
      if (running_var != nullptr) {
        const double unbiased = m > 1.0 ? squares / (m - 1.0) : var;
        running_var[c] = static_cast<float>(p.momentum * running_var[c] + (1.0 - p.momentum) * unbiased);
      }
    }
  }
}

__global__ void forward_inference_kernel(BatchNormParams p, Layout l, const float* x, const float* gamma,
                                         const float* beta, const float* running_mean, const float* running_var,
                                         float* y, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t c = (i / l.spatial) % l.channels;
    const double invstd = 1.0 / sqrt(static_cast<double>(running_var[c]) + p.epsilon);
    y[i] = static_cast<float>(value_or(gamma, c, 1.0) * (x[i] - running_mean[c]) * invstd + value_or(beta, c, 0.0));
  }
}

__global__ void backward_kernel(BatchNormParams p, Layout l, const float* x, const float* gamma, const float* dy,
                                const float* mean, const float* invstd, float* dx, float* dgamma, float* dbeta) {
  __shared__ double shared[kThreads];
  const double m = static_cast<double>(l.count());
  for (int64_t c = blockIdx.x; c < l.channels; c += gridDim.x) {
    const double mu = mean[c], istd = invstd[c];
    double local_dy = 0.0, local_dy_xhat = 0.0;
    for (int64_t k = threadIdx.x; k < l.count(); k += blockDim.x) {
      const int64_t at = l.at(c, k);
      local_dy += dy[at];
      local_dy_xhat += dy[at] * (x[at] - mu) * istd;
    }
    const double sum_dy = block_sum(local_dy, shared);
    const double sum_dy_xhat = block_sum(local_dy_xhat, shared);
    if (threadIdx.x == 0) {
      if (dbeta != nullptr) dbeta[c] += static_cast<float>(sum_dy);
      if (dgamma != nullptr) dgamma[c] += static_cast<float>(sum_dy_xhat);
    }
    if (dx == nullptr) continue;
    const double scale = value_or(gamma, c, 1.0) * istd;
    // With batch statistics: dx = gamma*invstd*(dy - mean(dy) - xhat*mean(dy*xhat)).
    const double mean_dy = p.batch_stats ? sum_dy / m : 0.0;
    const double mean_dy_xhat = p.batch_stats ? sum_dy_xhat / m : 0.0;
    for (int64_t k = threadIdx.x; k < l.count(); k += blockDim.x) {
      const int64_t at = l.at(c, k);
      const double xhat = (x[at] - mu) * istd;
      dx[at] += static_cast<float>(scale * (dy[at] - mean_dy - xhat * mean_dy_xhat));
    }
  }
}

unsigned channel_blocks(const Layout& l) { return static_cast<unsigned>(l.channels < 65535 ? l.channels : 65535); }

}  // namespace

void batchnorm_forward_train(BatchNormParams p, In x, In gamma, In beta, Out y, Out batch_mean, Out batch_invstd,
                             Out running_mean, Out running_var) {
  const Layout l = layout_of(x);
  if (l.channels == 0) return;
  DeviceState& s = state_of(y);
  forward_train_kernel<<<channel_blocks(l), kThreads, 0, s.stream>>>(p, l, x.data, gamma.data, beta.data, y.data,
                                                                      batch_mean.data, batch_invstd.data,
                                                                      running_mean.data, running_var.data);
  EDDL_CUDA_CHECK_LAUNCH("batchnorm_forward_train");
}

void batchnorm_forward_inference(BatchNormParams p, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y) {
  const Layout l = layout_of(x);
  const int64_t n = l.batch * l.channels * l.spatial;
  if (n == 0) return;
  DeviceState& s = state_of(y);
  forward_inference_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, l, x.data, gamma.data, beta.data,
                                                                       running_mean.data, running_var.data, y.data, n);
  EDDL_CUDA_CHECK_LAUNCH("batchnorm_forward_inference");
}

void batchnorm_backward(BatchNormParams p, In x, In gamma, In dy, In mean, In invstd, Out dx, Out dgamma,
                        Out dbeta) {
  const Layout l = layout_of(x);
  if (l.channels == 0) return;
  DeviceState& s = state_of(dy);
  backward_kernel<<<channel_blocks(l), kThreads, 0, s.stream>>>(p, l, x.data, gamma.data, dy.data, mean.data,
                                                                 invstd.data, dx.data, dgamma.data, dbeta.data);
  EDDL_CUDA_CHECK_LAUNCH("batchnorm_backward");
}

}  // namespace eddl::hw::gpu
