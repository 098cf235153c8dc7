// SPDX-License-Identifier: MIT
// Pooling layers: max/average 1D/2D/3D and their global versions.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// Max or average pooling over the 1 to 3 spatial axes of a channels-first input ([C, L],
/// [C, H, W] or [C, D, H, W] without the batch). padding: "none" or "valid" (out =
/// floor((in - k) / stride) + 1), "same" (out = ceil(in / stride); an odd total padding puts the
/// extra cell at the end, where EDDL throws AsymmetricPaddingException), or one word per axis joined
/// by commas ("same,none"). Padded cells never win a max and are not counted by an average.
class LPool : public LinLayer {
 public:
  std::vector<int> ksize;      ///< window extent per spatial axis
  std::vector<int> stride;     ///< step per spatial axis
  std::string padding;         ///< as given
  std::vector<int> pad_begin;  ///< cells of padding before each spatial axis
  std::vector<int> pad_end;    ///< and after it

  std::string type_name() const override { return prefix_; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
  std::vector<std::string> inference_kernels() const override;

 protected:
  /// `max` picks max or average pooling over `rank` spatial axes; `prefix` names the class.
  LPool(Layer* parent, bool max, int rank, const std::vector<int>& pool_size, const std::vector<int>& strides,
        const std::string& padding, const std::string& name, const std::string& prefix, int dev, int mem);

 private:
  bool max_;
  std::string prefix_;
};

/// 2-D max pooling (EDDL's MaxPool and MaxPool2D).
class LMaxPool : public LPool {
 public:
  LMaxPool(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
           const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

class LMaxPool1D : public LPool {
 public:
  LMaxPool1D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
             const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

class LMaxPool3D : public LPool {
 public:
  LMaxPool3D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
             const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// 2-D average pooling (EDDL's AveragePool, AveragePool2D and the AvgPool aliases).
class LAveragePool : public LPool {
 public:
  LAveragePool(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
               const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

class LAveragePool1D : public LPool {
 public:
  LAveragePool1D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                 const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

class LAveragePool3D : public LPool {
 public:
  LAveragePool3D(Layer* parent, const std::vector<int>& pool_size, const std::vector<int>& strides,
                 const std::string& padding, const std::string& name, int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
