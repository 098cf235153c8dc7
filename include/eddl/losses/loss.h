// SPDX-License-Identifier: MIT
// Losses (EDDL's interface): value() is the loss summed over the batch; delta() writes
// d(loss)/d(Y) already divided by the batch size, so that gradients are batch means. Names and
// aliases as in EDDL's getLoss.
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
  /// The loss summed over the batch.
  virtual float value(Tensor* T, Tensor* Y);
  /// A new loss of the same kind (built-in losses by name; subclasses with state override it).
  virtual Loss* clone();
};

/// Σ (T - Y)² / (elements per sample); delta 2 (Y - T) / (elements per sample) / batch.
class LMeanSquaredError : public Loss {
 public:
  LMeanSquaredError();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// -Σ T log(Y + eps); delta -T / (Y + eps) / batch.
class LCategoricalCrossEntropy : public Loss {
 public:
  LCategoricalCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// -Σ T log(Y + eps) + (1 - T) log(1 - Y + eps); delta ((1 - T) / (1 - Y + eps) - T / (Y + eps)) / batch,
/// the exact derivative of the value.
class LBinaryCrossEntropy : public Loss {
 public:
  LBinaryCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// Cross-entropy of a Softmax output whose backward is bypassed: delta (Y - T) / batch is the
/// gradient with respect to the softmax's input (the Net sets delta_bp on that Softmax).
class LSoftCrossEntropy : public Loss {
 public:
  LSoftCrossEntropy();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// Σ |T - Y| / (elements per sample); delta sign(Y - T) / (elements per sample) / batch.
class LMeanAbsoluteError : public Loss {
 public:
  LMeanAbsoluteError();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// Σ |T - Y| / (|T| + eps) / (elements per sample).
class LMeanRelativeError : public Loss {
 public:
  explicit LMeanRelativeError(float eps = 0.001f);
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
  Loss* clone() override;

 private:
  float eps_;
};

/// Σ Y (the target is ignored): for outputs that already are a loss; delta 1 / batch.
class LSum : public Loss {
 public:
  LSum();
  void delta(Tensor* T, Tensor* Y, Tensor* D) override;
  float value(Tensor* T, Tensor* Y) override;
};

/// Name (or alias) -> a new Loss; throws eddl::ValueError listing the known names.
Loss* make_loss(const std::string& name);
