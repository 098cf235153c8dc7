// SPDX-License-Identifier: MIT
// 1_mnist_mlp: EDDL's first example. 784-1024-1024-1024-10 with LeakyReLu, Softmax, trained with
// fit() and scored with evaluate(). Runs on MNIST digits or Fashion-MNIST (--dataset fashion).
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);
  const int num_classes = 10;

  layer in = Input({784});
  layer l = in;
  l = LeakyReLu(Dense(l, 1024));
  l = LeakyReLu(Dense(l, 1024));
  l = LeakyReLu(Dense(l, 1024));
  layer out = Softmax(Dense(l, num_classes), -1);
  model net = Model({in}, {out});

  build(net,
        sgd(0.01f, 0.9f),            // Optimizer
        {"softmax_cross_entropy"},  // Losses
        {"categorical_accuracy"},   // Metrics
        CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
