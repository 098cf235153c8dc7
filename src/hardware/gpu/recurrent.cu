// SPDX-License-Identifier: MIT
// Recurrent kernels on the GPU: RNN, LSTM and GRU steps with their backward through time, and the
// embedding lookup. The input projection of every step arrives precomputed (one big GEMM above the
// hardware), so a step is the product h_{t-1} Wh for all gates at once (one cublasSgemm) and one
// fused elementwise kernel for the gates and the state update; backward is one fused gate-gradient
// kernel and one cublasSgemm for the gradient reaching h_{t-1}. Everything is queued on the device
// stream: no step waits for the host. The maths and indexing follow cpu/reference/recurrent.cpp
// line for line (equations in kernel_params.h); every view is contiguous and batch-major.
//
// Forward kernels write the GEMM result straight into the step's slice of the output (h for the
// RNN, the gate columns of `gates` for LSTM and GRU) and the gate kernel replaces it in place: each
// thread owns one unit of one row, reads its pre-activations and overwrites the same positions, so
// the forward needs no scratch. Backward keeps the carried gradients in [batch, units] scratch.
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/loops.cuh"

namespace eddl::hw::gpu {

namespace {

// ---------------------------------------------------------------------------------------------
// Host-side helpers.

// The state a step reads: the initial state [batch, units] at t = 0, else step t-1 of the sequence
// [batch, steps, units], whose rows then lie steps * units apart.
struct PreviousState {
  const float* data;
  int64_t ld;
};
PreviousState previous_state(const View& initial, const View& sequence, int64_t t, int64_t steps, int64_t units) {
  if (t == 0) return PreviousState{initial.data, units};
  return PreviousState{sequence.data + (t - 1) * units, steps * units};
}

// Row-major out[rows, cols] (row stride ld_out) = in[rows, inner] (row stride ld_in) . w[inner, cols].
// cuBLAS is column-major, so this is out^T = w^T in^T with the operands swapped (as in gemm.cu).
void rows_times_weights(DeviceState& s, int64_t rows, int64_t cols, int64_t inner, const float* in, int64_t ld_in,
                        const float* w, float* out, int64_t ld_out) {
  const float one = 1.0f, zero = 0.0f;
  EDDL_CUDA_CHECK(cublasSgemm(cublas_handle(s), CUBLAS_OP_N, CUBLAS_OP_N, static_cast<int>(cols),
                              static_cast<int>(rows), static_cast<int>(inner), &one, w, static_cast<int>(cols), in,
                              static_cast<int>(ld_in), &zero, out, static_cast<int>(ld_out)));
}

// Row-major out[rows, inner] (ld_out) += d[rows, cols] (ld_d) . w[inner, cols]^T: the gradient that
// reaches h_{t-1} through Wh. Column-major: out^T += w d^T, w read transposed in place.
void add_rows_times_weights_transposed(DeviceState& s, int64_t rows, int64_t inner, int64_t cols, const float* d,
                                       int64_t ld_d, const float* w, float* out, int64_t ld_out) {
  const float one = 1.0f;
  EDDL_CUDA_CHECK(cublasSgemm(cublas_handle(s), CUBLAS_OP_T, CUBLAS_OP_N, static_cast<int>(inner),
                              static_cast<int>(rows), static_cast<int>(cols), &one, w, static_cast<int>(cols), d,
                              static_cast<int>(ld_d), &one, out, static_cast<int>(ld_out)));
}

// ---------------------------------------------------------------------------------------------
// Device-side helpers.

// 1 when the step updates the state (no mask, or mask[b, t] != 0), else 0.
__device__ inline float step_mask(const float* mask, int64_t b, int64_t t, int64_t steps) {
  return mask == nullptr ? 1.0f : (mask[b * steps + t] != 0.0f ? 1.0f : 0.0f);
}

// expf and tanhf are the accurate device functions (this floor is not built with fast math).
__device__ inline float sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }

// The geometry every step kernel needs; thread i covers unit j = i % units of batch row b = i / units.
struct Step {
  int64_t steps, units, t;
  __device__ int64_t row(int64_t b) const { return b * steps + t; }  ///< index of [b, t] in [batch, steps]
};

// dst[i] += src[i]: the carried gradients into dh0 and dc0 ("adds into").
__global__ void add_into_kernel(const float* src, float* dst, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) dst[i] += src[i];
}

