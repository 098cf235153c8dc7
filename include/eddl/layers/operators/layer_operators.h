// SPDX-License-Identifier: MIT
// Operator layers (Abs, Add/Sum, Sub/Diff, Mult, Div, Exp, Log, Log2, Log10, Pow, Sqrt, Clamp) and
// reductions (ReduceMean, ReduceVar, ReduceSum, ReduceMax, ReduceMin, ReduceArgMax).
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// Base of EDDL's operator layers.
class OperatorLayer : public Layer {
 public:
  using Layer::Layer;
};

/// An elementwise function of one layer. `op` is one of abs, exp, log, log2, log10, sqrt,
/// pow (x^a), clamp (to [a, b]), and the forms with a float: add (x + a), sub (x - a), rsub (a - x),
/// mult (x * a), div (x / a), rdiv (a / x).
class LUnaryOperator : public OperatorLayer {
 public:
  std::string op;
  float a, b;

  LUnaryOperator(Layer* parent, const std::string& op, float a, float b, const std::string& name,
                 int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return prefix_; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"unary_map", "unary_backward"}; }

 private:
  std::string prefix_;
  int unary_op_;  ///< hw::UnaryOp
  float arg_a_ = 0.0f, arg_b_ = 0.0f;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// An elementwise function of two layers: add, sub, mult or div. Non-batch shapes broadcast as in
/// NumPy (right-aligned); the gradient of a broadcast parent is summed over the repeated axes.
class LBinaryOperator : public OperatorLayer {
 public:
  std::string op;

  LBinaryOperator(Layer* first, Layer* second, const std::string& op, const std::string& name, int dev = DEV_CPU,
                  int mem = 0);
  std::string type_name() const override { return prefix_; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override {
    return {"binary_map", "unary_map", "reduce", "fill"};
  }

 private:
  std::string prefix_;
  std::vector<std::vector<int>> padded_;  ///< each parent's shape (no batch) padded to the output's rank
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// A reduction over non-batch axes: op is mean, var (population variance), sum, max, min or argmax
/// (the flat index over the reduced axes, as a float; no gradient). Default names reduction_<op><N>.
class LReduction : public OperatorLayer {
 public:
  std::string op;
  std::vector<int> axis;  ///< normalised, without batch, ascending
  bool keepdims;

  LReduction(Layer* parent, const std::string& op, const std::vector<int>& axis, bool keepdims,
             const std::string& name, int dev = DEV_CPU, int mem = 0);
  ~LReduction() override;
  std::string type_name() const override { return "reduction_" + op; }
  void forward() override;
  /// mean/sum spread the delta evenly; var uses 2 (x - mean) / n; max/min give it to the first
  /// extreme element; argmax passes nothing.
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  Tensor* centered_ = nullptr;  ///< var: x - mean, kept from forward for backward
  std::vector<int> kept_shape(int batch) const;  ///< the input's full shape with 1 on reduced axes
  /// The input permuted so that the reduced axes come last, as (rows, reduced elements).
  Tensor reduced_last(const Tensor& x) const;
  std::vector<int> permutation() const;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
