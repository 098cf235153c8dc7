// SPDX-License-Identifier: MIT
// The merge, operator and reduction half of eddl.h: factories that construct the layers.
#include <iostream>

#include "eddl/apis/eddl.h"

namespace eddl {

namespace {
void deprecated(const char* name, const char* replacement) {
  std::cerr << "[DEPRECATION WARNING]: The '" << name << "' function will be deprecated in a future version in favor of '"
            << replacement << "'." << std::endl;
}
}  // namespace

layer Add(const vector<layer>& layers, string name) { return new LAdd(layers, name); }
layer Subtract(const vector<layer>& layers, string name) { return new LSubtract(layers, name); }
layer Average(const vector<layer>& layers, string name) { return new LAverage(layers, name); }
layer Maximum(const vector<layer>& layers, string name) { return new LMaximum(layers, name); }
layer Minimum(const vector<layer>& layers, string name) { return new LMinimum(layers, name); }
// EDDL's axis is unsigned, so -1 (the last axis) arrives as UINT_MAX: cast back.
layer Concat(const vector<layer>& layers, unsigned int axis, string name) {
  return new LConcat(layers, static_cast<int>(axis), name);
}
layer MatMul(const vector<layer>& layers, string name) { return new LMatMul(layers, name); }

layer Abs(layer l) { return new LUnaryOperator(l, "abs", 0.0f, 0.0f, ""); }
layer Add(layer l1, layer l2) { return new LBinaryOperator(l1, l2, "add", ""); }
layer Add(layer l1, float k) { return new LUnaryOperator(l1, "add", k, 0.0f, ""); }
layer Add(float k, layer l1) { return new LUnaryOperator(l1, "add", k, 0.0f, ""); }
layer Sub(layer l1, layer l2) { return new LBinaryOperator(l1, l2, "sub", ""); }
layer Sub(layer l1, float k) { return new LUnaryOperator(l1, "sub", k, 0.0f, ""); }
layer Sub(float k, layer l1) { return new LUnaryOperator(l1, "rsub", k, 0.0f, ""); }
layer Mult(layer l1, layer l2) { return new LBinaryOperator(l1, l2, "mult", ""); }
layer Mult(layer l1, float k) { return new LUnaryOperator(l1, "mult", k, 0.0f, ""); }
layer Mult(float k, layer l1) { return new LUnaryOperator(l1, "mult", k, 0.0f, ""); }
layer Div(layer l1, layer l2) { return new LBinaryOperator(l1, l2, "div", ""); }
layer Div(layer l1, float k) { return new LUnaryOperator(l1, "div", k, 0.0f, ""); }
layer Div(float k, layer l1) { return new LUnaryOperator(l1, "rdiv", k, 0.0f, ""); }
layer Exp(layer l) { return new LUnaryOperator(l, "exp", 0.0f, 0.0f, ""); }
layer Log(layer l) { return new LUnaryOperator(l, "log", 0.0f, 0.0f, ""); }
layer Log2(layer l) { return new LUnaryOperator(l, "log2", 0.0f, 0.0f, ""); }
layer Log10(layer l) { return new LUnaryOperator(l, "log10", 0.0f, 0.0f, ""); }
layer Pow(layer l1, float k) { return new LUnaryOperator(l1, "pow", k, 0.0f, ""); }
layer Sqrt(layer l) { return new LUnaryOperator(l, "sqrt", 0.0f, 0.0f, ""); }
layer Clamp(layer parent, float min, float max, string name) {
  return new LUnaryOperator(parent, "clamp", min, max, name);
}
layer Clip(layer parent, float min, float max, string name) { return Clamp(parent, min, max, name); }

layer Sum(layer l1, layer l2) {
  deprecated("Sum", "Add");
  return Add(l1, l2);
}
layer Sum(layer l1, float k) {
  deprecated("Sum", "Add");
  return Add(l1, k);
}
layer Sum(float k, layer l1) {
  deprecated("Sum", "Add");
  return Add(k, l1);
}
layer Diff(layer l1, layer l2) {
  deprecated("Diff", "Sub");
  return Sub(l1, l2);
}
layer Diff(layer l1, float k) {
  deprecated("Diff", "Sub");
  return Sub(l1, k);
}
layer Diff(float k, layer l1) {
  deprecated("Diff", "Sub");
  return Sub(k, l1);
}

layer ReduceMean(layer l, const vector<int>& axis, bool keepdims) { return new LReduction(l, "mean", axis, keepdims, ""); }
layer ReduceVar(layer l, const vector<int>& axis, bool keepdims) { return new LReduction(l, "var", axis, keepdims, ""); }
layer ReduceSum(layer l, const vector<int>& axis, bool keepdims) { return new LReduction(l, "sum", axis, keepdims, ""); }
layer ReduceMax(layer l, const vector<int>& axis, bool keepdims) { return new LReduction(l, "max", axis, keepdims, ""); }
layer ReduceMin(layer l, const vector<int>& axis, bool keepdims) { return new LReduction(l, "min", axis, keepdims, ""); }
layer ReduceArgMax(layer l, const vector<int>& axis, bool keepdims) {
  return new LReduction(l, "argmax", axis, keepdims, "");
}

}  // namespace eddl
