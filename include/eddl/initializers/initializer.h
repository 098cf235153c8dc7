// SPDX-License-Identifier: MIT
// Initializers draw a layer's parameters. Unlike EDDL, the seed is honoured: the same seed gives
// the same weights on every device and thread count (counter-based random numbers).
#pragma once

#include <cstdint>
#include <string>

#include "eddl/tensor/tensor.h"

class Initializer {
 public:
  std::string name;
  int seed;
  Initializer(const std::string& name, int seed) : name(name), seed(seed) {}
  virtual ~Initializer() = default;
  /// Fills `params` (a weight or bias); `fan_in`/`fan_out` follow Keras for 2-D and conv shapes.
  virtual void apply(Tensor* params) = 0;
  virtual Initializer* clone() const = 0;

 protected:
  /// A different stream per tensor and call, derived from the seed, the call count and the global
  /// stream position: layers sharing a seed still differ, and Tensor::set_seed makes a run repeat.
  uint64_t next_seed();

 private:
  uint64_t calls_ = 0;
};

class IGlorotNormal : public Initializer {
 public:
  explicit IGlorotNormal(int seed = 1234) : Initializer("glorot_normal", seed) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IGlorotNormal(seed); }
};

class IGlorotUniform : public Initializer {
 public:
  explicit IGlorotUniform(int seed = 1234) : Initializer("glorot_uniform", seed) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IGlorotUniform(seed); }
};

class IHeNormal : public Initializer {
 public:
  explicit IHeNormal(int seed = 1234) : Initializer("he_normal", seed) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IHeNormal(seed); }
};

class IHeUniform : public Initializer {
 public:
  explicit IHeUniform(int seed = 1234) : Initializer("he_uniform", seed) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IHeUniform(seed); }
};

class IRandomNormal : public Initializer {
 public:
  float mean, stdev;
  IRandomNormal(float mean = 0.0f, float stdev = 0.1f, int seed = 1234)
      : Initializer("random_normal", seed), mean(mean), stdev(stdev) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IRandomNormal(mean, stdev, seed); }
};

class IRandomUniform : public Initializer {
 public:
  float min, max;
  IRandomUniform(float min = 0.0f, float max = 0.1f, int seed = 1234)
      : Initializer("random_uniform", seed), min(min), max(max) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IRandomUniform(min, max, seed); }
};

class IConstant : public Initializer {
 public:
  float value;
  explicit IConstant(float value = 0.1f) : Initializer("constant", 0), value(value) {}
  void apply(Tensor* params) override;
  Initializer* clone() const override { return new IConstant(value); }
};

/// (fan_in, fan_out) of a parameter shape: 2-D {in, out}; conv {out, in, k...} times the receptive
/// field; 1-D (bias): both equal to its length.
void compute_fans(const std::vector<int>& shape, int& fan_in, int& fan_out);
