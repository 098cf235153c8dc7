// SPDX-License-Identifier: MIT
// Copies of a model's layer graph (EDDL clones a net per GPU with Layer::clone): the same layers,
// in the same topological order, with the same names and parameter values, in storage of their
// own. The replicas of data-parallel training (net/replicas.h) are made this way when a computing
// service selects several GPUs. Internal API, not in eddl.h.
#pragma once

#include "eddl/net/net.h"
#include "net/replicas.h"

namespace eddl::net {

/// An unbuilt Net whose layers are clones of `net`'s on device `todev`: inputs, outputs and
/// decoder inputs correspond one to one, and layers[i] is the clone of net.layers[i] (so
/// parameters line up by position). Throws (NotSupportedError for a layer class without clone)
/// and frees what it made.
Net* clone_graph(const Net& net, int todev);

/// clone_graph of the built `net`, built on a computing service for `todev` (DEV_CPU or
/// DEV_GPU + i, with `net`'s threads and memory level) with clones of its optimizer, losses and
/// metrics, without re-initialising: the copy predicts exactly what `net` predicts.
Net* clone_model(const Net& net, int todev);

/// A replica factory (use_replicas) that clones `net`'s graph; `net` must outlive the replicas'
/// construction.
ModelFactory clone_factory(const Net& net);

}  // namespace eddl::net
