// SPDX-License-Identifier: MIT
// Fast CPU recurrent kernels. The input projection of every step arrives precomputed (one GEMM
// above the hardware), so a step is one small oneDNN GEMM h_{t-1} Wh into a contiguous scratch plus
// one fused, vectorised pass for the gate nonlinearities and the state update (equations in
// kernel_params.h); backward is the mirror: one fused pass for the gate gradients, one GEMM to carry
// the gradient to h_{t-1}.
#include <omp.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "hardware/cpu/cpu_kernels.h"

namespace eddl::hw::cpu {

namespace {

// exp(x) for float in a form the compiler vectorises (libm's expf does not, without -ffast-math):
// 2^n * p(r) with x = n ln2 + r, |r| <= ln2/2, p Cephes' degree-6 polynomial (about 1 ulp). n is
// rounded with the 1.5 * 2^23 trick because floorf blocks vectorisation under strict FP semantics.
inline float vexp(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  const float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  const float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

inline float vsigmoid(float x) { return 1.0f / (1.0f + vexp(-x)); }

inline float vtanh(float x) {
  const float e = vexp(-2.0f * (x < 0.0f ? -x : x));
  const float t = (1.0f - e) / (1.0f + e);
  return x < 0.0f ? -t : t;
}

View matrix(float* data, int64_t rows, int64_t cols, const Device& device) {
  View v;
  v.data = data;
  v.ndim = 2;
  v.shape[0] = rows;
  v.shape[1] = cols;
  v.strides[0] = cols;
  v.strides[1] = 1;
  v.device = device;
  return v;
}

// c = a * op(b) + beta * c on contiguous matrices.
void small_gemm(const View& a, const View& b, bool trans_b, float beta, const View& c) {
  GemmParams g;
  g.trans_b = trans_b;
  g.beta = beta;
  gemm(g, a, b, c);
}

float mask_at(const View& mask, int64_t b, int64_t t, int64_t steps) {
  return mask.data == nullptr ? 1.0f : (mask.data[b * steps + t] != 0.0f ? 1.0f : 0.0f);
}

// Worth a parallel region per step only for larger batches.
bool parallel_rows(int64_t batch, int64_t units) { return batch > 1 && batch * units >= (int64_t{1} << 20); }

}  // namespace

void rnn_forward(RecurrentParams p, In xw, In wh, In h0, In mask, Out h) {
  const int64_t B = p.batch, T = p.steps, U = p.units;
  std::vector<float> hcur(h0.data, h0.data + B * U), pre(static_cast<size_t>(B * U));
  const View hv = matrix(hcur.data(), B, U, h.device), pv = matrix(pre.data(), B, U, h.device);
  const bool fast_act = p.activation == UnaryOp::tanh;
  for (int64_t t = 0; t < T; ++t) {
    small_gemm(hv, wh, false, 0.0f, pv);
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const float* x = xw.data + (b * T + t) * U;
      float* out = h.data + (b * T + t) * U;
      float* hc = hcur.data() + b * U;
      const float* pr = pre.data() + b * U;
      if (fast_act) {
#pragma omp simd
        for (int64_t j = 0; j < U; ++j) out[j] = vtanh(pr[j] + x[j]);
      } else {
        for (int64_t j = 0; j < U; ++j) {
          out[j] = unary_forward(p.activation, pr[j] + x[j], p.activation_args.a, p.activation_args.b);
        }
      }
#pragma omp simd
      for (int64_t j = 0; j < U; ++j) {
        out[j] = m != 0.0f ? out[j] : hc[j];
        hc[j] = out[j];
      }
    }
  }
}

void rnn_backward(RecurrentParams p, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units;
  std::vector<float> carry(static_cast<size_t>(B * U), 0.0f), dcur(static_cast<size_t>(B * U));
  const View cv = matrix(carry.data(), B, U, dpre.device), dv = matrix(dcur.data(), B, U, dpre.device);
  for (int64_t t = T - 1; t >= 0; --t) {
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const int64_t row = (b * T + t) * U;
      float* cr = carry.data() + b * U;
      float* dc = dcur.data() + b * U;
      for (int64_t j = 0; j < U; ++j) {
        const float total = dh.data[row + j] + cr[j];
        const float y = h.data[row + j];
        const float d = m * total * unary_derivative(p.activation, y, y, p.activation_args.a, p.activation_args.b);
        dc[j] = d;
        dpre.data[row + j] = d;
        cr[j] = (1.0f - m) * total;
      }
    }
    small_gemm(dv, wh, true, 1.0f, cv);
  }
  for (int64_t i = 0; i < B * U; ++i) dh0.data[i] += carry[static_cast<size_t>(i)];
}

