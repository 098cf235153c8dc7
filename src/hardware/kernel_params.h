// SPDX-License-Identifier: MIT
// Plain parameter structs that kernels take beside their views. Computed once above the hardware
// (by tensor ops and layers); a backend that needs setup caches it keyed by these values.
#pragma once

#include <cstdint>

#include "hardware/scalar_ops.h"

namespace eddl::hw {

/// C = alpha * op(A) * op(B) + beta * C, all row-major 2-D; op = transpose when trans_* is set.
struct GemmParams {
  bool trans_a = false;
  bool trans_b = false;
  float alpha = 1.0f;
  float beta = 0.0f;
};

/// Optional epilogue fused after a GEMM: C = act(C + bias) applied row by row.
struct GemmEpilogue {
  bool has_bias = false;
  bool has_activation = false;
  UnaryOp activation = UnaryOp::identity;
  UnaryArgs activation_args{};
};

enum class ReduceOp { sum, mean, max, min, prod, sum_abs, sum_sq };
/// y = beta * y + reduce(x) over every axis where y has extent 1 and x does not.
struct ReduceParams {
  ReduceOp op = ReduceOp::sum;
  float beta = 0.0f;
};

enum class ArgReduceOp { argmax, argmin };
/// y (x's shape with `axis` removed) = index of the max/min along `axis`, as a float; first wins ties.
struct ArgReduceParams {
  ArgReduceOp op = ArgReduceOp::argmax;
  int axis = 0;
};

enum class RandomDistribution { uniform, normal, bernoulli };
/// uniform: U[a, b); normal: N(a, b) (mean, stdev); bernoulli: 1 with probability a, else 0.
/// Element i draws from counter offset + i, so chunks of one stream can be filled independently.
struct RandomParams {
  RandomDistribution distribution = RandomDistribution::uniform;
  float a = 0.0f;
  float b = 1.0f;
  uint64_t seed = 0;
  uint64_t offset = 0;
  /// When set: one float in the kernel's device memory counting the calls already made with these
  /// parameters; element i then draws from offset + calls * n + i (n: the output's elements). A
  /// recorded call (dropout in a recorded training step) thus draws new numbers at every replay,
  /// its caller raising the count with a kernel after each draw. Exact to 2^24 calls.
  const float* device_calls = nullptr;
};

/// The counter element 0 of an `n`-element draw starts from (RandomParams::device_calls).
EDDL_HOST_DEVICE inline uint64_t first_counter(const RandomParams& p, int64_t n) {
  if (p.device_calls == nullptr) return p.offset;
  return p.offset + static_cast<uint64_t>(*p.device_calls) * static_cast<uint64_t>(n);
}

/// PyTorch's SGD: g' = g + wd*w; v = momentum*v + g'; w -= lr * (nesterov ? g' + momentum*v : v).
struct SgdParams {
  float lr = 0.01f;
  float momentum = 0.0f;
  float weight_decay = 0.0f;
  bool nesterov = false;
};

/// Adam with bias correction (step >= 1); amsgrad keeps the running max of v.
struct AdamParams {
  float lr = 0.001f;
  float beta_1 = 0.9f;
  float beta_2 = 0.999f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;
  bool amsgrad = false;
  int64_t step = 1;
  /// When set, the step t is read from this one float in the kernel's device memory instead of
  /// `step`: a recorded training step replays the same arguments, and t lives there so that it
  /// stays right while it grows. A float counts exactly to 2^24 steps (16.7 million). Null: `step`.
  const float* device_step = nullptr;
};

/// Adamax (Kingma & Ba, sec. 7): u = max(beta_2*u, |g|); w -= lr/(1-beta_1^t) * m / (u + eps).
struct AdamaxParams {
  float lr = 0.002f;
  float beta_1 = 0.9f;
  float beta_2 = 0.999f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;
  int64_t step = 1;
  /// As AdamParams::device_step: t read from this one float on the kernel's device when set (exact
  /// to 2^24 steps), else `step`.
  const float* device_step = nullptr;
};

/// RMSprop (Hinton): s = rho*s + (1-rho)*g^2; w -= lr * g / (sqrt(s) + eps).
struct RmspropParams {
  float lr = 0.001f;
  float rho = 0.9f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;
};

/// Adagrad: s += g^2; w -= lr * g / (sqrt(s) + eps).
struct AdagradParams {
  float lr = 0.01f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;
};

/// Adadelta (Zeiler 2012): s = rho*s + (1-rho)g^2; d = sqrt(u+eps)/sqrt(s+eps)*g;
/// u = rho*u + (1-rho)d^2; w -= lr*d.
struct AdadeltaParams {
  float lr = 1.0f;
  float rho = 0.95f;
  float epsilon = 1e-6f;
  float weight_decay = 0.0f;
};

/// Nadam (Dozat 2016) with the momentum schedule mu_t = beta_1 (1 - 0.5 * 0.96^(t*schedule_decay)).
/// mu_product is prod_{i<=t} mu_i, computed by the caller so the kernel stays stateless.
struct NadamParams {
  float lr = 0.002f;
  float beta_1 = 0.9f;
  float beta_2 = 0.999f;
  float epsilon = 1e-8f;
  float mu_t = 0.9f;
  float mu_next = 0.9f;
  float mu_product = 0.9f;
  int64_t step = 1;
};

// ---- Convolution (parameters of EDDL_KERNELS_CONV) ----

/// A grouped, strided, dilated, zero-padded convolution over 1, 2 or 3 spatial axes, with
/// x [batch, in_channels, in...], w [out_channels, in_channels/groups, kernel...] and
/// y [batch, out_channels, out...], all contiguous. The spatial arrays are (d, h, w); 1-D and 2-D
/// convolutions use the last 1 or 2 entries and leave the leading ones at extent 1, no padding
/// (the convention of PoolParams), so one loop nest serves every rank. Per axis,
/// out = (in + pad_begin + pad_end - dilation*(kernel-1) - 1) / stride + 1; padding may differ at
/// the two ends ("same" with an odd total puts the extra cell at the end, as PyTorch and TF do).
/// Transposed convolutions use the same struct for the direct convolution they are the adjoint of.
struct ConvParams {
  int spatial_rank = 2;  ///< 1, 2 or 3
  int64_t batch = 1;
  int64_t in_channels = 1;
  int64_t out_channels = 1;
  int64_t groups = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
  int64_t kernel[3] = {1, 1, 1};
  int64_t stride[3] = {1, 1, 1};
  int64_t dilation[3] = {1, 1, 1};
  int64_t pad_begin[3] = {0, 0, 0};
  int64_t pad_end[3] = {0, 0, 0};
};

// ---- Pooling (parameters of EDDL_KERNELS_POOL) ----

/// Max or average pooling of a contiguous [batch, channels, d, h, w] tensor. 1-D and 2-D pooling
/// pad the spatial axes on the left to three with extent 1 (kernel 1, stride 1, no padding), so one
/// loop nest serves every rank. out = (in + pad_begin + pad_end - kernel) / stride + 1 per axis;
/// padding may differ at the two ends ("same" with an odd total). Padded cells never win a max and
/// are not counted by an average (Keras/TF "same", PyTorch count_include_pad=false).
struct PoolParams {
  int spatial_rank = 2;  ///< 1, 2 or 3: how many of the three axes the layer pools (for messages)
  int64_t batch = 1;
  int64_t channels = 1;
  int64_t in[3] = {1, 1, 1};
  int64_t out[3] = {1, 1, 1};
  int kernel[3] = {1, 1, 1};
  int stride[3] = {1, 1, 1};
  int pad_begin[3] = {0, 0, 0};
  int pad_end[3] = {0, 0, 0};
};

// ---- Normalization (parameters of EDDL_KERNELS_NORMALIZATION) ----

/// Batch normalisation of x read as [batch, channels, spatial], per channel over batch x spatial
/// (M values). Training normalises with the biased batch variance and updates the running stats
/// as r = momentum * r + (1 - momentum) * batch_stat (EDDL's convention) with the unbiased
/// variance M / (M - 1) * var (PyTorch). invstd = 1 / sqrt(var + epsilon).
struct BatchNormParams {
  float epsilon = 0.001f;
  float momentum = 0.99f;
  /// Backward only: true when the forward normalised with the batch's own statistics (their
  /// gradient flows back into dx); false when mean and invstd were constants (inference mode).
  bool batch_stats = true;
};

// ---- Resampling and padding (parameters of EDDL_KERNELS_RESAMPLE) ----

// ---- Recurrent (parameters of EDDL_KERNELS_RECURRENT) ----

/// One recurrent layer over a batch-major sequence of `steps` steps. The equations (PyTorch's and
/// ONNX's): RNN h = act(x Wx + h Wh + b); LSTM i, f, o = sigmoid(.), g = tanh(.), c = f c + i g,
/// h = o tanh(c); GRU z, r = sigmoid(.), n = tanh(x Wn + bn + r (h Un + bnh)), h = (1 - z) n + z h.
struct RecurrentParams {
  int64_t batch = 1;
  int64_t steps = 1;
  int64_t units = 1;
  UnaryOp activation = UnaryOp::tanh;  ///< RNN only
  UnaryArgs activation_args{};
};

/// Embedding lookup: `rows` indices (floats holding integers) into a [vocabulary, dim] table.
struct EmbeddingParams {
  int64_t rows = 1;
  int64_t vocabulary = 1;
  int64_t dim = 1;
  bool mask_zeros = false;
};

}  // namespace eddl::hw
