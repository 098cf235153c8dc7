// SPDX-License-Identifier: MIT
// Copies between devices for layers whose parents live elsewhere (transfer.h).
#include "net/transfer.h"

#include "tensor/ops.h"

namespace eddl::net {

ParentsOnDevice::ParentsOnDevice(Layer* layer, bool with_deltas) {
  for (Layer* p : layer->parent) {
    if (p->dev == layer->dev) continue;
    Mirror m{p, p->output, nullptr, new Tensor(p->output->shape, layer->dev), nullptr};
    eddl::ops::copy(*p->output, *m.output_copy);
    // A non-input parent always takes a gradient (as parent_delta() would decide); an input only
    // when something gave it a delta.
    if (with_deltas && p->delta == nullptr && p->type_name() != "input") p->mem_delta();
    if (with_deltas && p->delta != nullptr) {
      m.own_delta = p->delta;
      m.delta_copy = new Tensor(p->delta->shape, layer->dev);
      eddl::ops::fill(*m.delta_copy, 0.0f);
      p->delta = m.delta_copy;
    }
    p->output = m.output_copy;
    mirrors_.push_back(m);
  }
}

void ParentsOnDevice::restore() {
  for (Mirror& m : mirrors_) {
    m.parent->output = m.own_output;
    if (m.delta_copy != nullptr) m.parent->delta = m.own_delta;
  }
}

void ParentsOnDevice::finish() {
  restore();
  for (Mirror& m : mirrors_) {
    if (m.delta_copy == nullptr) continue;
    Tensor moved(m.own_delta->shape, m.own_delta->device);
    eddl::ops::copy(*m.delta_copy, moved);
    eddl::ops::binary(eddl::hw::BinaryOp::add, *m.own_delta, moved, *m.own_delta);
  }
}

ParentsOnDevice::~ParentsOnDevice() {
  restore();
  for (Mirror& m : mirrors_) {
    delete m.output_copy;
    delete m.delta_copy;
  }
}

}  // namespace eddl::net
