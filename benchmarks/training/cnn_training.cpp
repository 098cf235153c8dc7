// SPDX-License-Identifier: MIT
// Training benchmark, eddl side, for the two convolutional networks of docs/benchmarks.md: the CNN
// (3 x [Conv 3x3 same -> ReLu -> MaxPool 2], Dense 10) and the BN-CNN (12_mnist_conv_bn), one epoch
// of Fashion-MNIST measured by bench_support.h beside cnn_training.py. --mem picks the memory level.
#include "bench_support.h"

using namespace eddl;

namespace {

layer conv_bn_relu(layer l, int filters) {
  return ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same", false), true));
}

model build_network(const std::string& which) {
  layer in = Input({784});
  layer l = Reshape(in, {1, 28, 28});
  if (which == "cnn") {
    for (int filters : {32, 64, 128}) l = MaxPool2D(ReLu(Conv2D(l, filters, {3, 3}, {1, 1}, "same")), {2, 2}, {2, 2});
    l = Flatten(l);
  } else {
    for (int filters : {32, 64, 128}) l = MaxPool2D(conv_bn_relu(l, filters), {2, 2}, {2, 2});
    l = Flatten(GlobalAveragePool2D(conv_bn_relu(l, 256)));
  }
  layer out = Softmax(Dense(l, bench::kNumClasses), -1);
  return Model({in}, {out});
}

}  // namespace

int main(int argc, char** argv) {
  const bench::Options options = bench::parse_options(argc, argv, true);
  const bench::Data data = bench::load_fashion(options.data_dir, {784});

  model net = build_network(options.net);
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"},
        CS_CPU(bench::kThreads, options.mem));
  return bench::measure_and_report(net, data, options.max_steps);
}
