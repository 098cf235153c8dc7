// SPDX-License-Identifier: MIT
// Resize, UpSampling2D and UpSampling3D. Resampling is separable and linear in the input, so each
// spatial axis is one small matrix (nearest: one 1 per row; linear: two weights) applied with gemm,
// and backward applies the transposes: exact adjoints without a dedicated kernel. Nearest upsampling
// by whole factors is a broadcast copy instead.
#include <algorithm>
#include <cmath>

#include "eddl/layers/shape/layer_shape.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "layers/shape/broadcasting.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::layers::view_as;
using eddl::layers::with_batch;

// Source coordinate of virtual output coordinate v when n input pixels become m.
double source_coordinate(const std::string& mode, int v, int n, int m) {
  const double scale = static_cast<double>(n) / m;
  if (mode == "half_pixel") return (v + 0.5) * scale - 0.5;
  if (mode == "pytorch_half_pixel") return m > 1 ? (v + 0.5) * scale - 0.5 : 0.0;
  if (mode == "align_corners") return m > 1 ? static_cast<double>(v) * (n - 1) / (m - 1) : 0.0;
  return v * scale;  // asymmetric
}

// The (out x n) resampling matrix of one axis; `valid[o]` is false where the output pixel falls
// outside the resampled image (reshape = false with a smaller new size).
std::vector<float> axis_weights(int n, int m, int out, const LResize& r, std::vector<bool>& valid) {
  std::vector<float> w(static_cast<size_t>(out) * static_cast<size_t>(n), 0.0f);
  valid.assign(static_cast<size_t>(out), true);
  const int offset = r.reshape ? 0 : (m - out) / 2;  // centred, as EDDL's scale
  for (int o = 0; o < out; ++o) {
    int v = o + offset;
    if (v < 0 || v >= m) {
      if (r.da_mode == "constant") {
        valid[static_cast<size_t>(o)] = false;
        continue;
      }
      v = std::min(std::max(v, 0), m - 1);  // "nearest": repeat the edge
    }
    float* row = w.data() + static_cast<size_t>(o) * static_cast<size_t>(n);
    if (r.interpolation == "nearest") {
      int i = 0;
      if (r.coordinate_transformation_mode == "asymmetric") {
        i = static_cast<int>(static_cast<int64_t>(v) * n / m);  // EDDL's integer mapping
      } else {
        const double s = source_coordinate(r.coordinate_transformation_mode, v, n, m);
        i = static_cast<int>(std::ceil(s - 0.5));  // round half down, ONNX's default
      }
      row[std::min(std::max(i, 0), n - 1)] = 1.0f;
      continue;
    }
    const double s = std::min(std::max(source_coordinate(r.coordinate_transformation_mode, v, n, m), 0.0),
                              static_cast<double>(n - 1));
    const int i0 = static_cast<int>(std::floor(s));
    const int i1 = std::min(i0 + 1, n - 1);
    const float t = static_cast<float>(s - i0);
    row[i0] += 1.0f - t;
    row[i1] += t;
  }
  return w;
}

std::vector<int> swap_with_last(int rank, int axis) {
  std::vector<int> perm(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) perm[static_cast<size_t>(d)] = d;
  std::swap(perm[static_cast<size_t>(axis)], perm[static_cast<size_t>(rank - 1)]);
  return perm;
}

std::vector<int> upsampled_shape(Layer* parent, const std::vector<int>& size) {
  EDDL_CHECK(parent != nullptr, "UpSampling2D: parent layer is null");
  const std::vector<int> in = parent->getShape();
  EDDL_CHECK(in.size() == 3 && size.size() == 2 && size[0] >= 1 && size[1] >= 1,
             "UpSampling2D: needs a (C, H, W) input and two positive factors, got input "
                 << eddl::shape::to_string(in) << " and size " << eddl::shape::to_string(size));
  return {in[1] * size[0], in[2] * size[1]};
}

std::string checked_interpolation(const std::string& interpolation) {
  if (interpolation == "nearest") return "nearest";
  EDDL_CHECK(interpolation == "bilinear" || interpolation == "linear",
             "UpSampling2D: interpolation '" << interpolation << "' is not nearest or bilinear");
  return "linear";
}

}  // namespace

LResize::LResize(Layer* parent_layer, const std::vector<int>& new_shape_, bool reshape_, const std::string& da_mode_,
                 float constant_, const std::string& ctm, const std::string& name, int dev, int mem)
    : LResize(parent_layer, new_shape_, reshape_, da_mode_, constant_, ctm, "nearest", "resize", name, dev, mem) {}

