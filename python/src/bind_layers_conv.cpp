// SPDX-License-Identifier: MIT
// Convolutional and pooling layers of eddl.h (channels first), with EDDL's names and defaults.
#include "bindings.h"

namespace pyeddl {

void bind_layers_conv(py::module_& m) {
  const auto ref = py::return_value_policy::reference;
  const auto parent = py::keep_alive<0, 1>();
  using vi = std::vector<int>;
  for (const char* name : {"Conv", "Conv2D"}) {
    m.def(name, name == std::string("Conv") ? &eddl::Conv : &eddl::Conv2D, py::arg("parent"), py::arg("filters"),
          py::arg("kernel_size"), py::arg("strides") = vi{1, 1}, py::arg("padding") = "same",
          py::arg("use_bias") = true, py::arg("groups") = 1, py::arg("dilation_rate") = vi{1, 1},
          py::arg("name") = "", ref, parent);
  }
  m.def("Conv1D", &eddl::Conv1D, py::arg("parent"), py::arg("filters"), py::arg("kernel_size"),
        py::arg("strides") = vi{1}, py::arg("padding") = "same", py::arg("use_bias") = true, py::arg("groups") = 1,
        py::arg("dilation_rate") = vi{1}, py::arg("name") = "", ref, parent);
  m.def("Conv3D", &eddl::Conv3D, py::arg("parent"), py::arg("filters"), py::arg("kernel_size"),
        py::arg("strides") = vi{1, 1, 1}, py::arg("padding") = "same", py::arg("use_bias") = true,
        py::arg("groups") = 1, py::arg("dilation_rate") = vi{1, 1, 1}, py::arg("name") = "", ref, parent);
  m.def("ConvT2D", &eddl::ConvT2D, py::arg("parent"), py::arg("filters"), py::arg("kernel_size"),
        py::arg("strides") = vi{1, 1}, py::arg("padding") = "same", py::arg("use_bias") = true, py::arg("groups") = 1,
        py::arg("dilation_rate") = vi{1, 1}, py::arg("name") = "", ref, parent);
  m.def("ConvT3D", &eddl::ConvT3D, py::arg("parent"), py::arg("filters"), py::arg("kernel_size"),
        py::arg("strides") = vi{1, 1, 1}, py::arg("padding") = "same", py::arg("use_bias") = true,
        py::arg("groups") = 1, py::arg("dilation_rate") = vi{1, 1, 1}, py::arg("name") = "", ref, parent);
  for (const char* name : {"PointwiseConv2D", "PointwiseConv"}) {
    m.def(name, name == std::string("PointwiseConv") ? &eddl::PointwiseConv : &eddl::PointwiseConv2D,
          py::arg("parent"), py::arg("filters"), py::arg("strides") = vi{1, 1}, py::arg("use_bias") = true,
          py::arg("groups") = 1, py::arg("dilation_rate") = vi{1, 1}, py::arg("name") = "", ref, parent);
  }
  m.def("DepthwiseConv2D", &eddl::DepthwiseConv2D, py::arg("parent"), py::arg("kernel_size"),
        py::arg("strides") = vi{1, 1}, py::arg("padding") = "same", py::arg("use_bias") = true,
        py::arg("dilation_rate") = vi{1, 1}, py::arg("name") = "", ref, parent);

  // Pooling: one signature per dimensionality, several EDDL names for each.
  using Pool = layer (*)(layer, vi, vi, string, string);
  using PoolRef = layer (*)(layer, const vi&, const vi&, string, string);
  for (auto [name, fn] : std::initializer_list<std::pair<const char*, PoolRef>>{
           {"MaxPool", &eddl::MaxPool}, {"AveragePool", &eddl::AveragePool}, {"AvgPool", &eddl::AvgPool}}) {
    m.def(name, fn, py::arg("parent"), py::arg("pool_size") = vi{2, 2}, py::arg("strides") = vi{2, 2},
          py::arg("padding") = "none", py::arg("name") = "", ref, parent);
  }
  const std::initializer_list<std::pair<const char*, Pool>> pools1d{
      {"MaxPool1D", &eddl::MaxPool1D}, {"AveragePool1D", &eddl::AveragePool1D}, {"AvgPool1D", &eddl::AvgPool1D}};
  for (auto [name, fn] : pools1d) {
    m.def(name, fn, py::arg("parent"), py::arg("pool_size") = vi{2}, py::arg("strides") = vi{2},
          py::arg("padding") = "none", py::arg("name") = "", ref, parent);
  }
  const std::initializer_list<std::pair<const char*, Pool>> pools2d{
      {"MaxPool2D", &eddl::MaxPool2D}, {"AveragePool2D", &eddl::AveragePool2D}, {"AvgPool2D", &eddl::AvgPool2D}};
  for (auto [name, fn] : pools2d) {
    m.def(name, fn, py::arg("parent"), py::arg("pool_size") = vi{2, 2}, py::arg("strides") = vi{2, 2},
          py::arg("padding") = "none", py::arg("name") = "", ref, parent);
  }
  const std::initializer_list<std::pair<const char*, Pool>> pools3d{
      {"MaxPool3D", &eddl::MaxPool3D}, {"AveragePool3D", &eddl::AveragePool3D}, {"AvgPool3D", &eddl::AvgPool3D}};
  for (auto [name, fn] : pools3d) {
    m.def(name, fn, py::arg("parent"), py::arg("pool_size") = vi{2, 2, 2}, py::arg("strides") = vi{2, 2, 2},
          py::arg("padding") = "none", py::arg("name") = "", ref, parent);
  }
  using Global = layer (*)(layer, string);
  const std::initializer_list<std::pair<const char*, Global>> globals{
      {"GlobalMaxPool", &eddl::GlobalMaxPool},         {"GlobalMaxPool1D", &eddl::GlobalMaxPool1D},
      {"GlobalMaxPool2D", &eddl::GlobalMaxPool2D},     {"GlobalMaxPool3D", &eddl::GlobalMaxPool3D},
      {"GlobalAveragePool", &eddl::GlobalAveragePool}, {"GlobalAvgPool", &eddl::GlobalAvgPool},
      {"GlobalAveragePool1D", &eddl::GlobalAveragePool1D}, {"GlobalAvgPool1D", &eddl::GlobalAvgPool1D},
      {"GlobalAveragePool2D", &eddl::GlobalAveragePool2D}, {"GlobalAvgPool2D", &eddl::GlobalAvgPool2D},
      {"GlobalAveragePool3D", &eddl::GlobalAveragePool3D}, {"GlobalAvgPool3D", &eddl::GlobalAvgPool3D}};
  for (auto [name, fn] : globals) m.def(name, fn, py::arg("parent"), py::arg("name") = "", ref, parent);
}

}  // namespace pyeddl
