// SPDX-License-Identifier: MIT
// Merge layers: elementwise merges (Add, Subtract, Average, Maximum, Minimum), Concat and MatMul.
// Shapes are checked at construction and the message names the layer and every parent's shape.
#include <sstream>

#include "eddl/layers/merge/layer_merge.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "layers/shape/broadcasting.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::hw::BinaryOp;
using Kind = LMergeElementwise::Kind;

const char* prefix_of(Kind kind) {
  switch (kind) {
    case Kind::add: return "merge_add";
    case Kind::subtract: return "subtract";
    case Kind::average: return "average";
    case Kind::maximum: return "maximum";
    case Kind::minimum: return "minimum";
  }
  return "merge";
}

const char* class_of(Kind kind) {
  switch (kind) {
    case Kind::add: return "Add";
    case Kind::subtract: return "Subtract";
    case Kind::average: return "Average";
    case Kind::maximum: return "Maximum";
    case Kind::minimum: return "Minimum";
  }
  return "Merge";
}

std::string shapes_text(const std::vector<std::vector<int>>& shapes) {
  std::ostringstream os;
  for (size_t i = 0; i < shapes.size(); ++i) os << (i ? ", " : "") << eddl::shape::to_string(shapes[i]);
  return os.str();
}

// The index-th (rows x cols) matrix of a tensor read as a stack of them, wrapping its storage.
Tensor matrix_at(const Tensor& t, int64_t index, int rows, int cols) {
  const int64_t block = static_cast<int64_t>(rows) * cols;
  return Tensor({rows, cols}, t.ptr + index * block, t.device);
}

}  // namespace

LMergeElementwise::LMergeElementwise(const std::vector<Layer*>& parents, Kind kind_, const std::string& name, int dev,
                                     int mem)
    : MLayer(eddl::layers::layer_name(name, prefix_of(kind_)), dev, mem), kind(kind_) {
  const std::string what = std::string(class_of(kind)) + " " + this->name;
  const auto shapes = eddl::layers::parent_shapes(parents, what);
  EDDL_CHECK(shapes.size() >= 2, what << ": needs at least 2 layers, got " << shapes.size());
  for (const auto& s : shapes) {
    EDDL_CHECK(s == shapes[0], what << ": all layers must have the same shape, got " << shapes_text(shapes));
  }
  eddl::layers::connect(this, parents);
  set_output_shape(shapes[0]);
}

std::string LMergeElementwise::type_name() const { return prefix_of(kind); }

void LMergeElementwise::forward() {
  input = parent[0]->output;
  BinaryOp op = BinaryOp::add;
  float beta = 1.0f;
  if (kind == Kind::subtract) beta = -1.0f;
  if (kind == Kind::maximum) op = BinaryOp::maximum;
  if (kind == Kind::minimum) op = BinaryOp::minimum;
  eddl::ops::binary(op, *parent[0]->output, *parent[1]->output, *output, 1.0f, beta);
  for (size_t i = 2; i < parent.size(); ++i) eddl::ops::binary(op, *output, *parent[i]->output, *output, 1.0f, beta);
  if (kind == Kind::average) {
    eddl::ops::unary(eddl::hw::UnaryOp::mult_scalar, *output, *output, 1.0f / static_cast<float>(parent.size()));
  }
}

void LMergeElementwise::backward() {
  if (kind == Kind::add || kind == Kind::subtract || kind == Kind::average) {
    const float scale = kind == Kind::average ? 1.0f / static_cast<float>(parent.size()) : 1.0f;
    for (size_t i = 0; i < parent.size(); ++i) {
      Tensor* pd = parent_delta(i);
      if (pd == nullptr) continue;
      const float sign = kind == Kind::subtract && i > 0 ? -1.0f : 1.0f;
      eddl::ops::binary(BinaryOp::add, *pd, *delta, *pd, 1.0f, sign * scale);
    }
    return;
  }
  // Maximum/Minimum: parent i wins where it equals the output and no earlier parent won there.
  Tensor not_taken(output->shape, dev), won(output->shape, dev), routed(output->shape, dev);
  eddl::ops::fill(not_taken, 1.0f);
  for (size_t i = 0; i < parent.size(); ++i) {
    eddl::ops::binary(BinaryOp::equal, *parent[i]->output, *output, won);
    eddl::ops::binary(BinaryOp::mult, won, not_taken, won);
    if (i + 1 < parent.size()) eddl::ops::binary(BinaryOp::sub, not_taken, won, not_taken);
    Tensor* pd = parent_delta(i);
    if (pd == nullptr) continue;
    eddl::ops::binary(BinaryOp::mult, won, *delta, routed);
    eddl::ops::binary(BinaryOp::add, *pd, routed, *pd);
  }
}

LConcat::LConcat(const std::vector<Layer*>& parents, int axis_, const std::string& name, int dev, int mem)
    : MLayer(eddl::layers::layer_name(name, "concat"), dev, mem), axis(axis_) {
  const std::string what = "Concat " + this->name;
  const auto shapes = eddl::layers::parent_shapes(parents, what);
  EDDL_CHECK(shapes.size() >= 2, what << ": needs at least 2 layers, got " << shapes.size());
  const int rank = static_cast<int>(shapes[0].size());
  EDDL_CHECK(axis_ >= -rank && axis_ < rank,
             what << ": axis " << axis_ << " is out of range for shapes " << shapes_text(shapes));
  axis = axis_ < 0 ? axis_ + rank : axis_;
  std::vector<int> out = shapes[0];
  out[static_cast<size_t>(axis)] = 0;
  for (const auto& s : shapes) {
    bool joinable = s.size() == shapes[0].size();
    for (size_t d = 0; joinable && d < s.size(); ++d) {
      joinable = static_cast<int>(d) == axis || s[d] == shapes[0][d];
    }
    EDDL_CHECK(joinable, what << ": shapes " << shapes_text(shapes) << " differ outside axis " << axis);
    offsets_.push_back(out[static_cast<size_t>(axis)]);
    out[static_cast<size_t>(axis)] += s[static_cast<size_t>(axis)];
  }
  eddl::layers::connect(this, parents);
  set_output_shape(out);
}

