// SPDX-License-Identifier: MIT
// 1_cifar_conv: four [Conv 3x3 -> BatchNormalization -> ReLu -> MaxPool] blocks, GlobalMaxPool and
// a Dense classifier on CIFAR-10 (see docs/datasets.md for where the batches go).
#include "../example_args.h"

using namespace eddl;

namespace {
layer block(layer l, int filters) {
  l = ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same"), true));
  return MaxPool2D(l, {2, 2}, {2, 2});
}
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100, "cifar");

  layer in = Input({3, 32, 32});
  layer l = in;
  l = block(l, 32);
  l = block(l, 64);
  l = block(l, 128);
  l = block(l, 256);
  l = Flatten(GlobalMaxPool2D(l));
  l = ReLu(Dense(l, 128));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
