// SPDX-License-Identifier: MIT
// Reference recurrent kernels: RNN, LSTM and GRU steps and their backward through time, and the
// embedding lookup, as plain loops with double accumulators (the oracle of the parity table).
// Equations as in kernel_params.h (RecurrentParams); every view is contiguous and batch-major.
#include <cmath>
#include <vector>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// 1 when the step updates the state (no mask, or mask[b, t] != 0).
double step_mask(const View& mask, int64_t b, int64_t t, int64_t steps) {
  return mask.data == nullptr ? 1.0 : (mask.data[b * steps + t] != 0.0f ? 1.0 : 0.0);
}

// Row b of the state before step t: h0[b] at t = 0, else states[b, t-1].
const float* previous(const View& initial, const View& states, int64_t b, int64_t t, int64_t steps, int64_t units) {
  return t == 0 ? initial.data + b * units : states.data + (b * steps + t - 1) * units;
}

// acc[j] = sum_k h[k] * wh[k, j] over `cols` columns.
void row_times(const float* h, const View& wh, int64_t units, int64_t cols, std::vector<double>& acc) {
  acc.assign(static_cast<size_t>(cols), 0.0);
  for (int64_t k = 0; k < units; ++k) {
    const double hk = h[k];
    for (int64_t j = 0; j < cols; ++j) acc[static_cast<size_t>(j)] += hk * wh.data[k * cols + j];
  }
}

// out[k] = sum_j d[j] * wh[k, j]: the gradient reaching h_{t-1} through Wh.
void times_transposed(const std::vector<double>& d, const View& wh, int64_t units, int64_t cols,
                      std::vector<double>& out) {
  out.assign(static_cast<size_t>(units), 0.0);
  for (int64_t k = 0; k < units; ++k) {
    double s = 0.0;
    for (int64_t j = 0; j < cols; ++j) s += d[static_cast<size_t>(j)] * wh.data[k * cols + j];
    out[static_cast<size_t>(k)] = s;
  }
}

}  // namespace

void rnn_forward(RecurrentParams p, In xw, In wh, In h0, In mask, Out h) {
  const int64_t T = p.steps, U = p.units;
  std::vector<double> acc;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t t = 0; t < T; ++t) {
      const float* hp = previous(h0, h, b, t, T, U);
      const double m = step_mask(mask, b, t, T);
      row_times(hp, wh, U, U, acc);
      float* out = h.data + (b * T + t) * U;
      for (int64_t j = 0; j < U; ++j) {
        const float pre = static_cast<float>(acc[static_cast<size_t>(j)] + xw.data[(b * T + t) * U + j]);
        const float y = unary_forward(p.activation, pre, p.activation_args.a, p.activation_args.b);
        out[j] = m != 0.0 ? y : hp[j];
      }
    }
  }
}

void rnn_backward(RecurrentParams p, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0) {
  (void)h0;
  const int64_t T = p.steps, U = p.units;
  std::vector<double> d(static_cast<size_t>(U)), through;
  for (int64_t b = 0; b < p.batch; ++b) {
    std::vector<double> carry(static_cast<size_t>(U), 0.0);
    for (int64_t t = T - 1; t >= 0; --t) {
      const double m = step_mask(mask, b, t, T);
      const int64_t row = (b * T + t) * U;
      for (int64_t j = 0; j < U; ++j) {
        const double total = dh.data[row + j] + carry[static_cast<size_t>(j)];
        const float y = h.data[row + j];
        // The derivative from the output alone (x = y): valid for tanh, sigmoid, relu, linear.
        const double deriv = unary_derivative(p.activation, y, y, p.activation_args.a, p.activation_args.b);
        d[static_cast<size_t>(j)] = m * total * deriv;
        dpre.data[row + j] = static_cast<float>(d[static_cast<size_t>(j)]);
        carry[static_cast<size_t>(j)] = (1.0 - m) * total;
      }
      times_transposed(d, wh, U, U, through);
      for (int64_t k = 0; k < U; ++k) carry[static_cast<size_t>(k)] += through[static_cast<size_t>(k)];
    }
    for (int64_t k = 0; k < U; ++k) dh0.data[b * U + k] += static_cast<float>(carry[static_cast<size_t>(k)]);
  }
}

