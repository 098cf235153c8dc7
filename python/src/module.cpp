// SPDX-License-Identifier: MIT
// pyeddl._core: the classes (Tensor, Layer, Net, Loss, Metric, Optimizer, CompServ ...) at top
// level and EDDL's free functions and constants in the submodule _core.eddl, as PyEDDL lays them
// out. eddl's exceptions arrive as the matching Python exceptions with their whole message.
#include "bindings.h"

#include "eddl/errors.h"

PYBIND11_MODULE(_core, core) {
  core.doc() = "eddl's C++ API for Python (PyEDDL-compatible); use pyeddl.eddl and pyeddl.tensor";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const eddl::ValueError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const eddl::IOError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const eddl::NotSupportedError& e) {
      PyErr_SetString(PyExc_NotImplementedError, e.what());
    } catch (const eddl::OutOfMemoryError& e) {
      PyErr_SetString(PyExc_MemoryError, e.what());
    } catch (const eddl::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });

  pyeddl::bind_tensor(core);
  pyeddl::bind_classes(core);

  py::module_ eddl = core.def_submodule("eddl", "EDDL's free functions (layers, build, fit ...) and constants");
  eddl.attr("DEV_CPU") = DEV_CPU;
  eddl.attr("DEV_GPU") = DEV_GPU;
  eddl.attr("DEV_FPGA") = DEV_FPGA;
  eddl.attr("MAX_GPUS") = MAX_GPUS;
  eddl.attr("MAX_FPGAS") = MAX_FPGAS;
  eddl.attr("MAX_THREADS") = 1024;
  eddl.attr("TRMODE") = TRMODE;
  eddl.attr("TSMODE") = TSMODE;
  pyeddl::bind_model(eddl);
  pyeddl::bind_layers_core(eddl);
  pyeddl::bind_layers_conv(eddl);
  pyeddl::bind_layers_normalization(eddl);
  pyeddl::bind_layers_merge(eddl);
  pyeddl::bind_layers_shape(eddl);
  pyeddl::bind_layers_recurrent(eddl);
  pyeddl::bind_datasets(eddl);
}