void lstm_forward(RecurrentParams p, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U;
  std::vector<float> hcur(h0.data, h0.data + B * U), ccur(c0.data, c0.data + B * U);
  std::vector<float> pre(static_cast<size_t>(B * G));
  const View hv = matrix(hcur.data(), B, U, h.device), pv = matrix(pre.data(), B, G, h.device);
  for (int64_t t = 0; t < T; ++t) {
    small_gemm(hv, wh, false, 0.0f, pv);
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const float* x = xw.data + (b * T + t) * G;
      const float* a = pre.data() + b * G;
      float* g = gates.data + (b * T + t) * G;
      float* hc = hcur.data() + b * U;
      float* cc = ccur.data() + b * U;
      float* ho = h.data + (b * T + t) * U;
      float* co = c.data + (b * T + t) * U;
#pragma omp simd
      for (int64_t j = 0; j < U; ++j) {
        const float i_gate = vsigmoid(a[j] + x[j]);
        const float f_gate = vsigmoid(a[U + j] + x[U + j]);
        const float o_gate = vsigmoid(a[2 * U + j] + x[2 * U + j]);
        const float g_gate = vtanh(a[3 * U + j] + x[3 * U + j]);
        const float c_new = f_gate * cc[j] + i_gate * g_gate;
        const float h_new = o_gate * vtanh(c_new);
        g[j] = i_gate;
        g[U + j] = f_gate;
        g[2 * U + j] = o_gate;
        g[3 * U + j] = g_gate;
        cc[j] = m != 0.0f ? c_new : cc[j];
        hc[j] = m != 0.0f ? h_new : hc[j];
        co[j] = cc[j];
        ho[j] = hc[j];
      }
    }
  }
}

void lstm_backward(RecurrentParams p, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,
                   Out dgates, Out dh0, Out dc0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U;
  std::vector<float> dh_carry(static_cast<size_t>(B * U), 0.0f), dc_carry(static_cast<size_t>(B * U), 0.0f);
  if (dc_last.data != nullptr) std::memcpy(dc_carry.data(), dc_last.data, sizeof(float) * static_cast<size_t>(B * U));
  std::vector<float> dcur(static_cast<size_t>(B * G));
  const View hv = matrix(dh_carry.data(), B, U, dgates.device), dv = matrix(dcur.data(), B, G, dgates.device);
  for (int64_t t = T - 1; t >= 0; --t) {
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const float* cp = t == 0 ? c0.data + b * U : c.data + (b * T + t - 1) * U;
      const float* ct = c.data + (b * T + t) * U;
      const float* g = gates.data + (b * T + t) * G;
      const float* dht = dh.data + (b * T + t) * U;
      float* hcar = dh_carry.data() + b * U;
      float* ccar = dc_carry.data() + b * U;
      float* d = dcur.data() + b * G;
      float* dout = dgates.data + (b * T + t) * G;
#pragma omp simd
      for (int64_t j = 0; j < U; ++j) {
        const float dh_total = dht[j] + hcar[j];
        const float dc_total = ccar[j];
        const float i_gate = g[j], f_gate = g[U + j], o_gate = g[2 * U + j], g_gate = g[3 * U + j];
        const float tanh_c = vtanh(ct[j]);
        const float dh_new = m * dh_total;
        const float dc = m * dc_total + dh_new * o_gate * (1.0f - tanh_c * tanh_c);
        d[j] = dc * g_gate * i_gate * (1.0f - i_gate);
        d[U + j] = dc * cp[j] * f_gate * (1.0f - f_gate);
        d[2 * U + j] = dh_new * tanh_c * o_gate * (1.0f - o_gate);
        d[3 * U + j] = dc * i_gate * (1.0f - g_gate * g_gate);
        ccar[j] = dc * f_gate + (1.0f - m) * dc_total;
        hcar[j] = (1.0f - m) * dh_total;
      }
      std::memcpy(dout, d, sizeof(float) * static_cast<size_t>(G));
    }
    small_gemm(dv, wh, true, 1.0f, hv);
  }
  for (int64_t i = 0; i < B * U; ++i) {
    dh0.data[i] += dh_carry[static_cast<size_t>(i)];
    dc0.data[i] += dc_carry[static_cast<size_t>(i)];
  }
}

