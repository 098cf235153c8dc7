// SPDX-License-Identifier: MIT
// GEMM on oneDNN's matmul primitive, chosen by measurement on the MLP shapes (bench_gemm_libraries:
// 280-360 GFLOP/s against 200-245 for Eigen 3.4 and OpenBLAS with 2 threads). Bias, beta*C and the
// common activations run as oneDNN post-ops, so C is written once; other activations get one
// vectorised pass over C. Primitives are built once per (shape, transposes, epilogue) and cached
// here, keyed by the plain parameters, as DESIGN.md rule 3 asks.
#include <map>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <tuple>
#include <unordered_map>

#include "hardware/cpu/cpu_kernels.h"
#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::cpu {

namespace {

using dnnl::memory;

// The activations oneDNN applies as post-ops, with eddl's argument mapping (leaky_relu's slope is
// eltwise_relu's alpha). Others return false and are applied by apply_activation().
bool onednn_activation(UnaryOp op, UnaryArgs args, dnnl::algorithm& algorithm, float& alpha, float& beta) {
  beta = 0.0f;
  switch (op) {
    case UnaryOp::relu:
      algorithm = dnnl::algorithm::eltwise_relu;
      alpha = 0.0f;
      return true;
    case UnaryOp::leaky_relu:
      algorithm = dnnl::algorithm::eltwise_relu;
      alpha = args.a;
      return true;
    case UnaryOp::sigmoid:
      algorithm = dnnl::algorithm::eltwise_logistic;
      alpha = 0.0f;
      return true;
    case UnaryOp::tanh:
      algorithm = dnnl::algorithm::eltwise_tanh;
      alpha = 0.0f;
      return true;
    case UnaryOp::elu:
      algorithm = dnnl::algorithm::eltwise_elu;
      alpha = args.a;
      return true;
    default:
      return false;
  }
}

// Everything a primitive depends on; activations oneDNN lacks are not part of it.
struct MatmulKey {
  int64_t m, n, k;
  bool trans_a, trans_b, has_bias;
  float alpha, beta;
  int activation;  // -1: none in the primitive
  float activation_alpha;
  bool operator<(const MatmulKey& o) const {
    return std::tie(m, n, k, trans_a, trans_b, has_bias, alpha, beta, activation, activation_alpha) <
           std::tie(o.m, o.n, o.k, o.trans_a, o.trans_b, o.has_bias, o.alpha, o.beta, o.activation, o.activation_alpha);
  }
};

// A primitive with its argument memories, created once with no data; each call points them at the
// caller's buffers (set_data_handle) instead of creating memory objects, which costs as much as a
// small GEMM (100x1024x10: 23 us per call with fresh memories, 12 us reused).
struct Matmul {
  dnnl::matmul primitive;
  memory a, b, bias, c;
  std::unordered_map<int, memory> args;
};

dnnl::engine& engine() {
  static dnnl::engine cpu_engine(dnnl::engine::kind::cpu, 0);
  return cpu_engine;
}

// A transposed operand is the same row-major storage read with swapped strides, so no copy.
Matmul make_matmul(const MatmulKey& key) {
  const memory::dims a_strides = key.trans_a ? memory::dims{1, key.m} : memory::dims{key.k, 1};
  const memory::dims b_strides = key.trans_b ? memory::dims{1, key.k} : memory::dims{key.n, 1};
  const memory::desc a_md({key.m, key.k}, memory::data_type::f32, a_strides);
  const memory::desc b_md({key.k, key.n}, memory::data_type::f32, b_strides);
  const memory::desc c_md({key.m, key.n}, memory::data_type::f32, memory::dims{key.n, 1});
  const memory::desc bias_md({1, key.n}, memory::data_type::f32, memory::dims{key.n, 1});
  dnnl::primitive_attr attr;
  if (key.alpha != 1.0f) attr.set_output_scales(0, {key.alpha});
  dnnl::post_ops ops;
  // Post-ops run in order on alpha*(A*B + bias), bias only when alpha = 1 (see run_matmul): add
  // beta*C, then the activation.
  if (key.beta != 0.0f) ops.append_sum(key.beta);
  if (key.activation >= 0) {
    ops.append_eltwise(1.0f, static_cast<dnnl::algorithm>(key.activation), key.activation_alpha, 0.0f);
  }
  attr.set_post_ops(ops);
  const dnnl::matmul::desc desc =
      key.has_bias ? dnnl::matmul::desc(a_md, b_md, bias_md, c_md) : dnnl::matmul::desc(a_md, b_md, c_md);
  Matmul mm;
  mm.primitive = dnnl::matmul(dnnl::matmul::primitive_desc(desc, attr, engine()));
  mm.a = memory(a_md, engine(), DNNL_MEMORY_NONE);
  mm.b = memory(b_md, engine(), DNNL_MEMORY_NONE);
  mm.c = memory(c_md, engine(), DNNL_MEMORY_NONE);
  mm.args = {{DNNL_ARG_SRC, mm.a}, {DNNL_ARG_WEIGHTS, mm.b}, {DNNL_ARG_DST, mm.c}};
  if (key.has_bias) {
    mm.bias = memory(bias_md, engine(), DNNL_MEMORY_NONE);
    mm.args.emplace(DNNL_ARG_BIAS, mm.bias);
  }
  return mm;
}

// Runs the cached primitive for `key` on the given buffers. One lock covers lookup and execution,
// since the argument memories are shared; concurrent GEMMs would compete for the same cores anyway.
void execute_matmul(const MatmulKey& key, const float* a, const float* b, const float* bias, float* c) {
  static std::mutex mutex;
  static std::map<MatmulKey, Matmul> cache;  // a model has a handful of shapes; entries live forever
  const std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, make_matmul(key)).first;
  Matmul& mm = it->second;
  // oneDNN takes non-const handles but only reads inputs.
  mm.a.set_data_handle(const_cast<float*>(a));
  mm.b.set_data_handle(const_cast<float*>(b));
  mm.c.set_data_handle(c);
  if (key.has_bias) mm.bias.set_data_handle(const_cast<float*>(bias));
  static dnnl::stream stream(engine());
  mm.primitive.execute(stream, mm.args);
  stream.wait();
}

