// SPDX-License-Identifier: MIT
// Internal ops of the recurrent layers: shape checks and views, then dispatch (see nn_recurrent.h).
#include "tensor/nn_recurrent.h"

#include <cmath>

#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::ops {

namespace {

hw::View optional_view(const Tensor* t) { return t == nullptr ? hw::View{} : view(*t); }

// The step geometry from a [B, T, gates*U] tensor, checking every other operand against it.
hw::RecurrentParams geometry(const char* op, const Tensor& seq, int gates, const Tensor& wh, const Tensor& h0,
                             const Tensor* mask) {
  EDDL_CHECK(seq.ndim == 3 && wh.ndim == 2 && wh.shape[1] == seq.shape[2] && wh.shape[1] == gates * wh.shape[0],
             op << ": sequence " << shape::to_string(seq.shape) << " and recurrent weights "
                << shape::to_string(wh.shape) << " do not match (" << gates << " gates)");
  hw::RecurrentParams p;
  p.batch = seq.shape[0];
  p.steps = seq.shape[1];
  p.units = wh.shape[0];
  EDDL_CHECK(static_cast<int64_t>(h0.size) == p.batch * p.units,
             op << ": initial state " << shape::to_string(h0.shape) << " is not [" << p.batch << ", " << p.units << "]");
  EDDL_CHECK(mask == nullptr || static_cast<int64_t>(mask->size) == p.batch * p.steps,
             op << ": mask " << shape::to_string(mask->shape) << " is not [" << p.batch << ", " << p.steps << "]");
  return p;
}

void check_states(const char* op, const hw::RecurrentParams& p, const Tensor& t, int64_t per_step, const char* what) {
  EDDL_CHECK(static_cast<int64_t>(t.size) == p.batch * p.steps * per_step,
             op << ": " << what << " " << shape::to_string(t.shape) << " is not [" << p.batch << ", " << p.steps
                << ", " << per_step << "]");
}

}  // namespace

void rnn_forward(const Tensor& xw, const Tensor& wh, const Tensor& h0, const Tensor* mask, hw::UnaryOp activation,
                 float act_a, Tensor& h) {
  hw::RecurrentParams p = geometry("rnn_forward", xw, 1, wh, h0, mask);
  p.activation = activation;
  p.activation_args.a = act_a;
  check_states("rnn_forward", p, h, p.units, "h");
  dispatch<hw::KernelId::rnn_forward>({&xw, &wh, &h0, mask, &h}, p, view(xw), view(wh), view(h0), optional_view(mask),
                                      view(h));
}

void rnn_backward(const Tensor& wh, const Tensor& h0, const Tensor* mask, const Tensor& h, const Tensor& dh,
                  hw::UnaryOp activation, float act_a, Tensor& dpre, Tensor& dh0) {
  hw::RecurrentParams p = geometry("rnn_backward", dpre, 1, wh, h0, mask);
  p.activation = activation;
  p.activation_args.a = act_a;
  check_states("rnn_backward", p, h, p.units, "h");
  check_states("rnn_backward", p, dh, p.units, "dh");
  dispatch<hw::KernelId::rnn_backward>({&wh, &h0, mask, &h, &dh, &dpre, &dh0}, p, view(wh), view(h0), optional_view(mask),
                                       view(h), view(dh), view(dpre), view(dh0));
}

void lstm_forward(const Tensor& xw, const Tensor& wh, const Tensor& h0, const Tensor& c0, const Tensor* mask,
                  Tensor& h, Tensor& c, Tensor& gates) {
  const hw::RecurrentParams p = geometry("lstm_forward", xw, 4, wh, h0, mask);
  EDDL_CHECK(c0.size == h0.size, "lstm_forward: cell state " << shape::to_string(c0.shape) << " differs from "
                                                             << shape::to_string(h0.shape));
  check_states("lstm_forward", p, h, p.units, "h");
  check_states("lstm_forward", p, c, p.units, "c");
  check_states("lstm_forward", p, gates, 4 * p.units, "gates");
  dispatch<hw::KernelId::lstm_forward>({&xw, &wh, &h0, &c0, mask, &h, &c, &gates}, p, view(xw), view(wh), view(h0),
                                       view(c0), optional_view(mask), view(h), view(c), view(gates));
}

