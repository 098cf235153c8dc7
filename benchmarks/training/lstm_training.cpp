// SPDX-License-Identifier: MIT
// Training benchmark, eddl side: the 8_mnist_rnn network (each image as 28 steps of 28 pixels:
// Dense 32 ReLu -> LSTM 128 -> Dense 10 Softmax, sgd 0.01 momentum 0.9) for one epoch of
// Fashion-MNIST, measured by bench_support.h beside lstm_training.py (PyTorch nn.LSTM).
#include "bench_support.h"

using namespace eddl;

int main(int argc, char** argv) {
  const bench::Options options = bench::parse_options(argc, argv, false);
  const bench::Data data = bench::load_fashion(options.data_dir, {28, 28});  // [N, time, pixels]

  layer in = Input({28});
  layer l = ReLu(Dense(in, 32));
  l = LSTM(l, 128);
  layer out = Softmax(Dense(l, bench::kNumClasses), -1);
  model net = Model({in}, {out});
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(bench::kThreads));
  return bench::measure_and_report(net, data, options.max_steps);
}
