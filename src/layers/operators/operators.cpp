// SPDX-License-Identifier: MIT
// Operator layers (one elementwise function of one or two layers, or of a layer and a float) and
// reduction layers. Binary operators broadcast their non-batch shapes; reductions skip the batch.
#include <algorithm>
#include <map>

#include "eddl/layers/operators/layer_operators.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "layers/shape/broadcasting.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::hw::BinaryOp;
using eddl::hw::UnaryOp;

struct UnaryForm {
  UnaryOp op;
  const char* prefix;  ///< EDDL's default-name prefix
};

const std::map<std::string, UnaryForm>& unary_forms() {
  static const std::map<std::string, UnaryForm> forms = {
      {"abs", {UnaryOp::abs, "abs_"}},          {"exp", {UnaryOp::exp, "exp_"}},
      {"log", {UnaryOp::log, "log_"}},          {"log2", {UnaryOp::log2, "log2_"}},
      {"log10", {UnaryOp::log10, "log10_"}},    {"sqrt", {UnaryOp::sqrt, "sqrt_"}},
      {"pow", {UnaryOp::pow_scalar, "pow_"}},   {"clamp", {UnaryOp::clamp, "clamp_"}},
      {"add", {UnaryOp::add_scalar, "sum"}},    {"sub", {UnaryOp::add_scalar, "diff_"}},
      {"rsub", {UnaryOp::affine, "diff_"}},     {"mult", {UnaryOp::mult_scalar, "mult_"}},
      {"div", {UnaryOp::mult_scalar, "div_"}},  {"rdiv", {UnaryOp::reciprocal, "div_"}},
  };
  return forms;
}

const char* binary_prefix(const std::string& op) {
  if (op == "add") return "sum";
  if (op == "sub") return "diff_";
  if (op == "mult") return "mult_";
  if (op == "div") return "div_";
  return nullptr;
}

}  // namespace

LUnaryOperator::LUnaryOperator(Layer* parent_layer, const std::string& op_, float a_, float b_,
                               const std::string& name, int dev, int mem)
    : OperatorLayer("", dev, mem), op(op_), a(a_), b(b_) {
  const auto it = unary_forms().find(op_);
  EDDL_CHECK(it != unary_forms().end(), "operator layer: unknown operator '" << op_ << "'");
  prefix_ = it->second.prefix;
  this->name = eddl::layers::layer_name(name, prefix_);
  EDDL_CHECK(parent_layer != nullptr, "Operator " << op_ << " " << this->name << ": parent layer is null");
  EDDL_CHECK(op_ != "clamp" || a_ <= b_,
             "Clamp " << this->name << ": min " << a_ << " is greater than max " << b_);
  EDDL_CHECK(op_ != "div" || a_ != 0.0f, "Div " << this->name << ": division of " << parent_layer->name << " by 0");
  unary_op_ = static_cast<int>(it->second.op);
  // The scalar forms as one unary op each: x - k = x + (-k), k - x = -1 * x + k, x / k = x * (1/k).
  arg_a_ = a_;
  arg_b_ = b_;
  if (op_ == "sub") arg_a_ = -a_;
  if (op_ == "rsub") {
    arg_a_ = -1.0f;
    arg_b_ = a_;
  }
  if (op_ == "div") arg_a_ = 1.0f / a_;
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(parent_layer->getShape());
}

void LUnaryOperator::forward() {
  input = parent[0]->output;
  eddl::ops::unary(static_cast<UnaryOp>(unary_op_), *input, *output, arg_a_, arg_b_);
}

void LUnaryOperator::backward() {
  Tensor* pd = parent_delta(0);
  if (pd == nullptr) return;
  eddl::ops::unary_backward(static_cast<UnaryOp>(unary_op_), *parent[0]->output, *output, *delta, *pd, arg_a_,
                            arg_b_);
}

LBinaryOperator::LBinaryOperator(Layer* first, Layer* second, const std::string& op_, const std::string& name,
                                 int dev, int mem)
    : OperatorLayer("", dev, mem), op(op_) {
  const char* prefix = binary_prefix(op_);
  EDDL_CHECK(prefix != nullptr, "operator layer: unknown operator '" << op_ << "' for two layers");
  prefix_ = prefix;
  this->name = eddl::layers::layer_name(name, prefix_);
  const std::string what = "Operator " + op_ + " " + this->name;
  const auto shapes = eddl::layers::parent_shapes({first, second}, what);
  std::vector<int> out;
  try {
    out = eddl::shape::broadcast_shapes(shapes[0], shapes[1], "operator");
  } catch (const eddl::ValueError&) {
    EDDL_CHECK(false, what << ": shapes " << eddl::shape::to_string(shapes[0]) << " of " << first->name << " and "
                           << eddl::shape::to_string(shapes[1]) << " of " << second->name
                           << " cannot be broadcast together");
  }
  for (const auto& s : shapes) {
    std::vector<int> padded(out.size() - s.size(), 1);
    padded.insert(padded.end(), s.begin(), s.end());
    padded_.push_back(padded);
  }
  eddl::layers::connect(this, {first, second});
  set_output_shape(out);
}

