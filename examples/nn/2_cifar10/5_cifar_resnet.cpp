// SPDX-License-Identifier: MIT
// 5_cifar_resnet: a small ResNet: residual blocks whose shortcut is added back with Add, strided
// 3x3 convolutions to downsample (asymmetric "same" padding, computed exactly), GlobalAveragePool.
#include "../example_args.h"

using namespace eddl;

namespace {
layer conv_bn(layer l, int filters, int stride) {
  return BatchNormalization(Conv2D(l, filters, {3, 3}, {stride, stride}, "same", false), true);
}

layer residual_block(layer l, int filters, int stride) {
  layer shortcut = l;
  layer y = ReLu(conv_bn(l, filters, stride));
  y = conv_bn(y, filters, 1);
  if (stride != 1 || l->getShape()[0] != filters) {
    shortcut = BatchNormalization(Conv2D(l, filters, {1, 1}, {stride, stride}, "same", false), true);
  }
  return ReLu(Add({y, shortcut}));
}
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100, "cifar");

  layer in = Input({3, 32, 32});
  layer l = ReLu(conv_bn(in, 32, 1));
  l = residual_block(l, 32, 1);
  l = residual_block(l, 64, 2);
  l = residual_block(l, 128, 2);
  l = residual_block(l, 256, 2);
  l = Flatten(GlobalAveragePool2D(l));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args);
}
