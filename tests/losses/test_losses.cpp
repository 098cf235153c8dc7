// SPDX-License-Identifier: MIT
// Losses and metrics: values against hand-computed numbers, every delta against a central finite
// difference of value(), add_value (the device sums the Net keeps) against the same numbers, and
// the factories' names, aliases and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "eddl/errors.h"
#include "eddl/losses/loss.h"
#include "eddl/metrics/metric.h"
#include "support/test_support.h"

namespace eddl {
namespace {

// The 2x3 example of the hand computations: one-hot targets, softmax-like predictions.
Tensor example_targets() { return Tensor({0, 1, 0, 1, 0, 0}, {2, 3}); }
Tensor example_predictions() { return Tensor({0.2f, 0.7f, 0.1f, 0.6f, 0.3f, 0.1f}, {2, 3}); }

float loss_value(const std::string& name, Tensor& T, Tensor& Y) {
  std::unique_ptr<Loss> loss(make_loss(name));
  return loss->value(&T, &Y);
}

TEST(Losses, ValuesMatchHandComputations) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  // (0.04 + 0.09 + 0.01 + 0.16 + 0.09 + 0.01) / 3 elements per sample
  EXPECT_NEAR(loss_value("mse", T, Y), 0.4 / 3.0, 1e-6);
  // -(log 0.7 + log 0.6)
  EXPECT_NEAR(loss_value("categorical_cross_entropy", T, Y), 0.8675002581809379, 1e-5);
  EXPECT_NEAR(loss_value("softmax_cross_entropy", T, Y), 0.8675002581809379, 1e-5);
  // -(log 0.8 + log 0.7 + log 0.9 + log 0.6 + log 0.7 + log 0.9)
  EXPECT_NEAR(loss_value("binary_cross_entropy", T, Y), 1.658039294670198, 1e-5);
  // (0.2 + 0.3 + 0.1 + 0.4 + 0.3 + 0.1) / 3
  EXPECT_NEAR(loss_value("mae", T, Y), 1.4 / 3.0, 1e-6);
  // (0.2/0.001 + 0.3/1.001 + 0.1/0.001 + 0.4/1.001 + 0.3/0.001 + 0.1/0.001) / 3
  EXPECT_NEAR(loss_value("mre", T, Y), 233.56643356643357, 2e-3);
  EXPECT_NEAR(loss_value("sum", T, Y), 2.0, 1e-6);
  EXPECT_EQ(loss_value("none", T, Y), 0.0f);
}

TEST(Losses, DeltasMatchHandComputations) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  Tensor D({2, 3});
  std::unique_ptr<Loss> mse(make_loss("mse"));
  mse->delta(&T, &Y, &D);
  // 2 (Y - T) / 3 / 2
  EXPECT_TRUE(test::all_close(D, {0.2f / 3, -0.3f / 3, 0.1f / 3, -0.4f / 3, 0.3f / 3, 0.1f / 3}, 1e-5f, 1e-7f, "mse"));
  std::unique_ptr<Loss> sce(make_loss("sce"));
  sce->delta(&T, &Y, &D);
  EXPECT_TRUE(test::all_close(D, {0.1f, -0.15f, 0.05f, -0.2f, 0.15f, 0.05f}, 1e-5f, 1e-7f, "softmax_cross_entropy"));
  std::unique_ptr<Loss> sum(make_loss("sum"));
  sum->delta(&T, &Y, &D);
  EXPECT_TRUE(test::all_close(D, std::vector<float>(6, 0.5f), 0, 0, "sum"));
  std::unique_ptr<Loss> none(make_loss("none"));
  none->delta(&T, &Y, &D);
  EXPECT_TRUE(test::all_close(D, std::vector<float>(6, 0.0f), 0, 0, "none"));
}