void LBinaryOperator::forward() {
  input = parent[0]->output;
  const int n = batch();
  const Tensor a = eddl::layers::view_as(*parent[0]->output, eddl::layers::with_batch(n, padded_[0]));
  const Tensor b = eddl::layers::view_as(*parent[1]->output, eddl::layers::with_batch(n, padded_[1]));
  BinaryOp kind = BinaryOp::add;
  if (op == "sub") kind = BinaryOp::sub;
  if (op == "mult") kind = BinaryOp::mult;
  if (op == "div") kind = BinaryOp::div;
  eddl::ops::binary(kind, a, b, *output);
}

void LBinaryOperator::backward() {
  const int n = batch();
  const Tensor a = eddl::layers::view_as(*parent[0]->output, eddl::layers::with_batch(n, padded_[0]));
  const Tensor b = eddl::layers::view_as(*parent[1]->output, eddl::layers::with_batch(n, padded_[1]));
  Tensor term(output->shape, dev);
  for (size_t i = 0; i < 2; ++i) {
    Tensor* pd = parent_delta(i);
    if (pd == nullptr) continue;
    Tensor pd_view = eddl::layers::view_as(*pd, eddl::layers::with_batch(n, padded_[i]));
    if (op == "add" || (op == "sub" && i == 0)) {
      eddl::layers::add_reduced(pd_view, *delta);
      continue;
    }
    if (op == "sub") {
      eddl::ops::unary(UnaryOp::neg, *delta, term);
    } else if (op == "mult") {
      eddl::ops::binary(BinaryOp::mult, *delta, i == 0 ? b : a, term);  // d(ab)/da = b, d(ab)/db = a
    } else if (i == 0) {
      eddl::ops::binary(BinaryOp::div, *delta, b, term);  // d(a/b)/da = 1/b
    } else {
      // d(a/b)/db = -a/b^2 = -y/b, with y the forward output.
      eddl::ops::binary(BinaryOp::div, *output, b, term);
      eddl::ops::binary(BinaryOp::mult, term, *delta, term);
      eddl::ops::unary(UnaryOp::neg, term, term);
    }
    eddl::layers::add_reduced(pd_view, term);
  }
}

// ---- Reductions ----

LReduction::LReduction(Layer* parent_layer, const std::string& op_, const std::vector<int>& axes, bool keepdims_,
                       const std::string& name, int dev, int mem)
    : OperatorLayer("", dev, mem), op(op_), keepdims(keepdims_) {
  static const std::vector<std::string> known = {"mean", "var", "sum", "max", "min", "argmax"};
  EDDL_CHECK(std::find(known.begin(), known.end(), op_) != known.end(), "reduction: unknown operation '" << op_ << "'");
  this->name = eddl::layers::layer_name(name, "reduction_" + op_);
  const std::string what = "Reduce " + op_ + " " + this->name;
  const auto shapes = eddl::layers::parent_shapes({parent_layer}, what);
  const std::vector<int>& in = shapes[0];
  const int rank = static_cast<int>(in.size());
  EDDL_CHECK(!axes.empty(), what << ": no axis given for input " << eddl::shape::to_string(in));
  for (int a : axes) {
    EDDL_CHECK(a >= -rank && a < rank, what << ": axis " << a << " is out of range for input "
                                            << eddl::shape::to_string(in) << " (axes exclude the batch)");
    const int normalised = a < 0 ? a + rank : a;
    EDDL_CHECK(std::find(axis.begin(), axis.end(), normalised) == axis.end(),
               what << ": axis " << a << " given twice for input " << eddl::shape::to_string(in));
    axis.push_back(normalised);
  }
  std::sort(axis.begin(), axis.end());
  std::vector<int> out;
  for (int d = 0; d < rank; ++d) {
    const bool reduced = std::find(axis.begin(), axis.end(), d) != axis.end();
    if (!reduced) out.push_back(in[static_cast<size_t>(d)]);
    if (reduced && keepdims) out.push_back(1);
  }
  eddl::layers::connect(this, {parent_layer});
  set_output_shape(out);
}

LReduction::~LReduction() { delete centered_; }

std::vector<std::string> LReduction::required_kernels() const {
  if (op == "max" || op == "min" || op == "argmax") {
    return {"copy_strided", "reduce", "reduce_arg", "binary_map"};
  }
  return {"reduce", "binary_map", "unary_map"};
}

std::vector<int> LReduction::kept_shape(int batch_size) const {
  std::vector<int> shape = eddl::layers::with_batch(batch_size, parent[0]->getShape());
  for (int a : axis) shape[static_cast<size_t>(a) + 1] = 1;
  return shape;
}

std::vector<int> LReduction::permutation() const {
  std::vector<int> perm{0};
  const int rank = static_cast<int>(parent[0]->getShape().size());
  for (int d = 0; d < rank; ++d) {
    if (std::find(axis.begin(), axis.end(), d) == axis.end()) perm.push_back(d + 1);
  }
  for (int a : axis) perm.push_back(a + 1);
  return perm;
}

