// SPDX-License-Identifier: MIT
// Kernel benchmarks on the MLP 784-1024-1024-1024-10 at batch 100: GEMM in FLOP/s (fast backend on
// every shape, the reference on smaller ones), and the memory-bound kernels of a training step in
// bytes/s. Calls kernels through the backends' tables, as dispatch does. Run with OMP_NUM_THREADS=2.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "hardware/registry.h"

namespace {

using eddl::hw::Backend;
using eddl::hw::View;

// A contiguous operand with its storage, filled with seeded values in [lo, hi).
struct Operand {
  std::vector<float> values;
  View view;
  Operand(std::vector<int64_t> shape, unsigned seed, float lo = -1.0f, float hi = 1.0f) {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    values.resize(static_cast<size_t>(n));
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    for (auto& x : values) x = dist(gen);
    view.data = values.data();
    view.ndim = static_cast<int>(shape.size());
    int64_t stride = 1;
    for (int d = view.ndim - 1; d >= 0; --d) {
      view.shape[d] = shape[static_cast<size_t>(d)];
      view.strides[d] = stride;
      stride *= view.shape[d];
    }
  }
};

Backend& backend_of(int64_t is_reference) {
  return is_reference != 0 ? eddl::hw::reference_backend() : eddl::hw::cpu_backend();
}

void set_flops(benchmark::State& state, double flops_per_iteration) {
  state.counters["FLOP/s"] = benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
}

void set_bytes(benchmark::State& state, double bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes_per_iteration) * state.iterations());
}

// Args: m, n, k, trans_a, trans_b, reference?
void BM_gemm(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  const bool ta = state.range(3) != 0, tb = state.range(4) != 0;
  Backend& backend = backend_of(state.range(5));
  Operand a(ta ? std::vector<int64_t>{k, m} : std::vector<int64_t>{m, k}, 1);
  Operand b(tb ? std::vector<int64_t>{n, k} : std::vector<int64_t>{k, n}, 2);
  Operand c({m, n}, 3);
  const eddl::hw::GemmParams p{ta, tb, 1.0f, 0.0f};
  for (auto _ : state) {
    backend.kernels().gemm(p, a.view, b.view, c.view);
    benchmark::DoNotOptimize(c.values.data());
  }
  set_flops(state, 2.0 * static_cast<double>(m * n * k));
  state.SetLabel(backend.name());
}

// Forward Dense + LeakyReLU: C = leaky_relu(X * W + bias). Args: m, n, k.
void BM_gemm_epilogue_bias_leaky_relu(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  Backend& backend = eddl::hw::cpu_backend();
  Operand a({m, k}, 1), b({k, n}, 2), bias({n}, 3), c({m, n}, 4);
  const eddl::hw::GemmEpilogue e{true, true, eddl::hw::UnaryOp::leaky_relu, {0.01f, 0.0f}};
  for (auto _ : state) {
    backend.kernels().gemm_epilogue(eddl::hw::GemmParams{}, e, a.view, b.view, bias.view, c.view);
    benchmark::DoNotOptimize(c.values.data());
  }
  set_flops(state, 2.0 * static_cast<double>(m * n * k));
  state.SetLabel(backend.name());
}

void mlp_gemm_shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"m", "n", "k", "ta", "tb", "ref"});
  // forward X*W, backward dX = dY*W^T, backward dW = X^T*dY, per layer width
  for (int64_t ref : {0}) {
    b->Args({100, 1024, 784, 0, 0, ref})->Args({100, 1024, 1024, 0, 0, ref})->Args({100, 10, 1024, 0, 0, ref});
    b->Args({100, 784, 1024, 0, 1, ref})->Args({100, 1024, 1024, 0, 1, ref})->Args({100, 1024, 10, 0, 1, ref});
    b->Args({784, 1024, 100, 1, 0, ref})->Args({1024, 1024, 100, 1, 0, ref})->Args({1024, 10, 100, 1, 0, ref});
  }
  // The reference is ~1000x slower: a smaller shape shows its rate.
  b->Args({100, 128, 128, 0, 0, 1})->Args({100, 10, 1024, 0, 0, 1});
  b->UseRealTime();
}