void lstm_forward(RecurrentParams p, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates) {
  const int64_t T = p.steps, U = p.units, G = 4 * U;
  std::vector<double> acc;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t t = 0; t < T; ++t) {
      const float* hp = previous(h0, h, b, t, T, U);
      const float* cp = previous(c0, c, b, t, T, U);
      const double m = step_mask(mask, b, t, T);
      row_times(hp, wh, U, G, acc);
      const float* x = xw.data + (b * T + t) * G;
      float* g = gates.data + (b * T + t) * G;
      for (int64_t j = 0; j < U; ++j) {
        const double i_gate = sigmoid(acc[static_cast<size_t>(j)] + x[j]);
        const double f_gate = sigmoid(acc[static_cast<size_t>(U + j)] + x[U + j]);
        const double o_gate = sigmoid(acc[static_cast<size_t>(2 * U + j)] + x[2 * U + j]);
        const double g_gate = std::tanh(acc[static_cast<size_t>(3 * U + j)] + x[3 * U + j]);
        const double c_new = f_gate * cp[j] + i_gate * g_gate;
        const double h_new = o_gate * std::tanh(c_new);
        g[j] = static_cast<float>(i_gate);
        g[U + j] = static_cast<float>(f_gate);
        g[2 * U + j] = static_cast<float>(o_gate);
        g[3 * U + j] = static_cast<float>(g_gate);
        c.data[(b * T + t) * U + j] = m != 0.0 ? static_cast<float>(c_new) : cp[j];
        h.data[(b * T + t) * U + j] = m != 0.0 ? static_cast<float>(h_new) : hp[j];
      }
    }
  }
}

void lstm_backward(RecurrentParams p, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,
                   Out dgates, Out dh0, Out dc0) {
  (void)h0;
  const int64_t T = p.steps, U = p.units, G = 4 * U;
  std::vector<double> d(static_cast<size_t>(G)), through;
  for (int64_t b = 0; b < p.batch; ++b) {
    std::vector<double> dh_carry(static_cast<size_t>(U), 0.0), dc_carry(static_cast<size_t>(U), 0.0);
    if (dc_last.data != nullptr) {
      for (int64_t j = 0; j < U; ++j) dc_carry[static_cast<size_t>(j)] = dc_last.data[b * U + j];
    }
    for (int64_t t = T - 1; t >= 0; --t) {
      const double m = step_mask(mask, b, t, T);
      const float* cp = previous(c0, c, b, t, T, U);
      const float* g = gates.data + (b * T + t) * G;
      for (int64_t j = 0; j < U; ++j) {
        const size_t sj = static_cast<size_t>(j);
        const double dh_total = dh.data[(b * T + t) * U + j] + dh_carry[sj];
        const double dc_total = dc_carry[sj];
        const double i_gate = g[j], f_gate = g[U + j], o_gate = g[2 * U + j], g_gate = g[3 * U + j];
        // When m = 1, c[b, t] is this step's new cell; when m = 0 the new path gets no gradient.
        const double tanh_c = std::tanh(static_cast<double>(c.data[(b * T + t) * U + j]));
        const double dh_new = m * dh_total;
        const double dc = m * dc_total + dh_new * o_gate * (1.0 - tanh_c * tanh_c);
        d[sj] = dc * g_gate * i_gate * (1.0 - i_gate);
        d[static_cast<size_t>(U + j)] = dc * cp[j] * f_gate * (1.0 - f_gate);
        d[static_cast<size_t>(2 * U + j)] = dh_new * tanh_c * o_gate * (1.0 - o_gate);
        d[static_cast<size_t>(3 * U + j)] = dc * i_gate * (1.0 - g_gate * g_gate);
        dc_carry[sj] = dc * f_gate * m + (1.0 - m) * dc_total;
        dh_carry[sj] = (1.0 - m) * dh_total;
      }
      for (int64_t j = 0; j < G; ++j) dgates.data[(b * T + t) * G + j] = static_cast<float>(d[static_cast<size_t>(j)]);
      times_transposed(d, wh, U, G, through);
      for (int64_t k = 0; k < U; ++k) dh_carry[static_cast<size_t>(k)] += through[static_cast<size_t>(k)];
    }
    for (int64_t k = 0; k < U; ++k) {
      dh0.data[b * U + k] += static_cast<float>(dh_carry[static_cast<size_t>(k)]);
      dc0.data[b * U + k] += static_cast<float>(dc_carry[static_cast<size_t>(k)]);
    }
  }
}

