// SPDX-License-Identifier: MIT
// Model cloning (src/net/model_clone.h) and what it enables: clone_model of an MLP, a CNN with
// batch normalisation and recurrent models predicts and trains exactly like the original; replicas
// made by clone_factory reproduce the data-parallel equivalence of test_replicas.cpp (equal slices,
// plain SGD, lsb 1: one step on the whole batch); and a computing service with several GPUs goes
// through clones, so where no GPU exists it fails for that reason, not with a refusal.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "hardware/registry.h"
#include "net/model_clone.h"
#include "net/replicas.h"
#include "support/test_support.h"

namespace eddl {

namespace {

constexpr int kClasses = 4;

model mlp() {
  layer in = Input({6});
  layer l = ReLu(Dense(in, 12));
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

model cnn(bool batch_norm) {
  layer in = Input({1, 8, 8});
  layer l = Conv(in, 4, {3, 3});
  if (batch_norm) l = BatchNormalization(l, 0.9f);
  l = MaxPool(ReLu(l), {2, 2});
  return Model({in}, {Softmax(Dense(Flatten(l), kClasses))});
}

model lstm_bidirectional() {
  layer in = Input({3});
  layer l = LSTM(in, 5, false, true);
  l = GRU(l, 4);
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

struct Data {
  std::unique_ptr<Tensor> x;
  std::unique_ptr<Tensor> y;
};

// `rows` samples of `sample_shape` with one-hot labels.
Data data_of(const std::vector<int>& sample_shape, int rows, uint64_t seed) {
  std::vector<int> shape{rows};
  shape.insert(shape.end(), sample_shape.begin(), sample_shape.end());
  Data d;
  d.x = std::make_unique<Tensor>(test::random_tensor(shape, seed));
  std::vector<float> y(static_cast<size_t>(rows) * kClasses, 0.0f);
  const std::vector<float> u = test::random_values(rows, seed + 1, 0.0f, static_cast<float>(kClasses));
  for (int i = 0; i < rows; ++i) y[static_cast<size_t>(i) * kClasses + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  d.y = std::make_unique<Tensor>(y, std::vector<int>{rows, kClasses});
  return d;
}

model built(model net, optimizer opt) {
  net->verbosity_level = 0;
  build(net, opt, {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(1));
  return net;
}

std::vector<float> prediction(model net, Tensor* x) {
  std::vector<Tensor*> out = predict(net, {x});
  std::vector<float> v = out[0]->to_std();
  for (Tensor* t : out) delete t;
  return v;
}

// The original trains a few steps (so optimizer state and running statistics are not initial),
// then is cloned: the clone predicts the same, and both train on from there identically.
void expect_clone_predicts_and_trains_like(model net, optimizer opt, const std::vector<int>& sample_shape) {
  built(net, opt);
  Data train = data_of(sample_shape, 8, 11);
  for (int step = 0; step < 3; ++step) net->train_batch({train.x.get()}, {train.y.get()}, {});
  std::unique_ptr<Net> copy(net::clone_model(*net, DEV_CPU));
  EXPECT_EQ(copy->name, net->name);
  EXPECT_EQ(test::all_parameters(*copy), test::all_parameters(*net));
  Data test_data = data_of(sample_shape, 5, 21);
  EXPECT_EQ(prediction(copy.get(), test_data.x.get()), prediction(net, test_data.x.get()));
  // The optimizer clone starts afresh (as EDDL's replicas do); so does a rebuilt original's.
  net->optimizer->setlayers(net->layers);
  for (int step = 0; step < 2; ++step) {
    net->train_batch({train.x.get()}, {train.y.get()}, {});
    copy->train_batch({train.x.get()}, {train.y.get()}, {});
  }
  EXPECT_EQ(test::all_parameters(*copy), test::all_parameters(*net));
  EXPECT_EQ(prediction(copy.get(), test_data.x.get()), prediction(net, test_data.x.get()));
  delete net;
}

// The message of the error that building `net` on `cs` throws.
std::string build_error(model net, CompServ* cs) {
  net->verbosity_level = 0;
  try {
    build(net, sgd(), {"softmax_cross_entropy"}, {"categorical_accuracy"}, cs);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(ModelClone, MlpPredictsAndTrainsLikeTheOriginal) {
  expect_clone_predicts_and_trains_like(mlp(), sgd(0.1f, 0.9f), {6});
}

TEST(ModelClone, CnnWithBatchNormPredictsAndTrainsLikeTheOriginal) {
  expect_clone_predicts_and_trains_like(cnn(true), adam(0.01f), {1, 8, 8});
}

TEST(ModelClone, BidirectionalLstmAndGruPredictAndTrainLikeTheOriginal) {
  expect_clone_predicts_and_trains_like(lstm_bidirectional(), rmsprop(0.01f), {7, 3});
}

TEST(ModelClone, AnUnbuiltModelIsAnError) {
  model net = mlp();
  EXPECT_THROW(net::clone_model(*net, DEV_CPU), ValueError);
  // The graph alone can be cloned; it keeps the order of the layers.
  std::unique_ptr<Net> graph(net::clone_graph(*net, DEV_CPU));
  ASSERT_EQ(graph->layers.size(), net->layers.size());
  for (size_t i = 0; i < net->layers.size(); ++i) EXPECT_EQ(graph->layers[i]->name, net->layers[i]->name);
  EXPECT_FALSE(graph->isbuild);
  delete net;
}

// test_replicas.cpp's equivalence with replicas made by cloning instead of by the model's code.
TEST(ModelClone, ClonedReplicasWithEqualSlicesAndPlainSgdAreOneStepOnTheWholeBatch) {
  for (int replicas : {2, 3}) {
    for (bool convolutional : {false, true}) {
      SCOPED_TRACE(std::to_string(replicas) + (convolutional ? " CNN replicas" : " MLP replicas"));
      const std::vector<int> sample = convolutional ? std::vector<int>{1, 8, 8} : std::vector<int>{6};
      model data_parallel = built(convolutional ? cnn(false) : mlp(), sgd(0.2f, 0.0f));
      std::unique_ptr<Net> whole(net::clone_model(*data_parallel, DEV_CPU));
      net::use_replicas(*data_parallel, net::clone_factory(*data_parallel),
                        std::vector<int>(static_cast<size_t>(replicas), DEV_CPU), 1);
      for (int step = 0; step < 4; ++step) {
        Data b = data_of(sample, 6 * replicas, 30 + static_cast<uint64_t>(step));
        data_parallel->train_batch({b.x.get()}, {b.y.get()}, {});
        whole->train_batch({b.x.get()}, {b.y.get()}, {});
      }
      EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), test::all_parameters(*whole), 1e-5f, 1e-6f, "parameters"));
      EXPECT_EQ(data_parallel->inferenced_samples, whole->inferenced_samples);
      EXPECT_TRUE(test::all_close(data_parallel->get_losses(), whole->get_losses(), 1e-5f, 1e-6f, "loss"));
      for (Net* r : data_parallel->replicas->nets()) EXPECT_EQ(test::all_parameters(*r), test::all_parameters(*data_parallel));
      delete data_parallel;
    }
  }
}

// Several GPUs in a computing service: the model is built on the CPU and replicated by cloning
// onto each GPU. Without GPUs that fails because there are none (the same reason one GPU gives),
// no longer with "not implemented".
TEST(ModelClone, SeveralGpusWithoutGpusFailForLackOfAGpu) {
  if (hw::is_compiled(hw::DeviceKind::gpu) &&
      hw::backend_for(hw::Device{hw::DeviceKind::gpu, 0}).device_count() >= 2) {
    GTEST_SKIP() << "this machine has two GPUs";
  }
  model one = mlp();
  const std::string one_gpu = build_error(one, CS_GPU({1}));
  model two = mlp();
  const std::string two_gpus = build_error(two, CS_GPU({1, 1}, 2));
  EXPECT_FALSE(one_gpu.empty());
  EXPECT_EQ(two_gpus.find("not implemented"), std::string::npos) << two_gpus;
  // The first replica's build meets the missing GPU as the single-GPU build does.
  std::string two_as_one = two_gpus;
  const size_t replica = two_as_one.find(two->name + "_replica0");
  if (replica != std::string::npos) two_as_one.replace(replica, two->name.size() + 9, two->name);
  EXPECT_EQ(two_as_one, one_gpu);
  // toGPU onto two GPUs goes the same way: the model stays usable on the CPU.
  model moved = built(mlp(), sgd());
  EXPECT_THROW(toGPU(moved, {1, 1}, 1), Error);
  EXPECT_EQ(moved->replicas, nullptr);
  EXPECT_EQ(moved->dev, DEV_CPU);
  // So does a service with several GPUs handed to set_compserv directly.
  EXPECT_THROW(moved->set_compserv(new CompServ(1, {1, 1}, {}, 1, 0)), Error);
  EXPECT_EQ(moved->replicas, nullptr);
  EXPECT_EQ(moved->dev, DEV_CPU);
  delete moved;
  delete one;
  delete two;
}

// Where two GPUs exist: CS_GPU({1, 1}) trains like cloned replicas on the CPU. Skips elsewhere.
TEST(ModelClone, TwoGpusTrainLikeTwoCpuReplicas) {
  if (!hw::is_compiled(hw::DeviceKind::gpu)) GTEST_SKIP() << "no CUDA device: this eddl was built without CUDA";
  hw::Backend& gpu = hw::backend_for(hw::Device{hw::DeviceKind::gpu, 0});
  if (gpu.device_count() < 2) GTEST_SKIP() << "needs two GPUs, found " << gpu.device_count();
  model on_gpus = mlp();
  on_gpus->verbosity_level = 0;
  build(on_gpus, sgd(0.1f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_GPU({1, 1}, 2));
  ASSERT_NE(on_gpus->replicas, nullptr);
  std::unique_ptr<Net> on_cpu(net::clone_model(*on_gpus, DEV_CPU));
  net::use_replicas(*on_cpu, net::clone_factory(*on_cpu), {DEV_CPU, DEV_CPU}, 2);
  for (int step = 0; step < 6; ++step) {
    Data b = data_of({6}, 16, 80 + static_cast<uint64_t>(step));
    on_gpus->train_batch({b.x.get()}, {b.y.get()}, {});
    on_cpu->train_batch({b.x.get()}, {b.y.get()}, {});
  }
  EXPECT_TRUE(test::all_close(test::all_parameters(*on_gpus), test::all_parameters(*on_cpu), 1e-4f, 1e-5f, "parameters"));
  delete on_gpus;
}

}  // namespace eddl