/// Checks batch * delta(T, Y) against the central difference of value() in each element of Y.
void expect_delta_is_gradient(const std::string& name, const std::vector<float>& targets,
                              const std::vector<float>& predictions, const std::vector<int>& shape) {
  std::unique_ptr<Loss> loss(make_loss(name));
  Tensor T(targets, shape);
  Tensor Y(predictions, shape);
  Tensor D(shape);
  loss->delta(&T, &Y, &D);
  const std::vector<float> delta = D.to_std();
  const double batch = shape[0];
  const float h = 1e-3f;
  for (size_t i = 0; i < predictions.size(); ++i) {
    std::vector<float> plus = predictions, minus = predictions;
    plus[i] += h;
    minus[i] -= h;
    Tensor Yp(plus, shape), Ym(minus, shape);
    const double numeric = (static_cast<double>(loss->value(&T, &Yp)) - loss->value(&T, &Ym)) /
                           (static_cast<double>(plus[i]) - minus[i]);
    const double analytic = batch * delta[i];
    EXPECT_NEAR(analytic, numeric, 2e-3 + 2e-3 * std::fabs(numeric))
        << name << ": d(value)/dY at element " << i << " (Y = " << predictions[i] << ", T = " << targets[i] << ")";
  }
}

/// Row-normalised one-hot-ish targets for `rows` x `cols` (each row sums to 1, no zero row).
std::vector<float> one_hot_rows(int rows, int cols, uint64_t seed) {
  std::vector<float> picks = test::random_values(rows, seed, 0.0f, static_cast<float>(cols));
  std::vector<float> t(static_cast<size_t>(rows * cols), 0.0f);
  for (int r = 0; r < rows; ++r) t[static_cast<size_t>(r * cols + static_cast<int>(picks[static_cast<size_t>(r)]))] = 1;
  return t;
}

TEST(Losses, DeltaIsTheGradientOfValue) {
  const std::vector<int> shape{3, 4};
  const std::vector<float> targets = test::random_values(12, 11, -1.0f, 1.0f);
  const std::vector<float> predictions = test::random_values(12, 12, -1.0f, 1.0f);
  expect_delta_is_gradient("mse", targets, predictions, shape);
  expect_delta_is_gradient("sum", targets, predictions, shape);

  // Away from the |T - Y| kink: predictions at least 0.1 from the targets.
  std::vector<float> shifted = targets;
  const std::vector<float> offsets = test::random_values(12, 13, 0.1f, 0.5f);
  for (size_t i = 0; i < shifted.size(); ++i) shifted[i] += (i % 2 == 0 ? 1.0f : -1.0f) * offsets[i];
  expect_delta_is_gradient("mae", targets, shifted, shape);
  expect_delta_is_gradient("mre", targets, shifted, shape);

  // Probabilities away from 0 and 1 for the cross-entropies.
  const std::vector<float> probabilities = test::random_values(12, 14, 0.1f, 0.9f);
  const std::vector<float> soft_targets = test::random_values(12, 15, 0.0f, 1.0f);
  expect_delta_is_gradient("cce", one_hot_rows(3, 4, 16), probabilities, shape);
  expect_delta_is_gradient("bce", soft_targets, probabilities, shape);
}

TEST(Losses, SoftmaxCrossEntropyDeltaIsTheGradientWithRespectToLogits) {
  const int rows = 3, cols = 4;
  const std::vector<float> logits = test::random_values(rows * cols, 21, -2.0f, 2.0f);
  Tensor T(one_hot_rows(rows, cols, 22), {rows, cols});
  const auto softmax = [&](const std::vector<float>& z) {
    std::vector<float> y(z.size());
    for (int r = 0; r < rows; ++r) {
      double total = 0;
      for (int c = 0; c < cols; ++c) total += std::exp(static_cast<double>(z[static_cast<size_t>(r * cols + c)]));
      for (int c = 0; c < cols; ++c) {
        const size_t i = static_cast<size_t>(r * cols + c);
        y[i] = static_cast<float>(std::exp(static_cast<double>(z[i])) / total);
      }
    }
    return Tensor(y, {rows, cols});
  };
  std::unique_ptr<Loss> loss(make_loss("softmax_cross_entropy"));
  Tensor Y = softmax(logits);
  Tensor D({rows, cols});
  loss->delta(&T, &Y, &D);
  const std::vector<float> delta = D.to_std();
  const float h = 1e-3f;
  for (size_t i = 0; i < logits.size(); ++i) {
    std::vector<float> plus = logits, minus = logits;
    plus[i] += h;
    minus[i] -= h;
    Tensor Yp = softmax(plus), Ym = softmax(minus);
    const double numeric = (static_cast<double>(loss->value(&T, &Yp)) - loss->value(&T, &Ym)) /
                           (static_cast<double>(plus[i]) - minus[i]);
    EXPECT_NEAR(rows * delta[i], numeric, 2e-3 + 2e-3 * std::fabs(numeric)) << "logit " << i;
  }
}

