// SPDX-License-Identifier: MIT
// Shape layers: Select/Slice (and Split, made of Selects), Expand, Repeat, Tile, Pad, Resize with
// UpSampling2D/3D. Transpose is a Permute (core). EDDL's class names where EDDL has them.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// A block of the input named by Tensor::select strings (batch excluded; a single index keeps its
/// dimension with extent 1).
class LSelect : public LinLayer {
 public:
  std::vector<std::string> indices;

  LSelect(Layer* parent, const std::vector<std::string>& indices, const std::string& name, int dev = DEV_CPU,
          int mem = 0);
  std::string type_name() const override { return "select_"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }

 private:
  std::vector<int> begin_;  ///< block start, with the batch (0) first
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Singleton dimensions repeated to `size`.
class LExpand : public LinLayer {
 public:
  int size;

  LExpand(Layer* parent, int size, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "expand"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"fill", "binary_map", "reduce"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Each element along `axis` (non-batch) repeated repeats[i] times (one count: the same for all).
class LRepeat : public LinLayer {
 public:
  std::vector<unsigned int> repeats;  ///< one per element along the axis
  unsigned int axis;

  LRepeat(Layer* parent, const std::vector<unsigned int>& repeats, unsigned int axis, const std::string& name,
          int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "repeat"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override {
    return {"fill", "copy_strided", "binary_map", "reduce"};
  }

 private:
  bool uniform_ = true;
  int outer_ = 1, extent_ = 1, inner_ = 1;  ///< the input read as (batch * outer, extent, inner)
  std::vector<int> offsets_;                ///< where each element's copies start in the output
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// The input repeated repeats[d] times along each non-batch dimension d.
class LTile : public LinLayer {
 public:
  std::vector<int> repeats;

  LTile(Layer* parent, const std::vector<int>& repeats, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "tile"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"fill", "binary_map", "reduce"}; }

 private:
  std::vector<int> spread_in_, spread_out_;  ///< (batch, 1, d0, 1, d1 ...) and (batch, r0, d0, r1, d1 ...)
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Constant padding of the last two dimensions; padding is EDDL's {top, right, bottom, left}, or
/// {top-bottom, left-right}, or one value for all four sides.
class LPad : public LinLayer {
 public:
  std::vector<int> padding;  ///< {top, right, bottom, left}
  float constant;

  LPad(Layer* parent, const std::vector<int>& padding, float constant, const std::string& name, int dev = DEV_CPU,
       int mem = 0);
  std::string type_name() const override { return "pad"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"fill", "copy_strided", "binary_map"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Resamples the spatial dimensions (the last new_shape.size(), after a channel dimension) with
/// nearest or linear interpolation. With reshape = false the output keeps the input's size and
/// shows the centre of the image resampled to new_shape; outside it, da_mode "constant" writes
/// `constant` and "nearest" repeats the edge. Backward is exact (the adjoint of the resampling).
class LResize : public LinLayer {
 public:
  std::vector<int> new_shape;
  bool reshape;
  std::string da_mode;
  float constant;
  std::string coordinate_transformation_mode;
  std::string interpolation;  ///< "nearest" or "linear"

  LResize(Layer* parent, const std::vector<int>& new_shape, bool reshape, const std::string& da_mode, float constant,
          const std::string& coordinate_transformation_mode, const std::string& name, int dev = DEV_CPU,
          int mem = 0);
  ~LResize() override;
  std::string type_name() const override { return prefix_; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 protected:
  LResize(Layer* parent, const std::vector<int>& new_shape, bool reshape, const std::string& da_mode, float constant,
          const std::string& coordinate_transformation_mode, const std::string& interpolation,
          const std::string& prefix, const std::string& name, int dev, int mem);

 private:
  std::string prefix_;
  bool integer_factors_ = false;  ///< nearest upsampling by whole factors: a broadcast copy
  std::vector<int> spread_in_, spread_out_;
  std::vector<std::vector<float>> weights_;  ///< per spatial axis, (out x in) row-major
  std::vector<float> fill_;                  ///< constant where no source pixel exists (empty: none)
  std::vector<Tensor*> matrices_;            ///< weights_ on the layer's device
  Tensor* fill_tensor_ = nullptr;
  void setup();
  void ensure_on_device();
  /// Applies the per-axis matrices (transposed for forward) from `x` into `y`.
  void apply(const Tensor& x, Tensor& y, bool adjoint);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// UpSampling2D: nearest (or bilinear) resize of (C, H, W) by integer factors {h, w}.
class LUpSampling : public LResize {
 public:
  std::vector<int> size;

  LUpSampling(Layer* parent, const std::vector<int>& size, const std::string& interpolation, const std::string& name,
              int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// UpSampling3D: a Resize of (C, D, H, W) to new_shape {d, h, w}.
class LUpSampling3D : public LResize {
 public:
  LUpSampling3D(Layer* parent, const std::vector<int>& new_shape, bool reshape, const std::string& da_mode,
                float constant, const std::string& coordinate_transformation_mode, const std::string& name,
                int dev = DEV_CPU, int mem = 0);
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
