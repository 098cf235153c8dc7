// SPDX-License-Identifier: MIT
// Layer base: storage of output/delta/params, the delta-on-demand rule, device moves.
#include "eddl/layers/layer.h"

#include "eddl/initializers/initializer.h"
#include "eddl/regularizers/regularizer.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

Layer::Layer(const std::string& name_, int dev_, int mem) : name(name_), mem_level(mem), dev(dev_) {}

Layer::~Layer() {
  delete output;
  delete delta;
  for (Tensor* p : params) delete p;
  for (Tensor* g : gradients) delete g;
  delete init;
  delete reg;
}

long Layer::count_params() const {
  long n = 0;
  for (const Tensor* p : params) n += static_cast<long>(p->size);
  return n;
}

long Layer::count_trainable_params() const {
  if (!trainable) return 0;
  long n = 0;
  for (const Tensor* g : gradients) n += static_cast<long>(g->size);
  return n;
}

void Layer::set_output_shape(const std::vector<int>& shape) {
  output_shape = shape;
  std::vector<int> full{1};
  full.insert(full.end(), shape.begin(), shape.end());
  eddl::shape::checked_numel(full);
  delete output;
  output = new Tensor(full, dev);
}

Tensor* Layer::add_param(const std::vector<int>& shape, bool has_gradient) {
  auto* p = new Tensor(shape, dev);
  eddl::ops::fill(*p, 0.0f);
  params.push_back(p);
  if (has_gradient) {
    auto* g = new Tensor(shape, dev);
    eddl::ops::fill(*g, 0.0f);
    gradients.push_back(g);
  }
  return p;
}

void Layer::resize(int batch_size) {
  EDDL_CHECK(batch_size > 0, name << ": batch size must be positive, got " << batch_size);
  std::vector<int> full{batch_size};
  if (time_distributed) full.push_back(time_steps);
  full.insert(full.end(), output_shape.begin(), output_shape.end());
  if (output != nullptr && output->shape == full) return;
  delete output;
  output = new Tensor(full, dev);
  const bool had_delta = delta != nullptr;
  delete delta;
  delta = nullptr;
  if (had_delta) mem_delta();
}

Tensor Layer::fold_time(Tensor* t) const {
  if (!time_distributed || t->ndim < 2) return Tensor(t->shape, t);
  std::vector<int> shape{t->shape[0] * t->shape[1]};
  shape.insert(shape.end(), t->shape.begin() + 2, t->shape.end());
  return Tensor(shape, t);
}

void Layer::initialize() {
  if (init == nullptr) init = new IGlorotUniform(1234);
  for (Tensor* p : params) init->apply(p);
}

void Layer::zeroGrads() {
  for (Tensor* g : gradients) eddl::ops::fill(*g, 0.0f);
}

void Layer::mem_delta() {
  if (delta == nullptr) {
    delta = new Tensor(output->shape, dev);
  }
  eddl::ops::fill(*delta, 0.0f);
}

void Layer::free_delta() {
  delete delta;
  delta = nullptr;
}

namespace {

// Whether a gradient into `l` reaches anything: a layer with parameters, an input that a chained
// net gave a delta, or any other source (States and the like keep theirs). Parameterless layers
// that lead only to plain Input data need none, so the layer above skips computing it (a CNN's
// first convolution after Reshape(Input): its backward data pass on one channel was 2.7 ms of a
// 35 ms step).
bool needs_gradient(const Layer* l) {
  if (l->type_name() == "input") return l->delta != nullptr;
  if (!l->params.empty() || l->parent.empty()) return true;
  for (const Layer* p : l->parent) {
    if (needs_gradient(p)) return true;
  }
  return false;
}

}  // namespace

Tensor* Layer::parent_delta(size_t i) {
  Layer* p = parent[i];
  if (!needs_gradient(p)) return nullptr;
  if (p->delta == nullptr) p->mem_delta();
  return p->delta;
}

void Layer::apply_regularizer() {}

void Layer::to_device(int dev_code) {
  if (dev_code == dev) return;
  dev = dev_code;
  if (output != nullptr) output->toDevice(dev_code);
  if (delta != nullptr) delta->toDevice(dev_code);
  for (Tensor* p : params) p->toDevice(dev_code);
  for (Tensor* g : gradients) g->toDevice(dev_code);
}

Layer* Layer::construct_like(const std::vector<Layer*>& parents, int todev) const {
  (void)parents;
  (void)todev;
  EDDL_CHECK_AS(eddl::NotSupportedError, false,
                "clone: layer " << name << " of class '" << type_name() << "' cannot be cloned (no construct_like)");
  return nullptr;
}

Layer* Layer::only_parent(const std::vector<Layer*>& parents) const {
  EDDL_CHECK(parents.size() == 1 && parents[0] != nullptr,
             "clone " << name << ": one parent layer expected, " << parents.size() << " given");
  return parents[0];
}

Layer* Layer::clone(const std::vector<Layer*>& parents, int todev) const {
  EDDL_CHECK(parents.size() == parent.size(), "clone " << name << ": the layer has " << parent.size()
                                                        << " parents, " << parents.size() << " given");
  for (const Layer* p : parents) EDDL_CHECK(p != nullptr, "clone " << name << ": null parent layer");
  Layer* copy = construct_like(parents, todev);
  try {
    EDDL_CHECK(copy->params.size() == params.size(), "clone " << name << ": the clone has " << copy->params.size()
                                                             << " parameters, the layer " << params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      EDDL_CHECK(copy->params[i]->shape == params[i]->shape,
                 "clone " << name << ": parameter " << i << " is " << eddl::shape::to_string(copy->params[i]->shape)
                          << " in the clone, " << eddl::shape::to_string(params[i]->shape) << " here");
      eddl::ops::copy(*params[i], *copy->params[i]);
    }
    copy->name = name;  // construct_like passes the name; a default-named class could renumber it
    copy->setTrainable(trainable);
    copy->set_mode(mode);
    copy->isrecurrent = isrecurrent;
    copy->isdecoder = isdecoder;
    copy->isnorm = isnorm;
    copy->detached = detached;
    copy->iscloned = true;
    // Net::build sets these again from the graph; a lone clone keeps this layer's sequence view.
    copy->time_distributed = time_distributed;
    copy->time_steps = time_steps;
    // delta_bp is not copied: it pairs softmax with its loss, which the clone's net decides.
    if (init != nullptr) {
      delete copy->init;
      copy->init = init->clone();
    }
    if (reg != nullptr) {
      delete copy->reg;
      copy->reg = reg->clone();
    }
  } catch (...) {
    // Unhook the half-made clone from the parents it attached itself to before freeing it.
    for (Layer* p : parents) {
      auto& kids = p->child;
      for (size_t k = kids.size(); k-- > 0;) {
        if (kids[k] == copy) kids.erase(kids.begin() + static_cast<long>(k));
      }
    }
    delete copy;
    throw;
  }
  return copy;
}

Layer* Layer::clone(int c, int bs, const std::vector<Layer*>& parents, int todev) const {
  (void)c;
  (void)bs;
  return clone(parents, todev);
}

void Layer::addchild(Layer* l) { child.push_back(l); }
void Layer::addparent(Layer* l) { parent.push_back(l); }
