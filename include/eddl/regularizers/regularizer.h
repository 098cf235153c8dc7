// SPDX-License-Identifier: MIT
// Regularizers add their gradient to a weight's gradient after backward (Keras semantics:
// L1 adds l1 * sign(w), L2 adds 2 * l2 * w), so the optimizer scales them by the learning rate.
// EDDL instead subtracted them from the weights directly; see docs/getting-started.md.
#pragma once

#include <string>

#include "eddl/tensor/tensor.h"

class Regularizer {
 public:
  std::string name;
  explicit Regularizer(const std::string& name) : name(name) {}
  virtual ~Regularizer() = default;
  /// gradient += d(penalty)/d(weights).
  virtual void apply(Tensor* weights, Tensor* gradient) = 0;
  /// The penalty itself (for reporting).
  virtual float value(Tensor* weights) = 0;
  virtual Regularizer* clone() const = 0;
};

class RL1 : public Regularizer {
 public:
  float l1;
  explicit RL1(float l1) : Regularizer("l1"), l1(l1) {}
  void apply(Tensor* weights, Tensor* gradient) override;
  float value(Tensor* weights) override;
  Regularizer* clone() const override { return new RL1(l1); }
};

class RL2 : public Regularizer {
 public:
  float l2;
  explicit RL2(float l2) : Regularizer("l2"), l2(l2) {}
  void apply(Tensor* weights, Tensor* gradient) override;
  float value(Tensor* weights) override;
  Regularizer* clone() const override { return new RL2(l2); }
};

class RL1L2 : public Regularizer {
 public:
  float l1, l2;
  RL1L2(float l1, float l2) : Regularizer("l1l2"), l1(l1), l2(l2) {}
  void apply(Tensor* weights, Tensor* gradient) override;
  float value(Tensor* weights) override;
  Regularizer* clone() const override { return new RL1L2(l1, l2); }
};
