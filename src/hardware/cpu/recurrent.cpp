// SPDX-License-Identifier: MIT
// Fast CPU recurrent kernels. The input projection of every step arrives precomputed (one big GEMM
// above the hardware); here one parallel region covers the whole sequence: the recurrence never mixes
// batch rows, so each thread takes a slice of rows through every step (forward and backward through
// time) with no barrier, calling a single-threaded GEMM h_{t-1} Wh and one fused, vectorised pass for
// the gates and the state update (equations in kernel_params.h).
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <vector>

#include "hardware/check.h"
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

// A thread's slice of the batch. Fewer rows than this per thread cost more in the region's start
// than the split saves (each thread pays its own GEMM call per step).
constexpr int64_t kMinRowsPerThread = 4;

struct Rows {
  int64_t begin = 0, end = 0;
  int64_t count() const { return end - begin; }
};

int region_threads(int64_t batch) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(omp_get_max_threads(), batch / kMinRowsPerThread)));
}

Rows my_rows(int64_t batch) {
  const int64_t n = omp_get_num_threads(), id = omp_get_thread_num();
  return Rows{batch * id / n, batch * (id + 1) / n};
}

// c[m x n] = a[m x k] op(b) + beta c, row-major with leading dimensions. Called inside the parallel
// region, where oneDNN's sgemm runs on the calling thread only (it does not nest), so the threads'
// GEMMs proceed side by side without meeting. Returns false on a oneDNN error (the region cannot
// throw; the caller reports it after the region).
bool row_gemm(int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, bool trans_b,
              int64_t ldb, float beta, float* c, int64_t ldc) {
  return dnnl_sgemm('N', trans_b ? 'T' : 'N', m, n, k, 1.0f, a, lda, b, ldb, beta, c, ldc) == dnnl_success;
}

void check_gemms(const std::atomic<bool>& ok, const char* kernel) {
  EDDL_CHECK(ok.load(), kernel << ": oneDNN sgemm failed on a recurrent step");
}

float mask_at(const View& mask, int64_t b, int64_t t, int64_t steps) {
  return mask.data == nullptr ? 1.0f : (mask.data[b * steps + t] != 0.0f ? 1.0f : 0.0f);
}

// The state a step reads for rows starting at `row`: the initial state at t = 0, else the previous
// step of the sequence (rows then lie `steps * units` apart).
struct Prev {
  const float* data;
  int64_t ld;
};
Prev previous(const View& initial, const View& seq, int64_t row, int64_t t, int64_t T, int64_t U) {
  if (t == 0) return Prev{initial.data + row * U, U};
  return Prev{seq.data + (row * T + t - 1) * U, T * U};
}

}  // namespace

void rnn_forward(RecurrentParams p, In xw, In wh, In h0, In mask, Out h) {
  const int64_t B = p.batch, T = p.steps, U = p.units;
  const bool fast_act = p.activation == UnaryOp::tanh;
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    std::vector<float> pre(static_cast<size_t>(rows.count() * U));
    for (int64_t t = 0; t < T && rows.count() > 0; ++t) {
      const Prev hp = previous(h0, h, rows.begin, t, T, U);
      if (!row_gemm(rows.count(), U, U, hp.data, hp.ld, wh.data, false, U, 0.0f, pre.data(), U)) ok = false;
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const float m = mask_at(mask, b, t, T);
        const float* x = xw.data + (b * T + t) * U;
        const float* pr = pre.data() + (b - rows.begin) * U;
        const float* hc = hp.data + (b - rows.begin) * hp.ld;
        float* out = h.data + (b * T + t) * U;
        if (fast_act) {
#pragma omp simd
          for (int64_t j = 0; j < U; ++j) out[j] = vtanh(pr[j] + x[j]);
        } else {
          for (int64_t j = 0; j < U; ++j) {
            out[j] = unary_forward(p.activation, pr[j] + x[j], p.activation_args.a, p.activation_args.b);
          }
        }
        if (m == 0.0f) std::memcpy(out, hc, sizeof(float) * static_cast<size_t>(U));
      }
    }
  }
  check_gemms(ok, "rnn_forward");
}

void rnn_backward(RecurrentParams p, In wh, In h0, In mask, In h, In dh, Out dpre, Out dh0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units;
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    std::vector<float> carry(static_cast<size_t>(rows.count() * U), 0.0f);
    for (int64_t t = T - 1; t >= 0 && rows.count() > 0; --t) {
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const float m = mask_at(mask, b, t, T);
        const int64_t row = (b * T + t) * U;
        float* cr = carry.data() + (b - rows.begin) * U;
        for (int64_t j = 0; j < U; ++j) {
          const float total = dh.data[row + j] + cr[j];
          const float y = h.data[row + j];
          dpre.data[row + j] =
              m * total * unary_derivative(p.activation, y, y, p.activation_args.a, p.activation_args.b);
          cr[j] = (1.0f - m) * total;
        }
      }
      const float* d = dpre.data + (rows.begin * T + t) * U;
      if (!row_gemm(rows.count(), U, U, d, T * U, wh.data, true, U, 1.0f, carry.data(), U)) ok = false;
    }
    for (int64_t i = 0; i < rows.count() * U; ++i) dh0.data[rows.begin * U + i] += carry[static_cast<size_t>(i)];
  }
  check_gemms(ok, "rnn_backward");
}

