// SPDX-License-Identifier: MIT
// Tensor: construction, NumPy interop, devices, shape, indexing and files. NumPy arrays come in by
// copy (Tensor(array), Tensor.fromarray: any dtype or layout, cast to C-ordered float32); they go
// out by copy (getdata) or as a zero-copy view of a CPU tensor through the buffer protocol
// (np.array(t, copy=False)), which holds the tensor's storage so the view never dangles.
#include <pybind11/numpy.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <sstream>

#include "bindings.h"

namespace pyeddl {
namespace {

std::vector<int> shape_of(const py::array& a) {
  std::vector<int> shape;
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.shape(i) > std::numeric_limits<int>::max()) {
      throw py::value_error("Tensor: dimension " + std::to_string(i) + " of the array (" +
                            std::to_string(a.shape(i)) + ") exceeds a Tensor's int extent");
    }
    shape.push_back(static_cast<int>(a.shape(i)));
  }
  if (shape.empty()) shape.push_back(1);  // a NumPy scalar becomes a one-element tensor
  return shape;
}

// Large copies run without the GIL so other Python threads keep going.
void copy_floats(float* dst, const float* src, size_t count) {
  constexpr size_t kReleaseAbove = size_t{1} << 20;
  if (count > kReleaseAbove) {
    py::gil_scoped_release release;
    std::memcpy(dst, src, count * sizeof(float));
  } else {
    std::memcpy(dst, src, count * sizeof(float));
  }
}

// Fresh large allocations fault in a page at a time; NumPy asks Linux for huge pages on its own
// large arrays (halving the cost of a first write), so the tensor we are about to fill does too.
void advise_huge_pages(float* data, size_t count) {
  constexpr size_t kAdviseAbove = size_t{4} << 20;
  const size_t bytes = count * sizeof(float);
  if (bytes < kAdviseAbove) return;
  const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(data) & ~(page - 1);
  madvise(reinterpret_cast<void*>(begin), reinterpret_cast<uintptr_t>(data) + bytes - begin, MADV_HUGEPAGE);
}

Tensor* tensor_from_array(py::handle obj, int dev) {
  using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;
  FloatArray array = FloatArray::ensure(obj);
  if (!array) {
    throw py::type_error("Tensor.fromarray: cannot convert " + std::string(py::str(py::type::handle_of(obj))) +
                         " to a float32 array");
  }
  auto* t = new Tensor(shape_of(array), DEV_CPU);
  advise_huge_pages(t->ptr, static_cast<size_t>(array.size()));
  copy_floats(t->ptr, array.data(), static_cast<size_t>(array.size()));
  if (dev != DEV_CPU) {
    try {
      t->toDevice(dev);
    } catch (...) {
      delete t;
      throw;
    }
  }
  return t;
}

py::array_t<float> tensor_getdata(const Tensor& t) {
  py::array_t<float> out(std::vector<py::ssize_t>(t.shape.begin(), t.shape.end()));
  if (t.isCPU()) {
    copy_floats(out.mutable_data(), t.ptr, t.size);
  } else {
    std::unique_ptr<Tensor> host(t.clone());
    host->toCPU();
    copy_floats(out.mutable_data(), host->ptr, host->size);
  }
  return out;
}

std::string non_cpu_view_message(const Tensor& t) {
  return "Tensor on " + t.getDeviceName() +
         ": a zero-copy NumPy view (np.array(t, copy=False)) needs a CPU tensor; use t.getdata() for a copy or "
         "t.toCPU() first";
}

// What a buffer export keeps alive: the storage (so the memory survives toGPU or the tensor's
// death) and the shape/strides arrays Py_buffer points into.
struct ExportedBuffer {
  std::shared_ptr<eddl::hw::Buffer> storage;
  std::vector<Py_ssize_t> shape;
  std::vector<Py_ssize_t> strides;
};

