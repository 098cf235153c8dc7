// SPDX-License-Identifier: MIT
// Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization, Norm*.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// Batch normalisation per channel (axis 1) over the batch and every spatial position; inputs
/// [C], [C, L] (EDDL's 3-D case, read as [C, L, 1]), [C, H, W] or [C, D, H, W] without the batch.
/// Training mode uses the batch statistics and moves the running ones (r = momentum*r +
/// (1 - momentum)*batch, unbiased variance); inference mode (set_mode(TSMODE)) uses the running
/// ones. Params: affine -> [gamma, beta, running_mean, running_var], else [running_mean,
/// running_var]; the running stats have no gradient, so they are not trainable.
class LBatchNorm : public LinLayer {
 public:
  float momentum;
  float epsilon;
  bool affine;
  Tensor* bn_g = nullptr;      ///< gamma [C] (affine only)
  Tensor* bn_b = nullptr;      ///< beta [C] (affine only)
  Tensor* gbn_g = nullptr;     ///< gradient of gamma
  Tensor* gbn_b = nullptr;     ///< gradient of beta
  Tensor* mean = nullptr;      ///< running mean [C]
  Tensor* variance = nullptr;  ///< running variance [C]

  LBatchNorm(Layer* parent, float momentum, float epsilon, bool affine, const std::string& name, int dev = DEV_CPU,
             int mem = 0);
  std::string type_name() const override { return "batchnorm"; }
  /// gamma = 1, beta = 0, running mean 0, running variance 1 (whatever the initializer).
  void initialize() override;
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
  std::vector<std::string> inference_kernels() const override;

 private:
  std::unique_ptr<Tensor> batch_mean_;    ///< [C] of the last training forward
  std::unique_ptr<Tensor> batch_invstd_;  ///< [C]
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Normalisation of each sample over all its (non-batch) values, then, when affine, an
/// elementwise gamma and beta of the sample's shape. Same in training and inference. Params
/// [gamma, beta] when affine (EDDL also lists its unused mean/var buffers; eddl does not).
class LLayerNorm : public LinLayer {
 public:
  float epsilon;
  bool affine;
  Tensor* bn_g = nullptr;   ///< gamma, the sample's shape (affine only)
  Tensor* bn_b = nullptr;   ///< beta
  Tensor* gbn_g = nullptr;
  Tensor* gbn_b = nullptr;

  LLayerNorm(Layer* parent, float epsilon, bool affine, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return prefix_; }
  /// gamma = 1, beta = 0.
  void initialize() override;
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 protected:
  LLayerNorm(Layer* parent, float epsilon, bool affine, const std::string& name, const std::string& prefix, int dev,
             int mem);

 private:
  std::string prefix_;
  std::unique_ptr<Tensor> mean_, invstd_;  ///< [batch]
  std::unique_ptr<Tensor> xhat_;           ///< normalised input (affine only)
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// (x - mean) / sqrt(var + epsilon) per sample: a layer normalisation without parameters.
class LNorm : public LLayerNorm {
 public:
  LNorm(Layer* parent, float epsilon, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Group normalisation: the channels of each sample split into `groups` groups, each normalised
/// over its channels and spatial positions, then per-channel gamma and beta. Params [gamma, beta].
class LGroupNorm : public LinLayer {
 public:
  int groups;
  float epsilon;
  bool affine;
  Tensor* bn_g = nullptr;  ///< gamma [C] (affine only)
  Tensor* bn_b = nullptr;  ///< beta [C]
  Tensor* gbn_g = nullptr;
  Tensor* gbn_b = nullptr;

  LGroupNorm(Layer* parent, int groups, float epsilon, bool affine, const std::string& name, int dev = DEV_CPU,
             int mem = 0);
  std::string type_name() const override { return "groupnorm"; }
  void initialize() override;
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  std::unique_ptr<Tensor> mean_, invstd_;  ///< [batch * groups]
  std::unique_ptr<Tensor> xhat_;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// x / (max + epsilon) per sample (EDDL's NormMax). Ties for the maximum each receive its
/// gradient.
class LNormMax : public LinLayer {
 public:
  float epsilon;

  LNormMax(Layer* parent, float epsilon, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "normmax"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  std::unique_ptr<Tensor> max_, denominator_;  ///< [batch, 1, ...]
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// (x - min) / (max - min + epsilon) per sample (EDDL's NormMinMax).
class LNormMinMax : public LinLayer {
 public:
  float epsilon;

  LNormMinMax(Layer* parent, float epsilon, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "normminmax"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  std::unique_ptr<Tensor> max_, min_, denominator_;  ///< [batch, 1, ...]
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
