// SPDX-License-Identifier: MIT
// eddl.h's model functions (Model, build, fit, evaluate, predict, the fine-grained steps, layer
// tensors, computing services, optimizers, utilities) with PyEDDL's Python names and defaults.
// Long calls run without the GIL; tensors the C++ API returns as new objects belong to Python.
#include <unordered_set>

#include "bindings.h"

namespace pyeddl {
namespace {

// Model() hands the layers to the Net, which deletes them with itself: a layer already in another
// model would be deleted twice, so that is refused here, before anything is built.
py::object make_model(const vlayer& in, const vlayer& out) {
  std::unordered_set<Layer*> seen;
  std::vector<Layer*> stack(out.begin(), out.end());
  while (!stack.empty()) {
    Layer* l = stack.back();
    stack.pop_back();
    if (l == nullptr || !seen.insert(l).second) continue;
    if (l->net != nullptr) {
      throw py::value_error("Model: layer '" + l->name + "' already belongs to model '" + l->net->name +
                            "' (a model owns its layers; build new layers for a new model)");
    }
    stack.insert(stack.end(), l->parent.begin(), l->parent.end());
  }
  py::object net = py::cast(eddl::Model(in, out), py::return_value_policy::take_ownership);
  for (Layer* l : net.cast<Net&>().layers) tie_to_net(py::cast(l, py::return_value_policy::reference), net);
  return net;
}

py::list new_tensors(const std::vector<Tensor*>& tensors) {
  return py::cast(tensors, py::return_value_policy::take_ownership);
}

py::object new_tensor(Tensor* t) { return py::cast(t, py::return_value_policy::take_ownership); }

}  // namespace

void bind_model(py::module_& m) {
  // ---- Model ----
  m.def("Model", &make_model, py::arg("in_"), py::arg("out"), "Model([inputs], [outputs]): the model owns its layers");
  m.def("setName", &eddl::setName, py::arg("m"), py::arg("name"));
  m.def("getLayer", [](Net* net, const std::string& l) { return layer_to_python(eddl::getLayer(net, l)); },
        py::arg("net"), py::arg("l"));
  m.def("getOut", [](Net* net) { return layers_to_python(eddl::getOut(net)); }, py::arg("net"));
  m.def("build",
        [](py::object net, py::object o, py::object lo, py::object me, py::object cs, bool init_weights) {
          if (lo.is_none() != me.is_none()) throw py::value_error("build: lo and me must be both None or both given");
          build_from_python(net.cast<Net&>(), net, o, lo, me, cs, init_weights);
        },
        py::arg("net"), py::arg("o") = py::none(), py::arg("lo") = py::none(), py::arg("me") = py::none(),
        py::arg("cs") = py::none(), py::arg("init_weights") = true,
        "build(net, o=None, lo=None, me=None, cs=None, init_weights=True); o defaults to sgd(0.001, 0.9), cs to "
        "CS_CPU()");
  m.def("summary", &eddl::summary, py::arg("m"));
  m.def("plot", &eddl::plot, py::arg("m"), py::arg("fname") = "model.pdf", py::arg("rankdir") = "LR");
  m.def("setlogfile", &eddl::setlogfile, py::arg("net"), py::arg("fname"));
  m.def("load", &eddl::load, py::arg("m"), py::arg("fname"), py::arg("format") = "bin");
  m.def("save", &eddl::save, py::arg("m"), py::arg("fname"), py::arg("format") = "bin");
  m.def("setlr", &eddl::setlr, py::arg("net"), py::arg("p"));
  m.def("set_mode", &eddl::set_mode, py::arg("net"), py::arg("mode"));
  m.def("setTrainable", &eddl::setTrainable, py::arg("net"), py::arg("lname"), py::arg("val"));
  m.def("get_parameters",
        [](py::object net, bool deepcopy) {
          py::list out;
          for (const auto& layer_params : eddl::get_parameters(net.cast<Net*>(), deepcopy)) {
            py::list params;
            for (Tensor* t : layer_params) {
              if (deepcopy) {
                params.append(new_tensor(t));
              } else {
                py::object handle = py::cast(t, py::return_value_policy::reference);
                tie_to_net(handle, net);
                params.append(handle);
              }
            }
            out.append(params);
          }
          return out;
        },
        py::arg("net"), py::arg("deepcopy") = false);
  m.def("set_parameters", &eddl::set_parameters, py::arg("net"), py::arg("params"));

  // ---- Training and evaluation (without the GIL; Ctrl-C is honoured between batches) ----
  m.def("fit", &eddl::fit, py::arg("m"), py::arg("in_"), py::arg("out"), py::arg("batch"), py::arg("epochs"),
        py::call_guard<py::gil_scoped_release>());
  m.def("evaluate", &eddl::evaluate, py::arg("m"), py::arg("in_"), py::arg("out"), py::arg("bs") = -1,
        py::call_guard<py::gil_scoped_release>());
  m.def("predict",
        [](Net* net, const std::vector<Tensor*>& in) {
          std::vector<Tensor*> out;
          {
            py::gil_scoped_release release;
            out = eddl::predict(net, in);
          }
          return new_tensors(out);
        },
        py::arg("m"), py::arg("in_"));
  m.def("random_indices", &eddl::random_indices, py::arg("batch_size"), py::arg("num_samples"));
  m.def("next_batch", &eddl::next_batch, py::arg("in_"), py::arg("out"), py::call_guard<py::gil_scoped_release>());
  m.def("train_batch",
        [](Net* net, const std::vector<Tensor*>& in, const std::vector<Tensor*>& out, py::object indices) {
          std::vector<int> rows = indices.is_none() ? std::vector<int>{} : indices.cast<std::vector<int>>();
          py::gil_scoped_release release;
          eddl::train_batch(net, in, out, rows);
        },
        py::arg("net"), py::arg("in_"), py::arg("out"), py::arg("indices") = py::none());
  m.def("eval_batch",
        [](Net* net, const std::vector<Tensor*>& in, const std::vector<Tensor*>& out, py::object indices) {
          std::vector<int> rows = indices.is_none() ? std::vector<int>{} : indices.cast<std::vector<int>>();
          py::gil_scoped_release release;
          eddl::eval_batch(net, in, out, rows);
        },
        py::arg("net"), py::arg("in_"), py::arg("out"), py::arg("indices") = py::none());
  m.def("reset_loss", &eddl::reset_loss, py::arg("m"));
  m.def("forward",
        [](Net* net, py::object in, py::object b) {
          {
            // Arguments are converted before the GIL goes.
            const bool with_tensors = !in.is_none();
            std::vector<Tensor*> tensors = with_tensors ? in.cast<std::vector<Tensor*>>() : std::vector<Tensor*>{};
            const int batch = b.is_none() ? -1 : b.cast<int>();
            py::gil_scoped_release release;
            if (with_tensors) eddl::forward(net, tensors);
            else if (batch > 0) eddl::forward(net, batch);
            else eddl::forward(net);
          }
          return layers_to_python(net->lout);
        },
        py::arg("m"), py::arg("in_") = py::none(), py::arg("b") = py::none());
  m.def("zeroGrads", &eddl::zeroGrads, py::arg("m"));
  m.def("backward",
        [](Net* net, py::object target) {
          std::vector<Tensor*> targets = target.is_none() ? std::vector<Tensor*>{} : target.cast<std::vector<Tensor*>>();
          py::gil_scoped_release release;
          if (target.is_none()) eddl::backward(net);
          else eddl::backward(net, targets);
        },
        py::arg("m"), py::arg("target") = py::none());
  m.def("update", &eddl::update, py::arg("m"), py::call_guard<py::gil_scoped_release>());
  m.def("print_loss", &eddl::print_loss, py::arg("m"), py::arg("batch"));
  m.def("get_losses", &eddl::get_losses, py::arg("m"));
  m.def("get_metrics", &eddl::get_metrics, py::arg("m"));
  m.def("getLoss", &eddl::getLoss, py::arg("type"), py::return_value_policy::take_ownership);
  m.def("getMetric", &eddl::getMetric, py::arg("type"), py::return_value_policy::take_ownership);

  // ---- Layer tensors: clones Python owns ----
  m.def("getOutput", &eddl::getOutput, py::arg("l1"), py::return_value_policy::take_ownership);
  m.def("getInput", &eddl::getInput, py::arg("l1"), py::return_value_policy::take_ownership);
  m.def("getDelta", &eddl::getDelta, py::arg("l1"), py::return_value_policy::take_ownership);
  m.def("getParam", &eddl::getParam, py::arg("l1"), py::arg("p"), py::return_value_policy::take_ownership);
  m.def("getGradient", &eddl::getGradient, py::arg("l1"), py::arg("p"), py::return_value_policy::take_ownership);
  m.def("getParams", [](Layer* l) { return new_tensors(eddl::getParams(l)); }, py::arg("l1"));
  m.def("getGradients", [](Layer* l) { return new_tensors(eddl::getGradients(l)); }, py::arg("l1"));
  m.def("copyOutput", &eddl::copyOutput, py::arg("l1"), py::arg("l2"));
  m.def("copyDelta", &eddl::copyDelta, py::arg("l1"), py::arg("l2"));
  m.def("copyParam", &eddl::copyParam, py::arg("l1"), py::arg("l2"), py::arg("p") = -1);
  m.def("copyGradient", &eddl::copyGradient, py::arg("l1"), py::arg("l2"), py::arg("p"));

  // ---- Computing services (PyEDDL's defaults; the Net that builds with one owns it) ----
  m.def("CS_CPU", &eddl::CS_CPU, py::arg("th") = -1, py::arg("mem") = "full_mem",
        py::return_value_policy::reference);
  m.def("CS_GPU", py::overload_cast<const std::vector<int>&, int, const std::string&>(&eddl::CS_GPU),
        py::arg("g") = std::vector<int>{1}, py::arg("lsb") = 1, py::arg("mem") = "full_mem",
        py::return_value_policy::reference);
  m.def("CS_GPU", py::overload_cast<const std::vector<int>&, const std::string&>(&eddl::CS_GPU), py::arg("g"),
        py::arg("mem"), py::return_value_policy::reference);
  m.def("toGPU", py::overload_cast<model, const std::vector<int>&, int, const std::string&>(&eddl::toGPU),
        py::arg("net"), py::arg("g") = std::vector<int>{1}, py::arg("lsb") = 1, py::arg("mem") = "full_mem");
  m.def("toGPU", py::overload_cast<model, const std::vector<int>&, const std::string&>(&eddl::toGPU), py::arg("net"),
        py::arg("g"), py::arg("mem"));
  m.def("toGPU", py::overload_cast<model, const std::string&>(&eddl::toGPU), py::arg("net"), py::arg("mem"));
  m.def("toCPU", &eddl::toCPU, py::arg("net"), py::arg("th") = -1);
  m.def("CS_FPGA", &eddl::CS_FPGA, py::arg("f") = std::vector<int>{1}, py::arg("lsb") = 1,
        py::return_value_policy::reference);

  // ---- Optimizers (the Net that builds with one owns it) ----
  m.def("sgd", &eddl::sgd, py::arg("lr") = 0.01f, py::arg("momentum") = 0.0f, py::arg("weight_decay") = 0.0f,
        py::arg("nesterov") = false, py::return_value_policy::reference);
  m.def("adam", &eddl::adam, py::arg("lr") = 0.01f, py::arg("beta_1") = 0.9f, py::arg("beta_2") = 0.999f,
        py::arg("epsilon") = 0.000001f, py::arg("weight_decay") = 0.0f, py::arg("amsgrad") = false,
        py::return_value_policy::reference);
  m.def("adadelta", &eddl::adadelta, py::arg("lr") = 1.0f, py::arg("rho") = 0.95f, py::arg("epsilon") = 1e-6f,
        py::arg("weight_decay") = 0.0f, py::return_value_policy::reference);
  m.def("adagrad", &eddl::adagrad, py::arg("lr") = 0.01f, py::arg("epsilon") = 1e-8f, py::arg("weight_decay") = 0.0f,
        py::return_value_policy::reference);
  m.def("adamax", &eddl::adamax, py::arg("lr") = 0.002f, py::arg("beta_1") = 0.9f, py::arg("beta_2") = 0.999f,
        py::arg("epsilon") = 1e-8f, py::arg("weight_decay") = 0.0f, py::return_value_policy::reference);
  m.def("nadam", &eddl::nadam, py::arg("lr") = 0.002f, py::arg("beta_1") = 0.9f, py::arg("beta_2") = 0.999f,
        py::arg("epsilon") = 1e-8f, py::arg("schedule_decay") = 0.004f, py::return_value_policy::reference);
  m.def("rmsprop", &eddl::rmsprop, py::arg("lr") = 0.01f, py::arg("rho") = 0.9f, py::arg("epsilon") = 0.00001f,
        py::arg("weight_decay") = 0.0f, py::return_value_policy::reference);

  // ---- Utilities ----
  m.def("exist", &eddl::exist, py::arg("name"));
  m.def("read_txt_file", &eddl::read_txt_file, py::arg("filename"));
}

}  // namespace pyeddl
