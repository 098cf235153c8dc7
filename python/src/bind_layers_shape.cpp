// SPDX-License-Identifier: MIT
// Shape layers of eddl.h (Transpose, Select/Slice, Split, Expand, Repeat, Tile, Pad, Resize,
// UpSampling): axes and shapes exclude the batch dimension.
#include "bindings.h"

namespace pyeddl {

void bind_layers_shape(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parent = py::keep_alive<0, 1>();
  m.def("Transpose", &eddl::Transpose, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Select", &eddl::Select, py::arg("l"), py::arg("indices"), py::arg("name") = "", ref, parent);
  m.def("Slice", &eddl::Slice, py::arg("l"), py::arg("indices"), py::arg("name") = "", ref, parent);
  m.def("Split",
        [](py::object l, const std::vector<int>& indexes, int axis, bool merge_sublayers, const std::string& name) {
          py::list pieces = layers_to_python(eddl::Split(l.cast<Layer*>(), indexes, axis, merge_sublayers, name));
          for (py::handle piece : pieces) py::detail::keep_alive_impl(piece, l);
          return pieces;
        },
        py::arg("l"), py::arg("indexes"), py::arg("axis") = -1, py::arg("merge_sublayers") = false,
        py::arg("name") = "");
  m.def("Expand", &eddl::Expand, py::arg("l"), py::arg("size"), py::arg("name") = "", ref, parent);
  m.def("Repeat", py::overload_cast<layer, const vector<unsigned int>&, unsigned int, string>(&eddl::Repeat),
        py::arg("parent"), py::arg("repeats"), py::arg("axis"), py::arg("name") = "", ref, parent);
  m.def("Repeat", py::overload_cast<layer, unsigned int, unsigned int, string>(&eddl::Repeat), py::arg("parent"),
        py::arg("repeats"), py::arg("axis"), py::arg("name") = "", ref, parent);
  m.def("Tile", &eddl::Tile, py::arg("parent"), py::arg("repeats"), py::arg("name") = "", ref, parent);
  m.def("Pad", &eddl::Pad, py::arg("parent"), py::arg("padding"), py::arg("constant") = 0.0f, py::arg("name") = "",
        ref, parent);
  m.def("Resize", &eddl::Resize, py::arg("parent"), py::arg("new_shape"), py::arg("reshape") = true,
        py::arg("da_mode") = "constant", py::arg("constant") = 0.0f,
        py::arg("coordinate_transformation_mode") = "asymmetric", py::arg("name") = "", ref, parent);
  m.def("UpSampling2D", &eddl::UpSampling2D, py::arg("parent"), py::arg("size"), py::arg("interpolation") = "nearest",
        py::arg("name") = "", ref, parent);
  m.def("UpSampling", &eddl::UpSampling, py::arg("parent"), py::arg("size"), py::arg("interpolation") = "nearest",
        py::arg("name") = "", ref, parent);
  m.def("UpSampling3D", &eddl::UpSampling3D, py::arg("parent"), py::arg("new_shape"), py::arg("reshape") = true,
        py::arg("da_mode") = "constant", py::arg("constant") = 0.0f,
        py::arg("coordinate_transformation_mode") = "asymmetric", py::arg("name") = "", ref, parent);
}

}  // namespace pyeddl