void lstm_forward(RecurrentParams p, In xw, In wh, In h0, In c0, In mask, Out h, Out c, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U;
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    std::vector<float> pre(static_cast<size_t>(rows.count() * G));
    for (int64_t t = 0; t < T && rows.count() > 0; ++t) {
      const Prev hp = previous(h0, h, rows.begin, t, T, U);
      const Prev cp = previous(c0, c, rows.begin, t, T, U);
      if (!row_gemm(rows.count(), G, U, hp.data, hp.ld, wh.data, false, G, 0.0f, pre.data(), G)) ok = false;
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const bool keep = mask_at(mask, b, t, T) == 0.0f;
        const float* x = xw.data + (b * T + t) * G;
        const float* a = pre.data() + (b - rows.begin) * G;
        const float* hc = hp.data + (b - rows.begin) * hp.ld;
        const float* cc = cp.data + (b - rows.begin) * cp.ld;
        float* g = gates.data + (b * T + t) * G;
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
          co[j] = keep ? cc[j] : c_new;
          ho[j] = keep ? hc[j] : h_new;
        }
      }
    }
  }
  check_gemms(ok, "lstm_forward");
}

void lstm_backward(RecurrentParams p, In wh, In h0, In c0, In mask, In c, In gates, In dh, In dc_last,
                   Out dgates, Out dh0, Out dc0) {
  (void)h0;
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 4 * U;
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    const size_t n = static_cast<size_t>(rows.count() * U);
    std::vector<float> dh_carry(n, 0.0f), dc_carry(n, 0.0f);
    if (dc_last.data != nullptr && n > 0) {
      std::memcpy(dc_carry.data(), dc_last.data + rows.begin * U, sizeof(float) * n);
    }
    for (int64_t t = T - 1; t >= 0 && rows.count() > 0; --t) {
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const float m = mask_at(mask, b, t, T);
        const float* cp = t == 0 ? c0.data + b * U : c.data + (b * T + t - 1) * U;
        const float* ct = c.data + (b * T + t) * U;
        const float* g = gates.data + (b * T + t) * G;
        const float* dht = dh.data + (b * T + t) * U;
        float* hcar = dh_carry.data() + (b - rows.begin) * U;
        float* ccar = dc_carry.data() + (b - rows.begin) * U;
        float* d = dgates.data + (b * T + t) * G;
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
      }
      const float* d = dgates.data + (rows.begin * T + t) * G;
      if (!row_gemm(rows.count(), U, G, d, T * G, wh.data, true, G, 1.0f, dh_carry.data(), U)) ok = false;
    }
    for (size_t i = 0; i < n; ++i) {
      dh0.data[rows.begin * U + static_cast<int64_t>(i)] += dh_carry[i];
      dc0.data[rows.begin * U + static_cast<int64_t>(i)] += dc_carry[i];
    }
  }
  check_gemms(ok, "lstm_backward");
}

void gru_forward(RecurrentParams p, In xw, In wh, In bias_nh, In h0, In mask, Out h, Out gates) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 3 * U;
  std::vector<float> bnh(static_cast<size_t>(U), 0.0f);
  if (bias_nh.data != nullptr) std::memcpy(bnh.data(), bias_nh.data, sizeof(float) * static_cast<size_t>(U));
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    std::vector<float> pre(static_cast<size_t>(rows.count() * G));
    for (int64_t t = 0; t < T && rows.count() > 0; ++t) {
      const Prev hp = previous(h0, h, rows.begin, t, T, U);
      if (!row_gemm(rows.count(), G, U, hp.data, hp.ld, wh.data, false, G, 0.0f, pre.data(), G)) ok = false;
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const bool keep = mask_at(mask, b, t, T) == 0.0f;
        const float* x = xw.data + (b * T + t) * G;
        const float* a = pre.data() + (b - rows.begin) * G;
        const float* hc = hp.data + (b - rows.begin) * hp.ld;
        const float* bn = bnh.data();
        float* g = gates.data + (b * T + t) * 4 * U;
        float* ho = h.data + (b * T + t) * U;
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
          ho[j] = keep ? hc[j] : h_new;
        }
      }
    }
  }
  check_gemms(ok, "gru_forward");
}

void gru_backward(RecurrentParams p, In wh, In h0, In mask, In h, In gates, In dh, Out dxw, Out dhw, Out dh0) {
  const int64_t B = p.batch, T = p.steps, U = p.units, G = 3 * U;
  std::atomic<bool> ok{true};
#pragma omp parallel num_threads(region_threads(B))
  {
    const Rows rows = my_rows(B);
    std::vector<float> carry(static_cast<size_t>(rows.count() * U), 0.0f);
    for (int64_t t = T - 1; t >= 0 && rows.count() > 0; --t) {
      for (int64_t b = rows.begin; b < rows.end; ++b) {
        const float m = mask_at(mask, b, t, T);
        const float* hp = t == 0 ? h0.data + b * U : h.data + (b * T + t - 1) * U;
        const float* g = gates.data + (b * T + t) * 4 * U;
        const float* dht = dh.data + (b * T + t) * U;
        float* cr = carry.data() + (b - rows.begin) * U;
        float* d = dhw.data + (b * T + t) * G;
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
      }
      const float* d = dhw.data + (rows.begin * T + t) * G;
      if (!row_gemm(rows.count(), U, G, d, T * G, wh.data, true, G, 1.0f, carry.data(), U)) ok = false;
    }
    for (int64_t i = 0; i < rows.count() * U; ++i) dh0.data[rows.begin * U + i] += carry[static_cast<size_t>(i)];
  }
  check_gemms(ok, "gru_backward");
}

}  // namespace eddl::hw::cpu
