// SPDX-License-Identifier: MIT
// Net construction and build: collect the graph between inputs and outputs, sort it, check it, bind
// losses/metrics/optimizer/computing service, place the layers and initialise the weights.
#include "eddl/net/net.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "eddl/layers/core/layer_core.h"
#include "hardware/check.h"
#include "net/model_clone.h"
#include "net/replicas.h"
#include "net/step_replay.h"
#include "tensor/dispatch.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

Net::Net(const vlayer& in, const vlayer& out)
    : lin(in),
      lout(out),
      step_replay(std::make_unique<eddl::net::StepReplay>(eddl::net::StepReplay::Kind::training)),
      eval_replay(std::make_unique<eddl::net::StepReplay>(eddl::net::StepReplay::Kind::evaluation)),
      predict_replay(std::make_unique<eddl::net::StepReplay>(eddl::net::StepReplay::Kind::inference)) {
  EDDL_CHECK(!in.empty(), "Model: at least one input layer is required");
  EDDL_CHECK(!out.empty(), "Model: at least one output layer is required");
  for (Layer* l : in) EDDL_CHECK(l != nullptr, "Model: null input layer");
  for (Layer* l : out) EDDL_CHECK(l != nullptr, "Model: null output layer");

  // Every ancestor of an output belongs to the model.
  std::set<Layer*> members;
  std::vector<Layer*> stack(out.begin(), out.end());
  while (!stack.empty()) {
    Layer* l = stack.back();
    stack.pop_back();
    if (!members.insert(l).second) continue;
    for (Layer* p : l->parent) stack.push_back(p);
  }
  const std::set<Layer*> inputs(in.begin(), in.end());
  // Parentless layers outside `in` must be decoder inputs (setDecoder), which the Net feeds itself;
  // found in a fixed order (outputs first to last, depth first) so they pair with outputs stably.
  std::set<Layer*> seen;
  std::vector<Layer*> walk(out.rbegin(), out.rend());
  while (!walk.empty()) {
    Layer* l = walk.back();
    walk.pop_back();
    if (!seen.insert(l).second) continue;
    if (l->parent.empty() && inputs.count(l) == 0) {
      EDDL_CHECK(l->isdecoder, "Model: layer '" << l->name
                                                << "' feeds the outputs but is not among the model's inputs (nor a "
                                                   "decoder input marked with setDecoder)");
      din.push_back(l);
    }
    walk.insert(walk.end(), l->parent.rbegin(), l->parent.rend());
  }
  for (Layer* l : in) {
    EDDL_CHECK(members.count(l) != 0, "Model: input '" << l->name << "' is not connected to any output");
  }

  // Kahn's algorithm over parent links restricted to the model; ties keep creation order stable
  // by visiting in the order layers were discovered from the inputs.
  std::map<Layer*, int> pending;
  for (Layer* l : members) pending[l] = static_cast<int>(l->parent.size());
  std::vector<Layer*> ready(in.begin(), in.end());
  ready.insert(ready.end(), din.begin(), din.end());
  std::set<Layer*> done;
  while (!ready.empty()) {
    Layer* l = ready.front();
    ready.erase(ready.begin());
    if (!done.insert(l).second) continue;
    layers.push_back(l);
    for (Layer* c : l->child) {
      if (members.count(c) == 0) continue;
      int count = 0;
      for (Layer* p : c->parent) count += p == l;
      pending[c] -= count;
      if (pending[c] == 0) ready.push_back(c);
    }
  }
  EDDL_CHECK(layers.size() == members.size(),
             "Model: the graph has a cycle (recurrence must be expressed with recurrent layers)");
  for (Layer* l : layers) l->net = this;
  vfts = layers;
  vbts.assign(layers.rbegin(), layers.rend());
}

Net::~Net() {
  for (Layer* l : layers) delete l;
  for (Loss* l : losses) delete l;
  for (Metric* m : metrics) delete m;
  for (Tensor* t : targets_) delete t;
  delete optimizer;
  delete cs;
}