void add_into(DeviceState& s, const float* src, float* dst, int64_t n) {
  add_into_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(src, dst, n);
  EDDL_CUDA_CHECK_LAUNCH("add_into (recurrent backward)");
}

// ---------------------------------------------------------------------------------------------
// RNN: h_t = act(xw_t + h_{t-1} Wh).

// h[b, t] holds h_{t-1} Wh on entry (the GEMM wrote it there).
__global__ void rnn_step_forward_kernel(Step st, UnaryOp act, UnaryArgs args, const float* xw, const float* mask,
                                        const float* h_prev, int64_t ld_prev, float* h, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / st.units, j = i % st.units;
    const int64_t at = st.row(b) * st.units + j;
    const float pre = h[at] + xw[at];
    const float y = unary_forward(act, pre, args.a, args.b);
    h[at] = step_mask(mask, b, st.t, st.steps) != 0.0f ? y : h_prev[b * ld_prev + j];
  }
}

// carry [batch, units] holds the gradient reaching h_t from later steps; on exit it holds the part
// that skips this step (masked rows) and the GEMM then adds the part through Wh.
__global__ void rnn_step_backward_kernel(Step st, UnaryOp act, UnaryArgs args, const float* mask, const float* h,
                                         const float* dh, float* dpre, float* carry, int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / st.units, j = i % st.units;
    const int64_t at = st.row(b) * st.units + j;
    const float m = step_mask(mask, b, st.t, st.steps);
    const float total = dh[at] + carry[i];
    const float y = h[at];
    // The derivative from the output alone (x = y), as in the reference.
    dpre[at] = m * total * unary_derivative(act, y, y, args.a, args.b);
    carry[i] = (1.0f - m) * total;
  }
}

// ---------------------------------------------------------------------------------------------
// LSTM: gates i, f, o, g in that order, each `units` wide.

// gates[b, t] holds h_{t-1} Wh on entry; on exit the activated gates.
__global__ void lstm_step_forward_kernel(Step st, const float* xw, const float* mask, const float* h_prev,
                                         int64_t ld_h, const float* c_prev, int64_t ld_c, float* h, float* c,
                                         float* gates, int64_t n) {
  const int64_t U = st.units, G = 4 * st.units;
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / U, j = i % U;
    const int64_t r = st.row(b);
    const float* x = xw + r * G;
    float* g = gates + r * G;
    const float i_gate = sigmoid(g[j] + x[j]);
    const float f_gate = sigmoid(g[U + j] + x[U + j]);
    const float o_gate = sigmoid(g[2 * U + j] + x[2 * U + j]);
    const float g_gate = tanhf(g[3 * U + j] + x[3 * U + j]);
    const float cp = c_prev[b * ld_c + j];
    const float c_new = f_gate * cp + i_gate * g_gate;
    const float h_new = o_gate * tanhf(c_new);
    g[j] = i_gate;
    g[U + j] = f_gate;
    g[2 * U + j] = o_gate;
    g[3 * U + j] = g_gate;
    const bool update = step_mask(mask, b, st.t, st.steps) != 0.0f;
    c[r * U + j] = update ? c_new : cp;
    h[r * U + j] = update ? h_new : h_prev[b * ld_h + j];
  }
}

