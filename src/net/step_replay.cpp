// SPDX-License-Identifier: MIT
#include "net/step_replay.h"

#include <cstdlib>
#include <cstring>
#include <utility>

#include "eddl/net/net.h"
#include "tensor/dispatch.h"
#include "tensor/recording.h"

namespace eddl::net {

StepReplay::StepReplay(Kind kind) : kind_(kind) {}
StepReplay::~StepReplay() = default;

void StepReplay::set_enabled(bool on) {
  enabled_ = on ? 1 : 0;
  forget();
}

void StepReplay::forget() {
  recording_.reset();
  recorded_signature_.clear();
  last_signature_.clear();
  off_reason_.clear();
}

size_t StepReplay::recorded_calls() const { return recording_ != nullptr ? recording_->size() : 0; }

namespace {
// EDDL_RECORDED_STEPS, read once: 1 or 0, -1 when unset (or anything else).
int environment_choice() {
  static const int choice = [] {
    const char* v = std::getenv("EDDL_RECORDED_STEPS");
    if (v != nullptr && std::strcmp(v, "1") == 0) return 1;
    if (v != nullptr && std::strcmp(v, "0") == 0) return 0;
    return -1;
  }();
  return choice;
}
}  // namespace

bool StepReplay::enabled_for(const Net& net) const {
  if (enabled_ >= 0) return enabled_ == 1;
  if (environment_choice() >= 0) return environment_choice() == 1;
  return !net.layers.empty() && net.layers.front()->output != nullptr &&
         worth_recording(net.layers.front()->output->device);
}

std::string StepReplay::ineligible(const Net& net) const {
  if (kind_ == Kind::training) {
    if (net.optimizer == nullptr) return "the net has no optimizer";
    if (net.mem_level != 0) return "low_mem and mid_mem free the deltas inside every step";
    if (!net.optimizer->replayable()) {
      return "optimizer " + net.optimizer->name + " passes values that change every step from the host";
    }
  }
  if (kind_ == Kind::inference) return single_device(net);  // forward only: no scores
  for (const Loss* loss : net.losses) {
    if (!loss->replayable()) return "loss " + loss->name + " is not one of eddl's own (it may compute on the host)";
  }
  for (const Metric* metric : net.metrics) {
    if (!metric->replayable()) return "metric " + metric->name + " is not one of eddl's own (it may compute on the host)";
  }
  return single_device(net);
}

std::string StepReplay::single_device(const Net& net) {
  const int device = net.layers.empty() ? 0 : net.layers.front()->output->device;
  for (const Layer* l : net.layers) {
    if (l->output->device != device) return "layer " + l->name + " runs on another device than the first layer";
  }
  return "";
}

std::vector<uintptr_t> StepReplay::signature_of(const Net& net) {
  std::vector<uintptr_t> s{static_cast<uintptr_t>(net.batch_size), static_cast<uintptr_t>(net.trmode),
                           static_cast<uintptr_t>(net.mem_level), reinterpret_cast<uintptr_t>(net.optimizer)};
  const auto add = [&s](const Tensor* t) {
    s.push_back(reinterpret_cast<uintptr_t>(t != nullptr ? t->ptr : nullptr));
    s.push_back(t != nullptr ? static_cast<uintptr_t>(t->size) : 0);
  };
  for (const Layer* l : net.layers) {
    add(l->output);
    add(l->delta);
    s.push_back(static_cast<uintptr_t>(l->trainable));
    s.push_back(static_cast<uintptr_t>(l->mode));
    s.push_back(static_cast<uintptr_t>(l->time_steps));
    for (const Tensor* t : l->params) add(t);
    for (const Tensor* t : l->gradients) add(t);
    for (const Tensor* t : l->states) add(t);
  }
  for (const Loss* loss : net.losses) s.push_back(reinterpret_cast<uintptr_t>(loss));
  for (const Metric* metric : net.metrics) s.push_back(reinterpret_cast<uintptr_t>(metric));
  return s;
}

void StepReplay::run_step(Net& net, const std::function<void()>& step) {
  if (!enabled_for(net) || !off_reason_.empty()) {
    step();
    return;
  }
  off_reason_ = ineligible(net);
  if (!off_reason_.empty()) {
    step();
    return;
  }
  std::vector<uintptr_t> signature = signature_of(net);
  if (recording_ != nullptr && signature == recorded_signature_) {
    replay(net);
    return;
  }
  recording_.reset();
  // Record only a step that repeats the one before: the first steps allocate lazily (deltas, the
  // optimizer's state, cuDNN plans), and a step that changes the net must not be fixed.
  if (signature == last_signature_ && record(net, step)) {
    recorded_signature_ = std::move(signature);
    last_signature_.clear();
    return;
  }
  step();
  last_signature_ = std::move(signature);
}

bool StepReplay::record(Net& net, const std::function<void()>& step) {
  // Recording runs the step's host code (which counts samples, batches and optimizer steps) but no
  // kernel; if it fails part way, the counts go back to what they were and the step runs as it is.
  const int64_t samples = net.inferenced_samples;
  const int batches = net.tr_batches;
  const int64_t optimizer_steps = net.optimizer != nullptr ? net.optimizer->steps() : 0;
  const auto restore = [&] {
    net.inferenced_samples = samples;
    net.tr_batches = batches;
    if (net.optimizer != nullptr) net.optimizer->restore_steps(optimizer_steps);
    net.totals_current_ = false;
  };
  auto recording = std::make_unique<Recording>();
  try {
    {
      RecordingScope scope(*recording);
      step();
    }
    recording->compile();
  } catch (const RecordingError& e) {
    restore();
    off_reason_ = std::string("the step cannot be recorded: ") + e.what();
    return false;
  } catch (const Error& e) {
    // The device could not fix the calls (a CUDA capture failed); nothing of the step has run.
    restore();
    off_reason_ = std::string("the device could not capture the step: ") + e.what();
    return false;
  }
  recording->replay();  // the recorded step itself
  recording_ = std::move(recording);
  ++recordings_;
  return true;
}

void StepReplay::replay(Net& net) {
  recording_->replay();
  if (kind_ == Kind::training) {
    net.count_replayed_step();
  } else if (kind_ == Kind::evaluation) {
    net.count_replayed_evaluation();
  }  // an inference step counts nothing on the host
  ++replays_;
}

}  // namespace eddl::net