void gru_forward(RecurrentParams p, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 3 * U;
  std::vector<float> hcur(h0.data, h0.data + B * U), pre(static_cast<size_t>(B * G));
  std::vector<float> bnh(static_cast<size_t>(U), 0.0f);
  if (bias_nh.data != nullptr) std::memcpy(bnh.data(), bias_nh.data, sizeof(float) * static_cast<size_t>(U));
  const View hv = matrix(hcur.data(), B, U, h.device), pv = matrix(pre.data(), B, G, h.device);
  for (int64_t t = 0; t < T; ++t) {
    small_gemm(hv, wh, false, 0.0f, pv);
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const float* x = xw.data + (b * T + t) * G;
      const float* a = pre.data() + b * G;
      float* g = gates.data + (b * T + t) * 4 * U;
      float* hc = hcur.data() + b * U;
      float* ho = h.data + (b * T + t) * U;
      const float* bn = bnh.data();
#pragma omp simd
      for (int64_t j = 0; j < U; ++j) {
        const float z = vsigmoid(a[j] + x[j]);
        const float r = vsigmoid(a[U + j] + x[U + j]);
        const float hn = a[2 * U + j] + bn[j];
        const float n = vtanh(x[2 * U + j] + r * hn);
        const float h_new = (1.0f - z) * n + z * hc[j];
        g[j] = z;
        g[U + j] = r;
        g[2 * U + j] = n;
        g[3 * U + j] = hn;
        hc[j] = m != 0.0f ? h_new : hc[j];
        ho[j] = hc[j];
      }
    }
  }
}

void gru_backward(RecurrentParams p, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw, Out dh0) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 3 * U;
  std::vector<float> carry(static_cast<size_t>(B * U), 0.0f), dcur(static_cast<size_t>(B * G));
  const View cv = matrix(carry.data(), B, U, dxw.device), dv = matrix(dcur.data(), B, G, dxw.device);
  for (int64_t t = T - 1; t >= 0; --t) {
#pragma omp parallel for if (parallel_rows(B, U))
    for (int64_t b = 0; b < B; ++b) {
      const float m = mask_at(mask, b, t, T);
      const float* hp = t == 0 ? h0.data + b * U : h.data + (b * T + t - 1) * U;
      const float* g = gates.data + (b * T + t) * 4 * U;
      const float* dht = dh.data + (b * T + t) * U;
      float* cr = carry.data() + b * U;
      float* d = dcur.data() + b * G;
      float* dx = dxw.data + (b * T + t) * G;
#pragma omp simd
      for (int64_t j = 0; j < U; ++j) {
        const float total = dht[j] + cr[j];
        const float d_new = m * total;
        const float z = g[j], r = g[U + j], n = g[2 * U + j], hn = g[3 * U + j];
        const float da_n = d_new * (1.0f - z) * (1.0f - n * n);
        const float da_r = da_n * hn * r * (1.0f - r);
        const float da_z = d_new * (hp[j] - n) * z * (1.0f - z);
        dx[j] = da_z;
        dx[U + j] = da_r;
        dx[2 * U + j] = da_n;
        d[j] = da_z;
        d[U + j] = da_r;
        d[2 * U + j] = da_n * r;
        cr[j] = d_new * z + (1.0f - m) * total;
      }
      std::memcpy(dhw.data + (b * T + t) * G, d, sizeof(float) * static_cast<size_t>(G));
    }
    small_gemm(dv, wh, true, 1.0f, cv);
  }
  for (int64_t i = 0; i < B * U; ++i) dh0.data[i] += carry[static_cast<size_t>(i)];
}

}  // namespace eddl::hw::cpu