void LConcat::forward() {
  input = parent[0]->output;
  // Sequences join every step alike: the time axis joins the batch (fold_time).
  Tensor y = fold_time(output);
  std::vector<int> begin(output_shape.size() + 1, 0);
  for (size_t i = 0; i < parent.size(); ++i) {
    begin[static_cast<size_t>(axis) + 1] = offsets_[i];
    eddl::ops::copy_block_into(fold_time(parent[i]->output), begin, y);
  }
}

void LConcat::backward() {
  const Tensor d = fold_time(delta);
  std::vector<int> begin(output_shape.size() + 1, 0);
  for (size_t i = 0; i < parent.size(); ++i) {
    Tensor* parent_d = parent_delta(i);
    if (parent_d == nullptr) continue;
    Tensor pd = fold_time(parent_d);
    begin[static_cast<size_t>(axis) + 1] = offsets_[i];
    Tensor part(pd.shape, dev);
    eddl::ops::copy_block_from(d, begin, part);
    eddl::ops::binary(BinaryOp::add, pd, part, pd);
  }
}

LMatMul::LMatMul(const std::vector<Layer*>& parents, const std::string& name, int dev, int mem)
    : MLayer(eddl::layers::layer_name(name, "matmul"), dev, mem) {
  const std::string what = "MatMul " + this->name;
  const auto shapes = eddl::layers::parent_shapes(parents, what);
  EDDL_CHECK(shapes.size() == 2, what << ": needs exactly 2 layers, got " << shapes.size());
  const auto& a = shapes[0];
  const auto& b = shapes[1];
  const size_t rank = a.size();
  bool ok = rank >= 2 && b.size() == rank && a[rank - 1] == b[rank - 2];
  for (size_t d = 0; ok && d + 2 < rank; ++d) ok = a[d] == b[d];
  EDDL_CHECK(ok, what << ": cannot multiply " << shapes_text(shapes)
                      << " (expected (..., M, K) and (..., K, N) with the same leading dimensions)");
  std::vector<int> out = a;
  out[rank - 1] = b[rank - 1];
  eddl::layers::connect(this, parents);
  set_output_shape(out);
}

namespace {
// Matrices per tensor: the batch times every leading non-batch dimension.
int64_t matrix_count(const Tensor& t) {
  int64_t n = 1;
  for (int d = 0; d + 2 < t.ndim; ++d) n *= t.shape[static_cast<size_t>(d)];
  return n;
}
}  // namespace

void LMatMul::forward() {
  const Tensor& a = *parent[0]->output;
  const Tensor& b = *parent[1]->output;
  input = parent[0]->output;
  const int m = a.shape[static_cast<size_t>(a.ndim - 2)], k = a.shape[static_cast<size_t>(a.ndim - 1)];
  const int n = b.shape[static_cast<size_t>(b.ndim - 1)];
  const int64_t count = matrix_count(a);
  for (int64_t i = 0; i < count; ++i) {
    Tensor ai = matrix_at(a, i, m, k), bi = matrix_at(b, i, k, n), ci = matrix_at(*output, i, m, n);
    eddl::ops::gemm(ai, false, bi, false, ci);
  }
}

void LMatMul::backward() {
  const Tensor& a = *parent[0]->output;
  const Tensor& b = *parent[1]->output;
  Tensor* da = parent_delta(0);
  Tensor* db = parent_delta(1);
  const int m = a.shape[static_cast<size_t>(a.ndim - 2)], k = a.shape[static_cast<size_t>(a.ndim - 1)];
  const int n = b.shape[static_cast<size_t>(b.ndim - 1)];
  const int64_t count = matrix_count(a);
  for (int64_t i = 0; i < count; ++i) {
    Tensor dci = matrix_at(*delta, i, m, n);
    if (da != nullptr) {
      Tensor bi = matrix_at(b, i, k, n), dai = matrix_at(*da, i, m, k);
      eddl::ops::gemm(dci, false, bi, true, dai, 1.0f, 1.0f);  // dA += dC B^T
    }
    if (db != nullptr) {
      Tensor ai = matrix_at(a, i, m, k), dbi = matrix_at(*db, i, k, n);
      eddl::ops::gemm(ai, true, dci, false, dbi, 1.0f, 1.0f);  // dB += A^T dC
    }
  }
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LConcat::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LConcat(parents, axis, name, todev, mem_level);
}

Layer* LMatMul::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LMatMul(parents, name, todev, mem_level);
}

// The API makes the subclasses (LAdd ...), which add nothing but the kind: rebuild the same one.
Layer* LMergeElementwise::construct_like(const std::vector<Layer*>& parents, int todev) const {
  switch (kind) {
    case Kind::add: return new LAdd(parents, name, todev, mem_level);
    case Kind::subtract: return new LSubtract(parents, name, todev, mem_level);
    case Kind::average: return new LAverage(parents, name, todev, mem_level);
    case Kind::maximum: return new LMaximum(parents, name, todev, mem_level);
    case Kind::minimum: return new LMinimum(parents, name, todev, mem_level);
  }
  return Layer::construct_like(parents, todev);
}