// dh_carry, dc_carry [batch, units]: the gradients reaching h_t and c_t from later steps. On exit
// dc_carry reaches c_{t-1} and dh_carry holds the part that skips this step; the GEMM adds the rest.
__global__ void lstm_step_backward_kernel(Step st, const float* mask, const float* c_prev, int64_t ld_c,
                                          const float* c, const float* gates, const float* dh, float* dgates,
                                          float* dh_carry, float* dc_carry, int64_t n) {
  const int64_t U = st.units, G = 4 * st.units;
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / U, j = i % U;
    const int64_t r = st.row(b);
    const float m = step_mask(mask, b, st.t, st.steps);
    const float* g = gates + r * G;
    float* d = dgates + r * G;
    const float dh_total = dh[r * U + j] + dh_carry[i];
    const float dc_total = dc_carry[i];
    const float i_gate = g[j], f_gate = g[U + j], o_gate = g[2 * U + j], g_gate = g[3 * U + j];
    // When m = 1, c[b, t] is this step's new cell; when m = 0 the new path gets no gradient.
    const float tanh_c = tanhf(c[r * U + j]);
    const float dh_new = m * dh_total;
    const float dc = m * dc_total + dh_new * o_gate * (1.0f - tanh_c * tanh_c);
    d[j] = dc * g_gate * i_gate * (1.0f - i_gate);
    d[U + j] = dc * c_prev[b * ld_c + j] * f_gate * (1.0f - f_gate);
    d[2 * U + j] = dh_new * tanh_c * o_gate * (1.0f - o_gate);
    d[3 * U + j] = dc * i_gate * (1.0f - g_gate * g_gate);
    dc_carry[i] = dc * f_gate * m + (1.0f - m) * dc_total;
    dh_carry[i] = (1.0f - m) * dh_total;
  }
}

// ---------------------------------------------------------------------------------------------
// GRU: gates z, r, n; `gates` rows are 4 * units wide and keep z, r, n and hn = h_{t-1} Un + bias_nh.

// The first 3 * units columns of gates[b, t] hold h_{t-1} Wh on entry.
__global__ void gru_step_forward_kernel(Step st, const float* xw, const float* bias_nh, const float* mask,
                                        const float* h_prev, int64_t ld_prev, float* h, float* gates, int64_t n) {
  const int64_t U = st.units;
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / U, j = i % U;
    const int64_t r = st.row(b);
    const float* x = xw + r * 3 * U;
    float* g = gates + r * 4 * U;
    const float hp = h_prev[b * ld_prev + j];
    const float z = sigmoid(g[j] + x[j]);
    const float reset = sigmoid(g[U + j] + x[U + j]);
    const float hn = g[2 * U + j] + (bias_nh != nullptr ? bias_nh[j] : 0.0f);
    const float cand = tanhf(x[2 * U + j] + reset * hn);
    const float h_new = (1.0f - z) * cand + z * hp;
    g[j] = z;
    g[U + j] = reset;
    g[2 * U + j] = cand;
    g[3 * U + j] = hn;
    h[r * U + j] = step_mask(mask, b, st.t, st.steps) != 0.0f ? h_new : hp;
  }
}

// carry [batch, units]: the gradient reaching h_t from later steps; on exit the part reaching
// h_{t-1} directly (through z, or past a masked step); the GEMM adds the part through Wh.
__global__ void gru_step_backward_kernel(Step st, const float* mask, const float* h_prev, int64_t ld_prev,
                                         const float* gates, const float* dh, float* dxw, float* dhw, float* carry,
                                         int64_t n) {
  const int64_t U = st.units, G = 3 * st.units;
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t b = i / U, j = i % U;
    const int64_t r = st.row(b);
    const float m = step_mask(mask, b, st.t, st.steps);
    const float* g = gates + r * 4 * U;
    float* dx = dxw + r * G;
    float* d = dhw + r * G;
    const float total = dh[r * U + j] + carry[i];
    const float d_new = m * total;
    const float z = g[j], reset = g[U + j], cand = g[2 * U + j], hn = g[3 * U + j];
    const float da_n = d_new * (1.0f - z) * (1.0f - cand * cand);
    const float da_r = da_n * hn * reset * (1.0f - reset);
    const float da_z = d_new * (h_prev[b * ld_prev + j] - cand) * z * (1.0f - z);
    dx[j] = da_z;
    dx[U + j] = da_r;
    dx[2 * U + j] = da_n;
    d[j] = da_z;
    d[U + j] = da_r;
    d[2 * U + j] = da_n * reset;
    carry[i] = d_new * z + (1.0f - m) * total;
  }
}

