// SPDX-License-Identifier: MIT
// Command-line flags and data loading shared by the examples: --epochs N, --batch N,
// --dataset mnist|fashion|cifar, --samples N (train on the first N samples), --threads N,
// --testing (EDDL's quick run: 2 batches of data, 1 epoch), --cpu (accepted; CPU is the default).
#pragma once

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "eddl/apis/eddl.h"

namespace example {

struct Args {
  int epochs;
  int batch;
  std::string dataset = "mnist";
  int samples = -1;
  int threads = -1;
  bool testing = false;
};

inline Args parse_args(int argc, char** argv, int default_epochs, int default_batch,
                       const std::string& default_dataset = "mnist") {
  Args a{default_epochs, default_batch};
  a.dataset = default_dataset;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--epochs" && has_value) a.epochs = std::atoi(argv[++i]);
    else if (flag == "--batch" && has_value) a.batch = std::atoi(argv[++i]);
    else if (flag == "--dataset" && has_value) a.dataset = argv[++i];
    else if (flag == "--samples" && has_value) a.samples = std::atoi(argv[++i]);
    else if (flag == "--threads" && has_value) a.threads = std::atoi(argv[++i]);
    else if (flag == "--testing") a.testing = true;
    else if (flag == "--cpu") continue;
    else {
      std::cerr << "usage: " << argv[0]
                << " [--epochs N] [--batch N] [--dataset mnist|fashion|cifar] [--samples N] [--threads N] [--testing]\n";
      std::exit(flag == "--help" || flag == "-h" ? 0 : 2);
    }
  }
  if (a.testing) {
    a.epochs = 1;
    a.samples = 2 * a.batch;
  }
  if (a.dataset != "mnist" && a.dataset != "fashion" && a.dataset != "cifar") {
    std::cerr << "unknown dataset '" << a.dataset << "' (mnist, fashion or cifar)\n";
    std::exit(2);
  }
  return a;
}

/// Writes the dataset's EDDL files if needed, loads them, keeps `samples` rows and scales to [0, 1].
inline void load_data(const Args& a, Tensor** x_train, Tensor** y_train, Tensor** x_test, Tensor** y_test) {
  std::string prefix = a.dataset;
  if (a.dataset == "mnist") eddl::download_mnist();
  else if (a.dataset == "fashion") eddl::download_fashion_mnist();
  else eddl::download_cifar10();
  *x_train = Tensor::load(prefix + "_trX.bin");
  *y_train = Tensor::load(prefix + "_trY.bin");
  *x_test = Tensor::load(prefix + "_tsX.bin");
  *y_test = Tensor::load(prefix + "_tsY.bin");
  if (a.samples > 0 && a.samples < (*x_train)->shape[0]) {
    const std::string rows = "0:" + std::to_string(a.samples);
    Tensor* x = (*x_train)->select({rows});
    Tensor* y = (*y_train)->select({rows});
    delete *x_train;
    delete *y_train;
    *x_train = x;
    *y_train = y;
    if (a.testing) {
      Tensor* xt = (*x_test)->select({rows});
      Tensor* yt = (*y_test)->select({rows});
      delete *x_test;
      delete *y_test;
      *x_test = xt;
      *y_test = yt;
    }
  }
  (*x_train)->div_(255.0f);
  (*x_test)->div_(255.0f);
}

/// Prints "Test accuracy: 0.8512" (the figure the README's main job shows) from the last evaluate.
inline void print_test_accuracy(eddl::model net) {
  const std::vector<float> metrics = eddl::get_metrics(net);
  const std::vector<float> losses = eddl::get_losses(net);
  if (!losses.empty()) std::cout << "Test loss: " << losses[0] << "\n";
  if (!metrics.empty()) std::cout << "Test accuracy: " << metrics[0] << std::endl;
}

/// The common end of the fit-based examples: fit, evaluate, print the test accuracy, free the data
/// and the model.
inline int fit_and_evaluate(eddl::model net, const Args& a, Tensor* x_train, Tensor* y_train, Tensor* x_test,
                            Tensor* y_test) {
  eddl::fit(net, {x_train}, {y_train}, a.batch, a.epochs);
  eddl::evaluate(net, {x_test}, {y_test});
  print_test_accuracy(net);
  delete x_train;
  delete y_train;
  delete x_test;
  delete y_test;
  delete net;
  return EXIT_SUCCESS;
}

/// The same after loading the image data set the flags name (load_data).
inline int fit_and_evaluate(eddl::model net, const Args& a) {
  Tensor *x_train, *y_train, *x_test, *y_test;
  load_data(a, &x_train, &y_train, &x_test, &y_test);
  return fit_and_evaluate(net, a, x_train, y_train, x_test, y_test);
}

}  // namespace example