TEST(Losses, FactoryAcceptsEddlNamesAndAliases) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"mean_squared_error", "mean_squared_error"},
      {"mse", "mean_squared_error"},
      {"categorical_cross_entropy", "categorical_cross_entropy"},
      {"cross_entropy", "categorical_cross_entropy"},
      {"ce", "categorical_cross_entropy"},
      {"cce", "categorical_cross_entropy"},
      {"binary_cross_entropy", "binary_cross_entropy"},
      {"bce", "binary_cross_entropy"},
      {"soft_cross_entropy", "softmax_cross_entropy"},
      {"softmax_cross_entropy", "softmax_cross_entropy"},
      {"sce", "softmax_cross_entropy"},
      {"mean_absolute_error", "mean_absolute_error"},
      {"mae", "mean_absolute_error"},
      {"mean_relative_error", "mean_relative_error"},
      {"mre", "mean_relative_error"},
      {"sum", "sum"},
      {"none", "none"}};
  for (const auto& [alias, name] : cases) {
    std::unique_ptr<Loss> loss(make_loss(alias));
    EXPECT_EQ(loss->name, name) << alias;
    std::unique_ptr<Loss> copy(loss->clone());
    EXPECT_EQ(copy->name, name) << alias;
  }
  try {
    delete make_loss("hinge");
    FAIL() << "an unknown loss must throw";
  } catch (const ValueError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("hinge"), std::string::npos) << message;
    EXPECT_NE(message.find("softmax_cross_entropy"), std::string::npos) << message;
  }
}

TEST(Losses, SumAndNoneNeedNoTargets) {
  Tensor Y = example_predictions();
  Tensor D({2, 3});
  for (const char* name : {"sum", "none"}) {
    std::unique_ptr<Loss> loss(make_loss(name));
    EXPECT_NO_THROW(loss->value(nullptr, &Y)) << name;
    EXPECT_NO_THROW(loss->delta(nullptr, &Y, &D)) << name;
    std::unique_ptr<Metric> metric(make_metric(name));
    EXPECT_NO_THROW(metric->value(nullptr, &Y)) << name;
  }
  std::unique_ptr<Loss> mse(make_loss("mse"));
  EXPECT_THROW(mse->value(nullptr, &Y), ValueError);
}

TEST(Losses, MismatchedShapesAreAClearError) {
  Tensor T({2, 3});
  Tensor Y({2, 4});
  std::unique_ptr<Loss> loss(make_loss("mse"));
  EXPECT_THROW(loss->value(&T, &Y), ValueError);
}

// ---- Metrics ----

float metric_value(const std::string& name, Tensor& T, Tensor& Y) {
  std::unique_ptr<Metric> metric(make_metric(name));
  return metric->value(&T, &Y);
}

