// SPDX-License-Identifier: MIT
// THE list of kernels: every kernel that any backend may implement is named here once, with its
// typed arguments and a one-line contract. One X-macro (the only macro trick in eddl) turns the list
// into the `Kernels` table (a typed function pointer per kernel; null = not implemented), the
// `KernelId` enum and the names, so the three can never disagree.
//
// Conventions: arguments are `In` (read) and `Out` (written) views; "overwrites" means the output's
// previous contents are ignored (forward kernels), "adds into" means they are accumulated
// (backward kernels). Shapes are checked above the hardware; kernels trust them. Abbreviations:
// gemm = general matrix multiply.
#pragma once

#include "hardware/kernel_params.h"
#include "hardware/scalar_ops.h"
#include "hardware/view.h"

namespace eddl::hw {

using In = const View&;
using Out = const View&;

// The list is written by family; EDDL_KERNEL_LIST(K) at the end joins the families in order.
// K(name, (argument types), "contract")
#define EDDL_KERNELS_CORE(K)                                                                         \
  K(fill, (float value, Out y), "y[i] = value; overwrites; y may be strided")                        \
  K(copy_strided, (In x, Out y), "y[i] = x[i] over y's shape; both may be strided; overwrites")      \
  K(unary_map, (UnaryOp op, UnaryArgs args, In x, Out y),                                            \
    "y = op(x) elementwise, same shape; overwrites; y may alias x")                                  \
  K(unary_backward, (UnaryOp op, UnaryArgs args, In x, In y, In dy, Out dx),                         \
    "dx += dy * op'(x, y), all the same shape; adds into dx")                                        \
  K(binary_map, (BinaryOp op, BinaryArgs args, In a, In b, Out y),                                   \
    "y = op(alpha*a, beta*b); a and b come in y's shape (stride 0 = broadcast); overwrites; "        \
    "y may alias a or b")                                                                            \
  K(reduce, (ReduceParams params, In x, Out y),                                                      \
    "y = beta*y + reduce(x) over the axes where y has extent 1; y has x's rank")                     \
  K(reduce_arg, (ArgReduceParams params, In x, Out y),                                               \
    "y = argmax/argmin of x along axis, as float; y has x's rank with extent 1 at axis; overwrites") \
  K(gemm, (GemmParams params, In a, In b, Out c),                                                    \
    "c = alpha*op(a)*op(b) + beta*c; contiguous row-major 2-D")                                      \
  K(gemm_epilogue, (GemmParams params, GemmEpilogue epilogue, In a, In b, In bias, Out c),           \
    "c = act(alpha*op(a)*op(b) + beta*c + bias[col]); bias 1-D of c's columns (or empty)")          \
  K(softmax_forward, (int axis, In x, Out y),                                                        \
    "y = exp(x - max) / sum(exp(x - max)) along axis; contiguous; overwrites")                       \
  K(softmax_backward, (int axis, In y, In dy, Out dx),                                               \
    "dx += y * (dy - sum(dy * y)) along axis; contiguous; adds into dx")                             \
  K(fill_random, (RandomParams params, Out y),                                                       \
    "y[i] = draw(seed, offset + calls*n + i), calls = *device_calls or 0; contiguous; overwrites")   \
  K(sgd_update, (SgdParams params, Out w, In g, Out velocity),                                       \
    "one SGD step on w; velocity is the momentum buffer (unused when momentum = 0)")                 \
  K(adam_update, (AdamParams params, Out w, In g, Out m, Out v, Out v_max),                          \
    "one Adam/AMSGrad step; m, v moments; v_max used only with amsgrad")                             \
  K(adamax_update, (AdamaxParams params, Out w, In g, Out m, Out u),                                 \
    "one Adamax step; m first moment, u infinity-norm")                                              \
  K(rmsprop_update, (RmspropParams params, Out w, In g, Out mean_square), "one RMSprop step")        \
  K(adagrad_update, (AdagradParams params, Out w, In g, Out sum_square), "one Adagrad step")         \
  K(adadelta_update, (AdadeltaParams params, Out w, In g, Out mean_square, Out mean_delta),          \
    "one Adadelta step")                                                                             \
  K(nadam_update, (NadamParams params, Out w, In g, Out m, Out v), "one Nadam step")

// Convolutions (1-D, 2-D and 3-D through one parameter struct; transposed ones reuse these):
// x, w, y contiguous in the shapes ConvParams gives; the bias gradient is a reduce.
#define EDDL_KERNELS_CONV(K)                                                                         \
  K(conv_forward, (ConvParams params, In x, In w, In bias, Out y),                                   \
    "y = conv(x, w) + bias[channel]; bias [out_channels] or empty (data null); overwrites")          \
  K(conv_backward_input, (ConvParams params, In dy, In w, Out dx),                                   \
    "dx += the adjoint of conv(., w) applied to dy (a transposed convolution); adds into dx")        \
  K(conv_backward_weight, (ConvParams params, In x, In dy, Out dw),                                  \
    "dw += d(sum dy*conv(x, w))/dw, the correlation of x with dy; adds into dw")

// Pooling: x, y contiguous [batch, channels, d, h, w] with the extents of PoolParams.
#define EDDL_KERNELS_POOL(K)                                                                         \
  K(maxpool_forward, (PoolParams params, In x, Out y),                                               \
    "y = max of x over each window (padding never wins); overwrites")                                \
  K(maxpool_backward, (PoolParams params, In x, In y, In dy, Out dx),                                \
    "dx += dy at the first x of each window equal to its max y (row-major order); adds into dx")     \
  K(avgpool_forward, (PoolParams params, In x, Out y),                                               \
    "y = mean of x over each window, padded cells not counted; overwrites")                          \
  K(avgpool_backward, (PoolParams params, In dy, Out dx),                                            \
    "dx += dy / count over each window's unpadded cells; adds into dx")

// Normalization: x, y, dy, dx contiguous [batch, channels, spatial]; per-channel vectors [channels].
// gamma and beta may be empty views (data null: gamma = 1, beta = 0); so may dgamma, dbeta, dx
// and the running stats, which are then skipped.
#define EDDL_KERNELS_NORMALIZATION(K)                                                                \
  K(batchnorm_forward_train,                                                                         \
    (BatchNormParams params, In x, In gamma, In beta, Out y, Out batch_mean, Out batch_invstd,       \
     Out running_mean, Out running_var),                                                             \
    "y = gamma*(x - mean)*invstd + beta with the batch's stats; overwrites y, batch_mean, "          \
    "batch_invstd; updates the running stats in place")                                              \
  K(batchnorm_forward_inference,                                                                     \
    (BatchNormParams params, In x, In gamma, In beta, In running_mean, In running_var, Out y),       \
    "y = gamma*(x - running_mean)/sqrt(running_var + epsilon) + beta; overwrites")                   \
  K(batchnorm_backward,                                                                              \
    (BatchNormParams params, In x, In gamma, In dy, In mean, In invstd, Out dx, Out dgamma,          \
     Out dbeta),                                                                                     \
    "dbeta += sum dy, dgamma += sum dy*xhat, dx += the normalisation's input gradient (through "     \
    "the batch stats when params.batch_stats); adds into dx, dgamma, dbeta")

// Resampling and padding.
#define EDDL_KERNELS_RESAMPLE(K)

// Recurrent layers (RNN, LSTM, GRU) and Embedding. Sequences are batch-major: xw [batch, steps,
// gates*units] is the input projection x*Wx + bias of every step (one GEMM above the hardware),
// h, c [batch, steps, units] the states after each step, h0, c0 [batch, units] the initial ones,
// mask [batch, steps] (1 = the step updates the state, 0 = the state carries over) or empty (data
// null: every step counts). Wh [units, gates*units] holds the recurrent weights with the gates
// side by side (LSTM i, f, o, g; GRU z, r, n). Backward kernels overwrite the gate gradients
// (scratch the layer reduces into weight gradients) and add into dh0, dc0.
#define EDDL_KERNELS_RECURRENT(K)                                                                    \
  K(rnn_forward, (RecurrentParams params, In xw, In wh, In h0, In mask, Out h),                      \
    "h_t = act(xw_t + h_{t-1} Wh) (masked steps keep h_{t-1}); overwrites h")                       \
  K(rnn_backward, (RecurrentParams params, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0),   \
    "dpre = d(loss)/d(pre-activation) of every step given dh = d(loss)/dh_t from outside; "         \
    "overwrites dpre, adds into dh0")                                                                \
  K(lstm_forward, (RecurrentParams params, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates), \
    "LSTM steps (gates i, f, o, g activated into gates [batch, steps, 4*units]); overwrites h, c, gates") \
  K(lstm_backward,                                                                                   \
    (RecurrentParams params, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,        \
     Out dgates, Out dh0, Out dc0),                                                                  \
    "dgates = d(loss)/d(gate pre-activations) given dh (every step) and dc_last (final cell, or "    \
    "empty); overwrites dgates, adds into dh0, dc0")                                                 \
  K(gru_forward, (RecurrentParams params, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates), \
    "GRU steps; gates [batch, steps, 4*units] keeps z, r, n and h_{t-1} Un + bias_nh; overwrites h, gates") \
  K(gru_backward,                                                                                    \
    (RecurrentParams params, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw, Out dh0), \
    "dxw = d(loss)/d(xw), dhw = d(loss)/d(h_{t-1} Wh + [0, 0, bias_nh]); overwrites dxw, dhw, "     \
    "adds into dh0")                                                                                 \
  K(embedding_forward, (EmbeddingParams params, In indices, In table, Out y),                        \
    "y[i, :] = table[indices[i], :] (zeros for index 0 when mask_zeros); overwrites")               \
  K(embedding_backward, (EmbeddingParams params, In indices, In dy, Out dtable),                     \
    "dtable[indices[i], :] += dy[i, :] (index 0 skipped when mask_zeros); adds into dtable")

#define EDDL_KERNEL_LIST(K) \
  EDDL_KERNELS_CORE(K) EDDL_KERNELS_CONV(K) EDDL_KERNELS_POOL(K) EDDL_KERNELS_NORMALIZATION(K) EDDL_KERNELS_RESAMPLE(K) \
  EDDL_KERNELS_RECURRENT(K)

enum class KernelId {
#define EDDL_K(name, args, contract) name,
  EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
      count
};

constexpr int kKernelCount = static_cast<int>(KernelId::count);

/// The table a backend fills: one typed function pointer per kernel, null when not implemented.
struct Kernels {
#define EDDL_K(name, args, contract) void(*name) args = nullptr;
  EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K
};

/// Typed access to a slot of the table by id: `KernelSlot<KernelId::gemm>::get(table)`.
template <KernelId id>
struct KernelSlot;
#define EDDL_K(kname, args, contract)                                        \
  template <>                                                                \
  struct KernelSlot<KernelId::kname> {                                       \
    using Fn = void(*) args;                                                 \
    static Fn get(const Kernels& k) { return k.kname; }                      \
    static constexpr const char* name = #kname;                              \
  };
EDDL_KERNEL_LIST(EDDL_K)
#undef EDDL_K

const char* kernel_name(KernelId id);
const char* kernel_contract(KernelId id);
/// Whether the table has an implementation for `id`.
bool has_kernel(const Kernels& table, KernelId id);

}  // namespace eddl::hw
