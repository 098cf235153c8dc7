// SPDX-License-Identifier: MIT
// Convolutions at batch 100, 3x3 "same", on the shapes of the MNIST CNN (7_mnist_conv: 1->16 at
// 28x28, 16->32 at 14x14, 32->64 at 7x7) and of benchmarks/training's CNN and BN-CNN (1->32, 32->64,
// 64->128, 128->256 at 28, 14, 7, 3); forward, backward data and backward weights, in FLOP/s (2 per
// multiply-add). Calls kernels through the backends' tables, as dispatch does.
// Run with OMP_NUM_THREADS=2.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "hardware/registry.h"

namespace {

using eddl::hw::ConvParams;
using eddl::hw::View;

struct Operand {
  std::vector<float> values;
  View view;
  Operand(const std::vector<int64_t>& shape, unsigned seed) {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    values.resize(static_cast<size_t>(n));
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
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

// Args: batch, in channels, out channels, size (square), reference?
struct Setup {
  ConvParams p;
  Operand x, w, bias, y;
  explicit Setup(const benchmark::State& state)
      : p(make(state)),
        x({p.batch, p.in_channels, p.in[1], p.in[2]}, 1),
        w({p.out_channels, p.in_channels, 3, 3}, 2),
        bias({p.out_channels}, 3),
        y({p.batch, p.out_channels, p.out[1], p.out[2]}, 4) {}
  static ConvParams make(const benchmark::State& state) {
    ConvParams p;
    p.spatial_rank = 2;
    p.batch = state.range(0);
    p.in_channels = state.range(1);
    p.out_channels = state.range(2);
    for (int a = 1; a < 3; ++a) {
      p.in[a] = p.out[a] = state.range(3);
      p.kernel[a] = 3;
      p.pad_begin[a] = p.pad_end[a] = 1;
    }
    return p;
  }
  double flops() const {
    return 2.0 * static_cast<double>(p.batch * p.out_channels * p.out[1] * p.out[2] * p.in_channels * 9);
  }
};

eddl::hw::Backend& backend_of(int64_t is_reference) {
  return is_reference != 0 ? eddl::hw::reference_backend() : eddl::hw::cpu_backend();
}

void finish(benchmark::State& state, const Setup& s, eddl::hw::Backend& backend) {
  state.counters["FLOP/s"] =
      benchmark::Counter(s.flops(), benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  state.SetLabel(backend.name());
}

void BM_conv_forward(benchmark::State& state) {
  Setup s(state);
  eddl::hw::Backend& backend = backend_of(state.range(4));
  for (auto _ : state) {
    backend.kernels().conv_forward(s.p, s.x.view, s.w.view, s.bias.view, s.y.view);
    benchmark::DoNotOptimize(s.y.values.data());
  }
  finish(state, s, backend);
}

void BM_conv_backward_input(benchmark::State& state) {
  Setup s(state);
  eddl::hw::Backend& backend = backend_of(state.range(4));
  for (auto _ : state) {
    backend.kernels().conv_backward_input(s.p, s.y.view, s.w.view, s.x.view);
    benchmark::DoNotOptimize(s.x.values.data());
  }
  finish(state, s, backend);
}

void BM_conv_backward_weight(benchmark::State& state) {
  Setup s(state);
  eddl::hw::Backend& backend = backend_of(state.range(4));
  for (auto _ : state) {
    backend.kernels().conv_backward_weight(s.p, s.x.view, s.y.view, s.w.view);
    benchmark::DoNotOptimize(s.w.values.data());
  }
  finish(state, s, backend);
}

void mnist_cnn_shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"batch", "in", "out", "size", "ref"});
  b->Args({100, 1, 16, 28, 0})->Args({100, 16, 32, 14, 0})->Args({100, 32, 64, 7, 0});
  // benchmarks/training: the CNN's three convolutions, then the BN-CNN's fourth.
  b->Args({100, 1, 32, 28, 0})->Args({100, 32, 64, 14, 0})->Args({100, 64, 128, 7, 0});
  b->Args({100, 128, 256, 3, 0});
  b->Args({2, 16, 32, 14, 1});  // the reference, on a small batch
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_conv_forward)->Apply(mnist_cnn_shapes);
BENCHMARK(BM_conv_backward_input)->Apply(mnist_cnn_shapes);
BENCHMARK(BM_conv_backward_weight)->Apply(mnist_cnn_shapes);

}  // namespace
