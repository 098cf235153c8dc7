// SPDX-License-Identifier: MIT
// Data-parallel replicas (src/net/replicas.h) on the CPU: with plain SGD and one sync per batch,
// averaging k replicas that each stepped on an equal slice is one step on the whole batch; with
// lsb = 2 the replicas drift apart for a batch and meet at the mean of independent runs; the last
// replica takes the remainder; losses and metrics are summed over the replicas.
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "hardware/registry.h"
#include "net/replicas.h"
#include "tensor/dispatch.h"
#include "support/test_support.h"

namespace eddl {

namespace {

constexpr int kFeatures = 6;
constexpr int kClasses = 4;

model small_mlp() {
  layer in = Input({kFeatures});
  layer l = ReLu(Dense(in, 12));
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

// A built net with the same weights as `source` (or its own initial ones when null).
model built_mlp(optimizer opt, model source = nullptr) {
  model net = small_mlp();
  net->verbosity_level = 0;
  build(net, opt, {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  if (source != nullptr) {
    for (size_t i = 0; i < net->layers.size(); ++i) {
      if (!net->layers[i]->params.empty()) copyParam(source->layers[i], net->layers[i]);
    }
  }
  return net;
}

struct Batch {
  Tensor x;
  Tensor y;
};

Batch batch_of(int rows, uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(rows) * kClasses, 0.0f);
  const std::vector<float> u = test::random_values(rows, seed + 1, 0.0f, static_cast<float>(kClasses));
  for (int i = 0; i < rows; ++i) y[static_cast<size_t>(i) * kClasses + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  return Batch{test::random_tensor({rows, kFeatures}, seed), Tensor(y, {rows, kClasses})};
}

vind range(int begin, int end) {
  vind rows(static_cast<size_t>(end - begin));
  std::iota(rows.begin(), rows.end(), begin);
  return rows;
}

// The mean, element by element, of several parameter vectors.
std::vector<float> mean_of(const std::vector<std::vector<float>>& all) {
  std::vector<double> sum(all[0].size(), 0.0);
  for (const auto& v : all) {
    for (size_t i = 0; i < v.size(); ++i) sum[i] += v[i];
  }
  std::vector<float> mean(sum.size());
  for (size_t i = 0; i < sum.size(); ++i) mean[i] = static_cast<float>(sum[i] / static_cast<double>(all.size()));
  return mean;
}

void expect_one_step_on_the_whole_batch(int replicas, int rows) {
  model data_parallel = built_mlp(sgd(0.2f, 0.0f));
  model whole = built_mlp(sgd(0.2f, 0.0f), data_parallel);
  net::use_replicas(*data_parallel, small_mlp, std::vector<int>(static_cast<size_t>(replicas), DEV_CPU), 1);
  for (int step = 0; step < 4; ++step) {
    Batch b = batch_of(rows, 10 + static_cast<uint64_t>(step));
    data_parallel->train_batch({&b.x}, {&b.y}, {});
    whole->train_batch({&b.x}, {&b.y}, {});
  }
  EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), test::all_parameters(*whole), 1e-5f, 1e-6f, "parameters"));
  EXPECT_EQ(data_parallel->inferenced_samples, whole->inferenced_samples);
  EXPECT_TRUE(test::all_close(data_parallel->get_losses(), whole->get_losses(), 1e-5f, 1e-6f, "loss"));
  EXPECT_TRUE(test::all_close(data_parallel->get_metrics(), whole->get_metrics(), 1e-6f, 1e-6f, "accuracy"));
  EXPECT_EQ(data_parallel->tr_batches, 4);
  delete data_parallel;
  delete whole;
}

}  // namespace

TEST(Replicas, TwoEqualSlicesWithPlainSgdAreOneStepOnTheWholeBatch) { expect_one_step_on_the_whole_batch(2, 8); }

TEST(Replicas, ThreeEqualSlicesWithPlainSgdAreOneStepOnTheWholeBatch) { expect_one_step_on_the_whole_batch(3, 9); }

// setlr on the coordinator reaches each replica's own optimizer: trained after the change, the
// replicas give one step on the whole batch at the new rate (plain SGD, lsb 1, equal slices).
// Replicas keep their scores on their devices: between averages a data-parallel step reads
// nothing back, and get_losses then reads the replicas' sums.
TEST(Replicas, StepsBetweenAveragesReadNothingBack) {
  model data_parallel = built_mlp(sgd(0.2f, 0.0f));
  net::use_replicas(*data_parallel, small_mlp, {DEV_CPU, DEV_CPU}, 10);
  const uint64_t reads_before = host_read_count();
  for (int step = 0; step < 3; ++step) {
    Batch b = batch_of(8, 30 + static_cast<uint64_t>(step));
    data_parallel->train_batch({&b.x}, {&b.y}, {});
  }
  EXPECT_EQ(host_read_count(), reads_before);
  EXPECT_EQ(data_parallel->inferenced_samples, 24);
  EXPECT_GT(data_parallel->get_losses()[0], 0.0f);
  EXPECT_GT(host_read_count(), reads_before);
  delete data_parallel;
}

TEST(Replicas, SetlrReachesEveryReplicasOptimizer) {
  model data_parallel = built_mlp(sgd(0.2f, 0.0f));
  model whole = built_mlp(sgd(0.05f, 0.0f), data_parallel);
  net::use_replicas(*data_parallel, small_mlp, {DEV_CPU, DEV_CPU}, 1);
  Batch first = batch_of(8, 80);
  data_parallel->train_batch({&first.x}, {&first.y}, {});  // one step at lr 0.2 before the change
  for (size_t i = 0; i < whole->layers.size(); ++i) {
    if (!whole->layers[i]->params.empty()) copyParam(data_parallel->layers[i], whole->layers[i]);
  }

  setlr(data_parallel, {0.05f});
  EXPECT_EQ(data_parallel->optimizer->get_lr(), 0.05f);
  for (Net* replica : data_parallel->replicas->nets()) EXPECT_EQ(replica->optimizer->get_lr(), 0.05f) << replica->name;
  for (int step = 0; step < 3; ++step) {
    Batch b = batch_of(8, 90 + static_cast<uint64_t>(step));
    data_parallel->train_batch({&b.x}, {&b.y}, {});
    whole->train_batch({&b.x}, {&b.y}, {});
  }
  EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), test::all_parameters(*whole), 1e-5f, 1e-6f, "parameters"));
  delete data_parallel;
  delete whole;
}