void Net::build(Optimizer* opt, const vloss& lo, const vmetrics& me, CompServ* compserv, bool initialize) {
  if (isbuild) return;
  EDDL_CHECK(compserv != nullptr, "build " << name << ": a computing service is required (e.g. CS_CPU())");
  EDDL_CHECK(lo.empty() || lo.size() == lout.size(),
             "build " << name << ": " << lo.size() << " losses given for " << lout.size() << " outputs (use \"none\")");
  EDDL_CHECK(me.empty() || me.size() == lout.size(),
             "build " << name << ": " << me.size() << " metrics given for " << lout.size()
                      << " outputs (use \"none\")");
  // Several GPUs mean data parallel (net/replicas.h), as in EDDL: this net, the coordinator, is
  // built on the CPU and keeps the average; one clone of its layer graph per selected GPU
  // (net/model_clone.h) trains on a slice of every batch.
  const std::vector<int> gpus = eddl::net::selected_gpus(*compserv);
  if (gpus.size() > 1) {
    const int lsb = std::max(1, compserv->lsb);  // EDDL's lsb 0 still averages every batch
    CompServ* host = eddl::net::service_for(DEV_CPU, *compserv);
    delete compserv;  // the Net owns the service it is given; the host one replaces it
    build(opt, lo, me, host, initialize);
    eddl::net::use_replicas(*this, eddl::net::clone_factory(*this), gpus, lsb);
    return;
  }
  std::cerr << (initialize ? "Building " : "Building without initialization ") << name << std::endl;
  optimizer = opt;
  losses = lo;
  metrics = me;
  cs = compserv;
  mem_level = cs->mem_level;
  eddl::set_cpu_threads(cs->local_threads);
  place_layers();
  mark_sequences();
  pair_decoder_inputs();
  mark_checked_feeds();

  for (size_t k = 0; k < losses.size(); ++k) {
    if (losses[k]->name == "softmax_cross_entropy") {
      auto* act = dynamic_cast<LActivation*>(lout[k]);
      EDDL_CHECK(act != nullptr && act->act == "softmax",
                 "build " << name << ": loss softmax_cross_entropy needs a Softmax output layer, but output '"
                          << lout[k]->name << "' is a " << lout[k]->type_name()
                          << "; use categorical_cross_entropy or add Softmax");
      act->delta_bp = 1;
    }
  }
  if (initialize) {
    for (Layer* l : layers) l->initialize();
  }
  if (optimizer != nullptr) optimizer->setlayers(layers);
  isbuild = true;
  resize(batch_size > 0 ? batch_size : 1);
}

void Net::set_compserv(CompServ* compserv) {
  EDDL_CHECK(compserv != nullptr, name << ": null computing service");
  EDDL_CHECK(isbuild, name << ": build the model before moving it to another device");
  step_replay->forget();  // every tensor moves
  eval_replay->forget();
  predict_replay->forget();
  if (replicas != nullptr) {
    replicas->synchronize();  // this net keeps the replicas' average; they stay where they are
    // ... and their running scores, as host sums, since the replicas go.
    const eddl::net::Replicas::Scores s = replicas->scores();
    for (size_t k = 0; k < s.loss_sums.size() && k < host_loss_sums_.size(); ++k) host_loss_sums_[k] += s.loss_sums[k];
    for (size_t k = 0; k < s.metric_sums.size() && k < host_metric_sums_.size(); ++k) {
      host_metric_sums_[k] += s.metric_sums[k];
    }
    replicas.reset();
  }
  // Several GPUs: as in build, this net moves to the CPU as the coordinator and trains through
  // one clone of its graph per GPU.
  const std::vector<int> gpus = eddl::net::selected_gpus(*compserv);
  if (gpus.size() > 1) {
    const int lsb = std::max(1, compserv->lsb);
    CompServ* host = eddl::net::service_for(DEV_CPU, *compserv);
    if (compserv == cs) cs = nullptr;
    delete compserv;  // the Net owns the service it is given; the host one replaces it
    set_compserv(host);
    eddl::net::use_replicas(*this, eddl::net::clone_factory(*this), gpus, lsb);
    return;
  }
  if (compserv != cs) {
    delete cs;
    cs = compserv;
  }
  mem_level = cs->mem_level;
  eddl::set_cpu_threads(cs->local_threads);
  place_layers();
  resize(batch_size);  // targets and deltas again, on the new device
  if (optimizer != nullptr) optimizer->setlayers(layers);
}

