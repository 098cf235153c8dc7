// SPDX-License-Identifier: MIT
// 7_mnist_conv: four Conv2D + ReLu + MaxPool2D blocks ("same" and "none" pooling), a Dense
// classifier, rmsprop. Runs on MNIST digits or Fashion-MNIST (--dataset fashion).
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 2, 100);

  layer in = Input({784});
  layer l = in;
  l = Reshape(l, {1, 28, 28});
  l = MaxPool2D(ReLu(Conv2D(l, 32, {3, 3}, {1, 1})), {3, 3}, {1, 1}, "same");
  l = MaxPool2D(ReLu(Conv2D(l, 64, {3, 3}, {1, 1})), {2, 2}, {2, 2}, "same");
  l = MaxPool2D(ReLu(Conv2D(l, 128, {3, 3}, {1, 1})), {3, 3}, {2, 2}, "none");
  l = MaxPool2D(ReLu(Conv2D(l, 256, {3, 3}, {1, 1})), {2, 2}, {2, 2}, "none");
  l = Reshape(l, {-1});
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, rmsprop(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