LResize::LResize(Layer* parent_layer, const std::vector<int>& new_shape_, bool reshape_, const std::string& da_mode_,
                 float constant_, const std::string& ctm, const std::string& interpolation_,
                 const std::string& prefix, const std::string& name, int dev, int mem)
    : LinLayer(eddl::layers::layer_name(name, prefix), dev, mem),
      new_shape(new_shape_),
      reshape(reshape_),
      da_mode(da_mode_),
      constant(constant_),
      coordinate_transformation_mode(ctm),
      interpolation(interpolation_),
      prefix_(prefix) {
  const std::string what = "Resize " + this->name;
  const std::vector<int> in = eddl::layers::parent_shapes({parent_layer}, what)[0];
  EDDL_CHECK(!new_shape_.empty() && in.size() == new_shape_.size() + 1,
             what << ": new shape " << eddl::shape::to_string(new_shape_) << " does not fit input "
                  << eddl::shape::to_string(in) << " (expected channels then one size per spatial dimension)");
  for (int s : new_shape_) {
    EDDL_CHECK(s >= 1, what << ": new shape " << eddl::shape::to_string(new_shape_) << " must be positive");
  }
  EDDL_CHECK(da_mode_ == "constant" || da_mode_ == "nearest",
             what << ": da_mode '" << da_mode_ << "' is not supported (constant, nearest)");
  EDDL_CHECK(ctm == "asymmetric" || ctm == "half_pixel" || ctm == "pytorch_half_pixel" || ctm == "align_corners",
             what << ": coordinate_transformation_mode '" << ctm
                  << "' is not supported (asymmetric, half_pixel, pytorch_half_pixel, align_corners)");
  std::vector<int> out{in[0]};
  for (size_t j = 0; j < new_shape_.size(); ++j) out.push_back(reshape_ ? new_shape_[j] : in[j + 1]);
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
  setup();
}

LResize::~LResize() {
  for (Tensor* m : matrices_) delete m;
  delete fill_tensor_;
}

std::vector<std::string> LResize::required_kernels() const {
  if (integer_factors_) return {"fill", "binary_map", "reduce"};
  return {"gemm", "copy_strided", "binary_map"};
}

void LResize::setup() {
  const std::vector<int> in = parent[0]->getShape();
  const size_t k = new_shape.size();
  integer_factors_ = interpolation == "nearest" && reshape && coordinate_transformation_mode == "asymmetric";
  spread_in_ = {in[0]};
  spread_out_ = {in[0]};
  for (size_t j = 0; j < k; ++j) {
    integer_factors_ = integer_factors_ && new_shape[j] % in[j + 1] == 0;
    spread_in_.insert(spread_in_.end(), {in[j + 1], 1});
    spread_out_.insert(spread_out_.end(), {in[j + 1], new_shape[j] / in[j + 1]});
  }
  if (integer_factors_) return;
  std::vector<std::vector<bool>> valid(k);
  bool any_invalid = false;
  for (size_t j = 0; j < k; ++j) {
    weights_.push_back(axis_weights(in[j + 1], new_shape[j], output_shape[j + 1], *this, valid[j]));
    any_invalid = any_invalid || std::find(valid[j].begin(), valid[j].end(), false) != valid[j].end();
  }
  if (!any_invalid || constant == 0.0f) return;
  // The constant where some axis has no source pixel, over the output's spatial positions.
  std::vector<int> spatial(output_shape.begin() + 1, output_shape.end());
  fill_.assign(static_cast<size_t>(eddl::shape::checked_numel(spatial)), 0.0f);
  for (size_t idx = 0; idx < fill_.size(); ++idx) {
    size_t rest = idx;
    bool inside = true;
    for (size_t j = k; j-- > 0;) {
      const size_t extent = static_cast<size_t>(spatial[j]);
      inside = inside && valid[j][rest % extent];
      rest /= extent;
    }
    fill_[idx] = inside ? 0.0f : constant;
  }
}

