// SPDX-License-Identifier: MIT
// 11_mnist_conv1D: each image read as a 784-long 1-D signal through Conv1D + ReLu + MaxPool1D.
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 2, 100);

  layer in = Input({784});
  layer l = in;
  l = Reshape(l, {1, 784});  // one channel, 784 steps
  l = MaxPool1D(ReLu(Conv1D(l, 16, {3}, {1})), {4}, {4});
  l = MaxPool1D(ReLu(Conv1D(l, 32, {3}, {1})), {4}, {4});
  l = MaxPool1D(ReLu(Conv1D(l, 64, {3}, {1})), {4}, {4});
  l = MaxPool1D(ReLu(Conv1D(l, 64, {3}, {1})), {4}, {4});
  l = Reshape(l, {-1});
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, rmsprop(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
