// SPDX-License-Identifier: MIT
// Core layers: Input, Dense, Activation (every named activation), Dropout, and the shape layers
// Reshape, Permute, Squeeze, Unsqueeze, Identity. EDDL's class names.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// Where data enters: shape excludes the batch dimension.
class LInput : public LinLayer {
 public:
  LInput(Tensor* in, const std::string& name, int dev, int mem);
  LInput(const std::vector<int>& shape, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "input"; }
  void forward() override {}
  void backward() override {}
  std::vector<std::string> required_kernels() const override { return {}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// y = x W + b over the last dimension (any rank). Params: W {in, ndim}, b {ndim} if use_bias.
class LDense : public LinLayer {
 public:
  int ndim;
  bool use_bias;
  Tensor* W = nullptr;
  Tensor* gW = nullptr;
  Tensor* bias = nullptr;
  Tensor* gbias = nullptr;

  LDense(Layer* parent, int ndim, bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "dense"; }
  void forward() override;
  void backward() override;
  void apply_regularizer() override;
  std::vector<std::string> required_kernels() const override;
  std::vector<std::string> inference_kernels() const override;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// An elementwise activation named as in EDDL ("relu", "softmax", "leaky_relu" ...) with its params.
class LActivation : public LinLayer {
 public:
  std::string act;
  std::vector<float> params_act;  ///< alpha (elu, leaky_relu, thresholded_relu, linear), {alpha, scale} (selu), {axis} (softmax)

  LActivation(Layer* parent, const std::string& act, const std::vector<float>& params, const std::string& name,
              int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return act; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
  std::vector<std::string> inference_kernels() const override;

 private:
  int op_;           ///< hw::UnaryOp, or -1 for softmax
  float a_ = 0.0f, b_ = 0.0f;
  int softmax_axis_ = -1;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Train: y = x * Bernoulli(1 - rate) mask. Inference: y = x, times (1 - rate) when iw (EDDL).
class LDropout : public LinLayer {
 public:
  float df;  ///< drop rate
  bool iw;
  Tensor* mask = nullptr;
  /// Masks drawn while recorded (one float on the layer's device): a recorded training step
  /// draws a new mask at every replay from the count (ops::fill_random_counted).
  Tensor* draws = nullptr;

  LDropout(Layer* parent, float rate, bool iw, const std::string& name, int dev = DEV_CPU, int mem = 0);
  ~LDropout() override;
  std::string type_name() const override { return "dropout"; }
  void resize(int batch) override;
  void to_device(int dev_code) override;
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Same data, new shape (one -1 allowed). Flatten, Squeeze and Unsqueeze are reshapes too.
class LReshape : public LinLayer {
 public:
  std::vector<int> ls;  ///< the requested shape (without batch)

  LReshape(Layer* parent, const std::vector<int>& shape, const std::string& name, int dev = DEV_CPU,
           int mem = 0);
  std::string type_name() const override { return "reshape"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Reorders the non-batch dimensions.
class LPermute : public LinLayer {
 public:
  std::vector<int> dims;  ///< without batch

  LPermute(Layer* parent, const std::vector<int>& dims, const std::string& name, int dev = DEV_CPU, int mem = 0);
  ~LPermute() override;
  std::string type_name() const override { return "permute"; }
  void resize(int batch) override;
  void to_device(int dev_code) override;
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }

 private:
  Tensor* scratch_ = nullptr;  ///< delta permuted back, before it is added to the parent's
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Passes its input through (EDDL's Bypass / Identity).
class LIdentity : public LinLayer {
 public:
  LIdentity(Layer* parent, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "identity"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
