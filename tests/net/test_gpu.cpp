// SPDX-License-Identifier: MIT
// The GPU service end to end: the same model (MLP, CNN with batch norm, and 8_mnist_rnn-shaped
// LSTM, GRU, RNN and bidirectional LSTM networks) trained 20 steps on the CPU and on the GPU from the
// same weights agrees within tolerance, toGPU/toCPU keep the parameters, summary() names the GPU.
// Every test that needs a GPU skips with "no CUDA device: <reason>" where there is none.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "hardware/registry.h"
#include "support/test_support.h"

namespace eddl {

namespace {

// Empty when a GPU can run kernels here; otherwise why not, in the skip message's words.
std::string gpu_absent_reason() {
  if (!hw::is_compiled(hw::DeviceKind::gpu)) return "no CUDA device: this eddl was built without -DEDDL_WITH_CUDA=ON";
  return hw::backend_for(hw::Device{hw::DeviceKind::gpu, 0}).absent_reason();
}

#define SKIP_WITHOUT_GPU()                               \
  do {                                                   \
    const std::string why_ = gpu_absent_reason();        \
    if (!why_.empty()) GTEST_SKIP() << why_;             \
  } while (0)

model mlp() {
  layer in = Input({64});
  layer l = ReLu(Dense(in, 128));
  l = ReLu(Dense(l, 64));
  layer out = Softmax(Dense(l, 10));
  return Model({in}, {out});
}

model conv_bn() {
  layer in = Input({1, 16, 16});
  layer l = ReLu(BatchNormalization(Conv(in, 8, {3, 3}), 0.9f));
  l = MaxPool(l, {2, 2});
  l = ReLu(BatchNormalization(Conv(l, 16, {3, 3}, {1, 1}, "same"), 0.9f));
  l = MaxPool(l, {2, 2});
  layer out = Softmax(Dense(Flatten(l), 10));
  return Model({in}, {out});
}

// 8_mnist_rnn's shape, smaller: Dense + ReLu on every step of [12, 28], a recurrent layer, Dense +
// Softmax on the last step.
model sequence_model(const std::function<layer(layer)>& recurrent) {
  layer in = Input({28});
  layer l = ReLu(Dense(in, 32));
  l = recurrent(l);
  return Model({in}, {Softmax(Dense(l, 10))});
}
const std::vector<int> kSequence{12, 28};

std::vector<std::vector<float>> parameters(model net) {
  std::vector<std::vector<float>> all;
  for (Layer* l : net->layers) {
    for (Tensor* p : l->params) all.push_back(p->to_std());
  }
  return all;
}

// One-hot labels for `rows` samples.
Tensor* labels(int rows, uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(rows) * 10, 0.0f);
  const std::vector<float> u = test::random_values(rows, seed, 0.0f, 10.0f);
  for (int i = 0; i < rows; ++i) y[static_cast<size_t>(i) * 10 + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  return new Tensor(y, {rows, 10});
}

// Builds the model twice on the CPU (same seeded weights), moves one copy to GPU 0, trains both
// 20 steps on the same batches and compares every parameter.
void expect_cpu_gpu_parity(const std::function<model()>& make, const std::vector<int>& input_shape, float tolerance) {
  model cpu_net = make();
  model gpu_net = make();
  build(cpu_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  build(gpu_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  for (size_t i = 0; i < cpu_net->layers.size(); ++i) {
    if (!cpu_net->layers[i]->params.empty()) copyParam(cpu_net->layers[i], gpu_net->layers[i]);
  }
  toGPU(gpu_net, std::vector<int>{1});  // {1} alone also converts to a string (the mem overload)
  ASSERT_EQ(gpu_net->dev, DEV_GPU);
  const int batch = 32;
  std::vector<int> shape{batch};
  shape.insert(shape.end(), input_shape.begin(), input_shape.end());
  for (int step = 0; step < 20; ++step) {
    Tensor x = test::random_tensor(shape, 100 + static_cast<uint64_t>(step));
    Tensor* y = labels(batch, 200 + static_cast<uint64_t>(step));
    train_batch(cpu_net, {&x}, {y});
    train_batch(gpu_net, {&x}, {y});
    delete y;
  }
  const auto expected = parameters(cpu_net);
  const auto got = parameters(gpu_net);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t p = 0; p < got.size(); ++p) {
    EXPECT_TRUE(test::all_close(got[p], expected[p], tolerance, tolerance, "parameter " + std::to_string(p)));
  }
  delete cpu_net;
  delete gpu_net;
}

}  // namespace

TEST(Gpu, MlpTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity(mlp, {64}, 1e-4f);
}

TEST(Gpu, ConvBatchNormTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity(conv_bn, {1, 16, 16}, 1e-3f);
}

TEST(Gpu, LstmTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity([] { return sequence_model([](layer l) { return LSTM(l, 24); }); }, kSequence, 1e-3f);
}

TEST(Gpu, GruTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity([] { return sequence_model([](layer l) { return GRU(l, 24); }); }, kSequence, 1e-3f);
}

TEST(Gpu, RnnTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity([] { return sequence_model([](layer l) { return RNN(l, 24); }); }, kSequence, 1e-3f);
}

TEST(Gpu, BidirectionalLstmTrainsLikeTheCpuFor20Steps) {
  SKIP_WITHOUT_GPU();
  expect_cpu_gpu_parity([] { return sequence_model([](layer l) { return LSTM(l, 24, false, true); }); }, kSequence,
                        1e-3f);
}

TEST(Gpu, RecurrentModelsBuildOnTheGpu) {
  SKIP_WITHOUT_GPU();
  model net = sequence_model([](layer l) { return LSTM(l, 8); });
  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_GPU({1}));
  EXPECT_NE(net->summary(false).find("GPU:0"), std::string::npos);
  delete net;
}

TEST(Gpu, ToGpuAndBackKeepsParametersAndSummaryNamesTheDevice) {
  SKIP_WITHOUT_GPU();
  model net = mlp();
  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  const auto before = parameters(net);
  toGPU(net);
  EXPECT_NE(net->summary(false).find("GPU:0"), std::string::npos);
  toCPU(net);
  EXPECT_EQ(net->dev, DEV_CPU);
  EXPECT_EQ(parameters(net), before);
  delete net;
}

TEST(Gpu, TensorRoundTripIsExact) {
  SKIP_WITHOUT_GPU();
  Tensor t = test::random_tensor({3, 1000}, 7);
  const std::vector<float> values = t.to_std();
  t.toGPU();
  EXPECT_TRUE(t.isGPU());
  t.toCPU();
  EXPECT_EQ(t.to_std(), values);
}

// Runs where CUDA is compiled but no GPU exists (CI): the error must say why.
TEST(Gpu, BuildingOnAnAbsentGpuIsAClearError) {
  if (!hw::is_compiled(hw::DeviceKind::gpu)) GTEST_SKIP() << "this build has no CUDA backend";
  if (gpu_absent_reason().empty()) GTEST_SKIP() << "this machine has a GPU";
  model net = mlp();
  try {
    build(net, sgd(), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_GPU({1}));
    FAIL() << "expected NotSupportedError";
  } catch (const NotSupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("no CUDA device"), std::string::npos) << e.what();
  }
  delete net;
}

// Several GPUs are data parallel through cloned replicas (tests/net/test_model_clone.cpp).
TEST(Gpu, SeveralGpusMakeADataParallelService) {
  std::unique_ptr<CompServ> cs(CS_GPU({1, 1}, 4));
  EXPECT_EQ(cs->lsb, 4);
  EXPECT_THROW(CS_GPU({1}, -1), ValueError);
}

}  // namespace eddl
