// SPDX-License-Identifier: MIT
// Recorded training, evaluation and inference steps (docs/gpu.md, "Launch overhead"). A training step of a small network is
// tens of kernels of a few microseconds each; launched one by one from the host, the GPU spends
// most of the step waiting for the next launch. So the step's kernel calls are recorded once
// (tensor/recording.h), fixed by the device's backend (CUDA: one graph), and replayed while the net
// is as it was when recorded: same batch size and tensors, same mode, learning rate and device.
// Everything a step changes from one step to the next lives on the device (the scores, the
// optimizer's step count); what it changes on the host (samples seen, batches, the optimizer's
// step) is counted again here on every replay.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class Net;

namespace eddl {
class Recording;
}

namespace eddl::net {

class StepReplay {
 public:
  /// What the recorded steps are: training steps (forward, backward, update), evaluation steps
  /// (forward and scores) or inference steps (predict's forward passes); each kind has its own
  /// host-side counts and conditions.
  enum class Kind { training, evaluation, inference };

  /// On by default where the device's backend says recording pays (a GPU: hw::Backend::
  /// worth_compiling), off elsewhere (a CPU step is dominated by its kernels, not by making the
  /// calls); EDDL_RECORDED_STEPS=1 or 0 overrides the default.
  explicit StepReplay(Kind kind = Kind::training);
  ~StepReplay();
  StepReplay(const StepReplay&) = delete;
  StepReplay& operator=(const StepReplay&) = delete;

  /// Overrides the default and the environment (tests, benchmarks).
  void set_enabled(bool on);
  /// Runs one step of `net`, whose batch is already in its input layers and targets:
  /// replays the recorded step when the net is unchanged since it was recorded; records the step
  /// (and runs the recording) when the previous step ran on the net unchanged; otherwise runs
  /// `step` as it is. A step that cannot be recorded (it reads a value back, draws random numbers,
  /// runs on two devices) runs as it is, and the net is not recorded again until forget().
  void run_step(Net& net, const std::function<void()>& step);
  /// Drops the recording: for changes the signature cannot see (learning rate, optimizer state,
  /// the device, the memory level).
  void forget();

  /// Why this net's steps are not recorded ("" when they are, or may be after the next step).
  const std::string& off_reason() const { return off_reason_; }
  int64_t recordings() const { return recordings_; }
  /// Kernel calls in the current recording (0 when there is none): the launches a step would take.
  size_t recorded_calls() const;
  int64_t replays() const { return replays_; }

 private:
  Kind kind_;
  int enabled_ = -1;  ///< -1: the default for the net's device
  std::unique_ptr<Recording> recording_;
  std::vector<uintptr_t> recorded_signature_;  ///< the net when recording_ was made
  std::vector<uintptr_t> last_signature_;      ///< the net at the last step run as it is
  std::string off_reason_;
  int64_t recordings_ = 0;
  int64_t replays_ = 0;

  bool enabled_for(const Net& net) const;
  /// Why `net` cannot be recorded at all, "" when it can be tried.
  std::string ineligible(const Net& net) const;
  /// "" when every layer runs on the first layer's device, else which one does not.
  static std::string single_device(const Net& net);
  /// What a recorded step's arguments depend on: batch size, mode, and the address and size of
  /// every tensor of every layer; equal signatures mean the recorded calls are still right.
  static std::vector<uintptr_t> signature_of(const Net& net);
  /// Records one step and runs it; false (the step not run, nothing counted) if it cannot be.
  bool record(Net& net, const std::function<void()>& step);
  void replay(Net& net);
};

}  // namespace eddl::net
