// SPDX-License-Identifier: MIT
// Internal ops of the recurrent layers and Embedding: shapes validated here, then dispatch(). All
// sequences are batch-major (see EDDL_KERNELS_RECURRENT in kernel_list.h); a null `mask` means every
// step counts, a null `bias_nh` / `dc_last` means zeros.
#pragma once

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::ops {

/// h [B, T, U] = the RNN's states for xw [B, T, U] (x Wx + b), wh [U, U], h0 [B, U], mask [B, T].
void rnn_forward(const Tensor& xw, const Tensor& wh, const Tensor& h0, const Tensor* mask, hw::UnaryOp activation,
                 float act_a, Tensor& h);
/// dpre [B, T, U] = d(loss)/d(pre-activations); dh0 += d(loss)/dh0.
void rnn_backward(const Tensor& wh, const Tensor& h0, const Tensor* mask, const Tensor& h, const Tensor& dh,
                  hw::UnaryOp activation, float act_a, Tensor& dpre, Tensor& dh0);
/// h, c [B, T, U] and the activated gates [B, T, 4U] (i, f, o, g) for xw [B, T, 4U], wh [U, 4U].
void lstm_forward(const Tensor& xw, const Tensor& wh, const Tensor& h0, const Tensor& c0, const Tensor* mask,
                  Tensor& h, Tensor& c, Tensor& gates);
/// dgates [B, T, 4U] = d(loss)/d(gate pre-activations); dh0, dc0 += the initial states' gradients.
void lstm_backward(const Tensor& wh, const Tensor& h0, const Tensor& c0, const Tensor* mask, const Tensor& c,
                   const Tensor& gates, const Tensor& dh, const Tensor* dc_last, Tensor& dgates, Tensor& dh0,
                   Tensor& dc0);
/// h [B, T, U] and gates [B, T, 4U] (z, r, n, h Un + bnh) for xw [B, T, 3U], wh [U, 3U].
void gru_forward(const Tensor& xw, const Tensor& wh, const Tensor* bias_nh, const Tensor& h0, const Tensor* mask,
                 Tensor& h, Tensor& gates);
/// dxw, dhw [B, T, 3U] (gradients of x Wx + b and of h Uh + [0, 0, bnh]); dh0 += d(loss)/dh0.
void gru_backward(const Tensor& wh, const Tensor& h0, const Tensor* mask, const Tensor& h, const Tensor& gates,
                  const Tensor& dh, Tensor& dxw, Tensor& dhw, Tensor& dh0);
/// Throws unless every index lies in [0, vocabulary) (indices are floats holding integers). Reads
/// the range back to the host.
void check_embedding_indices(const Tensor& indices, int64_t vocabulary);
/// y [N..., dim] = rows of table [vocabulary, dim] at indices [N...]; checks the indices first
/// (check_embedding_indices) unless `indices_checked` says the caller already did, where they were
/// fed: the check reads back, which a recorded step may not do and a GPU step should not.
void embedding_forward(const Tensor& indices, const Tensor& table, bool mask_zeros, Tensor& y,
                       bool indices_checked = false);
/// dtable += dy scattered to the rows of indices.
void embedding_backward(const Tensor& indices, const Tensor& dy, bool mask_zeros, Tensor& dtable);

}  // namespace eddl::ops
