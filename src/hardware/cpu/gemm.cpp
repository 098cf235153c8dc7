// SPDX-License-Identifier: MIT
// GEMM on Eigen (row-major maps, no copies), with the bias/activation epilogue fused into one pass
// over C while it is still in cache.
#include <Eigen/Core>

#include "hardware/cpu/cpu_kernels.h"

namespace eddl::hw::cpu {

namespace {
using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMajor, Eigen::Aligned16>;
using Map = Eigen::Map<RowMajor, Eigen::Unaligned>;

template <class A, class B>
void assign(const GemmParams& p, const A& a, const B& b, Map& c) {
  if (p.beta == 0.0f) {
    if (p.alpha == 1.0f) c.noalias() = a * b;
    else c.noalias() = p.alpha * (a * b);
  } else {
    if (p.beta != 1.0f) c *= p.beta;
    if (p.alpha == 1.0f) c.noalias() += a * b;
    else c.noalias() += p.alpha * (a * b);
  }
}
}  // namespace

void gemm(GemmParams p, In a, In b, Out c) {
  ConstMap ma(a.data, a.shape[0], a.shape[1]);
  ConstMap mb(b.data, b.shape[0], b.shape[1]);
  Map mc(c.data, c.shape[0], c.shape[1]);
  if (p.trans_a && p.trans_b) assign(p, ma.transpose(), mb.transpose(), mc);
  else if (p.trans_a) assign(p, ma.transpose(), mb, mc);
  else if (p.trans_b) assign(p, ma, mb.transpose(), mc);
  else assign(p, ma, mb, mc);
}

void gemm_epilogue(GemmParams p, GemmEpilogue e, In a, In b, In bias, Out c) {
  gemm(p, a, b, c);
  if (!e.has_bias && !e.has_activation) return;
  const int64_t m = c.shape[0], n = c.shape[1];
  const float* pb = bias.data;
  const UnaryOp act = e.activation;
  const float aa = e.activation_args.a, ab = e.activation_args.b;
#pragma omp parallel for if (m * n > kParallelGrain)
  for (int64_t i = 0; i < m; ++i) {
    float* row = c.data + i * n;
    if (e.has_bias) {
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) row[j] += pb[j];
    }
    if (e.has_activation) {
      for (int64_t j = 0; j < n; ++j) row[j] = unary_forward(act, row[j], aa, ab);
    }
  }
}

}  // namespace eddl::hw::cpu