TEST(Replicas, SplitGivesTheRemainderToTheLastReplica) {
  const std::vector<vind> slices = net::Replicas::split(range(0, 10), 3);
  ASSERT_EQ(slices.size(), 3u);
  EXPECT_EQ(slices[0], range(0, 3));
  EXPECT_EQ(slices[1], range(3, 6));
  EXPECT_EQ(slices[2], range(6, 10));
  // Fewer rows than replicas: the first ones get nothing, the last all.
  const std::vector<vind> few = net::Replicas::split(range(0, 2), 3);
  EXPECT_TRUE(few[0].empty() && few[1].empty());
  EXPECT_EQ(few[2], range(0, 2));
}

// Unequal slices: the result is the mean of three independent steps on rows 0-2, 3-5 and 6-9.
TEST(Replicas, UnequalSlicesAverageIndependentStepsOnEachSlice) {
  model data_parallel = built_mlp(sgd(0.2f, 0.0f));
  std::vector<model> independent;
  for (int r = 0; r < 3; ++r) independent.push_back(built_mlp(sgd(0.2f, 0.0f), data_parallel));
  net::use_replicas(*data_parallel, small_mlp, {DEV_CPU, DEV_CPU, DEV_CPU}, 1);
  Batch b = batch_of(10, 40);
  data_parallel->train_batch({&b.x}, {&b.y}, {});
  const vind slices[] = {range(0, 3), range(3, 6), range(6, 10)};
  std::vector<std::vector<float>> stepped;
  for (int r = 0; r < 3; ++r) {
    independent[static_cast<size_t>(r)]->train_batch({&b.x}, {&b.y}, slices[r]);
    stepped.push_back(test::all_parameters(*independent[static_cast<size_t>(r)]));
  }
  EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), mean_of(stepped), 1e-5f, 1e-6f, "parameters"));
  EXPECT_EQ(data_parallel->inferenced_samples, 10);
  delete data_parallel;
  for (model m : independent) delete m;
}