void Net::place_layers() {
  dev = cs->first_device();
  // An FPGA has only some kernels (forward ones): a layer it cannot run goes to the CPU, with
  // copies between the devices (net/transfer.h); in inference a layer needs only its forward
  // kernels there. Any other device must run the whole model.
  const bool mixed = cs->hw == "fpga";
  std::vector<int> where;
  std::string problems;
  for (Layer* l : layers) {
    const std::vector<std::string> needed =
        mixed && trmode == TSMODE ? l->inference_kernels() : l->required_kernels();
    std::vector<std::string> missing;
    int device = dev;
    if (mixed && needed.empty()) {
      // No kernels (Input): where the data is, the CPU for inputs, else beside the first parent.
      device = l->parent.empty() ? DEV_CPU : where[static_cast<size_t>(
                                                   std::find(layers.begin(), layers.end(), l->parent[0]) -
                                                   layers.begin())];
    } else if (!eddl::device_supports(dev, needed, &missing)) {
      device = DEV_CPU;
      if (!mixed) {
        problems += " " + l->name + " (";
        for (size_t i = 0; i < missing.size(); ++i) problems += (i ? ", " : "") + missing[i];
        problems += ")";
      }
    }
    where.push_back(device);
  }
  EDDL_CHECK_AS(eddl::NotSupportedError, problems.empty(),
                "build " << name << ": device " << eddl::device_name_of(dev)
                         << " lacks kernels for these layers:" << problems << "; build on CS_CPU() instead");
  for (size_t i = 0; i < layers.size(); ++i) layers[i]->to_device(where[i]);
  for (size_t k = 0; k < targets_.size(); ++k) targets_[k]->toDevice(lout[k]->dev);
  place_score_sums();
}

void Net::place_score_sums() {
  for (std::vector<Tensor>* sums : {&loss_sums_, &metric_sums_}) {
    if (sums->size() == lout.size()) {
      // The outputs moved (set_compserv, or an FPGA placement changing with the mode): the sums
      // so far move with them, as the host totals did before they lived on the device.
      for (size_t k = 0; k < lout.size(); ++k) (*sums)[k].toDevice(lout[k]->dev);
      continue;
    }
    sums->clear();
    for (Layer* out : lout) {
      sums->emplace_back(std::vector<int>{1}, out->dev);
      eddl::ops::fill(sums->back(), 0.0f);
    }
  }
  host_loss_sums_.resize(lout.size(), 0.0);
  host_metric_sums_.resize(lout.size(), 0.0);
  totals_current_ = false;
}

void Net::mark_sequences() {
  isrecurrent = std::any_of(layers.begin(), layers.end(), [](const Layer* l) { return l->isrecurrent; });
  if (!isrecurrent) return;
  // Layers on the data path of a recurrent layer (its first parent, transitively) see sequences;
  // a recurrent layer's second parent carries initial states, which have no time axis.
  std::set<Layer*> feeds;
  std::vector<Layer*> stack;
  for (Layer* l : layers) {
    if (l->isrecurrent) stack.push_back(l->parent[0]);
  }
  while (!stack.empty()) {
    Layer* l = stack.back();
    stack.pop_back();
    if (!feeds.insert(l).second) continue;
    if (l->isrecurrent) {
      stack.push_back(l->parent[0]);
    } else {
      stack.insert(stack.end(), l->parent.begin(), l->parent.end());
    }
  }
  for (Layer* l : layers) {
    if (l->parent.empty()) {
      l->time_distributed = feeds.count(l) != 0;
    } else if (l->isrecurrent) {
      // Many-to-one (EDDL): the last step only, unless another recurrent layer reads the sequence
      // or the layer is a decoder.
      l->time_distributed = l->parent[0]->time_distributed && (l->isdecoder || feeds.count(l) != 0);
    } else if (l->type_name() == "CopyState") {
      // GetStates gives its recurrent parent's final states, even when that layer returns a sequence.
      l->time_distributed = false;
    } else {
      l->time_distributed = std::any_of(l->parent.begin(), l->parent.end(),
                                        [](const Layer* p) { return p->time_distributed; });
    }
  }
}