// A [batch, units] float buffer from the cache, zeroed on the stream.
void zero(DeviceState& s, const Scratch& buffer) {
  EDDL_CUDA_CHECK(cudaMemsetAsync(buffer.data(), 0, buffer.bytes(), s.stream));
}

}  // namespace

void rnn_forward(RecurrentParams p, In xw, In wh, In h0, In mask, Out h) {
  const int64_t B = p.batch, T = p.steps, U = p.units, n = B * U;
  if (n == 0 || T == 0) return;
  DeviceState& s = state_of(h);
  for (int64_t t = 0; t < T; ++t) {
    const PreviousState hp = previous_state(h0, h, t, T, U);
    float* step_out = h.data + t * U;
    rows_times_weights(s, B, U, U, hp.data, hp.ld, wh.data, step_out, T * U);
    rnn_step_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(Step{T, U, t}, p.activation, p.activation_args,
                                                                       xw.data, mask.data, hp.data, hp.ld, h.data, n);
    EDDL_CUDA_CHECK_LAUNCH("rnn_forward");
  }
}

void rnn_backward(RecurrentParams p, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units, n = B * U;
  if (n == 0) return;
  DeviceState& s = state_of(dh0);
  Scratch carry(s, sizeof(float) * static_cast<size_t>(n));
  zero(s, carry);
  for (int64_t t = T - 1; t >= 0; --t) {
    rnn_step_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(
        Step{T, U, t}, p.activation, p.activation_args, mask.data, h.data, dh.data, dpre.data, carry.floats(), n);
    EDDL_CUDA_CHECK_LAUNCH("rnn_backward");
    add_rows_times_weights_transposed(s, B, U, U, dpre.data + t * U, T * U, wh.data, carry.floats(), U);
  }
  add_into(s, carry.floats(), dh0.data, n);
}

void lstm_forward(RecurrentParams p, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U, n = B * U;
  if (n == 0 || T == 0) return;
  DeviceState& s = state_of(h);
  for (int64_t t = 0; t < T; ++t) {
    const PreviousState hp = previous_state(h0, h, t, T, U);
    const PreviousState cp = previous_state(c0, c, t, T, U);
    rows_times_weights(s, B, G, U, hp.data, hp.ld, wh.data, gates.data + t * G, T * G);
    lstm_step_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(
        Step{T, U, t}, xw.data, mask.data, hp.data, hp.ld, cp.data, cp.ld, h.data, c.data, gates.data, n);
    EDDL_CUDA_CHECK_LAUNCH("lstm_forward");
  }
}

void lstm_backward(RecurrentParams p, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,
                   Out dgates, Out dh0, Out dc0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U, n = B * U;
  if (n == 0) return;
  DeviceState& s = state_of(dh0);
  const size_t bytes = sizeof(float) * static_cast<size_t>(n);
  Scratch dh_carry(s, bytes), dc_carry(s, bytes);
  zero(s, dh_carry);
  if (dc_last.data != nullptr) {
    EDDL_CUDA_CHECK(cudaMemcpyAsync(dc_carry.data(), dc_last.data, bytes, cudaMemcpyDeviceToDevice, s.stream));
  } else {
    zero(s, dc_carry);
  }
  for (int64_t t = T - 1; t >= 0; --t) {
    const PreviousState cp = previous_state(c0, c, t, T, U);
    lstm_step_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(
        Step{T, U, t}, mask.data, cp.data, cp.ld, c.data, gates.data, dh.data, dgates.data, dh_carry.floats(),
        dc_carry.floats(), n);
    EDDL_CUDA_CHECK_LAUNCH("lstm_backward");
    add_rows_times_weights_transposed(s, B, U, G, dgates.data + t * G, T * G, wh.data, dh_carry.floats(), U);
  }
  add_into(s, dh_carry.floats(), dh0.data, n);
  add_into(s, dc_carry.floats(), dc0.data, n);
}