// lsb = 2, SGD with momentum (state per replica): after one batch the coordinator is unchanged and
// the replicas differ; after the second all of them hold the mean of two independent two-step runs.
TEST(Replicas, SyncEveryTwoBatchesAveragesIndependentRuns) {
  model data_parallel = built_mlp(sgd(0.1f, 0.9f));
  const std::vector<float> initial = test::all_parameters(*data_parallel);
  model first = built_mlp(sgd(0.1f, 0.9f), data_parallel);
  model second = built_mlp(sgd(0.1f, 0.9f), data_parallel);
  net::use_replicas(*data_parallel, small_mlp, {DEV_CPU, DEV_CPU}, 2);
  const auto& replica_nets = data_parallel->replicas->nets();
  Batch b1 = batch_of(8, 50), b2 = batch_of(8, 60);

  data_parallel->train_batch({&b1.x}, {&b1.y}, {});
  EXPECT_EQ(test::all_parameters(*data_parallel), initial);
  EXPECT_NE(test::all_parameters(*replica_nets[0]), test::all_parameters(*replica_nets[1]));

  data_parallel->train_batch({&b2.x}, {&b2.y}, {});
  for (Batch* b : {&b1, &b2}) {
    first->train_batch({&b->x}, {&b->y}, range(0, 4));
    second->train_batch({&b->x}, {&b->y}, range(4, 8));
  }
  const std::vector<float> expected = mean_of({test::all_parameters(*first), test::all_parameters(*second)});
  EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), expected, 1e-5f, 1e-6f, "coordinator"));
  EXPECT_EQ(test::all_parameters(*replica_nets[0]), test::all_parameters(*data_parallel));
  EXPECT_EQ(test::all_parameters(*replica_nets[1]), test::all_parameters(*data_parallel));
  delete data_parallel;
  delete first;
  delete second;
}

// Between averages the coordinator lags the replicas; evaluate and predict first bring it up to the
// replicas' mean, so that they never score parameters up to lsb - 1 batches old.
TEST(Replicas, EvaluateAndPredictCatchUpWithTheReplicas) {
  for (int use : {0, 1}) {
    model data_parallel = built_mlp(sgd(0.1f, 0.9f));
    net::use_replicas(*data_parallel, small_mlp, {DEV_CPU, DEV_CPU}, 4);
    const auto& replica_nets = data_parallel->replicas->nets();
    Batch b = batch_of(8, 70);
    data_parallel->train_batch({&b.x}, {&b.y}, {});
    const std::vector<float> mean =
        mean_of({test::all_parameters(*replica_nets[0]), test::all_parameters(*replica_nets[1])});
    if (use == 0) {
      evaluate(data_parallel, {&b.x}, {&b.y});
    } else {
      for (Tensor* t : predict(data_parallel, {&b.x})) delete t;
    }
    EXPECT_TRUE(test::all_close(test::all_parameters(*data_parallel), mean, 1e-6f, 1e-7f, "coordinator"));
    EXPECT_EQ(test::all_parameters(*replica_nets[0]), test::all_parameters(*data_parallel));
    delete data_parallel;
  }
}

TEST(Replicas, FitRunsOnTheReplicasAndMovingTheNetKeepsTheAverage) {
  model net = built_mlp(sgd(0.1f, 0.0f));
  net::use_replicas(*net, small_mlp, {DEV_CPU, DEV_CPU}, 3);
  Batch data = batch_of(20, 70);
  fit(net, {&data.x}, {&data.y}, 6, 1);  // 4 batches: averaged after the third, not yet the fourth
  EXPECT_EQ(net->inferenced_samples, 20);
  EXPECT_EQ(net->tr_batches, 4);
  const std::vector<float> mean = mean_of({test::all_parameters(*net->replicas->nets()[0]), test::all_parameters(*net->replicas->nets()[1])});
  toCPU(net);  // set_compserv: one last average into this net, then the replicas go
  EXPECT_EQ(net->replicas, nullptr);
  EXPECT_TRUE(test::all_close(test::all_parameters(*net), mean, 1e-6f, 1e-7f, "after toCPU"));
  delete net;
}

