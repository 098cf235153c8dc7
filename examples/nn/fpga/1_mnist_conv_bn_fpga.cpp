// SPDX-License-Identifier: MIT
// The BN-CNN of 12_mnist_conv_bn on CS_FPGA: training runs on the CPU (the FPGA kernels are
// forward only), evaluation runs the convolutions, batch norms, ReLUs, pools and Dense on the FPGA
// kernels. summary() shows where each layer runs in each mode. By default the kernels run in C
// simulation; in XRT software emulation (each layer an xrt::run in an emulated device; docs/fpga.md)
// from the repository root:
//   F=build/src/hardware/fpga/libeddl_swemu_heap_fix.so
//   setsid env LD_PRELOAD=$F EDDL_FPGA_MODE=sw_emu build/examples/1_mnist_conv_bn_fpga --dataset fashion --samples 10000
// (0.83 test accuracy after one epoch on 10 000 images; sw_emu and csim give the same numbers).
#include "eddl/apis/eddl.h"

#include "../example_args.h"

using namespace eddl;

namespace {
// Momentum 0.9, not EDDL's 0.99: the short runs this example is made for (--samples 2000 is 20
// steps) would leave 0.99's running statistics near their start, and inference near chance.
layer conv_bn_relu(layer l, int filters) {
  return ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same", false), true, 0.9f));
}
}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 1, 100);

  layer in = Input({784});
  layer l = Reshape(in, {1, 28, 28});
  l = MaxPool2D(conv_bn_relu(l, 32), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 64), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 128), {2, 2}, {2, 2});
  l = conv_bn_relu(l, 256);
  l = Flatten(GlobalAveragePool2D(l));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_FPGA({1}));
  std::cout << "Training placement:\n";
  summary(net);
  set_mode(net, TSMODE);
  std::cout << "Inference placement:\n";
  summary(net);

  return example::fit_and_evaluate(net, args);
}
