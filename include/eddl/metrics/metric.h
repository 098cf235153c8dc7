// SPDX-License-Identifier: MIT
// Metrics (EDDL's interface): value() is summed over the batch; the Net divides by samples seen.
#pragma once

#include <string>

#include "eddl/tensor/tensor.h"

class Metric {
 public:
  std::string name;
  explicit Metric(const std::string& name) : name(name) {}
  virtual ~Metric() = default;
  /// The metric summed over the batch (T: targets, Y: predictions).
  virtual float value(Tensor* T, Tensor* Y);
  /// A new metric of the same kind (built-in metrics by name; subclasses with state override it).
  virtual Metric* clone();
};

class MMeanSquaredError : public Metric {
 public:
  MMeanSquaredError();
  float value(Tensor* T, Tensor* Y) override;
};

/// Samples whose argmax over the last axis agrees (targets one-hot or probabilities); with several
/// positions per sample ({B, steps, classes}) each sample adds the fraction of its positions right.
class MCategoricalAccuracy : public Metric {
 public:
  MCategoricalAccuracy();
  float value(Tensor* T, Tensor* Y) override;
};

/// Elements whose prediction is on the target's side of 0.5, divided by elements per sample.
class MBinAccuracy : public Metric {
 public:
  MBinAccuracy();
  float value(Tensor* T, Tensor* Y) override;
};

class MMeanAbsoluteError : public Metric {
 public:
  MMeanAbsoluteError();
  float value(Tensor* T, Tensor* Y) override;
};

class MMeanRelativeError : public Metric {
 public:
  explicit MMeanRelativeError(float eps = 0.001f);
  float value(Tensor* T, Tensor* Y) override;
  Metric* clone() override;

 private:
  float eps_;
};

/// Σ Y.
class MSum : public Metric {
 public:
  MSum();
  float value(Tensor* T, Tensor* Y) override;
};

/// Name (or alias) -> a new Metric; throws eddl::ValueError listing the known names.
Metric* make_metric(const std::string& name);
