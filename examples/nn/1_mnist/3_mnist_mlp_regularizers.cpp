// SPDX-License-Identifier: MIT
// 3_mnist_mlp_regularizers: the MLP with L2, L1 and L1L2 penalties on its Dense layers.
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);

  layer in = Input({784});
  layer l = in;
  l = ReLu(L2(Dense(l, 1024), 0.0001f));
  l = ReLu(L1(Dense(l, 1024), 0.00001f));
  l = ReLu(L1L2(Dense(l, 1024), 0.00001f, 0.0001f));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
