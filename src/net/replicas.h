// SPDX-License-Identifier: MIT
// Data-parallel training over replicas of a net (EDDL's CS_GPU({1,1}, lsb); docs/gpu.md): k
// replicas of the coordinating net, each built on its own device with its own optimizer; every
// batch is split evenly between them (the last takes the remainder), each trains on its slice
// independently, and every `lsb` batches each parameter is averaged over the replicas (on the host)
// and the mean written back into every replica and into the coordinator, whose parameters are what
// getParam, save and evaluate see. Losses and metrics are the sums over the replicas.
//
// Device-agnostic: a replica is a Net placed on a device code (DEV_CPU, DEV_GPU + i), so the whole
// mechanism runs and is tested with CPU replicas. Internal API, not in eddl.h.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "eddl/net/net.h"

namespace eddl::net {

/// Makes one more net of the coordinator's architecture (same layers in the same order), unbuilt.
/// A replica needs its own layer graph: clone_factory (net/model_clone.h) copies the coordinator's
/// with Layer::clone; tests may also pass code that writes the model again.
using ModelFactory = std::function<Net*()>;

/// A computing service for one replica on `device` (DEV_CPU or DEV_GPU + i) with `like`'s threads
/// and memory level. FPGA codes throw NotSupportedError.
CompServ* service_for(int device, const CompServ& like);

/// The device codes (DEV_GPU + i) of the GPUs `cs` selects, in index order.
std::vector<int> selected_gpus(const CompServ& cs);

class Replicas {
 public:
  /// Builds one replica per entry of `devices` (EDDL device codes) with clones of the coordinator's
  /// optimizer, losses and metrics, and the coordinator's current parameters. `lsb` >= 1 is the
  /// number of batches between averages. Throws when a replica's parameters differ in count or
  /// size from the coordinator's.
  Replicas(Net& coordinator, const ModelFactory& make, const std::vector<int>& devices, int lsb);
  ~Replicas();
  Replicas(const Replicas&) = delete;
  Replicas& operator=(const Replicas&) = delete;

  /// The replicas' running scores since reset_scores, summed over samples of every replica.
  struct Scores {
    std::vector<double> loss_sums;    ///< per output
    std::vector<double> metric_sums;  ///< per output
  };

  /// One step: replica r trains on slice r of `rows` (of X and Y, host or device tensors); replicas
  /// on distinct devices run side by side, one host thread each. Averages when `lsb` batches have
  /// passed since the last average. Reads no score back: each replica keeps its sums on its device
  /// until scores() asks. Returns the samples trained.
  int64_t train_batch(const vtensor& X, const vtensor& Y, const vind& rows);
  /// The scores every replica summed since reset_scores (a read from each replica's device).
  Scores scores() const;
  /// Zeroes every replica's running scores (the coordinator's reset_loss).
  void reset_scores();
  /// Averages every parameter over the replicas now and writes the mean into each replica and the
  /// coordinator.
  void synchronize();
  /// synchronize() when a batch has run since the last average: before the coordinator's parameters
  /// are used (evaluate, predict) and at the end of each epoch, so they are never up to lsb - 1
  /// batches behind the replicas.
  void catch_up();

  /// The slices of `rows` for `k` replicas: rows.size() / k each, the last one also the remainder.
  static std::vector<vind> split(const vind& rows, int k);

  /// Whether the replicas train side by side, one host thread each: on by default for replicas on
  /// distinct GPUs; tests turn it on for CPU replicas to exercise the threads.
  void set_side_by_side(bool on) { parallel_ = on; }
  bool side_by_side() const { return parallel_; }

  const std::vector<Net*>& nets() const { return nets_; }
  int lsb() const { return lsb_; }

 private:
  Net& coordinator_;
  std::vector<Net*> nets_;  ///< owned
  std::vector<int> devices_;
  int lsb_;
  int batches_since_sync_ = 0;
  bool parallel_ = false;  ///< replicas on distinct non-CPU devices
};

/// Makes the built `net` train data parallel (train_batch, fit) on replicas made by `make`, one
/// per entry of `devices`, averaged every `lsb` batches. The internal hook behind several devices
/// in a computing service, and the way tests run replicas on the CPU.
void use_replicas(Net& net, const ModelFactory& make, const std::vector<int>& devices, int lsb);

}  // namespace eddl::net
