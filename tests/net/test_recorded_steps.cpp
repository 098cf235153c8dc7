// SPDX-License-Identifier: MIT
// Recorded training steps (src/net/step_replay.h), on the CPU where they are exercised by choice:
// a net whose steps are recorded and replayed trains exactly as the same net stepping as it is
// (MLP with momentum SGD, CNN with batch norm and Adam, LSTM with RMSprop, Adamax), with the same
// losses, metrics and counts; a batch of another size, a new learning rate or fit's epochs make it
// record again; dropout is recorded and draws a new mask at every replay; an optimizer with
// host-side schedules (Nadam) or a loss of the user's own are not recorded and say why. On a GPU (skipped without one) recorded steps train like
// steps launched one by one.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "hardware/registry.h"
#include "net/step_replay.h"
#include "support/test_support.h"

namespace eddl {

namespace {

constexpr int kClasses = 5;

model mlp() {
  layer in = Input({6});
  layer l = ReLu(Dense(in, 16));
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

model conv_bn() {
  layer in = Input({1, 8, 8});
  layer l = ReLu(BatchNormalization(Conv(in, 4, {3, 3}), 0.9f));
  l = MaxPool(l, {2, 2});
  return Model({in}, {Softmax(Dense(Flatten(l), kClasses))});
}

model lstm() {
  layer in = Input({6});
  layer l = LSTM(ReLu(Dense(in, 8)), 10);
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

// 1_nlp_sentiment's shape: word indices through an Embedding into an LSTM.
constexpr int kVocabulary = 12;
model embedded_lstm() {
  layer in = Input({1});
  layer l = LSTM(Embedding(in, kVocabulary, 1, 6), 8);
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

Tensor word_indices(int rows, int steps, uint64_t seed) {
  std::vector<float> v = test::random_values(static_cast<int64_t>(rows) * steps, seed, 0.0f,
                                             static_cast<float>(kVocabulary));
  for (float& x : v) x = static_cast<float>(static_cast<int>(x));
  return Tensor(v, {rows, steps, 1});
}

model with_dropout() {
  layer in = Input({6});
  layer l = Dropout(ReLu(Dense(in, 16)), 0.25f);
  return Model({in}, {Softmax(Dense(l, kClasses))});
}

Tensor one_hot(int rows, uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(rows) * kClasses, 0.0f);
  const std::vector<float> u = test::random_values(rows, seed, 0.0f, static_cast<float>(kClasses));
  for (int i = 0; i < rows; ++i) {
    y[static_cast<size_t>(i) * kClasses + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  }
  return Tensor(y, {rows, kClasses});
}

// Two nets with the same weights on `cs_of()`: `recorded` records its steps, `eager` does not.
struct Pair {
  model recorded;
  model eager;
  ~Pair() {
    delete recorded;
    delete eager;
  }
};

void build_pair(Pair& pair, const std::function<model()>& make, const std::function<optimizer()>& opt,
                const std::function<compserv()>& cs_of) {
  pair.recorded = make();
  pair.eager = make();
  for (model net : {pair.recorded, pair.eager}) {
    net->verbosity_level = 0;
    build(net, opt(), {"softmax_cross_entropy"}, {"categorical_accuracy"}, cs_of());
  }
  for (size_t i = 0; i < pair.eager->layers.size(); ++i) {
    if (!pair.eager->layers[i]->params.empty()) copyParam(pair.eager->layers[i], pair.recorded->layers[i]);
  }
  pair.recorded->step_replay->set_enabled(true);
  pair.eager->step_replay->set_enabled(false);
}

// One step of both nets on the same seeded batch of `rows` samples of `sample` shape.
void step_both(Pair& pair, const std::vector<int>& sample, int rows, uint64_t seed) {
  std::vector<int> shape{rows};
  shape.insert(shape.end(), sample.begin(), sample.end());
  Tensor x = test::random_tensor(shape, seed);
  Tensor y = one_hot(rows, seed + 1000);
  pair.recorded->train_batch({&x}, {&y}, {});
  pair.eager->train_batch({&x}, {&y}, {});
}

void expect_same_training(Pair& pair) {
  EXPECT_TRUE(test::all_close(test::all_parameters(*pair.recorded), test::all_parameters(*pair.eager), 0.0f, 0.0f, "parameters"));
  EXPECT_TRUE(test::all_close(pair.recorded->get_losses(), pair.eager->get_losses(), 0.0f, 0.0f, "loss"));
  EXPECT_TRUE(test::all_close(pair.recorded->get_metrics(), pair.eager->get_metrics(), 0.0f, 0.0f, "accuracy"));
  EXPECT_EQ(pair.recorded->inferenced_samples, pair.eager->inferenced_samples);
  EXPECT_EQ(pair.recorded->tr_batches, pair.eager->tr_batches);
}

compserv cpu() { return CS_CPU(2); }

void expect_recorded_like_eager(const std::function<model()>& make, const std::function<optimizer()>& opt,
                                const std::vector<int>& sample, int steps) {
  Pair pair;
  build_pair(pair, make, opt, cpu);
  for (int s = 0; s < steps; ++s) step_both(pair, sample, 8, 50 + static_cast<uint64_t>(s));
  expect_same_training(pair);
  const net::StepReplay& replay = *pair.recorded->step_replay;
  EXPECT_EQ(replay.off_reason(), "");
  EXPECT_EQ(replay.recordings(), 1);
  // The first steps run as they are (they allocate deltas and optimizer state lazily).
  EXPECT_GE(replay.replays(), steps - 3);
}

}  // namespace

TEST(RecordedSteps, MlpWithMomentumSgdTrainsExactlyAsStepByStep) {
  expect_recorded_like_eager(mlp, [] { return sgd(0.1f, 0.9f); }, {6}, 8);
}

TEST(RecordedSteps, ConvBatchNormWithAdamTrainsExactlyAsStepByStep) {
  expect_recorded_like_eager(conv_bn, [] { return adam(0.01f); }, {1, 8, 8}, 8);
}

TEST(RecordedSteps, LstmWithRmspropTrainsExactlyAsStepByStep) {
  expect_recorded_like_eager(lstm, [] { return rmsprop(0.01f); }, {7, 6}, 8);
}

TEST(RecordedSteps, AdamaxTrainsExactlyAsStepByStep) {
  expect_recorded_like_eager(mlp, [] { return adamax(0.01f); }, {6}, 8);
}

// The word indices are checked where the Net feeds them (outside the step), so an Embedding's step
// records; a bad index still fails with the Embedding's message on a replayed step.
TEST(RecordedSteps, EmbeddingStepsRecordAndBadIndicesStillFail) {
  Pair pair;
  build_pair(pair, embedded_lstm, [] { return adam(0.01f); }, cpu);
  for (int s = 0; s < 6; ++s) {
    Tensor x = word_indices(8, 5, 600 + static_cast<uint64_t>(s));
    Tensor y = one_hot(8, 700 + static_cast<uint64_t>(s));
    pair.recorded->train_batch({&x}, {&y}, {});
    pair.eager->train_batch({&x}, {&y}, {});
  }
  expect_same_training(pair);
  EXPECT_EQ(pair.recorded->step_replay->off_reason(), "");
  EXPECT_EQ(pair.recorded->step_replay->recordings(), 1);
  Tensor bad = word_indices(8, 5, 800);
  bad.ptr[17] = static_cast<float>(kVocabulary);
  Tensor y = one_hot(8, 801);
  try {
    pair.recorded->train_batch({&bad}, {&y}, {});
    ADD_FAILURE() << "an index equal to the vocabulary size was accepted";
  } catch (const ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("word indices must lie in [0, 12)"), std::string::npos) << e.what();
  }
}

TEST(RecordedSteps, ABatchOfAnotherSizeOrANewLearningRateRecordsAgain) {
  Pair pair;
  build_pair(pair, mlp, [] { return adam(0.01f); }, cpu);
  for (int s = 0; s < 5; ++s) step_both(pair, {6}, 8, 10 + static_cast<uint64_t>(s));
  step_both(pair, {6}, 3, 20);  // fit's last partial batch
  for (int s = 0; s < 5; ++s) step_both(pair, {6}, 8, 30 + static_cast<uint64_t>(s));
  expect_same_training(pair);
  EXPECT_EQ(pair.recorded->step_replay->recordings(), 2);
  setlr(pair.recorded, {0.002f});
  setlr(pair.eager, {0.002f});
  for (int s = 0; s < 5; ++s) step_both(pair, {6}, 8, 40 + static_cast<uint64_t>(s));
  expect_same_training(pair);
  EXPECT_EQ(pair.recorded->step_replay->recordings(), 3);
}

TEST(RecordedSteps, FitOverSeveralEpochsTrainsExactlyAsStepByStep) {
  Pair pair;
  build_pair(pair, mlp, [] { return sgd(0.05f, 0.9f); }, cpu);
  Tensor x = test::random_tensor({53, 6}, 5);  // 6 batches of 8 and one of 5 per epoch
  Tensor y = one_hot(53, 6);
  fit(pair.recorded, {&x}, {&y}, 8, 3);
  fit(pair.eager, {&x}, {&y}, 8, 3);
  expect_same_training(pair);
  EXPECT_EQ(pair.recorded->step_replay->recordings(), 3);  // once per epoch, after the partial batch
}

TEST(RecordedSteps, EvaluationStepsAreRecordedAndScoreExactlyAsStepByStep) {
  Pair pair;
  build_pair(pair, conv_bn, [] { return adam(0.01f); }, cpu);
  pair.recorded->eval_replay->set_enabled(true);
  pair.eager->eval_replay->set_enabled(false);
  for (int s = 0; s < 4; ++s) step_both(pair, {1, 8, 8}, 8, 150 + static_cast<uint64_t>(s));
  Tensor x = test::random_tensor({44, 1, 8, 8}, 160);  // 5 batches of 8 and one of 4
  Tensor y = one_hot(44, 161);
  for (int round = 0; round < 2; ++round) {
    evaluate(pair.recorded, {&x}, {&y}, 8);
    evaluate(pair.eager, {&x}, {&y}, 8);
    expect_same_training(pair);
  }
  const net::StepReplay& replay = *pair.recorded->eval_replay;
  EXPECT_EQ(replay.off_reason(), "");
  EXPECT_GE(replay.recordings(), 1);
  EXPECT_GE(replay.replays(), 6);
}

TEST(RecordedSteps, PredictChunksAreRecordedAndPredictExactlyAsStepByStep) {
  Pair pair;
  build_pair(pair, conv_bn, [] { return sgd(0.05f, 0.9f); }, cpu);
  pair.recorded->predict_replay->set_enabled(true);
  pair.eager->predict_replay->set_enabled(false);
  for (int s = 0; s < 3; ++s) step_both(pair, {1, 8, 8}, 8, 170 + static_cast<uint64_t>(s));
  Tensor x = test::random_tensor({44, 1, 8, 8}, 180);  // chunks of the batch size 8, the last of 4
  for (int round = 0; round < 2; ++round) {
    vtensor got = predict(pair.recorded, {&x});
    vtensor expected = predict(pair.eager, {&x});
    EXPECT_TRUE(test::all_close(*got[0], expected[0]->to_std(), 0.0f, 0.0f, "predictions"));
    for (Tensor* t : got) delete t;
    for (Tensor* t : expected) delete t;
  }
  EXPECT_EQ(pair.recorded->predict_replay->off_reason(), "");
  EXPECT_GE(pair.recorded->predict_replay->recordings(), 1);
  EXPECT_GE(pair.recorded->predict_replay->replays(), 6);
}

TEST(RecordedSteps, DropoutIsRecordedAndDrawsANewMaskAtEveryReplay) {
  model net = with_dropout();
  net->verbosity_level = 0;
  build(net, sgd(0.1f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  net->step_replay->set_enabled(true);
  auto* dropout = dynamic_cast<LDropout*>(net->layers[3]);
  ASSERT_NE(dropout, nullptr) << net->layers[3]->name;
  std::vector<std::vector<float>> masks;
  for (int s = 0; s < 7; ++s) {
    Tensor x = test::random_tensor({32, 6}, 60 + static_cast<uint64_t>(s));
    Tensor y = one_hot(32, 70 + static_cast<uint64_t>(s));
    net->train_batch({&x}, {&y}, {});
    masks.push_back(dropout->mask->to_std());
  }
  EXPECT_EQ(net->step_replay->off_reason(), "");
  EXPECT_EQ(net->step_replay->recordings(), 1);
  EXPECT_GE(net->step_replay->replays(), 4);
  for (size_t s = 1; s < masks.size(); ++s) {
    EXPECT_NE(masks[s], masks[s - 1]) << "step " << s;
    double kept = 0.0;
    for (float v : masks[s]) kept += v;
    EXPECT_NEAR(kept / static_cast<double>(masks[s].size()), 0.75, 0.08) << "step " << s;
  }
  // The count moved once per recorded draw: the recording's own run and each replay.
  EXPECT_EQ(dropout->draws->to_std()[0], static_cast<float>(1 + net->step_replay->replays()));
  delete net;
}

TEST(RecordedSteps, NadamSchedulesOnTheHostSoItsStepsAreNotRecorded) {
  Pair pair;
  build_pair(pair, mlp, [] { return nadam(0.01f); }, cpu);
  for (int s = 0; s < 5; ++s) step_both(pair, {6}, 8, 90 + static_cast<uint64_t>(s));
  expect_same_training(pair);
  EXPECT_EQ(pair.recorded->step_replay->recordings(), 0);
  EXPECT_NE(pair.recorded->step_replay->off_reason().find("nadam"), std::string::npos)
      << pair.recorded->step_replay->off_reason();
}

// A loss of the user's own may compute on the host (a Python loss reads numpy arrays), which a
// replay would skip: such nets step as they are, and say why.
class HostSideSquaredError : public LMeanSquaredError {
 public:
  void delta(Tensor* T, Tensor* Y, Tensor* D) override {
    ++calls;
    LMeanSquaredError::delta(T, Y, D);
  }
  int calls = 0;
};

TEST(RecordedSteps, ALossOfTheUsersOwnIsNotRecorded) {
  EXPECT_TRUE(LMeanSquaredError().replayable());
  EXPECT_TRUE(MCategoricalAccuracy().replayable());
  EXPECT_FALSE(HostSideSquaredError().replayable());
  model net = mlp();
  net->verbosity_level = 0;
  auto* loss = new HostSideSquaredError();
  net->build(sgd(0.1f), {loss}, {new MCategoricalAccuracy()}, CS_CPU(2));
  net->step_replay->set_enabled(true);
  for (int s = 0; s < 5; ++s) {
    Tensor x = test::random_tensor({8, 6}, 400 + static_cast<uint64_t>(s));
    Tensor y = one_hot(8, 500 + static_cast<uint64_t>(s));
    net->train_batch({&x}, {&y}, {});
  }
  EXPECT_EQ(loss->calls, 5);
  EXPECT_EQ(net->step_replay->recordings(), 0);
  EXPECT_NE(net->step_replay->off_reason().find("mean_squared_error"), std::string::npos)
      << net->step_replay->off_reason();
  delete net;
}

TEST(RecordedSteps, OnTheGpuRecordedStepsTrainLikeStepsLaunchedOneByOne) {
  if (!hw::is_compiled(hw::DeviceKind::gpu)) GTEST_SKIP() << "no CUDA device: this eddl was built without CUDA";
  const std::string why = hw::backend_for(hw::Device{hw::DeviceKind::gpu, 0}).absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  for (const auto& make : std::vector<std::function<model()>>{mlp, conv_bn}) {
    Pair pair;
    build_pair(pair, make, [] { return adam(0.01f); }, [] { return CS_GPU({1}); });
    const std::vector<int> sample = pair.eager->lin[0]->getShape();
    for (int s = 0; s < 10; ++s) step_both(pair, sample, 16, 300 + static_cast<uint64_t>(s));
    // The same kernels, launched from a graph instead of one by one: equal up to atomics' order.
    EXPECT_TRUE(test::all_close(test::all_parameters(*pair.recorded), test::all_parameters(*pair.eager), 1e-5f, 1e-6f, "params"));
    EXPECT_EQ(pair.recorded->step_replay->off_reason(), "");
    EXPECT_EQ(pair.recorded->step_replay->recordings(), 1);
  }
}

}  // namespace eddl
