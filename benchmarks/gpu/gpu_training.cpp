// SPDX-License-Identifier: MIT
// GPU training throughput, eddl side: the four networks on synthetic data (throughput does
// not depend on the values), timed over whole steps after warm-up; prints one line
// "eddl <net> <device> <samples/s>". gpu_training.py is the PyTorch peer; run.sh runs both.
// --gpus K trains data parallel on GPUs 0..K-1 (net/replicas.h: the batch split K ways, parameters
// averaged on the host after every batch), the coordinating net on the CPU.
// Usage: eddl_benchmark_gpu --net mlp|conv_bn|rnn|resnet18 [--steps N] [--cpu | --gpus K]
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "net/replicas.h"
#include "net/step_replay.h"

using namespace eddl;

namespace {

struct Setup {
  model net;
  std::vector<int> input;  ///< one sample's shape
  int classes;
  int batch;
};

// 1_mnist_mlp: three LeakyReLu(Dense(1024)) layers.
Setup mlp() {
  layer in = Input({784});
  layer l = in;
  for (int i = 0; i < 3; ++i) l = LeakyReLu(Dense(l, 1024));
  return {Model({in}, {Softmax(Dense(l, 10))}), {784}, 10, 100};
}

// mnist_conv_bn (12_mnist_conv_bn): conv, batch norm, ReLU, max pool, three times.
Setup conv_bn() {
  layer in = Input({1, 28, 28});
  layer l = in;
  for (int filters : {16, 32, 64}) l = MaxPool(ReLu(BatchNormalization(Conv(l, filters, {3, 3}), true)), {2, 2});
  return {Model({in}, {Softmax(Dense(Flatten(l), 10))}), {1, 28, 28}, 10, 100};
}

// 8_mnist_rnn: the 28 rows of an image as steps, Dense 32 + ReLu on every step, LSTM 128, Dense 10
// + Softmax on the last step.
Setup rnn() {
  layer in = Input({28});
  layer l = ReLu(Dense(in, 32));
  l = LSTM(l, 128);
  return {Model({in}, {Softmax(Dense(l, 10))}), {28, 28}, 10, 100};
}

layer residual_block(layer x, int filters, int stride) {
  layer y = ReLu(BatchNormalization(Conv(x, filters, {3, 3}, {stride, stride}, "same", false), true));
  y = BatchNormalization(Conv(y, filters, {3, 3}, {1, 1}, "same", false), true);
  layer shortcut = x;
  if (stride != 1 || x->output->shape[1] != filters) {
    shortcut = BatchNormalization(Conv(x, filters, {1, 1}, {stride, stride}, "same", false), true);
  }
  return ReLu(Add(y, shortcut));
}

// ResNet-18 for 32x32 CIFAR images (3x3 stem, four stages of two basic blocks).
Setup resnet18() {
  layer in = Input({3, 32, 32});
  layer l = ReLu(BatchNormalization(Conv(in, 64, {3, 3}, {1, 1}, "same", false), true));
  const int widths[] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    l = residual_block(l, widths[stage], stage == 0 ? 1 : 2);
    l = residual_block(l, widths[stage], 1);
  }
  return {Model({in}, {Softmax(Dense(Flatten(GlobalAveragePool(l)), 10))}), {3, 32, 32}, 10, 128};
}

}  // namespace

int main(int argc, char** argv) {
  std::string net_name = "mlp";
  int steps = 50;
  bool on_cpu = false;
  int gpus = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--net" && i + 1 < argc) net_name = argv[++i];
    else if (flag == "--steps" && i + 1 < argc) steps = std::atoi(argv[++i]);
    else if (flag == "--cpu") on_cpu = true;
    else if (flag == "--gpus" && i + 1 < argc) gpus = std::atoi(argv[++i]);
    else {
      std::cerr << "usage: " << argv[0] << " --net mlp|conv_bn|rnn|resnet18 [--steps N] [--cpu | --gpus K]\n";
      return 2;
    }
  }
  const auto make = [&net_name] {
    return net_name == "mlp" ? mlp() : net_name == "conv_bn" ? conv_bn() : net_name == "rnn" ? rnn() : resnet18();
  };
  Setup s = make();
  const bool data_parallel = !on_cpu && gpus > 1;
  build(s.net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"},
        on_cpu || data_parallel ? CS_CPU() : CS_GPU({1}));
  if (data_parallel) {
    std::vector<int> devices;
    for (int g = 0; g < gpus; ++g) devices.push_back(DEV_GPU + g);
    eddl::net::use_replicas(*s.net, [&make] { return make().net; }, devices, 1);
  }
  s.net->verbosity_level = 0;
  std::vector<int> x_shape{s.batch};
  x_shape.insert(x_shape.end(), s.input.begin(), s.input.end());
  Tensor* x = Tensor::randn(x_shape);
  std::vector<float> y(static_cast<size_t>(s.batch * s.classes), 0.0f);
  for (int i = 0; i < s.batch; ++i) y[static_cast<size_t>(i * s.classes + i % s.classes)] = 1.0f;
  Tensor* target = new Tensor(y, {s.batch, s.classes});
  const int warmup = 5;
  for (int i = 0; i < warmup; ++i) train_batch(s.net, {x}, {target});
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) train_batch(s.net, {x}, {target});
  (void)get_losses(s.net);  // reads a value back, so queued GPU work is finished before the clock stops
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string device = on_cpu ? "cpu" : data_parallel ? "gpu*" + std::to_string(gpus) : "gpu";
  std::cout << "eddl " << net_name << " " << device << " " << s.batch * steps / seconds << "\n";
  // The launches one step takes (known when the step was recorded: by default on a GPU, or with
  // EDDL_RECORDED_STEPS=1 on the CPU), on stderr so that the table scripts read stdout alone.
  if (s.net->step_replay != nullptr && s.net->step_replay->recordings() > 0) {
    std::cerr << "kernel calls per training step: " << s.net->step_replay->recorded_calls() << "\n";
  } else if (s.net->step_replay != nullptr && !s.net->step_replay->off_reason().empty()) {
    std::cerr << "steps not recorded: " << s.net->step_replay->off_reason() << "\n";
  }
  delete x;
  delete target;
  delete s.net;
  return 0;
}
