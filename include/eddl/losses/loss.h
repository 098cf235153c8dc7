// SPDX-License-Identifier: MIT
// Losses (EDDL's interface): value() is the loss summed over the batch; delta() writes
// d(loss)/d(Y) already divided by the batch size, so that gradients are batch means. Names and
// aliases as in EDDL's getLoss. A subclass computes its value in add_value(), on the device, so
// that a training step can sum losses there without waiting for the device; value() is add_value
// into a scratch tensor that is read back, so the two cannot drift.
#pragma once

#include <string>

#include "eddl/tensor/tensor.h"

class Loss {
 public:
  std::string name;
  explicit Loss(const std::string& name) : name(name) {}
  virtual ~Loss() = default;
  /// D = d(loss)/d(Y) / batch (overwrites D). T: targets, Y: predictions, same shape.
  virtual void delta(Tensor* T, Tensor* Y, Tensor* D);
  /// The loss summed over the batch: add_value into a zeroed one-element tensor, read back (a host
  /// wait on a device). Subclasses written before add_value existed override this instead.
  virtual float value(Tensor* T, Tensor* Y);
  /// Adds the loss summed over the batch into `sum`, a one-element tensor on Y's device, with
  /// kernels only: nothing is read back. The base class is the "none" loss and adds nothing; a
  /// subclass that overrides only value() gets it added here through a host read of value().
  /// (A subclass of a built-in one inherits its add_value, so it overrides both.)
  virtual void add_value(Tensor* T, Tensor* Y, Tensor* sum);
  /// Whether a recorded training step (src/net/step_replay.h) may replay this loss: true for eddl's
  /// own classes, whose add_value and delta are kernels only; false for any subclass (a Python
  /// loss, or C++ code that may touch memory on the host), unless it overrides this.
  virtual bool replayable() const;
  /// A new loss of the same kind (built-in losses by name; subclasses with state override it).
  virtual Loss* clone();
};

/// Σ (T - Y)² / (elements per sample); delta 2 (Y - T) / (elements per sample) / batch.
class LMeanSquaredError : public Loss {
 public:
  LMeanSquaredError();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// -Σ T log(Y + eps); delta -T / (Y + eps) / batch.
class LCategoricalCrossEntropy : public Loss {
 public:
  LCategoricalCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// -Σ T log(Y + eps) + (1 - T) log(1 - Y + eps); delta ((1 - T) / (1 - Y + eps) - T / (Y + eps)) / batch,
/// the exact derivative of the value.
class LBinaryCrossEntropy : public Loss {
 public:
  LBinaryCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Cross-entropy of a Softmax output whose backward is bypassed: delta (Y - T) / batch is the
/// gradient with respect to the softmax's input (the Net sets delta_bp on that Softmax).
class LSoftCrossEntropy : public Loss {
 public:
  LSoftCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Σ |T - Y| / (elements per sample); delta sign(Y - T) / (elements per sample) / batch.
class LMeanAbsoluteError : public Loss {
 public:
  LMeanAbsoluteError();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Σ |T - Y| / (|T| + eps) / (elements per sample).
class LMeanRelativeError : public Loss {
 public:
  explicit LMeanRelativeError(float eps = 0.001f);
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
  Loss* clone() override;

 private:
  float eps_;
};

/// Σ Y (the target is ignored): for outputs that already are a loss; delta 1 / batch.
class LSum : public Loss {
 public:
  LSum();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override;
};

/// Name (or alias) -> a new Loss; throws eddl::ValueError listing the known names.
Loss* make_loss(const std::string& name);
