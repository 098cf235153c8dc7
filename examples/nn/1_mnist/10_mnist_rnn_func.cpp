// SPDX-License-Identifier: MIT
// 10_mnist_rnn_func: 8_mnist_rnn written with helper functions (EDDL's functional style) and
// two stacked recurrent layers: the first LSTM returns its whole sequence to a GRU on top.
#include "../example_args.h"

using namespace eddl;

namespace {
layer per_step_features(layer l, int units) { return ReLu(Dense(l, units)); }
layer recurrent_block(layer l, int units) { return GRU(LSTM(l, units), units); }
layer classifier(layer l, int classes) { return Softmax(Dense(l, classes)); }
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);

  layer in = Input({28});
  layer out = classifier(recurrent_block(per_step_features(in, 32), 64), 10);
  model net = Model({in}, {out});

  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);
  return example::fit_and_evaluate(net, args);
}
