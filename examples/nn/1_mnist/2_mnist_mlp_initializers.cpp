// SPDX-License-Identifier: MIT
// 2_mnist_mlp_initializers: the MLP with explicit initializers on each Dense layer.
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);

  layer in = Input({784});
  layer l = in;
  l = ReLu(GlorotNormal(Dense(l, 1024)));
  l = ReLu(GlorotUniform(Dense(l, 1024)));
  l = ReLu(RandomNormal(Dense(l, 1024), 0.0f, 0.02f));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
