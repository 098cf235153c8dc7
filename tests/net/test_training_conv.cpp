// SPDX-License-Identifier: MIT
// The BatchNormalization CNN (12_mnist_conv_bn's network) learns real Fashion-MNIST past 85% in
// about a minute, and the memory levels give the same numbers for a convolutional net.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "eddl/apis/eddl.h"
#include "support/test_support.h"

namespace eddl {

namespace {

// Momentum 0.9 (PyTorch's default, in EDDL's convention): with EDDL's 0.99 the running statistics
// need ~500 steps to forget their initial values, longer than this test trains.
layer conv_bn_relu(layer l, int filters) {
  return ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same", false), true, 0.9f));
}

model conv_bn_net(const std::string& mem, int width) {
  layer in = Input({784});
  layer l = Reshape(in, {1, 28, 28});
  l = MaxPool2D(conv_bn_relu(l, width), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 2 * width), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 4 * width), {2, 2}, {2, 2});
  l = conv_bn_relu(l, 8 * width);
  l = Flatten(GlobalAveragePool2D(l));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});
  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2, mem));
  net->verbosity_level = 0;
  return net;
}

struct FashionSubset {
  std::unique_ptr<Tensor> x, y, xt, yt;
};

// The first `n_train` / `n_test` samples of Debian's Fashion-MNIST, scaled to [0, 1]; empty when
// the package is not installed.
FashionSubset fashion_subset(int n_train, int n_test) {
  FashionSubset s;
  const std::string dir = "/usr/share/datasets/fashion-mnist";
  if (!std::ifstream(dir + "/train-images-idx3-ubyte.gz").good()) return s;
  std::unique_ptr<Tensor> images(read_idx_images(dir + "/train-images-idx3-ubyte.gz"));
  std::unique_ptr<Tensor> labels(read_idx_labels(dir + "/train-labels-idx1-ubyte.gz"));
  std::unique_ptr<Tensor> test_images(read_idx_images(dir + "/t10k-images-idx3-ubyte.gz"));
  std::unique_ptr<Tensor> test_labels(read_idx_labels(dir + "/t10k-labels-idx1-ubyte.gz"));
  s.x.reset(images->select({"0:" + std::to_string(n_train)}));
  s.xt.reset(test_images->select({"0:" + std::to_string(n_test)}));
  std::unique_ptr<Tensor> lab(labels->select({"0:" + std::to_string(n_train)}));
  std::unique_ptr<Tensor> labt(test_labels->select({"0:" + std::to_string(n_test)}));
  s.y.reset(one_hot_labels(*lab, 10, "train labels"));
  s.yt.reset(one_hot_labels(*labt, 10, "test labels"));
  s.x->reshape_({n_train, 784});
  s.xt->reshape_({n_test, 784});
  s.x->div_(255.0f);
  s.xt->div_(255.0f);
  return s;
}

std::vector<float> all_params(model net) {
  std::vector<float> w;
  for (Layer* l : net->layers) {
    for (Tensor* p : l->params) {
      const auto v = p->to_std();
      w.insert(w.end(), v.begin(), v.end());
    }
  }
  return w;
}

}  // namespace

TEST(TrainingConv, BatchNormCnnLearnsFashionMnistSubsetPast85Percent) {
  FashionSubset data = fashion_subset(10000, 2000);
  if (!data.x) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  Tensor::set_seed(1234);
  model net = conv_bn_net("full_mem", 16);
  fit(net, {data.x.get()}, {data.y.get()}, 100, 2);
  evaluate(net, {data.xt.get()}, {data.yt.get()}, 100);
  const float accuracy = get_metrics(net)[0];
  std::cout << "BN-CNN Fashion-MNIST subset test accuracy: " << accuracy << std::endl;
  EXPECT_GT(accuracy, 0.85f);
  delete net;
}

TEST(TrainingConv, MemoryLevelsTrainIdentically) {
  FashionSubset data = fashion_subset(200, 10);
  if (!data.x) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  std::vector<std::vector<float>> results;
  for (const std::string mem : {"full_mem", "low_mem"}) {
    Tensor::set_seed(7);
    model net = conv_bn_net(mem, 4);
    fit(net, {data.x.get()}, {data.y.get()}, 50, 1);
    results.push_back(all_params(net));
    delete net;
  }
  EXPECT_EQ(results[0], results[1]);
}

}  // namespace eddl