Tensor LReduction::reduced_last(const Tensor& x) const {
  const std::vector<int> perm = permutation();
  std::vector<int> permuted_shape;
  for (int d : perm) permuted_shape.push_back(x.shape[static_cast<size_t>(d)]);
  Tensor permuted(permuted_shape, x.device);
  eddl::ops::permute(x, perm, permuted);
  int reduced = 1;
  for (int a : axis) reduced *= x.shape[static_cast<size_t>(a) + 1];
  const int rows = static_cast<int>(x.size / static_cast<unsigned long>(reduced));
  permuted.reshape_({rows, reduced});
  return permuted;
}

void LReduction::forward() {
  input = parent[0]->output;
  // Sequences reduce every step alike: the time axis joins the batch.
  const Tensor x = fold_time(input);
  Tensor y = fold_time(output);
  std::vector<int> axes;
  for (int a : axis) axes.push_back(a + 1);
  if (op == "argmax") {
    const Tensor rows = reduced_last(x);
    eddl::ops::reduce_arg(eddl::hw::ArgReduceOp::argmax, rows, 1, y);
    return;
  }
  if (op == "var") {
    const std::vector<int> kept = kept_shape(x.shape[0]);
    Tensor mean(kept, dev);
    eddl::ops::reduce(eddl::hw::ReduceOp::mean, x, axes, mean);
    if (centered_ == nullptr || centered_->shape != x.shape || centered_->device != dev) {
      delete centered_;
      centered_ = new Tensor(x.shape, dev);
    }
    eddl::ops::binary(BinaryOp::sub, x, mean, *centered_);
    Tensor squares(x.shape, dev);
    eddl::ops::unary(UnaryOp::sqr, *centered_, squares);
    eddl::ops::reduce(eddl::hw::ReduceOp::mean, squares, axes, y);
    return;
  }
  eddl::hw::ReduceOp kind = eddl::hw::ReduceOp::sum;
  if (op == "mean") kind = eddl::hw::ReduceOp::mean;
  if (op == "max") kind = eddl::hw::ReduceOp::max;
  if (op == "min") kind = eddl::hw::ReduceOp::min;
  eddl::ops::reduce(kind, x, axes, y);
}

void LReduction::backward() {
  Tensor* parent_d = parent_delta(0);
  if (parent_d == nullptr || op == "argmax") return;
  const Tensor x = fold_time(parent[0]->output);
  Tensor pd_view = fold_time(parent_d);
  Tensor* pd = &pd_view;
  const Tensor d = eddl::layers::view_as(*delta, kept_shape(x.shape[0]));
  const float count = static_cast<float>(x.size) / static_cast<float>(delta->size);
  if (op == "sum" || op == "mean") {
    eddl::ops::binary(BinaryOp::add, *pd, d, *pd, 1.0f, op == "mean" ? 1.0f / count : 1.0f);
    return;
  }
  if (op == "var") {
    Tensor term(x.shape, dev);
    eddl::ops::binary(BinaryOp::mult, *centered_, d, term);
    eddl::ops::binary(BinaryOp::add, *pd, term, *pd, 1.0f, 2.0f / count);
    return;
  }
  // max/min: a one-hot of the first extreme element per row of the reduced-last layout, scaled by
  // the delta, permuted back to the input's layout.
  const Tensor rows = reduced_last(x);
  const int n_rows = rows.shape[0], reduced = rows.shape[1];
  Tensor winner({n_rows, 1}, dev);
  eddl::ops::reduce_arg(op == "max" ? eddl::hw::ArgReduceOp::argmax : eddl::hw::ArgReduceOp::argmin, rows, 1,
                        winner);
  std::vector<float> positions(static_cast<size_t>(reduced));
  for (int i = 0; i < reduced; ++i) positions[static_cast<size_t>(i)] = static_cast<float>(i);
  const Tensor ramp(positions, {1, reduced}, dev);
  Tensor routed({n_rows, reduced}, dev);
  eddl::ops::binary(BinaryOp::equal, ramp, winner, routed);
  const Tensor d_rows = eddl::layers::view_as(*delta, {n_rows, 1});
  eddl::ops::binary(BinaryOp::mult, routed, d_rows, routed);
  const std::vector<int> perm = permutation();
  std::vector<int> inverse(perm.size());
  std::vector<int> permuted_shape;
  for (size_t i = 0; i < perm.size(); ++i) {
    inverse[static_cast<size_t>(perm[i])] = static_cast<int>(i);
    permuted_shape.push_back(x.shape[static_cast<size_t>(perm[i])]);
  }
  routed.reshape_(permuted_shape);
  Tensor back(x.shape, dev);
  eddl::ops::permute(routed, inverse, back);
  eddl::ops::binary(BinaryOp::add, *pd, back, *pd);
}

// ---- Cloning (Layer::clone copies the state; this builds the same configuration) ----

Layer* LUnaryOperator::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LUnaryOperator(only_parent(parents), op, a, b, name, todev, mem_level);
}

Layer* LBinaryOperator::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LBinaryOperator(parents[0], parents[1], op, name, todev, mem_level);
}

Layer* LReduction::construct_like(const std::vector<Layer*>& parents, int todev) const {
  return new LReduction(only_parent(parents), op, axis, keepdims, name, todev, mem_level);
}
