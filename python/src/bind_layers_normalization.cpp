// SPDX-License-Identifier: MIT
// Normalization layers of eddl.h. These are the C++ forms; pyeddl.eddl wraps BatchNormalization and
// LayerNormalization with PyEDDL's Python order and defaults (affine first, momentum 0.9, eps 1e-5).
#include "bindings.h"

namespace pyeddl {

void bind_layers_normalization(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parent = py::keep_alive<0, 1>();
  m.def("BatchNormalization", py::overload_cast<layer, bool, float, float, string>(&eddl::BatchNormalization),
        py::arg("parent"), py::arg("affine"), py::arg("momentum") = 0.99f, py::arg("epsilon") = 0.001f,
        py::arg("name") = "", ref, parent);
  m.def("BatchNormalization", py::overload_cast<layer, float, float, bool, string>(&eddl::BatchNormalization),
        py::arg("parent"), py::arg("momentum") = 0.99f, py::arg("epsilon") = 0.001f, py::arg("affine") = true,
        py::arg("name") = "", ref, parent);
  m.def("LayerNormalization", py::overload_cast<layer, bool, float, string>(&eddl::LayerNormalization),
        py::arg("parent"), py::arg("affine"), py::arg("epsilon") = 0.00001f, py::arg("name") = "", ref, parent);
  m.def("LayerNormalization", py::overload_cast<layer, float, bool, string>(&eddl::LayerNormalization),
        py::arg("parent"), py::arg("epsilon") = 0.00001f, py::arg("affine") = true, py::arg("name") = "", ref, parent);
  m.def("GroupNormalization", &eddl::GroupNormalization, py::arg("parent"), py::arg("groups"),
        py::arg("epsilon") = 0.001f, py::arg("affine") = true, py::arg("name") = "", ref, parent);
  m.def("Norm", &eddl::Norm, py::arg("parent"), py::arg("epsilon") = 0.001f, py::arg("name") = "", ref, parent);
  m.def("NormMax", &eddl::NormMax, py::arg("parent"), py::arg("epsilon") = 0.001f, py::arg("name") = "", ref, parent);
  m.def("NormMinMax", &eddl::NormMinMax, py::arg("parent"), py::arg("epsilon") = 0.001f, py::arg("name") = "", ref,
        parent);
}

}  // namespace pyeddl