extern "C" int tensor_getbuffer(PyObject* obj, Py_buffer* view, int flags) {
  if (view == nullptr) {
    PyErr_SetString(PyExc_BufferError, "Tensor: null Py_buffer");
    return -1;
  }
  view->obj = nullptr;
  try {
    Tensor* t = py::handle(obj).cast<Tensor*>();
    if (!t->isCPU()) {
      PyErr_SetString(PyExc_BufferError, non_cpu_view_message(*t).c_str());
      return -1;
    }
    auto* exported = new ExportedBuffer{t->storage(), {}, {}};
    for (int i = 0; i < t->ndim; ++i) {
      exported->shape.push_back(t->shape[static_cast<size_t>(i)]);
      exported->strides.push_back(static_cast<Py_ssize_t>(t->stride[static_cast<size_t>(i)]) *
                                  static_cast<Py_ssize_t>(sizeof(float)));
    }
    view->buf = t->ptr;
    view->obj = obj;
    Py_INCREF(obj);
    view->len = static_cast<Py_ssize_t>(t->size * sizeof(float));
    view->readonly = 0;
    view->itemsize = sizeof(float);
    view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT ? const_cast<char*>("f") : nullptr;
    view->ndim = t->ndim;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? exported->shape.data() : nullptr;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? exported->strides.data() : nullptr;
    view->suboffsets = nullptr;
    view->internal = exported;
    return 0;
  } catch (const std::exception& e) {
    PyErr_SetString(PyExc_BufferError, e.what());
    return -1;
  }
}

extern "C" void tensor_releasebuffer(PyObject*, Py_buffer* view) {
  delete static_cast<ExportedBuffer*>(view->internal);
  view->internal = nullptr;
}

// concat/stack: a new tensor Python owns, or the caller's `output` filled in place.
py::object joined(Tensor* (*join)(const std::vector<Tensor*>&, unsigned int, Tensor*), const std::vector<Tensor*>& A,
                  unsigned int axis, py::object output) {
  if (output.is_none()) return py::cast(join(A, axis, nullptr), py::return_value_policy::take_ownership);
  join(A, axis, output.cast<Tensor*>());
  return output;
}

std::string tensor_repr(const Tensor& t) {
  std::ostringstream out;
  out << "<Tensor shape=(";
  for (size_t i = 0; i < t.shape.size(); ++i) out << (i ? ", " : "") << t.shape[i];
  out << ") device=" << t.getDeviceName() << ">";
  return out.str();
}

}  // namespace

