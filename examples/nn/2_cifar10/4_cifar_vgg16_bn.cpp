// SPDX-License-Identifier: MIT
// 4_cifar_vgg16_bn: VGG16 with BatchNormalization after every convolution.
#include "../example_args.h"

using namespace eddl;

namespace {
layer vgg_block(layer l, int filters, int convolutions) {
  for (int i = 0; i < convolutions; ++i) l = ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}), true));
  return MaxPool2D(l, {2, 2}, {2, 2});
}
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100, "cifar");

  layer in = Input({3, 32, 32});
  layer l = in;
  l = vgg_block(l, 64, 2);
  l = vgg_block(l, 128, 2);
  l = vgg_block(l, 256, 3);
  l = vgg_block(l, 512, 3);
  l = vgg_block(l, 512, 3);
  l = Reshape(l, {-1});
  l = ReLu(Dense(l, 512));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