BENCHMARK(BM_gemm)->Apply(mlp_gemm_shapes);
BENCHMARK(BM_gemm_epilogue_bias_leaky_relu)
    ->ArgNames({"m", "n", "k"})
    ->Args({100, 1024, 784})
    ->Args({100, 1024, 1024})
    ->Args({100, 10, 1024})
    ->UseRealTime();

void BM_leaky_relu_forward(benchmark::State& state) {
  Backend& backend = backend_of(state.range(0));
  Operand x({100, 1024}, 1), y({100, 1024}, 2);
  for (auto _ : state) {
    backend.kernels().unary_map(eddl::hw::UnaryOp::leaky_relu, {0.01f, 0.0f}, x.view, y.view);
    benchmark::DoNotOptimize(y.values.data());
  }
  set_bytes(state, 2.0 * 4 * 100 * 1024);
  state.SetLabel(backend.name());
}

// dx += dy * leaky_relu'(x): reads x, y, dy, dx and writes dx.
void BM_leaky_relu_backward(benchmark::State& state) {
  Backend& backend = backend_of(state.range(0));
  Operand x({100, 1024}, 1), y({100, 1024}, 2), dy({100, 1024}, 3), dx({100, 1024}, 4);
  for (auto _ : state) {
    backend.kernels().unary_backward(eddl::hw::UnaryOp::leaky_relu, {0.01f, 0.0f}, x.view, y.view, dy.view, dx.view);
    benchmark::DoNotOptimize(dx.values.data());
  }
  set_bytes(state, 5.0 * 4 * 100 * 1024);
  state.SetLabel(backend.name());
}

// The bias gradient: column sums of a 100x1024 delta, added into the gradient (beta 1).
void BM_reduce_column_sum(benchmark::State& state) {
  Backend& backend = backend_of(state.range(0));
  Operand x({100, 1024}, 1), y({1, 1024}, 2);
  for (auto _ : state) {
    backend.kernels().reduce({eddl::hw::ReduceOp::sum, 1.0f}, x.view, y.view);
    benchmark::DoNotOptimize(y.values.data());
  }
  set_bytes(state, 4.0 * 100 * 1024);
  state.SetLabel(backend.name());
}

// SGD with momentum on a 1024x1024 weight: reads w, g, v and writes w, v.
void BM_sgd_update(benchmark::State& state) {
  Backend& backend = backend_of(state.range(0));
  Operand w({1024 * 1024}, 1), g({1024 * 1024}, 2), v({1024 * 1024}, 3);
  for (auto _ : state) {
    backend.kernels().sgd_update({0.01f, 0.9f, 0.0f, false}, w.view, g.view, v.view);
    benchmark::DoNotOptimize(w.values.data());
  }
  set_bytes(state, 5.0 * 4 * 1024 * 1024);
  state.SetLabel(backend.name());
}

// Adam on a 1024x1024 weight: reads w, g, m, v and writes w, m, v.
void BM_adam_update(benchmark::State& state) {
  Backend& backend = backend_of(state.range(0));
  Operand w({1024 * 1024}, 1), g({1024 * 1024}, 2), m({1024 * 1024}, 3), v({1024 * 1024}, 4, 0.0f, 0.01f);
  for (auto _ : state) {
    backend.kernels().adam_update({0.001f, 0.9f, 0.999f, 1e-8f, 0.0f, false, 1}, w.view, g.view, m.view, v.view,
                                  v.view);
    benchmark::DoNotOptimize(w.values.data());
  }
  set_bytes(state, 7.0 * 4 * 1024 * 1024);
  state.SetLabel(backend.name());
}

BENCHMARK(BM_leaky_relu_forward)->ArgName("ref")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_leaky_relu_backward)->ArgName("ref")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_reduce_column_sum)->ArgName("ref")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_sgd_update)->ArgName("ref")->Arg(0)->Arg(1)->UseRealTime();
BENCHMARK(BM_adam_update)->ArgName("ref")->Arg(0)->Arg(1)->UseRealTime();

}  // namespace
