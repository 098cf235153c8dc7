// SPDX-License-Identifier: MIT
// Training benchmark, eddl side, for the two convolutional networks of docs/benchmarks.md: the CNN
// (3 x [Conv 3x3 same -> ReLu -> MaxPool 2] -> Dense 10) and the BN-CNN (4 x [Conv 3x3 no bias ->
// BatchNormalization -> ReLu], 3 MaxPool, GlobalAveragePool, Dense 10), timed as mlp_training.cpp.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"

using namespace eddl;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kBatch = 100;
constexpr int kThreads = 2;
constexpr int kWarmupSteps = 20;
constexpr int kTimedPasses = 3;
constexpr int kNumClasses = 10;
constexpr uint64_t kShuffleSeed = 1234;

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Images as [N, 784] in [0, 1], divided through the pointer like the PyTorch script's numpy path.
Tensor* load_images(const std::string& path) {
  Tensor* images = read_idx_images(path);
  const int count = images->shape[0];
  images->reshape_({count, 784});
  for (int64_t i = 0; i < static_cast<int64_t>(images->size); ++i) images->ptr[i] /= 255.0f;
  return images;
}

Tensor* load_one_hot_labels(const std::string& path) {
  Tensor* labels = read_idx_labels(path);
  Tensor* one_hot = one_hot_labels(*labels, kNumClasses, path);
  delete labels;
  return one_hot;
}

struct Options {
  std::string net = "cnn";  ///< "cnn" or "bncnn"
  std::string mem = "full_mem";
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int max_steps = -1;  ///< -1: the whole epoch; fewer for a smoke test (--steps N)
};

[[noreturn]] void usage(const char* program, int code) {
  std::cerr << "usage: " << program << " [--net cnn|bncnn] [--mem full_mem|low_mem] [--steps N] [--data DIR]\n";
  std::exit(code);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--steps" && i + 1 < argc) o.max_steps = std::atoi(argv[++i]);
    else if (flag == "--net" && i + 1 < argc) o.net = argv[++i];
    else if (flag == "--mem" && i + 1 < argc) o.mem = argv[++i];
    else if (flag == "--data" && i + 1 < argc) o.data_dir = argv[++i];
    else usage(argv[0], flag == "--help" || flag == "-h" ? 0 : 2);
  }
  if (o.net != "cnn" && o.net != "bncnn") usage(argv[0], 2);
  return o;
}

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
  layer out = Softmax(Dense(l, kNumClasses), -1);
  return Model({in}, {out});
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);

  Tensor* x_train = load_images(options.data_dir + "/train-images-idx3-ubyte.gz");
  Tensor* y_train = load_one_hot_labels(options.data_dir + "/train-labels-idx1-ubyte.gz");
  Tensor* x_test = load_images(options.data_dir + "/t10k-images-idx3-ubyte.gz");
  Tensor* y_test = load_one_hot_labels(options.data_dir + "/t10k-labels-idx1-ubyte.gz");
  const int num_train = x_train->shape[0];
  const int num_test = x_test->shape[0];

  model net = build_network(options.net);
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(kThreads, options.mem));
  net->verbosity_level = 0;

  std::vector<int> order(static_cast<size_t>(num_train));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(kShuffleSeed);
  std::shuffle(order.begin(), order.end(), rng);

  int num_steps = num_train / kBatch;
  if (options.max_steps > 0) num_steps = std::min(num_steps, options.max_steps);
  std::vector<double> step_seconds;
  step_seconds.reserve(static_cast<size_t>(num_steps));
  reset_loss(net);
  const Clock::time_point epoch_start = Clock::now();
  for (int step = 0; step < num_steps; ++step) {
    const std::vector<int> rows(order.begin() + step * kBatch, order.begin() + (step + 1) * kBatch);
    const Clock::time_point t0 = Clock::now();
    train_batch(net, {x_train}, {y_train}, rows);
    step_seconds.push_back(seconds_between(t0, Clock::now()));
  }
  const double epoch_seconds = seconds_between(epoch_start, Clock::now());
  const std::vector<double> timed_steps(step_seconds.begin() + std::min(kWarmupSteps, num_steps - 1),
                                        step_seconds.end());
  const double train_sps = kBatch / median(timed_steps);

  evaluate(net, {x_test}, {y_test}, kBatch);
  const float test_accuracy = get_metrics(net)[0];

  // Forward only, over batches that wrap rows of x_test without copying (as PyTorch's slices do).
  std::vector<Tensor*> test_batches;
  const int row_size = x_test->shape[1];
  for (int begin = 0; begin + kBatch <= num_test; begin += kBatch) {
    test_batches.push_back(new Tensor({kBatch, row_size}, x_test->ptr + static_cast<int64_t>(begin) * row_size));
  }
  set_mode(net, TSMODE);
  std::vector<double> pass_seconds;
  for (int pass = 0; pass < 1 + kTimedPasses; ++pass) {
    const Clock::time_point t0 = Clock::now();
    for (Tensor* batch : test_batches) forward(net, {batch});
    if (pass > 0) pass_seconds.push_back(seconds_between(t0, Clock::now()));  // pass 0 warms up
  }
  const double infer_sps = kBatch * static_cast<double>(test_batches.size()) / median(pass_seconds);

  std::cout << "RESULT framework=eddl net=" << options.net << " mem=" << options.mem << " train_sps=" << train_sps
            << " infer_sps=" << infer_sps << " epoch_s=" << epoch_seconds << " test_acc=" << test_accuracy
            << " steps=" << num_steps << " threads=" << kThreads << std::endl;

  for (Tensor* batch : test_batches) delete batch;
  delete x_train;
  delete y_train;
  delete x_test;
  delete y_test;
  delete net;
  return EXIT_SUCCESS;
}
