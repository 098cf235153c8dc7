// SPDX-License-Identifier: MIT
// Convolution layers: Conv1D/2D/3D, ConvT2D/3D, PointwiseConv2D, DepthwiseConv2D. One class does
// the work for every spatial rank, direct or transposed; the others are EDDL's names for it.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// A grouped, strided, dilated convolution over 1, 2 or 3 spatial axes of a channels-first input
/// (B, C, [D,] [H,] W). EDDL's LConv is the 2-D one. Params are [K, bias]: K {filters, C/groups,
/// k...} (Conv1D keeps EDDL's {filters, C/groups, k, 1}: EDDL runs it as 2-D with width 1);
/// transposed: K {C, filters/groups, k...}, the weights of the direct convolution it is the
/// adjoint of (PyTorch's layout). bias {filters} always exists; it is added and trained only with
/// use_bias. Default initialisation: Glorot uniform on K, zeros on bias (as Keras does).
class LConv : public LinLayer {
 public:
  int filters;
  std::vector<int> kernel_size;
  std::vector<int> strides;
  std::string padding;  ///< "same", "none", per axis "same,none", or "custom" with pads
  std::vector<int> pads;
  int groups;
  std::vector<int> dilation_rate;
  bool use_bias;
  int spatial_rank;  ///< 1, 2 or 3
  bool transposed;
  Tensor* K = nullptr;
  Tensor* gK = nullptr;
  Tensor* bias = nullptr;
  Tensor* gbias = nullptr;  ///< null unless use_bias

  /// A 2-D convolution (EDDL's constructor).
  LConv(Layer* parent, int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides,
        const std::string& padding, const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate,
        bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return prefix_; }
  void forward() override;
  void backward() override;
  void initialize() override;
  void apply_regularizer() override;
  std::vector<std::string> required_kernels() const override;
  std::vector<std::string> inference_kernels() const override;
  ~LConv() override;

 protected:
  /// Any rank, direct or transposed; `kind` names the layer in messages ("Conv3D").
  LConv(Layer* parent, int spatial_rank, bool transposed, const std::string& kind, const std::string& prefix,
        int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides, const std::string& padding,
        const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate, bool use_bias,
        const std::string& name, int dev, int mem);

 private:
  std::string kind_;
  std::string prefix_;
  Tensor* scratch_ = nullptr;  ///< transposed: the input gradient before it is added to the parent's
  Tensor* channel_sums_ = nullptr;  ///< {batch * filters}: the bias gradient's first reduction
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Input (B, C, L).
class LConv1D : public LConv {
 public:
  LConv1D(Layer* parent, int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides,
          const std::string& padding, const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate,
          bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Input (B, C, D, H, W).
class LConv3D : public LConv {
 public:
  LConv3D(Layer* parent, int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides,
          const std::string& padding, const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate,
          bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Transposed 2-D convolution: out = in*stride ("same") or (in-1)*stride + d*(k-1) + 1 ("none").
class LConvT2D : public LConv {
 public:
  LConvT2D(Layer* parent, int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides,
           const std::string& padding, const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate,
           bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Transposed 3-D convolution.
class LConvT3D : public LConv {
 public:
  LConvT3D(Layer* parent, int filters, const std::vector<int>& kernel_size, const std::vector<int>& strides,
           const std::string& padding, const std::vector<int>& pads, int groups, const std::vector<int>& dilation_rate,
           bool use_bias, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
