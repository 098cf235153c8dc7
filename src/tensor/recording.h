// SPDX-License-Identifier: MIT
// Recording kernel calls instead of running them: the mechanism under recorded training steps
// (net/step_replay.h). While a RecordingScope is alive, every kernel that THE dispatch would run on
// this thread is appended, arguments bound, to a Recording instead; the recording keeps the buffers
// of the tensors each call touches, so a replay never writes memory that was freed meanwhile.
// Moving data between the host and the device inside the scope throws RecordingError: a recorded
// step may not depend on values the host sees (the host would see the recording's values, not the
// replay's; CUDA's stream capture forbids it too).
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <vector>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "hardware/backend.h"

namespace eddl {

/// Something a recorded step may not do (a host transfer, a second device, nested recordings).
class RecordingError : public Error {
 public:
  using Error::Error;
};

class Recording {
 public:
  /// Appends one call of kernel `name` whose tensors are `tensors` (all on one device, the
  /// recording's) and whose views address `memory`, which must lie in buffers of those tensors (or
  /// of earlier calls): memory the recording does not keep could be freed before a replay.
  void add(const char* name, hw::BoundCall call, std::initializer_list<const Tensor*> tensors,
           const std::vector<const void*>& memory = {});
  size_t size() const { return recorded_; }
  /// The EDDL device code of the recorded calls (-1 while empty).
  int device_code() const { return device_code_; }
  /// Hands the calls to their backend to be fixed (CUDA: captured into one graph); after this the
  /// recording takes no more calls. replay() does it when not done yet.
  void compile();
  /// Queues the recorded calls again, with the arguments they were recorded with.
  void replay();

 private:
  int device_code_ = -1;
  std::vector<hw::BoundCall> calls_;
  size_t recorded_ = 0;
  std::vector<std::shared_ptr<hw::Buffer>> kept_;  ///< every buffer a call touches
  /// start -> end of every kept buffer (kept buffers stay allocated, so a start is never reused).
  std::map<uintptr_t, uintptr_t> kept_ranges_;
  std::unique_ptr<hw::CompiledCalls> compiled_;
};

/// Records this thread's kernel calls into `recording` while alive; scopes do not nest.
class RecordingScope {
 public:
  explicit RecordingScope(Recording& recording);
  ~RecordingScope();
  RecordingScope(const RecordingScope&) = delete;
  RecordingScope& operator=(const RecordingScope&) = delete;
};

/// The recording this thread's kernel calls go to, or null when they run.
Recording* active_recording();

}  // namespace eddl