// Bias and activation in one pass over C, row by row while the row is in cache.
template <UnaryOp OP>
[[gnu::flatten]] void epilogue_pass(float* c, int64_t m, int64_t n, const float* bias, bool has_activation,
                                    UnaryArgs args) {
#pragma omp parallel for if (m * n > kParallelGrain)
  for (int64_t i = 0; i < m; ++i) {
    float* row = c + i * n;
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) {
      float v = row[j] + (bias != nullptr ? bias[j] : 0.0f);
      row[j] = has_activation ? unary_forward(OP, v, args.a, args.b) : v;
    }
  }
}

void apply_epilogue(const GemmEpilogue& e, const float* bias, float* c, int64_t m, int64_t n) {
  switch (e.activation) {
#define EDDL_X(name, fwd, grad) \
  case UnaryOp::name:           \
    return epilogue_pass<UnaryOp::name>(c, m, n, bias, e.has_activation, e.activation_args);
    EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
  }
}

void run_matmul(const GemmParams& p, const GemmEpilogue& e, const View& a, const View& b, const View& bias,
                const View& c) {
  const int64_t m = c.shape[0], n = c.shape[1];
  const int64_t k = p.trans_a ? a.shape[0] : a.shape[1];
  // oneDNN 2.x scales (A*B + bias) by alpha, while eddl scales only A*B: with alpha != 1 the bias,
  // and the activation after it, go to our own pass.
  const bool bias_in_primitive = e.has_bias && p.alpha == 1.0f;
  dnnl::algorithm algorithm = dnnl::algorithm::undef;
  float act_alpha = 0.0f, act_beta = 0.0f;
  const bool activation_in_primitive =
      e.has_activation && (bias_in_primitive || !e.has_bias) &&
      onednn_activation(e.activation, e.activation_args, algorithm, act_alpha, act_beta);
  const MatmulKey key{m,         n,         k,
                      p.trans_a, p.trans_b, bias_in_primitive,
                      p.alpha,   p.beta,    activation_in_primitive ? static_cast<int>(algorithm) : -1,
                      act_alpha};
  execute_matmul(key, a.data, b.data, bias_in_primitive ? bias.data : nullptr, c.data);
  const bool bias_left = e.has_bias && !bias_in_primitive;
  const bool activation_left = e.has_activation && !activation_in_primitive;
  if (bias_left || activation_left) {
    GemmEpilogue rest = e;
    rest.has_activation = activation_left;
    apply_epilogue(rest, bias_left ? bias.data : nullptr, c.data, m, n);
  }
}

bool is_degenerate(const GemmParams& p, const View& a, const View& c) {
  const int64_t k = p.trans_a ? a.shape[0] : a.shape[1];
  return c.shape[0] == 0 || c.shape[1] == 0 || k == 0;
}

}  // namespace

void gemm(GemmParams p, In a, In b, Out c) {
  if (is_degenerate(p, a, c)) return reference::gemm(p, a, b, c);
  run_matmul(p, GemmEpilogue{}, a, b, View{}, c);
}

void gemm_epilogue(GemmParams p, GemmEpilogue e, In a, In b, In bias, Out c) {
  if (is_degenerate(p, a, c)) return reference::gemm_epilogue(p, e, a, b, bias, c);
  run_matmul(p, e, a, b, bias, c);
}

}  // namespace eddl::hw::cpu
