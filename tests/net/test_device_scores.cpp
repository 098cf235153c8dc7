// SPDX-License-Identifier: MIT
// The Net sums losses and metrics on the device (Loss::add_value): a training step reads nothing
// back to the host, so on a GPU it never waits for the device; get_losses/get_metrics read the sums
// once on request. On the CPU the reads are memcpy, but the count of them is what a GPU would wait on.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

#include "eddl/apis/eddl.h"
#include "support/test_support.h"
#include "tensor/dispatch.h"

namespace eddl {
namespace {

model small_mlp() {
  layer in = Input({8});
  layer out = Softmax(Dense(ReLu(Dense(in, 8)), 2));
  model net = Model({in}, {out});
  build(net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  net->verbosity_level = 0;
  return net;
}

/// Batch `b` of 4 samples: random features, one-hot targets alternating between the classes.
void batch(int b, Tensor** x, Tensor** y) {
  *x = new Tensor(test::random_values(4 * 8, 100 + static_cast<uint64_t>(b), -1.0f, 1.0f), {4, 8});
  std::vector<float> targets(8, 0.0f);
  for (int i = 0; i < 4; ++i) targets[static_cast<size_t>(i * 2 + (i + b) % 2)] = 1.0f;
  *y = new Tensor(targets, {4, 2});
}

TEST(DeviceScores, TrainBatchReadsNothingBackAndGetLossesReadsTheMeanOnce) {
  model net = small_mlp();
  std::unique_ptr<Loss> loss(make_loss("softmax_cross_entropy"));
  std::unique_ptr<Metric> metric(make_metric("categorical_accuracy"));
  net->reset_loss();
  double loss_sum = 0.0, metric_sum = 0.0;
  for (int b = 0; b < 3; ++b) {
    Tensor *x, *y;
    batch(b, &x, &y);
    // The batch's scores computed independently, from the outputs train_batch's forward will give
    // (no dropout or normalisation: the same weights give the same outputs).
    net->forward({x});
    loss_sum += loss->value(y, net->lout[0]->output);
    metric_sum += metric->value(y, net->lout[0]->output);

    const uint64_t reads_before = host_read_count();
    net->train_batch({x}, {y}, {});
    EXPECT_EQ(host_read_count(), reads_before) << "train_batch " << b << " read tensor data back to the host";
    delete x;
    delete y;
  }
  ASSERT_EQ(net->inferenced_samples, 12);

  const uint64_t reads_before = host_read_count();
  const std::vector<float> losses = net->get_losses();
  EXPECT_GT(host_read_count(), reads_before) << "get_losses must read the device sums";
  ASSERT_EQ(losses.size(), 1u);
  const double expected_loss = loss_sum / 12.0;
  EXPECT_NEAR(losses[0], expected_loss, 1e-6 * std::fabs(expected_loss));

  const uint64_t reads_after_losses = host_read_count();
  const std::vector<float> metrics = net->get_metrics();
  EXPECT_EQ(host_read_count(), reads_after_losses) << "the sums were just read: no second copy";
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_NEAR(metrics[0], metric_sum / 12.0, 1e-6);
  EXPECT_EQ(net->get_losses(), losses);

  // reset_loss zeroes the sums with a kernel and knows the totals are 0 without reading them.
  net->reset_loss();
  const uint64_t reads_after_reset = host_read_count();
  EXPECT_EQ(net->get_losses(), std::vector<float>{0.0f});
  EXPECT_EQ(host_read_count(), reads_after_reset);
  delete net;
}

TEST(DeviceScores, ResetLossZeroesTheDeviceSums) {
  model net = small_mlp();
  Tensor *x, *y;
  batch(0, &x, &y);
  net->train_batch({x}, {y}, {});
  net->reset_loss();
  net->train_batch({x}, {y}, {}, 1);  // evaluation only: the weights stay, the scores are this batch's
  const std::vector<float> once = net->get_losses();
  net->reset_loss();
  net->train_batch({x}, {y}, {}, 1);
  EXPECT_EQ(net->get_losses(), once) << "scores from before reset_loss leaked into the sums";
  net->forward({x});
  std::unique_ptr<Loss> loss(make_loss("softmax_cross_entropy"));
  EXPECT_NEAR(once[0], loss->value(y, net->lout[0]->output) / 4.0, 1e-6);
  delete net;
  delete x;
  delete y;
}

}  // namespace
}  // namespace eddl
