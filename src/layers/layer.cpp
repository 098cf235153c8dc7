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

Tensor* Layer::parent_delta(size_t i) {
  Layer* p = parent[i];
  if (p->type_name() == "input" && p->delta == nullptr) {
    return nullptr;  // data needs no gradient unless a chained net asked for one (it then has a delta)
  }
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

void Layer::addchild(Layer* l) { child.push_back(l); }
void Layer::addparent(Layer* l) { parent.push_back(l); }