TEST(Metrics, ValuesMatchHandComputations) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  EXPECT_EQ(metric_value("categorical_accuracy", T, Y), 2.0f);
  Tensor wrong({0.2f, 0.7f, 0.1f, 0.3f, 0.6f, 0.1f}, {2, 3});  // second sample predicts class 1, not 0
  EXPECT_EQ(metric_value("accuracy", T, wrong), 1.0f);
  EXPECT_NEAR(metric_value("mse", T, Y), 0.4 / 3.0, 1e-6);
  EXPECT_NEAR(metric_value("mae", T, Y), 1.4 / 3.0, 1e-6);
  EXPECT_NEAR(metric_value("mre", T, Y), 233.56643356643357, 2e-3);
  EXPECT_NEAR(metric_value("sum", T, Y), 2.0, 1e-6);
  EXPECT_EQ(metric_value("none", T, Y), 0.0f);
  // Threshold 0.5: rows {1,0,0}/{0.8,0.3,0.1} all right; {0,1,0}/{0.2,0.4,0.9} one of three right.
  Tensor bt({1, 0, 0, 0, 1, 0}, {2, 3});
  Tensor by({0.8f, 0.3f, 0.1f, 0.2f, 0.4f, 0.9f}, {2, 3});
  EXPECT_NEAR(metric_value("binary_accuracy", bt, by), 1.0 + 1.0 / 3.0, 1e-6);
  Tensor single_t({1, 0, 1, 0}, {4, 1});
  Tensor single_y({0.9f, 0.4f, 0.3f, 0.6f}, {4, 1});
  EXPECT_EQ(metric_value("binary_accuracy", single_t, single_y), 2.0f);
}

TEST(Metrics, CategoricalAccuracyOverSequencesCountsSamples) {
  // {batch 1, 2 steps, 2 classes}: one step right of two -> half a sample.
  Tensor T({1, 0, 0, 1}, {1, 2, 2});
  Tensor Y({0.9f, 0.1f, 0.8f, 0.2f}, {1, 2, 2});
  EXPECT_NEAR(metric_value("categorical_accuracy", T, Y), 0.5, 1e-6);
}

TEST(Metrics, FactoryAcceptsEddlNamesAndAliases) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"categorical_accuracy", "categorical_accuracy"},
      {"accuracy", "categorical_accuracy"},
      {"binary_accuracy", "binary_accuracy"},
      {"mean_squared_error", "mean_squared_error"},
      {"mse", "mean_squared_error"},
      {"mean_absolute_error", "mean_absolute_error"},
      {"mae", "mean_absolute_error"},
      {"mean_relative_error", "mean_relative_error"},
      {"mre", "mean_relative_error"},
      {"sum", "sum"},
      {"none", "none"}};
  for (const auto& [alias, name] : cases) {
    std::unique_ptr<Metric> metric(make_metric(alias));
    EXPECT_EQ(metric->name, name) << alias;
    std::unique_ptr<Metric> copy(metric->clone());
    EXPECT_EQ(copy->name, name) << alias;
  }
  try {
    delete make_metric("f1");
    FAIL() << "an unknown metric must throw";
  } catch (const ValueError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("f1"), std::string::npos) << message;
    EXPECT_NE(message.find("categorical_accuracy"), std::string::npos) << message;
  }
}

// ---- add_value: what the Net sums on the device each batch ----

/// add_value twice into a zeroed one-element sum: the first call adds the hand value, exactly what
/// value() returns (value() is add_value read back), and the second adds it again.
template <class Score>
void expect_add_value_adds(Score* score, Tensor& T, Tensor& Y, double expected, double tolerance) {
  const std::string& name = score->name;
  Tensor sum(std::vector<float>{0.0f}, {1});
  score->add_value(&T, &Y, &sum);
  const float once = sum.to_std()[0];
  EXPECT_NEAR(once, expected, tolerance) << name;
  EXPECT_EQ(once, score->value(&T, &Y)) << name;
  score->add_value(&T, &Y, &sum);
  EXPECT_NEAR(sum.to_std()[0], 2.0 * expected, 2.0 * tolerance) << name << ": a second call adds again";
}

TEST(Losses, AddValueAddsTheHandValuesIntoTheSum) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  // The numbers of ValuesMatchHandComputations (float64 references).
  const std::vector<std::tuple<std::string, double, double>> cases{
      {"mse", 0.4 / 3.0, 1e-6},
      {"categorical_cross_entropy", 0.8675002581809379, 1e-5},
      {"softmax_cross_entropy", 0.8675002581809379, 1e-5},
      {"binary_cross_entropy", 1.658039294670198, 1e-5},
      {"mae", 1.4 / 3.0, 1e-6},
      {"mre", 233.56643356643357, 2e-3},
      {"sum", 2.0, 1e-6},
      {"none", 0.0, 0.0}};
  for (const auto& [name, expected, tolerance] : cases) {
    std::unique_ptr<Loss> loss(make_loss(name));
    expect_add_value_adds(loss.get(), T, Y, expected, tolerance);
  }
}

