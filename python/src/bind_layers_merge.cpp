// SPDX-License-Identifier: MIT
// Merge, operator and reduction layers of eddl.h. Add/Sub/Mult/Div (and the deprecated Sum/Diff)
// take a list of layers (merge) or two operands, each a layer or a float, as in PyEDDL.
#include "bindings.h"

namespace pyeddl {
namespace {

using Merge = layer (*)(const vector<layer>&, string);
using LayerLayer = layer (*)(layer, layer);
using LayerFloat = layer (*)(layer, float);
using FloatLayer = layer (*)(float, layer);

void bind_operator(py::module_& m, const char* name, LayerLayer ll, LayerFloat lf, FloatLayer fl) {
  const auto ref = py::return_value_policy::reference;
  m.def(name, ll, py::arg("l1"), py::arg("l2"), ref, py::keep_alive<0, 1>(), py::keep_alive<0, 2>());
  m.def(name, lf, py::arg("l1"), py::arg("k"), ref, py::keep_alive<0, 1>());
  m.def(name, fl, py::arg("k"), py::arg("l1"), ref, py::keep_alive<0, 2>());
}

}  // namespace

void bind_layers_merge(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parents = py::keep_alive<0, 1>();
  const std::initializer_list<std::pair<const char*, Merge>> merges{
      {"Add", &eddl::Add}, {"Subtract", &eddl::Subtract}, {"Average", &eddl::Average},
      {"Maximum", &eddl::Maximum}, {"Minimum", &eddl::Minimum}, {"MatMul", &eddl::MatMul}};
  for (auto [name, fn] : merges) m.def(name, fn, py::arg("layers"), py::arg("name") = "", ref, parents);
  m.def("Concat", &eddl::Concat, py::arg("layers"), py::arg("axis") = 0, py::arg("name") = "", ref, parents);

  bind_operator(m, "Add", &eddl::Add, &eddl::Add, &eddl::Add);
  bind_operator(m, "Sub", &eddl::Sub, &eddl::Sub, &eddl::Sub);
  bind_operator(m, "Mult", &eddl::Mult, &eddl::Mult, &eddl::Mult);
  bind_operator(m, "Div", &eddl::Div, &eddl::Div, &eddl::Div);
  bind_operator(m, "Sum", &eddl::Sum, &eddl::Sum, &eddl::Sum);
  bind_operator(m, "Diff", &eddl::Diff, &eddl::Diff, &eddl::Diff);
  using Unary = layer (*)(layer);
  const std::initializer_list<std::pair<const char*, Unary>> unaries{
      {"Abs", &eddl::Abs}, {"Exp", &eddl::Exp},     {"Log", &eddl::Log},
      {"Log2", &eddl::Log2}, {"Log10", &eddl::Log10}, {"Sqrt", &eddl::Sqrt}};
  for (auto [name, fn] : unaries) m.def(name, fn, py::arg("l"), ref, parents);
  m.def("Pow", &eddl::Pow, py::arg("l1"), py::arg("k"), ref, parents);
  m.def("Clamp", &eddl::Clamp, py::arg("parent"), py::arg("min"), py::arg("max"), py::arg("name") = "", ref, parents);
  m.def("Clip", &eddl::Clip, py::arg("parent"), py::arg("min"), py::arg("max"), py::arg("name") = "", ref, parents);

  using Reduce = layer (*)(layer, const vector<int>&, bool);
  const std::initializer_list<std::pair<const char*, Reduce>> reductions{
      {"ReduceMean", &eddl::ReduceMean}, {"ReduceVar", &eddl::ReduceVar}, {"ReduceSum", &eddl::ReduceSum},
      {"ReduceMax", &eddl::ReduceMax},   {"ReduceMin", &eddl::ReduceMin}, {"ReduceArgMax", &eddl::ReduceArgMax}};
  for (auto [name, fn] : reductions) {
    m.def(name, fn, py::arg("l"), py::arg("axis"), py::arg("keepdims") = false, ref, parents);
  }
}

}  // namespace pyeddl
