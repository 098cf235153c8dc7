// SPDX-License-Identifier: MIT
// Recurrent models on the GPU end to end: an LSTM and a GRU network (the shape of 8_mnist_rnn)
// trained 20 steps on the CPU and on the GPU from the same weights agree within tolerance, and a
// recurrent model now places on CS_GPU. Every test skips with "no CUDA device: <reason>" where
// there is no GPU.
#include <gtest/gtest.h>

#include <functional>
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

constexpr int kSteps = 12;
constexpr int kFeatures = 28;
constexpr int kClasses = 10;
constexpr int kBatch = 16;

// 8_mnist_rnn's shape, smaller: Dense + ReLu on every step, a recurrent layer, Dense + Softmax on
// the last step.
model sequence_model(const std::function<layer(layer)>& recurrent) {
  layer in = Input({kFeatures});
  layer l = ReLu(Dense(in, 32));
  l = recurrent(l);
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

std::vector<std::vector<float>> parameters(model net) {
  std::vector<std::vector<float>> all;
  for (Layer* l : net->layers) {
    for (Tensor* p : getParams(l)) all.push_back(p->to_std());
  }
  return all;
}

Tensor* labels(uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(kBatch) * kClasses, 0.0f);
  const std::vector<float> u = test::random_values(kBatch, seed, 0.0f, static_cast<float>(kClasses));
  for (int i = 0; i < kBatch; ++i) {
    y[static_cast<size_t>(i) * kClasses + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  }
  return new Tensor(y, {kBatch, kClasses});
}

// Same weights on both nets, one moved to GPU 0, 20 identical steps, every parameter compared.
void expect_cpu_gpu_parity(const std::function<layer(layer)>& recurrent, float tolerance) {
  model cpu_net = sequence_model(recurrent);
  model gpu_net = sequence_model(recurrent);
  build(cpu_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  build(gpu_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  for (size_t i = 0; i < cpu_net->layers.size(); ++i) {
    if (!getParams(cpu_net->layers[i]).empty()) copyParam(cpu_net->layers[i], gpu_net->layers[i]);
  }
  toGPU(gpu_net, std::vector<int>{1});
  ASSERT_EQ(gpu_net->dev, DEV_GPU);
  for (int step = 0; step < 20; ++step) {
    Tensor x = test::random_tensor({kBatch, kSteps, kFeatures}, 300 + static_cast<uint64_t>(step));
    Tensor* y = labels(400 + static_cast<uint64_t>(step));
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

TEST(GpuRecurrent, LstmTrainsLikeTheCpuFor20Steps) {
  const std::string why = gpu_absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  expect_cpu_gpu_parity([](layer l) { return LSTM(l, 24); }, 1e-3f);
}

TEST(GpuRecurrent, GruTrainsLikeTheCpuFor20Steps) {
  const std::string why = gpu_absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  expect_cpu_gpu_parity([](layer l) { return GRU(l, 24); }, 1e-3f);
}

TEST(GpuRecurrent, RnnTrainsLikeTheCpuFor20Steps) {
  const std::string why = gpu_absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  expect_cpu_gpu_parity([](layer l) { return RNN(l, 24); }, 1e-3f);
}

TEST(GpuRecurrent, RecurrentModelsBuildOnTheGpu) {
  const std::string why = gpu_absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  model net = sequence_model([](layer l) { return LSTM(l, 8); });
  build(net, adam(0.001f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_GPU({1}));
  EXPECT_NE(net->summary(false).find("GPU:0"), std::string::npos);
  delete net;
}

}  // namespace eddl