void LResize::ensure_on_device() {
  if (!matrices_.empty() && matrices_[0]->device == dev) return;
  for (Tensor* m : matrices_) delete m;
  matrices_.clear();
  const std::vector<int> in = parent[0]->getShape();
  for (size_t j = 0; j < weights_.size(); ++j) {
    matrices_.push_back(new Tensor(weights_[j], {output_shape[j + 1], in[j + 1]}, dev));
  }
  delete fill_tensor_;
  fill_tensor_ = nullptr;
  if (!fill_.empty()) {
    std::vector<int> spatial{1, 1};
    spatial.insert(spatial.end(), output_shape.begin() + 1, output_shape.end());
    fill_tensor_ = new Tensor(fill_, spatial, dev);
  }
}

void LResize::apply(const Tensor& x, Tensor& y, bool adjoint) {
  // Forward goes from the last spatial axis to the first, backward retraces it; each step replaces
  // one axis' extent (in <-> out) through a gemm on that axis made last by a permutation.
  const int rank = x.ndim;
  const int k = static_cast<int>(weights_.size());
  const std::vector<int> in = parent[0]->getShape();
  Tensor current(x.shape, dev);
  eddl::ops::copy(x, current);
  for (int step = 0; step < k; ++step) {
    const int j = adjoint ? step : k - 1 - step;
    const int axis = rank - k + j;
    const Tensor& m = *matrices_[static_cast<size_t>(j)];
    const int target = adjoint ? in[static_cast<size_t>(j) + 1] : output_shape[static_cast<size_t>(j) + 1];
    std::vector<int> next_shape = current.shape;
    next_shape[static_cast<size_t>(axis)] = target;
    Tensor next(next_shape, dev);
    if (axis == rank - 1) {
      eddl::ops::gemm(current, false, m, !adjoint, next);
    } else {
      const std::vector<int> perm = swap_with_last(rank, axis);
      std::vector<int> moved_shape = current.shape, result_shape = next_shape;
      std::swap(moved_shape[static_cast<size_t>(axis)], moved_shape.back());
      std::swap(result_shape[static_cast<size_t>(axis)], result_shape.back());
      Tensor moved(moved_shape, dev), result(result_shape, dev);
      eddl::ops::permute(current, perm, moved);
      eddl::ops::gemm(moved, false, m, !adjoint, result);
      eddl::ops::permute(result, perm, next);
    }
    current = std::move(next);
  }
  eddl::ops::copy(current, y);
}

void LResize::forward() {
  input = parent[0]->output;
  if (integer_factors_) {
    Tensor y = view_as(*output, with_batch(batch(), spread_out_));
    eddl::layers::broadcast_copy(view_as(*input, with_batch(batch(), spread_in_)), y);
    return;
  }
  ensure_on_device();
  apply(*input, *output, false);
  if (fill_tensor_ != nullptr) eddl::ops::binary(eddl::hw::BinaryOp::add, *output, *fill_tensor_, *output);
}

void LResize::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  if (integer_factors_) {
    Tensor p = view_as(*pd, with_batch(batch(), spread_in_));
    eddl::layers::add_reduced(p, view_as(*delta, with_batch(batch(), spread_out_)));
    return;
  }
  ensure_on_device();
  Tensor back(pd->shape, dev);
  apply(*delta, back, true);
  eddl::ops::binary(eddl::hw::BinaryOp::add, *pd, back, *pd);
}

LUpSampling::LUpSampling(Layer* parent_layer, const std::vector<int>& size_, const std::string& interpolation_,
                         const std::string& name, int dev, int mem)
    : LResize(parent_layer, upsampled_shape(parent_layer, size_), true, "constant", 0.0f,
              interpolation_ == "nearest" ? "asymmetric" : "half_pixel", checked_interpolation(interpolation_),
              "upsampling2d", name, dev, mem),
      size(size_) {}

LUpSampling3D::LUpSampling3D(Layer* parent_layer, const std::vector<int>& new_shape_, bool reshape_,
                             const std::string& da_mode_, float constant_, const std::string& ctm,
                             const std::string& name, int dev, int mem)
    : LResize(parent_layer, new_shape_, reshape_, da_mode_, constant_, ctm, "nearest", "upsampling3d", name, dev,
              mem) {}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LResize::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LResize(only_parent(parents), new_shape, reshape, da_mode, constant, coordinate_transformation_mode, interpolation, prefix_, name, todev, mem_level);
}

Layer* LUpSampling::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LUpSampling(only_parent(parents), size, interpolation, name, todev, mem_level);
}

Layer* LUpSampling3D::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LUpSampling3D(only_parent(parents), new_shape, reshape, da_mode, constant, coordinate_transformation_mode, name, todev, mem_level);
}
