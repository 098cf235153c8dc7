// SPDX-License-Identifier: MIT
// EDDL's dataset functions: they write <name>_{trX,trY,tsX,tsY}.bin in the current directory from
// data installed on this machine (offline), raising OSError that says what to install otherwise.
#include "bindings.h"

namespace pyeddl {

void bind_datasets(py::module_& m) {
  m.def("download_mnist", &eddl::download_mnist, py::call_guard<py::gil_scoped_release>());
  m.def("download_fashion_mnist", &eddl::download_fashion_mnist, py::call_guard<py::gil_scoped_release>());
  m.def("download_cifar10", &eddl::download_cifar10, py::call_guard<py::gil_scoped_release>());
  m.def("download_imdb_2000", &eddl::download_imdb_2000, py::call_guard<py::gil_scoped_release>());
}

}  // namespace pyeddl
