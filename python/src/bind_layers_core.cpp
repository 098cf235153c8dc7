// SPDX-License-Identifier: MIT
// Core layers, activations, and the initializer/regularizer decorators of eddl.h. A new layer keeps
// its parent's Python handle alive; the layers themselves belong to the model that contains them.
#include "bindings.h"

namespace pyeddl {

void bind_layers_core(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parent = py::keep_alive<0, 1>();
  m.def("Input", &eddl::Input, py::arg("shape"), py::arg("name") = "", ref);
  m.def("Dense", &eddl::Dense, py::arg("parent"), py::arg("ndim"), py::arg("use_bias") = true, py::arg("name") = "",
        ref, parent);
  m.def("Dropout", &eddl::Dropout, py::arg("parent"), py::arg("rate"), py::arg("iw") = true, py::arg("name") = "",
        ref, parent);
  m.def("Reshape", &eddl::Reshape, py::arg("parent"), py::arg("shape"), py::arg("name") = "", ref, parent);
  m.def("Flatten", &eddl::Flatten, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Permute", &eddl::Permute, py::arg("parent"), py::arg("dims"), py::arg("name") = "", ref, parent);
  m.def("Squeeze", &eddl::Squeeze, py::arg("parent"), py::arg("axis") = -1, py::arg("name") = "", ref, parent);
  m.def("Unsqueeze", &eddl::Unsqueeze, py::arg("parent"), py::arg("axis") = 0, py::arg("name") = "", ref, parent);
  m.def("Identity", &eddl::Identity, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Bypass", &eddl::Bypass, py::arg("parent"), py::arg("bypass_name") = "", py::arg("name") = "", ref, parent);

  m.def("Activation", &eddl::Activation, py::arg("parent"), py::arg("activation"),
        py::arg("params") = std::vector<float>{}, py::arg("name") = "", ref, parent);
  m.def("Softmax", &eddl::Softmax, py::arg("parent"), py::arg("axis") = -1, py::arg("name") = "", ref, parent);
  m.def("Sigmoid", &eddl::Sigmoid, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("HardSigmoid", &eddl::HardSigmoid, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("ReLu", &eddl::ReLu, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("ThresholdedReLu", &eddl::ThresholdedReLu, py::arg("parent"), py::arg("alpha") = 1.0f, py::arg("name") = "",
        ref, parent);
  m.def("LeakyReLu", &eddl::LeakyReLu, py::arg("parent"), py::arg("alpha") = 0.01f, py::arg("name") = "", ref,
        parent);
  m.def("Elu", &eddl::Elu, py::arg("parent"), py::arg("alpha") = 1.0f, py::arg("name") = "", ref, parent);
  m.def("Selu", &eddl::Selu, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Exponential", &eddl::Exponential, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Softplus", &eddl::Softplus, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Softsign", &eddl::Softsign, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Tanh", &eddl::Tanh, py::arg("parent"), py::arg("name") = "", ref, parent);
  m.def("Linear", &eddl::Linear, py::arg("parent"), py::arg("alpha") = 1.0f, py::arg("name") = "", ref, parent);

  // Decorators: they return the layer they were given.
  m.def("GlorotNormal", &eddl::GlorotNormal, py::arg("l"), py::arg("seed") = 1234, ref);
  m.def("GlorotUniform", &eddl::GlorotUniform, py::arg("l"), py::arg("seed") = 1234, ref);
  m.def("HeUniform", &eddl::HeUniform, py::arg("l"), py::arg("seed") = 1234, ref);
  m.def("HeNormal", &eddl::HeNormal, py::arg("l"), py::arg("seed") = 1234, ref);
  m.def("RandomNormal", &eddl::RandomNormal, py::arg("l"), py::arg("m") = 0.0f, py::arg("s") = 0.1f,
        py::arg("seed") = 1234.0f, ref);
  m.def("RandomUniform", &eddl::RandomUniform, py::arg("l"), py::arg("min") = 0.0f, py::arg("max") = 0.1f,
        py::arg("seed") = 1234.0f, ref);
  m.def("Constant", &eddl::Constant, py::arg("l"), py::arg("v") = 0.1f, ref);
  m.def("L2", &eddl::L2, py::arg("l"), py::arg("l2"), ref);
  m.def("L1", &eddl::L1, py::arg("l"), py::arg("l1"), ref);
  m.def("L1L2", &eddl::L1L2, py::arg("l"), py::arg("l1"), py::arg("l2"), ref);
}

}  // namespace pyeddl
