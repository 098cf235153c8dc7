// SPDX-License-Identifier: MIT
// Model cloning (model_clone.h): layer by layer in topological order, each onto its parents' clones.
#include "net/model_clone.h"

#include <map>

#include "hardware/check.h"

namespace eddl::net {

namespace {

std::vector<Layer*> mapped(const std::vector<Layer*>& originals, const std::map<const Layer*, Layer*>& clones,
                           const std::string& what) {
  std::vector<Layer*> out;
  for (const Layer* l : originals) {
    const auto it = clones.find(l);
    EDDL_CHECK(it != clones.end(), "clone_graph: " << what << " '" << l->name << "' is not in the model's graph");
    out.push_back(it->second);
  }
  return out;
}

}  // namespace

Net* clone_graph(const Net& net, int todev) {
  std::map<const Layer*, Layer*> clones;
  std::vector<Layer*> made;
  try {
    for (const Layer* l : net.layers) {
      Layer* copy = l->clone(mapped(l->parent, clones, "parent of " + l->name), todev);
      made.push_back(copy);
      clones[l] = copy;
    }
    auto* copy = new Net(mapped(net.lin, clones, "input"), mapped(net.lout, clones, "output"));
    // Sibling order among a clone parent's children follows the topological order, not the
    // original creation order, so the Net's own sort may break ties differently: keep the original
    // order, which is valid here too, so that parameters (and summation orders) line up.
    copy->layers = made;
    copy->vfts = made;
    copy->vbts.assign(made.rbegin(), made.rend());
    copy->name = net.name;
    copy->verbosity_level = net.verbosity_level;
    copy->seed = net.seed;
    copy->trmode = net.trmode;
    return copy;
  } catch (...) {
    for (Layer* l : made) delete l;
    throw;
  }
}

Net* clone_model(const Net& net, int todev) {
  EDDL_CHECK(net.isbuild && net.cs != nullptr, "clone_model: build " << net.name << " before cloning it");
  Net* copy = clone_graph(net, todev);
  vloss losses;
  vmetrics metrics;
  Optimizer* optimizer = nullptr;
  CompServ* service = nullptr;
  try {
    for (Loss* l : net.losses) losses.push_back(l->clone());
    for (Metric* m : net.metrics) metrics.push_back(m->clone());
    if (net.optimizer != nullptr) optimizer = net.optimizer->clone();
    service = service_for(todev, *net.cs);
    copy->build(optimizer, losses, metrics, service, /*initialize=*/false);
  } catch (...) {
    // build takes optimizer, losses, metrics and service together (cs is set with them); before
    // that they are still ours to free.
    if (copy->cs == nullptr) {
      delete optimizer;
      delete service;
      for (Loss* l : losses) delete l;
      for (Metric* m : metrics) delete m;
    }
    delete copy;
    throw;
  }
  copy->setmode(net.trmode);
  return copy;
}

ModelFactory clone_factory(const Net& net) {
  return [&net] { return clone_graph(net, DEV_CPU); };
}

}  // namespace eddl::net
