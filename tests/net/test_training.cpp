// SPDX-License-Identifier: MIT
// Training end to end: fit visits every sample once per epoch (partial batch included), memory
// levels give the same numbers, and the MLP learns real Fashion-MNIST past 80% test accuracy.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "eddl/apis/eddl.h"
#include "support/test_support.h"

namespace eddl {

namespace {

model mlp(int inputs, int hidden, int classes, const std::string& mem, float lr = 0.05f) {
  layer in = Input({inputs});
  layer l = ReLu(Dense(in, hidden));
  layer out = Softmax(Dense(l, classes));
  model net = Model({in}, {out});
  build(net, sgd(lr, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2, mem));
  net->verbosity_level = 0;
  return net;
}

// Two Gaussian-ish blobs per class, linearly separable enough for a small MLP.
void blobs(int n, Tensor** x, Tensor** y) {
  std::vector<float> xv = test::random_values(n * 8, 21, -1.0f, 1.0f);
  std::vector<float> yv(static_cast<size_t>(n * 2), 0.0f);
  for (int i = 0; i < n; ++i) {
    const int label = i % 2;
    for (int f = 0; f < 8; ++f) xv[static_cast<size_t>(i * 8 + f)] += label ? 1.5f : -1.5f;
    yv[static_cast<size_t>(i * 2 + label)] = 1.0f;
  }
  *x = new Tensor(xv, {n, 8});
  *y = new Tensor(yv, {n, 2});
}

}  // namespace

TEST(Fit, EveryEpochVisitsEverySampleOnceIncludingThePartialBatch) {
  Tensor *x, *y;
  blobs(103, &x, &y);
  model net = mlp(8, 8, 2, "full_mem");
  fit(net, {x}, {y}, 10, 2);
  EXPECT_EQ(net->inferenced_samples, 103);  // reset each epoch: the last epoch saw all 103
  EXPECT_EQ(net->batch_size, 10);           // restored after the 3-sample batch
  evaluate(net, {x}, {y}, 25);
  EXPECT_EQ(net->inferenced_samples, 103);
  EXPECT_GT(get_metrics(net)[0], 0.95f);
  delete net;
  delete x;
  delete y;
}

TEST(Fit, MemoryLevelsTrainIdentically) {
  Tensor *x, *y;
  blobs(64, &x, &y);
  std::vector<std::vector<float>> results;
  for (const std::string mem : {"full_mem", "mid_mem", "low_mem"}) {
    Tensor::set_seed(42);
    model net = mlp(8, 16, 2, mem);
    fit(net, {x}, {y}, 16, 2);
    std::vector<float> w;
    for (Layer* l : net->layers) {
      for (Tensor* p : l->params) {
        const auto v = p->to_std();
        w.insert(w.end(), v.begin(), v.end());
      }
    }
    results.push_back(w);
    delete net;
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_EQ(results[0], results[2]);
  delete x;
  delete y;
}

TEST(Fit, MismatchedDataNamesTheLayerAndShapes) {
  model net = mlp(8, 4, 2, "full_mem");
  Tensor x({10, 7});
  Tensor y({10, 2});
  try {
    fit(net, {&x}, {&y}, 5, 1);
    FAIL();
  } catch (const ValueError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("(10, 7)"), std::string::npos) << what;
    EXPECT_NE(what.find(net->lin[0]->name), std::string::npos) << what;
  }
  delete net;
}

TEST(Predict, ReturnsOneRowPerSampleInOrder) {
  Tensor *x, *y;
  blobs(37, &x, &y);
  model net = mlp(8, 8, 2, "full_mem");
  fit(net, {x}, {y}, 8, 3);
  std::vector<Tensor*> out = predict(net, {x});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->shape, (std::vector<int>{37, 2}));
  const std::vector<float> p = out[0]->to_std();
  const std::vector<float> t = y->to_std();
  int correct = 0;
  for (int i = 0; i < 37; ++i) correct += (p[static_cast<size_t>(2 * i + 1)] > 0.5f) == (t[static_cast<size_t>(2 * i + 1)] > 0.5f);
  EXPECT_GE(correct, 35);
  delete out[0];
  delete net;
  delete x;
  delete y;
}

TEST(Training, MlpLearnsFashionMnistSubsetPast80Percent) {
  const std::string dir = "/usr/share/datasets/fashion-mnist";
  if (!std::ifstream(dir + "/train-images-idx3-ubyte.gz").good()) {
    GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  }
  std::unique_ptr<Tensor> images(read_idx_images(dir + "/train-images-idx3-ubyte.gz"));
  std::unique_ptr<Tensor> labels(read_idx_labels(dir + "/train-labels-idx1-ubyte.gz"));
  std::unique_ptr<Tensor> test_images(read_idx_images(dir + "/t10k-images-idx3-ubyte.gz"));
  std::unique_ptr<Tensor> test_labels(read_idx_labels(dir + "/t10k-labels-idx1-ubyte.gz"));
  const int n_train = 12000, n_test = 2000;
  std::unique_ptr<Tensor> x(images->select({"0:" + std::to_string(n_train), ":", ":"}));
  std::unique_ptr<Tensor> xt(test_images->select({"0:" + std::to_string(n_test), ":", ":"}));
  std::unique_ptr<Tensor> lab(labels->select({"0:" + std::to_string(n_train)}));
  std::unique_ptr<Tensor> labt(test_labels->select({"0:" + std::to_string(n_test)}));
  std::unique_ptr<Tensor> y(one_hot_labels(*lab, 10, "train labels"));
  std::unique_ptr<Tensor> yt(one_hot_labels(*labt, 10, "test labels"));
  x->reshape_({n_train, 784});
  xt->reshape_({n_test, 784});
  x->div_(255.0f);
  xt->div_(255.0f);

  Tensor::set_seed(1234);
  model net = mlp(784, 256, 10, "full_mem", 0.01f);
  fit(net, {x.get()}, {y.get()}, 100, 3);
  evaluate(net, {xt.get()}, {yt.get()}, 100);
  const float accuracy = get_metrics(net)[0];
  EXPECT_GT(accuracy, 0.80f);
  std::cout << "Fashion-MNIST subset test accuracy: " << accuracy << std::endl;
  delete net;
}

}  // namespace eddl