TEST(Replicas, AFactoryWithAnotherArchitectureIsAnError) {
  model net = built_mlp(sgd(0.1f));
  const auto wider = [] {
    layer in = Input({kFeatures});
    return Model({in}, {Softmax(Dense(ReLu(Dense(in, 13)), kClasses))});
  };
  EXPECT_THROW(net::use_replicas(*net, wider, {DEV_CPU, DEV_CPU}, 1), ValueError);
  EXPECT_EQ(net->replicas, nullptr);
  EXPECT_THROW(net::use_replicas(*net, small_mlp, {DEV_CPU}, 0), ValueError);
  delete net;
}

// The threaded path (on by default only for distinct GPUs) on CPU replicas: the same parameters as
// in turn, bit for bit (each replica's work is independent), and a replica's error reaches the caller.
TEST(Replicas, SideBySideThreadsGiveTheSameResultAsInTurn) {
  model in_turn = built_mlp(sgd(0.1f, 0.9f));
  model threaded = built_mlp(sgd(0.1f, 0.9f), in_turn);
  net::use_replicas(*in_turn, small_mlp, {DEV_CPU, DEV_CPU, DEV_CPU}, 2);
  net::use_replicas(*threaded, small_mlp, {DEV_CPU, DEV_CPU, DEV_CPU}, 2);
  EXPECT_FALSE(in_turn->replicas->side_by_side());
  threaded->replicas->set_side_by_side(true);
  for (int step = 0; step < 5; ++step) {
    Batch b = batch_of(11, 90 + static_cast<uint64_t>(step));
    in_turn->train_batch({&b.x}, {&b.y}, {});
    threaded->train_batch({&b.x}, {&b.y}, {});
  }
  EXPECT_EQ(test::all_parameters(*threaded), test::all_parameters(*in_turn));
  EXPECT_EQ(threaded->get_losses(), in_turn->get_losses());
  Tensor wrong = test::random_tensor({11, kFeatures + 1}, 5);
  Batch b = batch_of(11, 99);
  EXPECT_THROW(threaded->replicas->train_batch({&wrong}, {&b.y}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), ValueError);
  delete in_turn;
  delete threaded;
}

// Several GPUs in a computing service (replicas made by cloning): tests/net/test_model_clone.cpp.

// Where GPUs exist: replicas on GPU 0 and 1 (GPU 0 twice on a one-GPU machine, run in turn) train
// like the same replicas on the CPU. Skips with the reason elsewhere.
TEST(Replicas, GpuReplicasTrainLikeCpuReplicas) {
  if (!hw::is_compiled(hw::DeviceKind::gpu)) GTEST_SKIP() << "no CUDA device: this eddl was built without CUDA";
  hw::Backend& gpu = hw::backend_for(hw::Device{hw::DeviceKind::gpu, 0});
  if (gpu.device_count() == 0) GTEST_SKIP() << gpu.absent_reason();
  const std::vector<int> gpus = gpu.device_count() >= 2 ? std::vector<int>{DEV_GPU, DEV_GPU + 1}
                                                        : std::vector<int>{DEV_GPU, DEV_GPU};
  model on_gpus = built_mlp(sgd(0.1f, 0.9f));
  model on_cpu = built_mlp(sgd(0.1f, 0.9f), on_gpus);
  net::use_replicas(*on_gpus, small_mlp, gpus, 2);
  net::use_replicas(*on_cpu, small_mlp, {DEV_CPU, DEV_CPU}, 2);
  for (int step = 0; step < 10; ++step) {
    Batch b = batch_of(16, 80 + static_cast<uint64_t>(step));
    on_gpus->train_batch({&b.x}, {&b.y}, {});
    on_cpu->train_batch({&b.x}, {&b.y}, {});
  }
  EXPECT_TRUE(test::all_close(test::all_parameters(*on_gpus), test::all_parameters(*on_cpu), 1e-4f, 1e-5f, "parameters"));
  EXPECT_TRUE(test::all_close(on_gpus->get_losses(), on_cpu->get_losses(), 1e-4f, 1e-5f, "loss"));
  delete on_gpus;
  delete on_cpu;
}

}  // namespace eddl
