// SPDX-License-Identifier: MIT
// Training benchmark, eddl side: the 8_mnist_rnn network (each image as 28 steps of 28 pixels:
// Dense 32 ReLu -> LSTM 128 -> Dense 10 Softmax) for one epoch of Fashion-MNIST through the public
// API only, timed per step as docs/benchmarks.md's protocol says. Prints one RESULT line that
// benchmarks/training/run.sh --net lstm sets beside lstm_training.py's (PyTorch nn.LSTM).
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

// Images as [N, 28, 28] in [0, 1]: 28 time steps of 28 pixels. Scaled through the pointer rather than a tensor op so that the
// data path is the same plain division by 255 that the PyTorch script does with numpy.
Tensor* load_images(const std::string& path) {
  Tensor* images = read_idx_images(path);
  const int count = images->shape[0];
  images->reshape_({count, 28, 28});
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
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int max_steps = -1;  ///< -1: the whole epoch; fewer for a smoke test (--steps N)
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--steps" && i + 1 < argc) o.max_steps = std::atoi(argv[++i]);
    else if (flag == "--data" && i + 1 < argc) o.data_dir = argv[++i];
    else {
      std::cerr << "usage: " << argv[0] << " [--steps N] [--data DIR]\n";
      std::exit(flag == "--help" || flag == "-h" ? 0 : 2);
    }
  }
  return o;
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

  layer in = Input({28});
  layer l = ReLu(Dense(in, 32));
  l = LSTM(l, 128);
  layer out = Softmax(Dense(l, kNumClasses), -1);
  model net = Model({in}, {out});
  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(kThreads));
  net->verbosity_level = 0;  // evaluate's progress lines would only add noise to the output

  // One fresh shuffle without replacement; explicit row lists let each train_batch be timed alone.
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

  // Inference: forward only, over test batches prepared beforehand so that no gathering is timed.
  // Each batch wraps its rows of x_test without copying (as PyTorch's slices do), so peak RSS
  // holds one copy of the test set on both sides.
  std::vector<Tensor*> test_batches;
  const int row_size = x_test->shape[1] * x_test->shape[2];
  for (int begin = 0; begin + kBatch <= num_test; begin += kBatch) {
    test_batches.push_back(new Tensor({kBatch, x_test->shape[1], x_test->shape[2]},
                                      x_test->ptr + static_cast<int64_t>(begin) * row_size));
  }
  set_mode(net, TSMODE);
  std::vector<double> pass_seconds;
  for (int pass = 0; pass < 1 + kTimedPasses; ++pass) {
    const Clock::time_point t0 = Clock::now();
    for (Tensor* batch : test_batches) forward(net, {batch});
    if (pass > 0) pass_seconds.push_back(seconds_between(t0, Clock::now()));  // pass 0 warms up
  }
  const double infer_sps = kBatch * static_cast<double>(test_batches.size()) / median(pass_seconds);

  std::cout << "RESULT framework=eddl train_sps=" << train_sps << " infer_sps=" << infer_sps
            << " epoch_s=" << epoch_seconds << " test_acc=" << test_accuracy << " steps=" << num_steps
            << " threads=" << kThreads << std::endl;

  for (Tensor* batch : test_batches) delete batch;
  delete x_train;
  delete y_train;
  delete x_test;
  delete y_test;
  delete net;
  return EXIT_SUCCESS;
}