void lstm_backward(const Tensor& wh, const Tensor& h0, const Tensor& c0, const Tensor* mask, const Tensor& c,
                   const Tensor& gates, const Tensor& dh, const Tensor* dc_last, Tensor& dgates, Tensor& dh0,
                   Tensor& dc0) {
  const hw::RecurrentParams p = geometry("lstm_backward", dgates, 4, wh, h0, mask);
  check_states("lstm_backward", p, c, p.units, "c");
  check_states("lstm_backward", p, gates, 4 * p.units, "gates");
  check_states("lstm_backward", p, dh, p.units, "dh");
  EDDL_CHECK(c0.size == h0.size && dh0.size == h0.size && dc0.size == h0.size &&
                 (dc_last == nullptr || dc_last->size == h0.size),
             "lstm_backward: initial states and their gradients must all be [" << p.batch << ", " << p.units << "]");
  dispatch<hw::KernelId::lstm_backward>({&wh, &h0, &c0, mask, &c, &gates, &dh, dc_last, &dgates, &dh0, &dc0}, p, view(wh), view(h0),
                                        view(c0), optional_view(mask), view(c), view(gates), view(dh),
                                        optional_view(dc_last), view(dgates), view(dh0), view(dc0));
}

void gru_forward(const Tensor& xw, const Tensor& wh, const Tensor* bias_nh, const Tensor& h0, const Tensor* mask,
                 Tensor& h, Tensor& gates) {
  const hw::RecurrentParams p = geometry("gru_forward", xw, 3, wh, h0, mask);
  EDDL_CHECK(bias_nh == nullptr || static_cast<int64_t>(bias_nh->size) == p.units,
             "gru_forward: bias_n_hidden must have " << p.units << " elements");
  check_states("gru_forward", p, h, p.units, "h");
  check_states("gru_forward", p, gates, 4 * p.units, "gates");
  dispatch<hw::KernelId::gru_forward>({&xw, &wh, bias_nh, &h0, mask, &h, &gates}, p, view(xw), view(wh), optional_view(bias_nh),
                                      view(h0), optional_view(mask), view(h), view(gates));
}

void gru_backward(const Tensor& wh, const Tensor& h0, const Tensor* mask, const Tensor& h, const Tensor& gates,
                  const Tensor& dh, Tensor& dxw, Tensor& dhw, Tensor& dh0) {
  const hw::RecurrentParams p = geometry("gru_backward", dxw, 3, wh, h0, mask);
  check_states("gru_backward", p, h, p.units, "h");
  check_states("gru_backward", p, gates, 4 * p.units, "gates");
  check_states("gru_backward", p, dh, p.units, "dh");
  check_states("gru_backward", p, dhw, 3 * p.units, "dhw");
  EDDL_CHECK(dh0.size == h0.size, "gru_backward: dh0 must be [" << p.batch << ", " << p.units << "]");
  dispatch<hw::KernelId::gru_backward>({&wh, &h0, mask, &h, &gates, &dh, &dxw, &dhw, &dh0}, p, view(wh), view(h0),
                                       optional_view(mask), view(h), view(gates), view(dh), view(dxw), view(dhw),
                                       view(dh0));
}

namespace {
hw::EmbeddingParams embedding_params(const char* op, const Tensor& indices, const Tensor& table, const Tensor& y,
                                     bool mask_zeros) {
  EDDL_CHECK(table.ndim == 2, op << ": table must be [vocabulary, dim], got " << shape::to_string(table.shape));
  hw::EmbeddingParams p;
  p.rows = static_cast<int64_t>(indices.size);
  p.vocabulary = table.shape[0];
  p.dim = table.shape[1];
  p.mask_zeros = mask_zeros;
  EDDL_CHECK(static_cast<int64_t>(y.size) == p.rows * p.dim,
             op << ": output " << shape::to_string(y.shape) << " does not hold " << p.rows << " rows of " << p.dim);
  return p;
}
}  // namespace

void check_embedding_indices(const Tensor& indices, int64_t vocabulary) {
  if (indices.size == 0) return;
  const float lo = reduce_all(hw::ReduceOp::min, indices);
  const float hi = reduce_all(hw::ReduceOp::max, indices);
  EDDL_CHECK(lo >= 0.0f && hi < static_cast<float>(vocabulary) && std::isfinite(lo) && std::isfinite(hi),
             "Embedding: word indices must lie in [0, " << vocabulary << "), got values in [" << lo << ", " << hi
                                                        << "]");
}

void embedding_forward(const Tensor& indices, const Tensor& table, bool mask_zeros, Tensor& y, bool indices_checked) {
  const hw::EmbeddingParams p = embedding_params("embedding_forward", indices, table, y, mask_zeros);
  if (p.rows == 0) return;
  if (!indices_checked) check_embedding_indices(indices, p.vocabulary);
  dispatch<hw::KernelId::embedding_forward>({&indices, &table, &y}, p, view(indices), view(table), view(y));
}

void embedding_backward(const Tensor& indices, const Tensor& dy, bool mask_zeros, Tensor& dtable) {
  const hw::EmbeddingParams p = embedding_params("embedding_backward", indices, dtable, dy, mask_zeros);
  if (p.rows == 0) return;
  dispatch<hw::KernelId::embedding_backward>({&indices, &dy, &dtable}, p, view(indices), view(dy), view(dtable));
}

}  // namespace eddl::ops
