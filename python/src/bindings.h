// SPDX-License-Identifier: MIT
// What the binding files share: one bind_* function per family (each in its own file, called from
// module.cpp) and the ownership helpers that keep Python handles from outliving the C++ objects.
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "eddl/apis/eddl.h"

namespace py = pybind11;
using eddl::layer;
using eddl::model;

namespace pyeddl {

// Objects a Net owns and deletes (layers, optimizers, computing services) are held by Python
// without ownership; Python-owned objects (tensors, nets, losses, metrics) use the default holder.
template <typename T>
using NetOwned = std::unique_ptr<T, py::nodelete>;

void bind_tensor(py::module_& core);
void bind_tensor_math(py::class_<Tensor>& tensor);
void bind_classes(py::module_& core);
void bind_model(py::module_& eddl);
void bind_layers_core(py::module_& eddl);
void bind_layers_conv(py::module_& eddl);
void bind_layers_normalization(py::module_& eddl);
void bind_layers_merge(py::module_& eddl);
void bind_layers_shape(py::module_& eddl);
void bind_layers_recurrent(py::module_& eddl);
void bind_datasets(py::module_& eddl);

/// Makes `handle` (a Python wrapper of something the Net owns) keep `net` alive, so the Net
/// cannot delete it while Python can still reach it.
void tie_to_net(py::handle handle, py::handle net);

/// A layer the caller does not own, as Python sees it: tied to its Net when it has one.
py::object layer_to_python(Layer* layer);

/// Layers to a Python list (each tied to its Net).
py::list layers_to_python(const vlayer& layers);

/// Builds `net` from Python arguments: `optimizer` and `cs` may be None (EDDL's defaults); losses
/// and metrics are lists of names or of Loss/Metric objects (Python subclasses included).
void build_from_python(Net& net, py::handle net_handle, py::object optimizer, py::object losses,
                       py::object metrics, py::object cs, bool initialize);

}  // namespace pyeddl
