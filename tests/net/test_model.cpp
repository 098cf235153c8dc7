// SPDX-License-Identifier: MIT
// Model construction, build-time checks, summary and the fine-grained training calls.
#include <gtest/gtest.h>

#include <memory>

#include "eddl/apis/eddl.h"
#include "support/test_support.h"

namespace eddl {

TEST(Model, SortsAnyDagTopologically) {
  layer a = Input({4}, "a");
  layer b = Input({4}, "b");
  layer da = Dense(a, 3, true, "da");
  layer db = Dense(b, 3, true, "db");
  layer ra = ReLu(da, "ra");
  layer out1 = Softmax(Dense(ra, 2, true, "o1"), -1, "s1");
  layer out2 = Sigmoid(Dense(db, 1, true, "o2"), "s2");
  model net = Model({a, b}, {out1, out2});
  auto position = [&](const std::string& n) {
    for (size_t i = 0; i < net->layers.size(); ++i) {
      if (net->layers[i]->name == n) return static_cast<int>(i);
    }
    return -1;
  };
  EXPECT_EQ(net->layers.size(), 9u);
  EXPECT_LT(position("a"), position("da"));
  EXPECT_LT(position("da"), position("ra"));
  EXPECT_LT(position("ra"), position("o1"));
  EXPECT_LT(position("o1"), position("s1"));
  EXPECT_LT(position("db"), position("o2"));
  delete net;
}

TEST(Model, InputThatFeedsNothingIsAnError) {
  layer a = Input({4});
  layer stray = Input({4}, "stray");
  layer out = Dense(a, 2);
  EXPECT_THROW(Model({a, stray}, {out}), ValueError);
  delete out;
  delete stray;
  delete a;
}

TEST(Model, LayerFedByAnUndeclaredInputIsAnError) {
  layer a = Input({4});
  layer hidden = Input({4}, "hidden_input");
  layer out = Dense(hidden, 2);
  try {
    Model({a}, {out});
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("hidden_input"), std::string::npos) << e.what();
  }
  delete out;
  delete hidden;
  delete a;
}

TEST(Build, LossCountMustMatchOutputs) {
  layer in = Input({4});
  layer out = Softmax(Dense(in, 3));
  model net = Model({in}, {out});
  EXPECT_THROW(build(net, sgd(), {"mse", "mse"}, {"mse"}, CS_CPU(1)), ValueError);
  delete net;
}

TEST(Build, SoftmaxCrossEntropyNeedsASoftmaxOutput) {
  layer in = Input({4});
  layer out = Dense(in, 3, true, "logits");
  model net = Model({in}, {out});
  try {
    build(net, sgd(), {"softmax_cross_entropy"}, {"accuracy"}, CS_CPU(1));
    FAIL();
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("logits"), std::string::npos) << e.what();
  }
  delete net;
}

TEST(Build, UnknownLossIsAnError) {
  layer in = Input({4});
  layer out = Softmax(Dense(in, 3));
  model net = Model({in}, {out});
  EXPECT_THROW(build(net, sgd(), {"not_a_loss"}, {"accuracy"}, CS_CPU(1)), ValueError);
  delete net;
}

TEST(Build, GpuWithoutCudaIsAClearError) {
  layer in = Input({4});
  layer out = Softmax(Dense(in, 3));
  model net = Model({in}, {out});
  EXPECT_THROW(build(net, sgd(), {"softmax_cross_entropy"}, {"accuracy"}, CS_GPU({1})), NotSupportedError);
  delete net;
}

TEST(Summary, EddlLayoutWithDeviceColumnAndTotals) {
  layer in = Input({784}, "in");
  layer d = Dense(in, 10, true, "fc");
  layer out = Softmax(d, -1, "probs");
  model net = Model({in}, {out});
  build(net, sgd(), {"softmax_cross_entropy"}, {"accuracy"}, CS_CPU(1));
  const std::string text = net->summary(false);
  EXPECT_NE(text.find(std::string(79, '-') + "\nmodel\n"), std::string::npos) << text;
  EXPECT_NE(text.find("fc   |  (784)               =>   (10)                      7850  CPU"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Total params: 7850\nTrainable params: 7850\nNon-trainable params: 0\n"), std::string::npos)
      << text;
  delete net;
}

TEST(FineGrained, ForwardBackwardUpdateReduceTheLoss) {
  Tensor::set_seed(3);
  layer in = Input({6});
  layer out = Softmax(Dense(ReLu(Dense(in, 16)), 3));
  model net = Model({in}, {out});
  build(net, sgd(0.1f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(1));
  Tensor x = test::random_tensor({12, 6}, 5);
  std::vector<float> y(36, 0.0f);
  const std::vector<float> xs = x.to_std();
  for (int i = 0; i < 12; ++i) y[static_cast<size_t>(i * 3 + (xs[static_cast<size_t>(i * 6)] > 0 ? 0 : 1))] = 1.0f;
  Tensor t(y, {12, 3});
  float first = 0.0f, last = 0.0f;
  for (int step = 0; step < 30; ++step) {
    reset_loss(net);
    zeroGrads(net);
    forward(net, {&x});
    backward(net, {&t});
    update(net);
    (step == 0 ? first : last) = get_losses(net)[0];
  }
  EXPECT_LT(last, first * 0.5f) << "first " << first << " last " << last;
  delete net;
}

}  // namespace eddl
