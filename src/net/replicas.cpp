// SPDX-License-Identifier: MIT
// Data-parallel replicas (replicas.h): build, split, train side by side, average.
#include "net/replicas.h"

#include <exception>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::net {

namespace {

// The parameters of a net in a fixed order: layer by layer, each layer's params in order.
std::vector<Tensor*> parameters_of(const Net& net) {
  std::vector<Tensor*> all;
  for (const Layer* l : net.layers) all.insert(all.end(), l->params.begin(), l->params.end());
  return all;
}

// Runs `work(r)` for every replica: one host thread each when the replicas have devices of their
// own (each GPU has its own stream, so they overlap), in turn on the CPU (replicas there share one
// thread pool). The first exception is rethrown after every thread has finished.
void for_each_replica(size_t count, bool parallel, const std::function<void(size_t)>& work) {
  if (!parallel) {
    for (size_t r = 0; r < count; ++r) work(r);
    return;
  }
  std::vector<std::exception_ptr> errors(count);
  std::vector<std::thread> threads;
  for (size_t r = 0; r < count; ++r) {
    threads.emplace_back([&, r] {
      try {
        work(r);
      } catch (...) {
        errors[r] = std::current_exception();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace

CompServ* service_for(int device, const CompServ& like) {
  if (device == DEV_CPU) return new CompServ(like.threads_arg, {}, {}, 0, like.mem_level);
  EDDL_CHECK_AS(NotSupportedError, device >= DEV_GPU && device < DEV_FPGA,
                "replicas: device code " << device << " is neither the CPU nor a GPU (FPGA replicas are not offered)");
  std::vector<int> mask(static_cast<size_t>(device - DEV_GPU + 1), 0);
  mask.back() = 1;
  return new CompServ(like.threads_arg, mask, {}, 1, like.mem_level);
}

std::vector<int> selected_gpus(const CompServ& cs) {
  std::vector<int> devices;
  for (size_t i = 0; i < cs.local_gpus.size(); ++i) {
    if (cs.local_gpus[i] != 0) devices.push_back(DEV_GPU + static_cast<int>(i));
  }
  return devices;
}

Replicas::Replicas(Net& coordinator, const ModelFactory& make, const std::vector<int>& devices, int lsb)
    : coordinator_(coordinator), devices_(devices), lsb_(lsb) {
  EDDL_CHECK(coordinator.isbuild, "replicas: build " << coordinator.name << " before replicating it");
  EDDL_CHECK(!devices.empty(), "replicas: at least one device is required");
  EDDL_CHECK(lsb >= 1, "replicas: local sync batches (lsb) must be >= 1, got " << lsb);
  EDDL_CHECK(static_cast<bool>(make), "replicas: a model factory is required");
  const std::set<int> distinct(devices.begin(), devices.end());
  parallel_ = distinct.size() == devices.size() && distinct.count(DEV_CPU) == 0;
  const std::vector<Tensor*> reference = parameters_of(coordinator);
  try {
    for (size_t r = 0; r < devices.size(); ++r) {
      Net* replica = make();
      EDDL_CHECK(replica != nullptr, "replicas: the model factory returned null");
      nets_.push_back(replica);
      replica->name = coordinator.name + "_replica" + std::to_string(r);
      replica->verbosity_level = 0;
      vloss losses;
      for (Loss* l : coordinator.losses) losses.push_back(l->clone());
      vmetrics metrics;
      for (Metric* m : coordinator.metrics) metrics.push_back(m->clone());
      Optimizer* optimizer = coordinator.optimizer != nullptr ? coordinator.optimizer->clone() : nullptr;
      replica->build(optimizer, losses, metrics, service_for(devices[r], *coordinator.cs), false);
      const std::vector<Tensor*> mine = parameters_of(*replica);
      EDDL_CHECK(mine.size() == reference.size() && replica->layers.size() == coordinator.layers.size(),
                 "replicas: the factory's model has " << replica->layers.size() << " layers and " << mine.size()
                                                      << " parameters, " << coordinator.name << " has "
                                                      << coordinator.layers.size() << " and " << reference.size());
      for (size_t p = 0; p < mine.size(); ++p) {
        EDDL_CHECK(mine[p]->shape == reference[p]->shape,
                   "replicas: parameter " << p << " is " << eddl::shape::to_string(mine[p]->shape) << " in the replica but "
                                          << eddl::shape::to_string(reference[p]->shape) << " in " << coordinator.name);
        eddl::ops::copy(*reference[p], *mine[p]);
      }
    }
  } catch (...) {
    for (Net* n : nets_) delete n;
    throw;
  }
}

Replicas::~Replicas() {
  for (Net* n : nets_) delete n;
}

std::vector<vind> Replicas::split(const vind& rows, int k) {
  EDDL_CHECK(k >= 1, "replicas: cannot split a batch over " << k << " replicas");
  const size_t each = rows.size() / static_cast<size_t>(k);
  std::vector<vind> slices;
  for (int r = 0; r < k; ++r) {
    const auto begin = rows.begin() + static_cast<long>(each * static_cast<size_t>(r));
    const auto end = r + 1 == k ? rows.end() : begin + static_cast<long>(each);
    slices.emplace_back(begin, end);
  }
  return slices;
}

int64_t Replicas::train_batch(const vtensor& X, const vtensor& Y, const vind& rows) {
  const std::vector<vind> slices = split(rows, static_cast<int>(nets_.size()));
  for_each_replica(nets_.size(), parallel_, [&](size_t r) {
    // A batch smaller than the replica count leaves some slices empty: those replicas skip the step
    // (and still count in the next average).
    if (!slices[r].empty()) nets_[r]->train_batch(X, Y, slices[r], 0);
  });
  if (++batches_since_sync_ >= lsb_) synchronize();
  return static_cast<int64_t>(rows.size());
}

Replicas::Scores Replicas::scores() const {
  Scores scores;
  scores.loss_sums.assign(coordinator_.losses.size(), 0.0);
  scores.metric_sums.assign(coordinator_.metrics.size(), 0.0);
  for (Net* n : nets_) {
    // get_losses/get_metrics are means over the replica's samples since reset_loss.
    const double samples = static_cast<double>(n->inferenced_samples);
    if (samples == 0.0) continue;
    const std::vector<float> losses = n->get_losses();
    const std::vector<float> metrics = n->get_metrics();
    for (size_t k = 0; k < losses.size() && k < scores.loss_sums.size(); ++k) scores.loss_sums[k] += losses[k] * samples;
    for (size_t k = 0; k < metrics.size() && k < scores.metric_sums.size(); ++k) {
      scores.metric_sums[k] += metrics[k] * samples;
    }
  }
  return scores;
}

void Replicas::reset_scores() {
  for (Net* n : nets_) n->reset_loss();
}

void Replicas::catch_up() {
  if (batches_since_sync_ > 0) synchronize();
}

void Replicas::synchronize() {
  batches_since_sync_ = 0;
  std::vector<std::vector<Tensor*>> replica_params;
  for (const Net* n : nets_) replica_params.push_back(parameters_of(*n));
  const std::vector<Tensor*> coordinator_params = parameters_of(coordinator_);
  for (size_t p = 0; p < coordinator_params.size(); ++p) {
    // Host average in double (no NCCL here): each replica's copy comes back, the mean goes out.
    std::vector<double> sum(coordinator_params[p]->size, 0.0);
    for (const auto& params : replica_params) {
      const std::vector<float> values = params[p]->to_std();
      for (size_t i = 0; i < values.size(); ++i) sum[i] += values[i];
    }
    std::vector<float> mean(sum.size());
    for (size_t i = 0; i < sum.size(); ++i) mean[i] = static_cast<float>(sum[i] / static_cast<double>(nets_.size()));
    const Tensor host(mean, coordinator_params[p]->shape, DEV_CPU);
    for (const auto& params : replica_params) eddl::ops::copy(host, *params[p]);
    eddl::ops::copy(host, *coordinator_params[p]);
  }
}

void use_replicas(Net& net, const ModelFactory& make, const std::vector<int>& devices, int lsb) {
  net.replicas = std::make_shared<Replicas>(net, make, devices, lsb);
}

}  // namespace eddl::net
