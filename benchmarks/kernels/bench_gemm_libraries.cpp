// SPDX-License-Identifier: MIT
// The measurement behind the fast backend's GEMM choice: Eigen 3.4, OpenBLAS (OpenMP build) and
// oneDNN (dnnl_sgemm and a cached matmul primitive) on the MLP 784-1024-1024-1024-10 shapes at
// batch 100, called directly so that only the library differs. Run with OMP_NUM_THREADS=2.
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>

#include <Eigen/Core>
#include <oneapi/dnnl/dnnl.hpp>
#include <random>
#include <vector>

namespace {

// One GEMM problem, row-major: C[m,n] = op(A) * op(B) with op = transpose where flagged.
struct Shape {
  int64_t m, n, k;
  bool trans_a, trans_b;
};

// Forward X*W, backward dX = dY*W^T, backward dW = X^T*dY for the three layer widths.
const Shape kShapes[] = {
    {100, 1024, 784, false, false}, {100, 1024, 1024, false, false}, {100, 10, 1024, false, false},
    {100, 1024, 1024, false, true}, {100, 784, 1024, false, true},   {100, 1024, 10, false, true},
    {784, 1024, 100, true, false},  {1024, 1024, 100, true, false},  {1024, 10, 100, true, false},
};

struct Operands {
  std::vector<float> a, b, c;
  explicit Operands(const Shape& s)
      : a(static_cast<size_t>(s.m * s.k)), b(static_cast<size_t>(s.k * s.n)), c(static_cast<size_t>(s.m * s.n)) {
    std::mt19937 gen(42);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    for (auto& x : a) x = dist(gen);
    for (auto& x : b) x = dist(gen);
  }
};

void set_counters(benchmark::State& state, const Shape& s) {
  state.counters["FLOP/s"] =
      benchmark::Counter(2.0 * static_cast<double>(s.m * s.n * s.k), benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::kIs1000);
  state.SetLabel(std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k) +
                 (s.trans_a ? " At" : "") + (s.trans_b ? " Bt" : ""));
}

void eigen_gemm(benchmark::State& state) {
  const Shape s = kShapes[state.range(0)];
  Operands o(s);
  using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMajor> a(o.a.data(), s.trans_a ? s.k : s.m, s.trans_a ? s.m : s.k);
  Eigen::Map<const RowMajor> b(o.b.data(), s.trans_b ? s.n : s.k, s.trans_b ? s.k : s.n);
  Eigen::Map<RowMajor> c(o.c.data(), s.m, s.n);
  Eigen::setNbThreads(omp_get_max_threads());
  for (auto _ : state) {
    if (s.trans_a)
      c.noalias() = a.transpose() * b;
    else if (s.trans_b)
      c.noalias() = a * b.transpose();
    else
      c.noalias() = a * b;
    benchmark::DoNotOptimize(o.c.data());
  }
  set_counters(state, s);
}

void openblas_gemm(benchmark::State& state) {
  const Shape s = kShapes[state.range(0)];
  Operands o(s);
  const int64_t lda = s.trans_a ? s.m : s.k, ldb = s.trans_b ? s.k : s.n;
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, s.trans_a ? CblasTrans : CblasNoTrans, s.trans_b ? CblasTrans : CblasNoTrans,
                static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, o.a.data(),
                static_cast<int>(lda), o.b.data(), static_cast<int>(ldb), 0.0f, o.c.data(), static_cast<int>(s.n));
    benchmark::DoNotOptimize(o.c.data());
  }
  set_counters(state, s);
}

void dnnl_sgemm_gemm(benchmark::State& state) {
  const Shape s = kShapes[state.range(0)];
  Operands o(s);
  const int64_t lda = s.trans_a ? s.m : s.k, ldb = s.trans_b ? s.k : s.n;
  for (auto _ : state) {
    dnnl_sgemm(s.trans_a ? 'T' : 'N', s.trans_b ? 'T' : 'N', s.m, s.n, s.k, 1.0f, o.a.data(), lda, o.b.data(), ldb,
               0.0f, o.c.data(), s.n);
    benchmark::DoNotOptimize(o.c.data());
  }
  set_counters(state, s);
}

void dnnl_matmul_gemm(benchmark::State& state) {
  const Shape s = kShapes[state.range(0)];
  Operands o(s);
  using dnnl::memory;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  // A transposed operand is the same memory read with swapped strides.
  memory::desc a_md({s.m, s.k}, memory::data_type::f32, s.trans_a ? memory::dims{1, s.m} : memory::dims{s.k, 1});
  memory::desc b_md({s.k, s.n}, memory::data_type::f32, s.trans_b ? memory::dims{1, s.k} : memory::dims{s.n, 1});
  memory::desc c_md({s.m, s.n}, memory::data_type::f32, memory::dims{s.n, 1});
  dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a_md, b_md, c_md), engine);
  dnnl::matmul matmul(pd);
  memory a_mem(a_md, engine, o.a.data()), b_mem(b_md, engine, o.b.data()), c_mem(c_md, engine, o.c.data());
  for (auto _ : state) {
    matmul.execute(stream, {{DNNL_ARG_SRC, a_mem}, {DNNL_ARG_WEIGHTS, b_mem}, {DNNL_ARG_DST, c_mem}});
    stream.wait();
    benchmark::DoNotOptimize(o.c.data());
  }
  set_counters(state, s);
}

void all_shapes(benchmark::internal::Benchmark* b) {
  for (int i = 0; i < static_cast<int>(sizeof(kShapes) / sizeof(kShapes[0])); ++i) b->Arg(i);
  b->UseRealTime();
}

BENCHMARK(eigen_gemm)->Apply(all_shapes);
BENCHMARK(openblas_gemm)->Apply(all_shapes);
BENCHMARK(dnnl_sgemm_gemm)->Apply(all_shapes);
BENCHMARK(dnnl_matmul_gemm)->Apply(all_shapes);

}  // namespace
