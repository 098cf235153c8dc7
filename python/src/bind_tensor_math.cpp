// SPDX-License-Identifier: MIT
// Tensor maths: elementwise (in place `x_`, new `x`, and EDDL's static `x(A, B)` reached as
// Tensor.x(A, B) since A binds to self), arithmetic with Python operators, reductions, comparisons
// and linear algebra. Methods returning a new tensor hand it to Python, which owns it.
#include "bindings.h"

namespace pyeddl {
namespace {

template <void (Tensor::*InPlace)(), Tensor* (Tensor::*Fresh)() const, void (*Static)(Tensor*, Tensor*)>
void unary(py::class_<Tensor>& t, const char* name) {
  t.def((std::string(name) + "_").c_str(), InPlace);
  t.def(name, Fresh);
  t.def(name, [](Tensor& A, Tensor* B) { Static(&A, B); }, py::arg("B"));
}

}  // namespace

#define PYEDDL_UNARY(name) unary<&Tensor::name##_, &Tensor::name, &Tensor::name>(tensor, #name);

#define PYEDDL_ARITH(name, op, rop, iop)                                                                   \
  tensor.def(#name "_", py::overload_cast<float>(&Tensor::name##_), py::arg("v"))                          \
      .def(#name "_", py::overload_cast<Tensor*>(&Tensor::name##_), py::arg("A"))                          \
      .def(#name, py::overload_cast<float>(&Tensor::name, py::const_), py::arg("v"))                       \
      .def(#name, py::overload_cast<Tensor*>(&Tensor::name, py::const_), py::arg("A"))                     \
      .def(#name, [](Tensor& A, Tensor* B, Tensor* C) { Tensor::name(&A, B, C); }, py::arg("B"), py::arg("C")) \
      .def(#name, [](Tensor& A, Tensor* B, float v) { Tensor::name(&A, B, v); }, py::arg("B"), py::arg("v"))   \
      .def(op, py::overload_cast<Tensor*>(&Tensor::name, py::const_), py::is_operator())                   \
      .def(op, py::overload_cast<float>(&Tensor::name, py::const_), py::is_operator())                     \
      .def(iop, [](py::object self, Tensor* A) { self.cast<Tensor&>().name##_(A); return self; },          \
           py::is_operator())                                                                             \
      .def(iop, [](py::object self, float v) { self.cast<Tensor&>().name##_(v); return self; },            \
           py::is_operator())                                                                             \
      .def(#rop, rop##_impl, py::is_operator());

void bind_tensor_math(py::class_<Tensor>& tensor) {
  PYEDDL_UNARY(abs)
  PYEDDL_UNARY(acos)
  PYEDDL_UNARY(asin)
  PYEDDL_UNARY(atan)
  PYEDDL_UNARY(ceil)
  PYEDDL_UNARY(cos)
  PYEDDL_UNARY(cosh)
  PYEDDL_UNARY(exp)
  PYEDDL_UNARY(floor)
  PYEDDL_UNARY(log)
  PYEDDL_UNARY(log2)
  PYEDDL_UNARY(log10)
  PYEDDL_UNARY(neg)
  PYEDDL_UNARY(round)
  PYEDDL_UNARY(rsqrt)
  PYEDDL_UNARY(sigmoid)
  PYEDDL_UNARY(sin)
  PYEDDL_UNARY(sinh)
  PYEDDL_UNARY(sqr)
  PYEDDL_UNARY(sqrt)
  PYEDDL_UNARY(tan)
  PYEDDL_UNARY(tanh)
  PYEDDL_UNARY(trunc)

  tensor.def("reciprocal_", &Tensor::reciprocal_)
      .def("reciprocal", &Tensor::reciprocal)
      .def("inv_", &Tensor::inv_, py::arg("v") = 1.0f)
      .def("inv", &Tensor::inv, py::arg("v") = 1.0f)
      .def("sign_", &Tensor::sign_, py::arg("zero_sign") = 0.0f)
      .def("sign", &Tensor::sign, py::arg("zero_sign") = 0.0f)
      .def("clamp_", &Tensor::clamp_, py::arg("min"), py::arg("max"))
      .def("clamp", py::overload_cast<float, float>(&Tensor::clamp, py::const_), py::arg("min"), py::arg("max"))
      .def("clamp", [](Tensor& A, Tensor* B, float min, float max) { Tensor::clamp(&A, B, min, max); },
           py::arg("B"), py::arg("min"), py::arg("max"))
      .def("clampmax_", &Tensor::clampmax_, py::arg("max"))
      .def("clampmin_", &Tensor::clampmin_, py::arg("min"))
      .def("logn_", &Tensor::logn_, py::arg("n"))
      .def("logn", &Tensor::logn, py::arg("n"))
      .def("pow_", &Tensor::pow_, py::arg("exp"))
      .def("pow", py::overload_cast<float>(&Tensor::pow, py::const_), py::arg("exp"))
      .def("pow", [](Tensor& A, Tensor* B, float exp) { Tensor::pow(&A, B, exp); }, py::arg("B"), py::arg("exp"))
      .def("powb_", &Tensor::powb_, py::arg("base"))
      .def("powb", &Tensor::powb, py::arg("base"))
      .def("mod_", &Tensor::mod_, py::arg("v"))
      .def("mod", &Tensor::mod, py::arg("v"))
      .def("normalize_", &Tensor::normalize_, py::arg("min") = 0.0f, py::arg("max") = 1.0f)
      .def("normalize", &Tensor::normalize, py::arg("min") = 0.0f, py::arg("max") = 1.0f);

  // Reflected operators with a float on the left: v + t, v - t, v * t, v / t.
  const auto __radd___impl = [](const Tensor& t, float v) { return t.add(v); };
  const auto __rsub___impl = [](const Tensor& t, float v) {
    Tensor* out = t.neg();
    out->add_(v);
    return out;
  };
  const auto __rmul___impl = [](const Tensor& t, float v) { return t.mult(v); };
  const auto __rtruediv___impl = [](const Tensor& t, float v) { return t.inv(v); };
  PYEDDL_ARITH(add, "__add__", __radd__, "__iadd__")
  PYEDDL_ARITH(sub, "__sub__", __rsub__, "__isub__")
  PYEDDL_ARITH(mult, "__mul__", __rmul__, "__imul__")
  PYEDDL_ARITH(div, "__truediv__", __rtruediv__, "__itruediv__")
  tensor.def("__neg__", py::overload_cast<>(&Tensor::neg, py::const_));

  tensor.def_static("inc", &Tensor::inc, py::arg("A"), py::arg("B"))
      .def_static("el_mult", &Tensor::el_mult, py::arg("A"), py::arg("B"), py::arg("C"), py::arg("incC"))
      .def_static("el_div", &Tensor::el_div, py::arg("A"), py::arg("B"), py::arg("C"), py::arg("incC"))
      .def_static("maximum", py::overload_cast<Tensor*, float>(&Tensor::maximum), py::arg("A"), py::arg("v"))
      .def_static("maximum", py::overload_cast<Tensor*, Tensor*>(&Tensor::maximum), py::arg("A"), py::arg("B"))
      .def_static("minimum", py::overload_cast<Tensor*, float>(&Tensor::minimum), py::arg("A"), py::arg("v"))
      .def_static("minimum", py::overload_cast<Tensor*, Tensor*>(&Tensor::minimum), py::arg("A"), py::arg("B"))
      .def_static("interpolate", &Tensor::interpolate, py::arg("factor1"), py::arg("A"), py::arg("factor2"),
                  py::arg("B"))
      // Linear algebra; PyEDDL's mult2D(A, B) returns the product.
      .def_static("mult2D", &Tensor::mult2D, py::arg("A"), py::arg("tA"), py::arg("B"), py::arg("tB"), py::arg("C"),
                  py::arg("incC"))
      .def_static("mult2D", &Tensor::matmul, py::arg("A"), py::arg("B"))
      .def_static("matmul", &Tensor::matmul, py::arg("A"), py::arg("B"))
      .def("__matmul__", [](Tensor& A, Tensor* B) { return Tensor::matmul(&A, B); }, py::is_operator())
      .def("trace", &Tensor::trace, py::arg("k") = 0)
      .def_static("reduce_sum2D", &Tensor::reduce_sum2D, py::arg("A"), py::arg("B"), py::arg("axis"), py::arg("incB"))
      .def_static("sum2D_rowwise", &Tensor::sum2D_rowwise, py::arg("A"), py::arg("B"), py::arg("C"));

  // Reductions: no argument -> a Python number; (axis, keepdims) -> a new tensor.
#define PYEDDL_REDUCTION(name)                                                         \
  tensor.def(#name, py::overload_cast<>(&Tensor::name, py::const_))                                 \
      .def(#name, py::overload_cast<const std::vector<int>&, bool>(&Tensor::name, py::const_), py::arg("axis"), \
           py::arg("keepdims") = false);
  PYEDDL_REDUCTION(max)
  PYEDDL_REDUCTION(min)
  PYEDDL_REDUCTION(argmax)
  PYEDDL_REDUCTION(argmin)
  PYEDDL_REDUCTION(sum)
  PYEDDL_REDUCTION(sum_abs)
  PYEDDL_REDUCTION(prod)
  PYEDDL_REDUCTION(mean)
#undef PYEDDL_REDUCTION
  tensor.def("var", py::overload_cast<bool>(&Tensor::var, py::const_), py::arg("unbiased") = true)
      .def("var", py::overload_cast<const std::vector<int>&, bool, bool>(&Tensor::var, py::const_), py::arg("axis"),
           py::arg("keepdims") = false, py::arg("unbiased") = true)
      .def("std", py::overload_cast<bool>(&Tensor::std, py::const_), py::arg("unbiased") = true)
      .def("std", py::overload_cast<const std::vector<int>&, bool, bool>(&Tensor::std, py::const_), py::arg("axis"),
           py::arg("keepdims") = false, py::arg("unbiased") = true)
      .def("norm", &Tensor::norm, py::arg("ord") = "fro");

  // Comparisons: 0/1 float tensors.
#define PYEDDL_COMPARE(name)                                                                           \
  tensor.def(#name "_", &Tensor::name##_, py::arg("v"))                                                \
      .def(#name, py::overload_cast<float>(&Tensor::name, py::const_), py::arg("v"))                   \
      .def(#name, py::overload_cast<Tensor*>(&Tensor::name, py::const_), py::arg("A"))                 \
      .def(#name, [](Tensor& A, Tensor* B, float v) { Tensor::name(&A, B, v); }, py::arg("B"), py::arg("v")) \
      .def(#name, [](Tensor& A, Tensor* B, Tensor* C) { Tensor::name(&A, B, C); }, py::arg("B"), py::arg("C"));
  PYEDDL_COMPARE(greater)
  PYEDDL_COMPARE(greater_equal)
  PYEDDL_COMPARE(less)
  PYEDDL_COMPARE(less_equal)
  PYEDDL_COMPARE(equal)
  PYEDDL_COMPARE(not_equal)
#undef PYEDDL_COMPARE
  tensor.def_static("all", &Tensor::all, py::arg("A"))
      .def_static("any", &Tensor::any, py::arg("A"))
      .def_static("isfinite", &Tensor::isfinite, py::arg("A"), py::arg("B"))
      .def_static("isinf", &Tensor::isinf, py::arg("A"), py::arg("B"))
      .def_static("isnan", &Tensor::isnan, py::arg("A"), py::arg("B"))
      .def_static("anynan", &Tensor::anynan, py::arg("A"))
      .def_static("logical_not", &Tensor::logical_not, py::arg("A"), py::arg("B"))
      .def_static("logical_and", &Tensor::logical_and, py::arg("A"), py::arg("B"), py::arg("C"))
      .def_static("logical_or", &Tensor::logical_or, py::arg("A"), py::arg("B"), py::arg("C"))
      .def_static("logical_xor", &Tensor::logical_xor, py::arg("A"), py::arg("B"), py::arg("C"))
      .def("allclose", &Tensor::allclose, py::arg("A"), py::arg("rtol") = 1e-05f, py::arg("atol") = 1e-08f,
           py::arg("equal_nan") = false)
      .def_static("equivalent", &Tensor::equivalent, py::arg("A"), py::arg("B"), py::arg("atol") = 1e-08f,
                  py::arg("rtol") = 1e-05f, py::arg("equal_nan") = false, py::arg("verbose") = true);
}

#undef PYEDDL_UNARY
#undef PYEDDL_ARITH

}  // namespace pyeddl
