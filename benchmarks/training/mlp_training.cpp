// SPDX-License-Identifier: MIT
// Training benchmark, eddl side: the 1_mnist_mlp network (784-1024-1024-1024-10, LeakyReLu,
// sgd 0.01 momentum 0.9) for one epoch of Fashion-MNIST through the public API only, measured by
// bench_support.h; benchmarks/training/run.sh sets its RESULT line beside mlp_training.py's.
#include "bench_support.h"

using namespace eddl;

int main(int argc, char** argv) {
  const bench::Options options = bench::parse_options(argc, argv, false);
  const bench::Data data = bench::load_fashion(options.data_dir, {784});

  layer in = Input({784});
  layer l = in;
  l = LeakyReLu(Dense(l, 1024));
  l = LeakyReLu(Dense(l, 1024));
  l = LeakyReLu(Dense(l, 1024));
  layer out = Softmax(Dense(l, bench::kNumClasses), -1);
  model net = Model({in}, {out});
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(bench::kThreads));
  return bench::measure_and_report(net, data, options.max_steps);
}