void gru_forward(RecurrentParams p, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates) {
  const int64_t T = p.steps, U = p.units, G = 3 * U;
  std::vector<double> acc;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t t = 0; t < T; ++t) {
      const float* hp = previous(h0, h, b, t, T, U);
      const double m = step_mask(mask, b, t, T);
      row_times(hp, wh, U, G, acc);
      const float* x = xw.data + (b * T + t) * G;
      float* g = gates.data + (b * T + t) * 4 * U;
      for (int64_t j = 0; j < U; ++j) {
        const double z = sigmoid(acc[static_cast<size_t>(j)] + x[j]);
        const double r = sigmoid(acc[static_cast<size_t>(U + j)] + x[U + j]);
        const double hn = acc[static_cast<size_t>(2 * U + j)] + (bias_nh.data != nullptr ? bias_nh.data[j] : 0.0f);
        const double n = std::tanh(x[2 * U + j] + r * hn);
        const double h_new = (1.0 - z) * n + z * hp[j];
        g[j] = static_cast<float>(z);
        g[U + j] = static_cast<float>(r);
        g[2 * U + j] = static_cast<float>(n);
        g[3 * U + j] = static_cast<float>(hn);
        h.data[(b * T + t) * U + j] = m != 0.0 ? static_cast<float>(h_new) : hp[j];
      }
    }
  }
}

void gru_backward(RecurrentParams p, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw, Out dh0) {
  const int64_t T = p.steps, U = p.units, G = 3 * U;
  std::vector<double> d(static_cast<size_t>(G)), through;
  for (int64_t b = 0; b < p.batch; ++b) {
    std::vector<double> carry(static_cast<size_t>(U), 0.0), direct(static_cast<size_t>(U));
    for (int64_t t = T - 1; t >= 0; --t) {
      const double m = step_mask(mask, b, t, T);
      const float* hp = previous(h0, h, b, t, T, U);
      const float* g = gates.data + (b * T + t) * 4 * U;
      float* dx = dxw.data + (b * T + t) * G;
      for (int64_t j = 0; j < U; ++j) {
        const size_t sj = static_cast<size_t>(j);
        const double total = dh.data[(b * T + t) * U + j] + carry[sj];
        const double d_new = m * total;
        const double z = g[j], r = g[U + j], n = g[2 * U + j], hn = g[3 * U + j];
        const double da_n = d_new * (1.0 - z) * (1.0 - n * n);
        const double da_r = da_n * hn * r * (1.0 - r);
        const double da_z = d_new * (hp[j] - n) * z * (1.0 - z);
        dx[j] = static_cast<float>(da_z);
        dx[U + j] = static_cast<float>(da_r);
        dx[2 * U + j] = static_cast<float>(da_n);
        d[sj] = da_z;
        d[static_cast<size_t>(U + j)] = da_r;
        d[static_cast<size_t>(2 * U + j)] = da_n * r;
        direct[sj] = d_new * z + (1.0 - m) * total;
      }
      for (int64_t j = 0; j < G; ++j) dhw.data[(b * T + t) * G + j] = static_cast<float>(d[static_cast<size_t>(j)]);
      times_transposed(d, wh, U, G, through);
      for (int64_t k = 0; k < U; ++k) {
        carry[static_cast<size_t>(k)] = through[static_cast<size_t>(k)] + direct[static_cast<size_t>(k)];
      }
    }
    for (int64_t k = 0; k < U; ++k) dh0.data[b * U + k] += static_cast<float>(carry[static_cast<size_t>(k)]);
  }
}

void embedding_forward(EmbeddingParams p, In indices, In table, Out y) {
  for (int64_t i = 0; i < p.rows; ++i) {
    const int64_t index = static_cast<int64_t>(indices.data[i]);
    const bool masked = p.mask_zeros && index == 0;
    for (int64_t j = 0; j < p.dim; ++j) y.data[i * p.dim + j] = masked ? 0.0f : table.data[index * p.dim + j];
  }
}

void embedding_backward(EmbeddingParams p, In indices, In dy, Out dtable) {
  for (int64_t i = 0; i < p.rows; ++i) {
    const int64_t index = static_cast<int64_t>(indices.data[i]);
    if (p.mask_zeros && index == 0) continue;
    for (int64_t j = 0; j < p.dim; ++j) dtable.data[index * p.dim + j] += dy.data[i * p.dim + j];
  }
}

}  // namespace eddl::hw::reference