TEST(Metrics, AddValueAddsTheHandValuesIntoTheSum) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  const std::vector<std::tuple<std::string, double, double>> cases{
      {"categorical_accuracy", 2.0, 0.0}, {"mse", 0.4 / 3.0, 1e-6}, {"mae", 1.4 / 3.0, 1e-6},
      {"mre", 233.56643356643357, 2e-3},  {"sum", 2.0, 1e-6},      {"none", 0.0, 0.0}};
  for (const auto& [name, expected, tolerance] : cases) {
    std::unique_ptr<Metric> metric(make_metric(name));
    expect_add_value_adds(metric.get(), T, Y, expected, tolerance);
  }
  Tensor bt({1, 0, 0, 0, 1, 0}, {2, 3});
  Tensor by({0.8f, 0.3f, 0.1f, 0.2f, 0.4f, 0.9f}, {2, 3});
  std::unique_ptr<Metric> binary(make_metric("binary_accuracy"));
  expect_add_value_adds(binary.get(), bt, by, 1.0 + 1.0 / 3.0, 1e-6);
  // A sequence {batch 1, 2 steps, 2 classes}, one step right: half a sample.
  Tensor st({1, 0, 0, 1}, {1, 2, 2});
  Tensor sy({0.9f, 0.1f, 0.8f, 0.2f}, {1, 2, 2});
  std::unique_ptr<Metric> accuracy(make_metric("categorical_accuracy"));
  expect_add_value_adds(accuracy.get(), st, sy, 0.5, 0.0);
}

TEST(Losses, AddValueNeedsAOneElementSum) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  Tensor two({2});
  std::unique_ptr<Loss> loss(make_loss("mse"));
  EXPECT_THROW(loss->add_value(&T, &Y, &two), ValueError);
  EXPECT_THROW(loss->add_value(&T, &Y, nullptr), ValueError);
  std::unique_ptr<Metric> metric(make_metric("accuracy"));
  EXPECT_THROW(metric->add_value(&T, &Y, &two), ValueError);
}

// Custom scores written against value() alone (EDDL's interface, PyEDDL's subclasses): the Net
// calls add_value, which must still add their value.
class OldStyleLoss : public Loss {
 public:
  OldStyleLoss() : Loss("old_style") {}
  float value(Tensor*, Tensor*) override { return 1.25f; }
};

class OldStyleMetric : public Metric {
 public:
  OldStyleMetric() : Metric("old_style") {}
  float value(Tensor*, Tensor*) override { return 0.75f; }
};

// A subclass overriding neither call scores 0, as the base ("none") does, instead of value() and
// add_value() calling each other forever.
class DeltaOnlyLoss : public Loss {
 public:
  DeltaOnlyLoss() : Loss("delta_only") {}
  void delta(Tensor*, Tensor*, Tensor* D) override { D->fill_(0.0f); }
};

class NameOnlyMetric : public Metric {
 public:
  NameOnlyMetric() : Metric("name_only") {}
};

TEST(Losses, SubclassesOverridingOnlyValueAreSummedThroughIt) {
  Tensor T = example_targets();
  Tensor Y = example_predictions();
  OldStyleLoss loss;
  expect_add_value_adds(&loss, T, Y, 1.25, 0.0);
  OldStyleMetric metric;
  expect_add_value_adds(&metric, T, Y, 0.75, 0.0);
  DeltaOnlyLoss delta_only;
  expect_add_value_adds(&delta_only, T, Y, 0.0, 0.0);
  EXPECT_EQ(delta_only.value(&T, &Y), 0.0f);
  NameOnlyMetric name_only;
  expect_add_value_adds(&name_only, T, Y, 0.0, 0.0);
}

}  // namespace
}  // namespace eddl
