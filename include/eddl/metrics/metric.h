// SPDX-License-Identifier: MIT
// Metrics (EDDL's interface): value() is summed over the batch; the Net divides by samples seen.
// As with losses (loss.h), a subclass computes its value in add_value(), on the device, so that a
// training step sums metrics there without waiting; value() is add_value read back.
#pragma once

#include <string>

#include "eddl/tensor/tensor.h"

class Metric {
 public:
  std::string name;
  explicit Metric(const std::string& name) : name(name) {}
  virtual ~Metric() = default;
  /// The metric summed over the batch (T: targets, Y: predictions): add_value into a zeroed
  /// one-element tensor, read back (a host wait on a device). Subclasses written before add_value
  /// existed override this instead.
  virtual float value(Tensor* T, Tensor* Y);
  /// Adds the metric summed over the batch into `sum`, a one-element tensor on Y's device, with
  /// kernels only: nothing is read back. The base class is the "none" metric and adds nothing; a
  /// subclass that overrides only value() gets it added here through a host read of value().
  /// (A subclass of a built-in one inherits its add_value, so it overrides both.)
  virtual void add_value(Tensor* T, Tensor* Y, Tensor* sum);
  /// Whether a recorded training step (src/net/step_replay.h) may replay this metric: true for eddl's
  /// own classes, whose add_value and delta are kernels only; false for any subclass (a Python
  /// metric, or C++ code that may touch memory on the host), unless it overrides this.
  virtual bool replayable() const;
  /// A new metric of the same kind (built-in metrics by name; subclasses with state override it).
  virtual Metric* clone();
};

class MMeanSquaredError : public Metric {
 public:
  MMeanSquaredError();
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Samples whose argmax over the last axis agrees (targets one-hot or probabilities); with several
/// positions per sample ({B, steps, classes}) each sample adds the fraction of its positions right.
class MCategoricalAccuracy : public Metric {
 public:
  MCategoricalAccuracy();
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Elements whose prediction is on the target's side of 0.5, divided by elements per sample.
class MBinAccuracy : public Metric {
 public:
  MBinAccuracy();
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

class MMeanAbsoluteError : public Metric {
 public:
  MMeanAbsoluteError();
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

class MMeanRelativeError : public Metric {
 public:
  explicit MMeanRelativeError(float eps = 0.001f);
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
  Metric* clone() override;

 private:
  float eps_;
};

/// Σ Y.
class MSum : public Metric {
 public:
  MSum();
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Name (or alias) -> a new Metric; throws eddl::ValueError listing the known names.
Metric* make_metric(const std::string& name);