bool Net::set_time_steps(const vtensor& tin, const vtensor& tout) {
  if (!isrecurrent) return false;
  // The decoder length is the targets' (fit, evaluate); predict keeps the last one seen.
  for (size_t j = 0; j < din.size() && !tout.empty(); ++j) {
    const Tensor* y = tout[din_output_[j]];
    const int64_t per_step = eddl::shape::checked_numel(din[j]->getShape());
    if (y->ndim >= 1 && y->shape[0] > 0 && per_step > 0) {
      decoder_steps_ = static_cast<int>(static_cast<int64_t>(y->size) / y->shape[0] / per_step);
    }
  }
  bool changed = false;
  for (Layer* l : layers) {
    if (!l->time_distributed) continue;
    int steps = 1;
    const auto in = std::find(lin.begin(), lin.end(), l);
    if (std::find(din.begin(), din.end(), l) != din.end()) {
      steps = decoder_steps_ > 0 ? decoder_steps_ : 1;
    } else if (in != lin.end()) {
      const Tensor* x = tin[static_cast<size_t>(in - lin.begin())];
      const int64_t per_step = eddl::shape::checked_numel(l->getShape());
      if (x->ndim >= 1 && x->shape[0] > 0 && per_step > 0) {
        steps = static_cast<int>(static_cast<int64_t>(x->size) / x->shape[0] / per_step);
      }
    } else {
      for (const Layer* p : l->parent) {
        if (p->time_distributed) {
          steps = p->time_steps;
          break;
        }
      }
    }
    if (steps != l->time_steps) {
      l->time_steps = steps;
      changed = true;
    }
  }
  return changed;
}

void Net::resize(int batch) {
  EDDL_CHECK(batch > 0, name << ": batch size must be positive, got " << batch);
  batch_size = batch;
  for (Layer* l : layers) {
    l->resize(batch);
    l->mem_level = mem_level;
  }
  for (Layer* l : layers) {
    if (!l->parent.empty()) l->input = l->parent[0]->output;
  }
  for (Tensor* t : targets_) delete t;
  targets_.clear();
  for (Layer* out : lout) targets_.push_back(new Tensor(out->output->shape, out->dev));
  if (mem_level == 0) {
    // full_mem: every delta stays allocated between steps (inputs need none).
    for (Layer* l : layers) {
      if (l->type_name() != "input") l->mem_delta();
    }
  }
}

void Net::setmode(int mode) {
  // On an FPGA placement depends on the mode (inference needs forward kernels only).
  const bool replace = isbuild && cs != nullptr && cs->hw == "fpga" && mode != trmode;
  trmode = mode;
  for (Layer* l : layers) l->set_mode(mode);
  if (replace) place_layers();
}

Layer* Net::getLayer(const std::string& lname) {
  for (Layer* l : layers) {
    if (l->name == lname) return l;
  }
  EDDL_CHECK(false, "getLayer: model " << name << " has no layer named '" << lname << "'");
}

void Net::setlr(const std::vector<float>& p) {
  EDDL_CHECK(optimizer != nullptr, "setlr: model " << name << " has no optimizer (build it first)");
  optimizer->change(p);
  step_replay->forget();  // the learning rate is a by-value argument of the recorded updates
  // Data parallel: each replica steps with its own clone of the optimizer, so the change must
  // reach them too (the coordinator's own optimizer only seeds clones and never steps).
  if (replicas != nullptr) {
    for (Net* replica : replicas->nets()) replica->setlr(p);
  }
}
