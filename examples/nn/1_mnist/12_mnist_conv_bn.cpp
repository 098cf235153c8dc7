// SPDX-License-Identifier: MIT
// 12_mnist_conv_bn: the BatchNormalization CNN: four [Conv 3x3 -> BatchNormalization(affine) ->
// ReLu] blocks, MaxPool after the first three, GlobalAveragePool, Flatten, Dense 10, Softmax; adam.
#include "../example_args.h"

using namespace eddl;

namespace {
layer conv_bn_relu(layer l, int filters) {
  return ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same", false), true));
}
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 2, 100);

  layer in = Input({784});
  layer l = Reshape(in, {1, 28, 28});
  l = MaxPool2D(conv_bn_relu(l, 32), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 64), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 128), {2, 2}, {2, 2});
  l = conv_bn_relu(l, 256);
  l = Flatten(GlobalAveragePool2D(l));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