void gru_forward(RecurrentParams p, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, n = B * U;
  if (n == 0 || T == 0) return;
  DeviceState& s = state_of(h);
  for (int64_t t = 0; t < T; ++t) {
    const PreviousState hp = previous_state(h0, h, t, T, U);
    // Only the z, r, n columns of the 4 * units wide gate rows; the fourth block is written below.
    rows_times_weights(s, B, 3 * U, U, hp.data, hp.ld, wh.data, gates.data + t * 4 * U, T * 4 * U);
    gru_step_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(Step{T, U, t}, xw.data, bias_nh.data,
                                                                       mask.data, hp.data, hp.ld, h.data, gates.data, n);
    EDDL_CUDA_CHECK_LAUNCH("gru_forward");
  }
}

void gru_backward(RecurrentParams p, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw, Out dh0) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 3 * U, n = B * U;
  if (n == 0) return;
  DeviceState& s = state_of(dh0);
  Scratch carry(s, sizeof(float) * static_cast<size_t>(n));
  zero(s, carry);
  for (int64_t t = T - 1; t >= 0; --t) {
    const PreviousState hp = previous_state(h0, h, t, T, U);
    gru_step_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(Step{T, U, t}, mask.data, hp.data, hp.ld,
                                                                        gates.data, dh.data, dxw.data, dhw.data,
                                                                        carry.floats(), n);
    EDDL_CUDA_CHECK_LAUNCH("gru_backward");
    add_rows_times_weights_transposed(s, B, U, G, dhw.data + t * G, T * G, wh.data, carry.floats(), U);
  }
  add_into(s, carry.floats(), dh0.data, n);
}

// ---------------------------------------------------------------------------------------------
// Embedding.

namespace {

__global__ void embedding_forward_kernel(EmbeddingParams p, const float* indices, const float* table, float* y,
                                         int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t row = i / p.dim;
    const int64_t index = static_cast<int64_t>(indices[row]);
    y[i] = (p.mask_zeros && index == 0) ? 0.0f : table[index * p.dim + i % p.dim];
  }
}

// Rows that repeat an index add into the same table row, so this one uses atomics: the order of
// those additions (and the last bits of the sum) may vary from run to run.
__global__ void embedding_backward_kernel(EmbeddingParams p, const float* indices, const float* dy, float* dtable,
                                          int64_t n) {
  for (int64_t i = first_index(); i < n; i += index_stride()) {
    const int64_t row = i / p.dim;
    const int64_t index = static_cast<int64_t>(indices[row]);
    if (p.mask_zeros && index == 0) continue;
    atomicAdd(dtable + index * p.dim + i % p.dim, dy[i]);
  }
}

}  // namespace

void embedding_forward(EmbeddingParams p, In indices, In table, Out y) {
  const int64_t n = p.rows * p.dim;
  if (n == 0) return;
  DeviceState& s = state_of(y);
  embedding_forward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, indices.data, table.data, y.data, n);
  EDDL_CUDA_CHECK_LAUNCH("embedding_forward");
}

void embedding_backward(EmbeddingParams p, In indices, In dy, Out dtable) {
  const int64_t n = p.rows * p.dim;
  if (n == 0) return;
  DeviceState& s = state_of(dtable);
  embedding_backward_kernel<<<grid_for(n, s), kThreads, 0, s.stream>>>(p, indices.data, dy.data, dtable.data, n);
  EDDL_CUDA_CHECK_LAUNCH("embedding_backward");
}

}  // namespace eddl::hw::gpu
