// SPDX-License-Identifier: MIT
// The measurement every training benchmark shares (docs/benchmarks.md's protocol): Fashion-MNIST
// loaded as the PyTorch scripts load it, one epoch in a fixed shuffle with each train_batch timed,
// evaluate, a timed forward-only pass over the test set, and the RESULT line run.sh parses. A
// benchmark program only builds its network.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"

namespace bench {

constexpr int kBatch = 100;
constexpr int kThreads = 2;
constexpr int kWarmupSteps = 20;
constexpr int kTimedPasses = 3;
constexpr int kNumClasses = 10;
constexpr uint64_t kShuffleSeed = 1234;

using Clock = std::chrono::steady_clock;

inline double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// The flags every benchmark takes: --steps N (fewer steps for a smoke test), --data DIR, and for
/// the convolutional one --net cnn|bncnn and --mem full_mem|low_mem.
struct Options {
  std::string data_dir = "/usr/share/datasets/fashion-mnist";
  int max_steps = -1;  ///< -1: the whole epoch
  std::string net = "cnn";
  std::string mem = "full_mem";
};

inline Options parse_options(int argc, char** argv, bool with_network_choice) {
  Options o;
  const auto usage = [&](int code) {
    std::cerr << "usage: " << argv[0] << (with_network_choice ? " [--net cnn|bncnn] [--mem full_mem|low_mem]" : "")
              << " [--steps N] [--data DIR]\n";
    std::exit(code);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--steps" && has_value) o.max_steps = std::atoi(argv[++i]);
    else if (flag == "--data" && has_value) o.data_dir = argv[++i];
    else if (with_network_choice && flag == "--net" && has_value) o.net = argv[++i];
    else if (with_network_choice && flag == "--mem" && has_value) o.mem = argv[++i];
    else usage(flag == "--help" || flag == "-h" ? 0 : 2);
  }
  if (o.net != "cnn" && o.net != "bncnn") usage(2);
  return o;
}

/// Fashion-MNIST with images shaped [N] + sample_shape in [0, 1] and one-hot labels [N, 10].
struct Data {
  std::unique_ptr<Tensor> x_train, y_train, x_test, y_test;
};

/// Images are divided by 255 through the pointer rather than a tensor op, so that the data path is
/// the same plain division the PyTorch scripts do with numpy.
inline Data load_fashion(const std::string& dir, const std::vector<int>& sample_shape) {
  const auto images = [&](const std::string& file) {
    Tensor* t = eddl::read_idx_images(dir + "/" + file);
    std::vector<int> shape{t->shape[0]};
    shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
    t->reshape_(shape);
    for (int64_t i = 0; i < static_cast<int64_t>(t->size); ++i) t->ptr[i] /= 255.0f;
    return t;
  };
  const auto labels = [&](const std::string& file) {
    std::unique_ptr<Tensor> raw(eddl::read_idx_labels(dir + "/" + file));
    return eddl::one_hot_labels(*raw, kNumClasses, dir + "/" + file);
  };
  Data d;
  d.x_train.reset(images("train-images-idx3-ubyte.gz"));
  d.y_train.reset(labels("train-labels-idx1-ubyte.gz"));
  d.x_test.reset(images("t10k-images-idx3-ubyte.gz"));
  d.y_test.reset(labels("t10k-labels-idx1-ubyte.gz"));
  return d;
}

/// Trains `net` (built, owned here) for one epoch of `data` (at most `max_steps` steps when > 0),
/// evaluates it, times inference, prints the RESULT line and frees the net.
inline int measure_and_report(eddl::model net, const Data& data, int max_steps) {
  Tensor* x_train = data.x_train.get();
  Tensor* y_train = data.y_train.get();
  Tensor* x_test = data.x_test.get();
  const int num_train = x_train->shape[0];
  const int num_test = x_test->shape[0];
  net->verbosity_level = 0;  // evaluate's progress lines would only add noise to the output

  // One fresh shuffle without replacement; explicit row lists let each train_batch be timed alone.
  std::vector<int> order(static_cast<size_t>(num_train));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(kShuffleSeed);
  std::shuffle(order.begin(), order.end(), rng);

  int num_steps = num_train / kBatch;
  if (max_steps > 0) num_steps = std::min(num_steps, max_steps);
  std::vector<double> step_seconds;
  step_seconds.reserve(static_cast<size_t>(num_steps));
  eddl::reset_loss(net);
  const Clock::time_point epoch_start = Clock::now();
  for (int step = 0; step < num_steps; ++step) {
    const std::vector<int> rows(order.begin() + step * kBatch, order.begin() + (step + 1) * kBatch);
    const Clock::time_point t0 = Clock::now();
    eddl::train_batch(net, {x_train}, {y_train}, rows);
    step_seconds.push_back(seconds_between(t0, Clock::now()));
  }
  const double epoch_seconds = seconds_between(epoch_start, Clock::now());
  const std::vector<double> timed_steps(step_seconds.begin() + std::min(kWarmupSteps, num_steps - 1),
                                        step_seconds.end());
  const double train_sps = kBatch / median(timed_steps);

  eddl::evaluate(net, {x_test}, {data.y_test.get()}, kBatch);
  const float test_accuracy = eddl::get_metrics(net)[0];

  // Inference: forward only, over test batches prepared beforehand so that no gathering is timed.
  // Each batch wraps its rows of x_test without copying (as PyTorch's slices do), so peak RSS holds
  // one copy of the test set on both sides.
  std::vector<int> batch_shape = x_test->shape;
  batch_shape[0] = kBatch;
  const int64_t row_size = static_cast<int64_t>(x_test->size) / num_test;
  std::vector<std::unique_ptr<Tensor>> test_batches;
  for (int begin = 0; begin + kBatch <= num_test; begin += kBatch) {
    test_batches.emplace_back(new Tensor(batch_shape, x_test->ptr + begin * row_size));
  }
  eddl::set_mode(net, TSMODE);
  std::vector<double> pass_seconds;
  for (int pass = 0; pass < 1 + kTimedPasses; ++pass) {
    const Clock::time_point t0 = Clock::now();
    for (const auto& batch : test_batches) eddl::forward(net, {batch.get()});
    if (pass > 0) pass_seconds.push_back(seconds_between(t0, Clock::now()));  // pass 0 warms up
  }
  const double infer_sps = kBatch * static_cast<double>(test_batches.size()) / median(pass_seconds);

  std::cout << "RESULT framework=eddl train_sps=" << train_sps << " infer_sps=" << infer_sps
            << " epoch_s=" << epoch_seconds << " test_acc=" << test_accuracy << " steps=" << num_steps
            << " threads=" << kThreads << std::endl;
  delete net;
  return EXIT_SUCCESS;
}

}  // namespace bench
