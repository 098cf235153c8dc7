// SPDX-License-Identifier: MIT
// Recurrent layers of eddl.h: the graph is written per time step and data are [batch, time, dim...].
// LSTM/GRU also take [parent, initial_states].
#include "bindings.h"

namespace pyeddl {

void bind_layers_recurrent(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parent = py::keep_alive<0, 1>();
  m.def("RNN", &eddl::RNN, py::arg("parent"), py::arg("units"), py::arg("activation") = "tanh",
        py::arg("use_bias") = true, py::arg("bidirectional") = false, py::arg("name") = "", ref, parent);
  m.def("LSTM", py::overload_cast<layer, int, bool, bool, string>(&eddl::LSTM), py::arg("parent"), py::arg("units"),
        py::arg("mask_zeros") = false, py::arg("bidirectional") = false, py::arg("name") = "", ref, parent);
  m.def("LSTM", py::overload_cast<vector<layer>, int, bool, bool, string>(&eddl::LSTM), py::arg("parent"),
        py::arg("units"), py::arg("mask_zeros") = false, py::arg("bidirectional") = false, py::arg("name") = "", ref,
        parent);
  m.def("GRU", py::overload_cast<layer, int, bool, bool, string>(&eddl::GRU), py::arg("parent"), py::arg("units"),
        py::arg("mask_zeros") = false, py::arg("bidirectional") = false, py::arg("name") = "", ref, parent);
  m.def("GRU", py::overload_cast<vector<layer>, int, bool, bool, string>(&eddl::GRU), py::arg("parent"),
        py::arg("units"), py::arg("mask_zeros") = false, py::arg("bidirectional") = false, py::arg("name") = "", ref,
        parent);
  m.def("Embedding", &eddl::Embedding, py::arg("parent"), py::arg("vocsize"), py::arg("length"),
        py::arg("output_dim"), py::arg("mask_zeros") = false, py::arg("name") = "", ref, parent);
  m.def("States", &eddl::States, py::arg("shape"), py::arg("name") = "", ref);
  m.def("GetStates", &eddl::GetStates, py::arg("parent"), ref, parent);
  m.def("setDecoder", &eddl::setDecoder, py::arg("l"));
}

}  // namespace pyeddl