void bind_tensor(py::module_& core) {
  py::class_<Tensor> tensor(core, "Tensor", py::buffer_protocol(),
                            "eddl's float32 n-dimensional array (row-major; CPU, GPU or FPGA)");
  // pybind11 lets us declare the buffer protocol but its exporter cannot refuse a request (a GPU
  // tensor) without terminating, so the slots are ours.
  auto* type = reinterpret_cast<PyTypeObject*>(tensor.ptr());
  type->tp_as_buffer->bf_getbuffer = tensor_getbuffer;
  type->tp_as_buffer->bf_releasebuffer = tensor_releasebuffer;

  tensor.def(py::init<>())
      // One entry point for shapes and arrays, so a 1-D integer array is data, never a shape
      // (PyEDDL issue 10: Tensor(np.arange(6)) picked the shape overload and crashed).
      .def(py::init([](py::object shape_or_array, int dev) -> Tensor* {
             if (py::isinstance<py::array>(shape_or_array)) return tensor_from_array(shape_or_array, dev);
             return new Tensor(shape_or_array.cast<std::vector<int>>(), dev);
           }),
           py::arg("shape"), py::arg("dev") = DEV_CPU,
           "Tensor(shape, dev=DEV_CPU): uninitialised; Tensor(array, dev=DEV_CPU): a copy of a NumPy array")
      .def(py::init<const std::vector<float>&, const std::vector<int>&, int>(), py::arg("data"), py::arg("shape"),
           py::arg("dev") = DEV_CPU)
      .def_static("fromarray", &tensor_from_array, py::arg("array"), py::arg("dev") = DEV_CPU,
                  "A new tensor holding a copy of `array` (any dtype or layout, cast to float32)")
      .def("getdata", &tensor_getdata, "A NumPy float32 copy of the values (GPU tensors are copied back first)")
      .def("__array__",
           [](py::object self, py::object dtype) -> py::object {
             Tensor& t = self.cast<Tensor&>();
             // Reached only when the buffer protocol declined (a device tensor): say why.
             if (!t.isCPU()) throw py::buffer_error(non_cpu_view_message(t));
             py::array view = py::array(py::memoryview(self));
             return dtype.is_none() ? py::object(view) : view.attr("astype")(dtype);
           },
           py::arg("dtype") = py::none())
      .def("__repr__", &tensor_repr)
      // EDDL's public fields, read-only: writing them would break the tensor's invariants.
      .def_readonly("device", &Tensor::device)
      .def_readonly("isshared", &Tensor::isshared)
      .def_readonly("ndim", &Tensor::ndim)
      .def_readonly("size", &Tensor::size)
      .def_readonly("shape", &Tensor::shape)
      .def_readonly("stride", &Tensor::stride)
      .def_readonly("gpu_device", &Tensor::gpu_device)
      // Devices and information
      .def("toCPU", &Tensor::toCPU, py::arg("dev") = DEV_CPU)
      .def("toGPU", &Tensor::toGPU, py::arg("dev") = DEV_GPU)
      .def("toFPGA", &Tensor::toFPGA, py::arg("dev") = DEV_FPGA)
      .def("toDevice", &Tensor::toDevice, py::arg("dev"))
      .def("isCPU", &Tensor::isCPU)
      .def("isGPU", &Tensor::isGPU)
      .def("isFPGA", &Tensor::isFPGA)
      .def("getDeviceName", &Tensor::getDeviceName)
      .def_static("getDeviceID", &Tensor::getDeviceID, py::arg("dev"))
      .def("getShape", &Tensor::getShape)
      .def("numel", &Tensor::numel)
      .def("info", &Tensor::info)
      .def("print", &Tensor::print, py::arg("precision") = 6, py::arg("raw") = false)
      .def("to_std", &Tensor::to_std)
      .def("get_", &Tensor::get_, py::arg("indices"))
      .def("set_", &Tensor::set_, py::arg("indices"), py::arg("value"))
      .def_static("isSquared", &Tensor::isSquared)
      .def_static("sameShape", &Tensor::sameShape)
      .def_static("sameSize", &Tensor::sameSize)
      .def_static("sameDevice", &Tensor::sameDevice)
      .def_static("eqsize", &Tensor::eqsize)
      // Creation
      .def_static("empty", &Tensor::empty, py::arg("shape"), py::arg("dev") = DEV_CPU)
      .def_static("empty_like", &Tensor::empty_like, py::arg("A"))
      .def_static("zeros", &Tensor::zeros, py::arg("shape"), py::arg("dev") = DEV_CPU)
      .def_static("zeros_like", &Tensor::zeros_like, py::arg("A"))
      .def_static("ones", &Tensor::ones, py::arg("shape"), py::arg("dev") = DEV_CPU)
      .def_static("ones_like", &Tensor::ones_like, py::arg("A"))
      .def_static("full", &Tensor::full, py::arg("shape"), py::arg("value"), py::arg("dev") = DEV_CPU)
      .def_static("full_like", &Tensor::full_like, py::arg("A"), py::arg("value"))
      .def_static("arange", &Tensor::arange, py::arg("start"), py::arg("end"), py::arg("step") = 1.0f,
                  py::arg("dev") = DEV_CPU)
      .def_static("range", &Tensor::range, py::arg("start"), py::arg("end"), py::arg("step") = 1.0f,
                  py::arg("dev") = DEV_CPU)
      .def_static("linspace", &Tensor::linspace, py::arg("start"), py::arg("end"), py::arg("steps") = 100,
                  py::arg("dev") = DEV_CPU)
      .def_static("logspace", &Tensor::logspace, py::arg("start"), py::arg("end"), py::arg("steps") = 100,
                  py::arg("base") = 10.0f, py::arg("dev") = DEV_CPU)
      .def_static("geomspace", &Tensor::geomspace, py::arg("start"), py::arg("end"), py::arg("steps") = 100,
                  py::arg("dev") = DEV_CPU)
      .def_static("eye", &Tensor::eye, py::arg("rows"), py::arg("offset") = 0, py::arg("dev") = DEV_CPU)
      .def_static("identity", &Tensor::identity, py::arg("rows"), py::arg("dev") = DEV_CPU)
      .def_static("randu", &Tensor::randu, py::arg("shape"), py::arg("dev") = DEV_CPU)
      .def_static("randn", &Tensor::randn, py::arg("shape"), py::arg("dev") = DEV_CPU)
      .def_static("set_seed", &Tensor::set_seed, py::arg("seed"))
      .def("clone", &Tensor::clone)
      .def_static("copy", &Tensor::copy, py::arg("A"), py::arg("B"))
      // Filling
      .def("fill_", &Tensor::fill_, py::arg("v"))
      .def("fill", py::overload_cast<float>(&Tensor::fill, py::const_), py::arg("v"))
      .def("fill_rand_uniform_", &Tensor::fill_rand_uniform_, py::arg("v"))
      .def("fill_rand_signed_uniform_", &Tensor::fill_rand_signed_uniform_, py::arg("v"))
      .def("fill_rand_normal_", &Tensor::fill_rand_normal_, py::arg("m"), py::arg("s"), py::arg("fast_math") = true)
      .def("fill_rand_binary_", &Tensor::fill_rand_binary_, py::arg("v"))
      // Shape. EDDL's statics that take the tensor first are reachable as Tensor.name(A, ...).
      .def("reshape_", &Tensor::reshape_, py::arg("new_shape"))
      .def("reshape", py::overload_cast<const std::vector<int>&>(&Tensor::reshape, py::const_), py::arg("new_shape"))
      .def("flatten_", &Tensor::flatten_)
      .def("flatten", py::overload_cast<>(&Tensor::flatten, py::const_))
      .def("squeeze_", &Tensor::squeeze_, py::arg("axis") = -1)
      .def("squeeze", &Tensor::squeeze, py::arg("axis") = -1)
      .def("unsqueeze_", &Tensor::unsqueeze_, py::arg("axis") = 0)
      .def("unsqueeze", &Tensor::unsqueeze, py::arg("axis") = 0)
      .def("permute_", &Tensor::permute_, py::arg("dims"))
      .def("permute", py::overload_cast<const std::vector<int>&>(&Tensor::permute, py::const_), py::arg("dims"))
      .def_static("permute_static", py::overload_cast<Tensor*, const std::vector<int>&>(&Tensor::permute),
                  py::arg("A"), py::arg("dims"))
      .def("moveaxis_", &Tensor::moveaxis_, py::arg("source"), py::arg("destination"))
      .def("moveaxis", &Tensor::moveaxis, py::arg("source"), py::arg("destination"))
      .def("swapaxis_", &Tensor::swapaxis_, py::arg("axis1"), py::arg("axis2"))
      .def("swapaxis", &Tensor::swapaxis, py::arg("axis1"), py::arg("axis2"))
      .def_static("transpose", &Tensor::transpose, py::arg("A"), py::arg("B"), py::arg("dims"))
      .def_static("concat",
                  [](const std::vector<Tensor*>& A, unsigned int axis, py::object output) {
                    return joined(&Tensor::concat, A, axis, output);
                  },
                  py::arg("A"), py::arg("axis") = 0, py::arg("output") = py::none())
      .def_static("stack",
                  [](const std::vector<Tensor*>& A, unsigned int axis, py::object output) {
                    return joined(&Tensor::stack, A, axis, output);
                  },
                  py::arg("A"), py::arg("axis") = 0, py::arg("output") = py::none())
      .def_static("broadcast", &Tensor::broadcast, py::arg("A"), py::arg("B"))
      // Indexing
      .def("select", py::overload_cast<const std::vector<std::string>&>(&Tensor::select, py::const_),
           py::arg("indices"))
      .def("select",
           [](Tensor& A, Tensor* B, const std::vector<int>& indices) { Tensor::select(&A, B, indices); },
           py::arg("B"), py::arg("indices"), "Tensor.select(A, B, rows): rows of A into B")
      .def("set_select", py::overload_cast<const std::vector<std::string>&, Tensor*>(&Tensor::set_select),
           py::arg("indices"), py::arg("A"))
      .def("set_select", py::overload_cast<const std::vector<std::string>&, float>(&Tensor::set_select),
           py::arg("indices"), py::arg("value"))
      // Files
      .def_static("load", &Tensor::load, py::arg("filename"), py::arg("format") = "")
      .def_static("load_partial", &Tensor::load_partial, py::arg("filename"), py::arg("start_row") = 0,
                  py::arg("end_row") = -1)
      .def("save", &Tensor::save, py::arg("filename"), py::arg("format") = "");

  bind_tensor_math(tensor);
}

}  // namespace pyeddl
