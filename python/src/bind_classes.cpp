// SPDX-License-Identifier: MIT
// The classes: Layer, Net, Loss and Metric (subclassable in Python), Optimizer and CompServ, and the
// ownership rules between them. A Net deletes its layers, losses, metrics, optimizer and computing
// service, so Python holds those without ownership and every such handle keeps its Net alive;
// losses and metrics reach the Net through forwarding objects the Net may delete, each holding a
// reference to the Python object it forwards to.
#include <algorithm>

#include "bindings.h"

namespace pyeddl {
namespace {

// Lets Python subclasses override value(), add_value() and delta(); the macros take the GIL for the
// call. A subclass overriding value() alone is summed through a host read of it (Loss::add_value).
class PyLoss : public Loss {
 public:
  using Loss::Loss;
  void delta(Tensor* T, Tensor* Y, Tensor* D) override { PYBIND11_OVERRIDE(void, Loss, delta, T, Y, D); }
  float value(Tensor* T, Tensor* Y) override { PYBIND11_OVERRIDE(float, Loss, value, T, Y); }
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override {
    PYBIND11_OVERRIDE(void, Loss, add_value, T, Y, sum);
  }
};

class PyMetric : public Metric {
 public:
  using Metric::Metric;
  float value(Tensor* T, Tensor* Y) override { PYBIND11_OVERRIDE(float, Metric, value, T, Y); }
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override {
    PYBIND11_OVERRIDE(void, Metric, add_value, T, Y, sum);
  }
};

// Drops a Python reference from C++ code that may run without the GIL.
void release(py::object& object) {
  if (!object) return;
  if (!Py_IsInitialized()) {
    object.release();  // the interpreter is gone: nothing left to decrement
    return;
  }
  py::gil_scoped_acquire gil;
  object = py::object();
}

// The Net calls a loss (add_value) once per output and batch, between forward and backward: the one
// moment fit/evaluate (running without the GIL) can take it briefly and let Ctrl-C raise
// KeyboardInterrupt.
void raise_pending_signals() {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

class LossFromPython : public Loss {
 public:
  explicit LossFromPython(py::object object)
      : Loss(object.cast<Loss*>()->name), object_(std::move(object)), impl_(object_.cast<Loss*>()) {}
  ~LossFromPython() override { release(object_); }
  void delta(Tensor* T, Tensor* Y, Tensor* D) override { impl_->delta(T, Y, D); }
  float value(Tensor* T, Tensor* Y) override {
    raise_pending_signals();
    return impl_->value(T, Y);
  }
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override {
    raise_pending_signals();
    impl_->add_value(T, Y, sum);
  }
  Loss* clone() override {
    py::gil_scoped_acquire gil;
    return new LossFromPython(object_);
  }

 private:
  py::object object_;
  Loss* impl_;
};

class MetricFromPython : public Metric {
 public:
  explicit MetricFromPython(py::object object)
      : Metric(object.cast<Metric*>()->name), object_(std::move(object)), impl_(object_.cast<Metric*>()) {}
  ~MetricFromPython() override { release(object_); }
  float value(Tensor* T, Tensor* Y) override { return impl_->value(T, Y); }
  void add_value(Tensor* T, Tensor* Y, Tensor* sum) override { impl_->add_value(T, Y, sum); }
  Metric* clone() override {
    py::gil_scoped_acquire gil;
    return new MetricFromPython(object_);
  }

 private:
  py::object object_;
  Metric* impl_;
};

// A name, or a Loss object (built in or a Python subclass), as the object the Net will own.
Loss* loss_for_net(py::handle item) {
  if (py::isinstance<py::str>(item)) {
    return new LossFromPython(py::cast(make_loss(item.cast<std::string>()), py::return_value_policy::take_ownership));
  }
  if (!py::isinstance<Loss>(item)) {
    throw py::type_error("build: a loss is a name or a Loss object, not " + std::string(py::str(item.get_type())));
  }
  return new LossFromPython(py::reinterpret_borrow<py::object>(item));
}

Metric* metric_for_net(py::handle item) {
  if (py::isinstance<py::str>(item)) {
    return new MetricFromPython(
        py::cast(make_metric(item.cast<std::string>()), py::return_value_policy::take_ownership));
  }
  if (!py::isinstance<Metric>(item)) {
    throw py::type_error("build: a metric is a name or a Metric object, not " + std::string(py::str(item.get_type())));
  }
  return new MetricFromPython(py::reinterpret_borrow<py::object>(item));
}

// Tensors a layer owns, as Python handles that keep the layer (hence its Net) alive.
py::list owned_tensors(const std::vector<Tensor*>& tensors, py::handle owner) {
  py::list out;
  for (Tensor* t : tensors) {
    py::object handle = py::cast(t, py::return_value_policy::reference);
    py::detail::keep_alive_impl(handle, owner);
    out.append(handle);
  }
  return out;
}

void bind_layer(py::module_& core) {
  py::class_<Layer, NetOwned<Layer>>(core, "Layer", "A node of a model (made by the functions of pyeddl.eddl)")
      .def_readwrite("name", &Layer::name)
      .def_readonly("trainable", &Layer::trainable)
      .def_readonly("mode", &Layer::mode)
      .def_readonly("dev", &Layer::dev)
      .def("getShape", &Layer::getShape, "Output shape without the batch dimension")
      .def("type_name", &Layer::type_name)
      .def("count_params", &Layer::count_params)
      .def("count_trainable_params", &Layer::count_trainable_params)
      .def("setTrainable", &Layer::setTrainable, py::arg("value"))
      .def_property_readonly("parent", [](const Layer& l) { return layers_to_python(l.parent); })
      .def_property_readonly("child", [](const Layer& l) { return layers_to_python(l.child); })
      .def_property_readonly("params", [](py::object self) { return owned_tensors(self.cast<Layer&>().params, self); })
      .def_property_readonly("gradients",
                             [](py::object self) { return owned_tensors(self.cast<Layer&>().gradients, self); })
      .def("__repr__", [](const Layer& l) { return "<Layer " + l.name + " (" + l.type_name() + ")>"; });
}

void bind_net(py::module_& core) {
  py::class_<Net>(core, "Net", "A model: layers between inputs and outputs, built onto a computing service")
      .def_readwrite("name", &Net::name)
      .def_readonly("dev", &Net::dev)
      .def_readonly("batch_size", &Net::batch_size)
      .def_readonly("tr_batches", &Net::tr_batches)
      .def_readonly("trmode", &Net::trmode)
      .def_readonly("mem_level", &Net::mem_level)
      .def_readwrite("verbosity_level", &Net::verbosity_level, "0 silent, 1 a line per batch, 2 a line per epoch")
      .def_readonly("isbuild", &Net::isbuild)
      .def_readonly("isrecurrent", &Net::isrecurrent)
      .def_readwrite("seed", &Net::seed)
      .def_property_readonly("layers", [](const Net& n) { return layers_to_python(n.layers); })
      .def_property_readonly("lin", [](const Net& n) { return layers_to_python(n.lin); })
      .def_property_readonly("lout", [](const Net& n) { return layers_to_python(n.lout); })
      .def_property_readonly("optimizer",
                             [](py::object self) -> py::object {
                               Optimizer* o = self.cast<Net&>().optimizer;
                               if (o == nullptr) return py::none();
                               py::object handle = py::cast(o, py::return_value_policy::reference);
                               tie_to_net(handle, self);
                               return handle;
                             })
      .def("build",
           [](py::object self, py::object optimizer, py::object losses, py::object metrics, py::object cs,
              bool initialize) {
             build_from_python(self.cast<Net&>(), self, optimizer, losses, metrics, cs, initialize);
           },
           py::arg("optimizer"), py::arg("losses"), py::arg("metrics"), py::arg("cs"), py::arg("initialize") = true,
           "build(optimizer, [Loss or name], [Metric or name], cs, initialize=True): the way to use Python "
           "subclasses of Loss and Metric")
      .def("summary", &Net::summary, py::arg("print_stdout") = true)
      .def("resize", &Net::resize, py::arg("batch"))
      .def("setmode", &Net::setmode, py::arg("mode"))
      .def("fit", &Net::fit, py::arg("tin"), py::arg("tout"), py::arg("batch"), py::arg("epochs"),
           py::call_guard<py::gil_scoped_release>())
      .def("evaluate", &Net::evaluate, py::arg("tin"), py::arg("tout"), py::arg("bs") = -1,
           py::call_guard<py::gil_scoped_release>())
      .def("predict",
           [](Net& n, const vtensor& tin) {
             vtensor out;
             {
               py::gil_scoped_release release;
               out = n.predict(tin);
             }
             return py::cast(out, py::return_value_policy::take_ownership);
           },
           py::arg("tin"))
      .def("train_batch", &Net::train_batch, py::arg("X"), py::arg("Y"), py::arg("sind"), py::arg("eval") = 0,
           py::call_guard<py::gil_scoped_release>())
      .def("reset_loss", &Net::reset_loss)
      .def("zeroGrads", &Net::zeroGrads)
      .def("update", &Net::update, py::call_guard<py::gil_scoped_release>())
      .def("print_loss", &Net::print_loss, py::arg("batch"))
      .def("get_losses", &Net::get_losses)
      .def("get_metrics", &Net::get_metrics)
      .def("getLayer", [](Net& n, const std::string& name) { return layer_to_python(n.getLayer(name)); },
           py::arg("lname"))
      .def("setlr", &Net::setlr, py::arg("p"));
}

void bind_losses_metrics(py::module_& core) {
  py::class_<Loss, PyLoss>(core, "Loss",
                           "A loss; subclass it in Python and override value(t, y) (summed over the batch) and "
                           "delta(t, y, d) (writes d, already divided by the batch size)")
      .def(py::init<const std::string&>(), py::arg("name"))
      .def_readwrite("name", &Loss::name)
      .def("value", &Loss::value, py::arg("t"), py::arg("y"))
      .def("add_value", &Loss::add_value, py::arg("t"), py::arg("y"), py::arg("sum"),
           "Adds value(t, y) into the one-element tensor sum on y's device, without reading it back")
      .def("delta", &Loss::delta, py::arg("t"), py::arg("y"), py::arg("d"));
  py::class_<Metric, PyMetric>(core, "Metric", "A metric; subclass it in Python and override value(t, y)")
      .def(py::init<const std::string&>(), py::arg("name"))
      .def_readwrite("name", &Metric::name)
      .def("value", &Metric::value, py::arg("t"), py::arg("y"))
      .def("add_value", &Metric::add_value, py::arg("t"), py::arg("y"), py::arg("sum"),
           "Adds value(t, y) into the one-element tensor sum on y's device, without reading it back");
}

void bind_optimizers(py::module_& core) {
  py::class_<Optimizer, NetOwned<Optimizer>>(core, "Optimizer")
      .def_readonly("name", &Optimizer::name)
      .def_readwrite("clip_val", &Optimizer::clip_val)
      .def("set_clip_val", &Optimizer::set_clip_val, py::arg("v"))
      .def("change", &Optimizer::change, py::arg("p"))
      .def("get_lr", &Optimizer::get_lr)
      .def("steps", &Optimizer::steps);
  py::class_<SGD, Optimizer, NetOwned<SGD>>(core, "SGD")
      .def(py::init<float, float, float, bool>(), py::arg("lr") = 0.01f, py::arg("momentum") = 0.0f,
           py::arg("weight_decay") = 0.0f, py::arg("nesterov") = false)
      .def_readonly("lr", &SGD::lr)
      .def_readonly("mu", &SGD::mu);
  py::class_<Adam, Optimizer, NetOwned<Adam>>(core, "Adam")
      .def(py::init<float, float, float, float, float, bool>(), py::arg("lr") = 0.01f, py::arg("beta_1") = 0.9f,
           py::arg("beta_2") = 0.999f, py::arg("epsilon") = 1e-8f, py::arg("weight_decay") = 0.0f,
           py::arg("amsgrad") = false)
      .def_readonly("lr", &Adam::lr);
  py::class_<RMSProp, Optimizer, NetOwned<RMSProp>>(core, "RMSProp")
      .def(py::init<float, float, float, float>(), py::arg("lr") = 0.01f, py::arg("rho") = 0.9f,
           py::arg("epsilon") = 1e-8f, py::arg("weight_decay") = 0.0f)
      .def_readonly("lr", &RMSProp::lr);
  py::class_<AdaMax, Optimizer, NetOwned<AdaMax>>(core, "AdaMax").def_readonly("lr", &AdaMax::lr);
  py::class_<Adagrad, Optimizer, NetOwned<Adagrad>>(core, "Adagrad").def_readonly("lr", &Adagrad::lr);
  py::class_<AdaDelta, Optimizer, NetOwned<AdaDelta>>(core, "AdaDelta").def_readonly("lr", &AdaDelta::lr);
  py::class_<Nadam, Optimizer, NetOwned<Nadam>>(core, "Nadam").def_readonly("lr", &Nadam::lr);

  py::class_<CompServ, NetOwned<CompServ>>(core, "CompServ", "Where a model runs: devices, threads, memory level")
      .def(py::init<int, const std::vector<int>&, const std::vector<int>&, int, int>(), py::arg("threads"),
           py::arg("gpus"), py::arg("fpgas"), py::arg("lsb") = 1, py::arg("mem") = 0)
      .def_readonly("type", &CompServ::type)
      .def_readonly("hw", &CompServ::hw)
      .def_readonly("hw_supported", &CompServ::hw_supported)
      .def_readonly("threads_arg", &CompServ::threads_arg)
      .def_readonly("local_threads", &CompServ::local_threads)
      .def_readonly("local_gpus", &CompServ::local_gpus)
      .def_readonly("local_fpgas", &CompServ::local_fpgas)
      .def_readonly("lsb", &CompServ::lsb)
      .def_readonly("mem_level", &CompServ::mem_level);
}

}  // namespace

void tie_to_net(py::handle handle, py::handle net) { py::detail::keep_alive_impl(handle, net); }

py::object layer_to_python(Layer* layer) {
  py::object handle = py::cast(layer, py::return_value_policy::reference);
  if (layer != nullptr && layer->net != nullptr) {
    tie_to_net(handle, py::cast(layer->net, py::return_value_policy::reference));
  }
  return handle;
}

py::list layers_to_python(const vlayer& layers) {
  py::list out;
  for (Layer* l : layers) out.append(layer_to_python(l));
  return out;
}

void build_from_python(Net& net, py::handle net_handle, py::object optimizer, py::object losses,
                       py::object metrics, py::object cs, bool initialize) {
  if (net.isbuild) return;  // EDDL: a second build does nothing
  vloss lo;
  vmetrics me;
  Optimizer* o = nullptr;
  CompServ* c = nullptr;
  const auto forget_unowned = [&] {
    for (Loss* l : lo) {
      if (std::find(net.losses.begin(), net.losses.end(), l) == net.losses.end()) delete l;
    }
    for (Metric* m : me) {
      if (std::find(net.metrics.begin(), net.metrics.end(), m) == net.metrics.end()) delete m;
    }
    if (optimizer.is_none() && net.optimizer != o) delete o;
    if (cs.is_none() && net.cs != c) delete c;
  };
  try {
    if (!losses.is_none()) {
      for (py::handle item : losses) lo.push_back(loss_for_net(item));
    }
    if (!metrics.is_none()) {
      for (py::handle item : metrics) me.push_back(metric_for_net(item));
    }
    // EDDL's defaults for a missing optimizer or computing service.
    o = optimizer.is_none() ? new SGD(0.001f, 0.9f) : optimizer.cast<Optimizer*>();
    c = cs.is_none() ? new CompServ(-1, {}, {}, 0, 0) : cs.cast<CompServ*>();
    net.build(o, lo, me, c, initialize);
  } catch (...) {
    forget_unowned();
    throw;
  }
  if (!optimizer.is_none()) tie_to_net(optimizer, net_handle);
  if (!cs.is_none()) tie_to_net(cs, net_handle);
}

void bind_classes(py::module_& core) {
  bind_layer(core);
  bind_net(core);
  bind_losses_metrics(core);
  bind_optimizers(core);
}

}  // namespace pyeddl
