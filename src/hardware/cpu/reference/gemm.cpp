// SPDX-License-Identifier: MIT
// Reference GEMM: the textbook triple loop with a double accumulator per output element.
#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {
// Element (i, k) of op(A) for a row-major matrix with `cols` columns.
inline float at(const View& m, bool transposed, int64_t i, int64_t k) {
  const int64_t cols = m.shape[1];
  return transposed ? m.data[k * cols + i] : m.data[i * cols + k];
}
}  // namespace

void gemm(GemmParams p, In a, In b, Out c) {
  const int64_t m = c.shape[0];
  const int64_t n = c.shape[1];
  const int64_t k_len = p.trans_a ? a.shape[0] : a.shape[1];
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double acc = 0.0;
      for (int64_t k = 0; k < k_len; ++k) {
        acc += static_cast<double>(at(a, p.trans_a, i, k)) * at(b, p.trans_b, k, j);
      }
      float& out = c.data[i * n + j];
      out = static_cast<float>(p.alpha * acc + (p.beta == 0.0f ? 0.0 : p.beta * static_cast<double>(out)));
    }
  }
}

void gemm_epilogue(GemmParams p, GemmEpilogue e, In a, In b, In bias, Out c) {
  gemm(p, a, b, c);
  const int64_t m = c.shape[0];
  const int64_t n = c.shape[1];
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      float v = c.data[i * n + j];
      if (e.has_bias) v += bias.data[j];
      if (e.has_activation) v = unary_forward(e.activation, v, e.activation_args.a, e.activation_args.b);
      c.data[i * n + j] = v;
    }
  }
}

}  // namespace eddl::hw::reference
