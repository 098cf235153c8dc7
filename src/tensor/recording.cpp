// SPDX-License-Identifier: MIT
#include "tensor/recording.h"

#include <string>
#include <utility>

#include "tensor/dispatch.h"

namespace eddl {

namespace {
thread_local Recording* t_active = nullptr;
}  // namespace

Recording* active_recording() { return t_active; }

void Recording::add(const char* name, hw::BoundCall call, std::initializer_list<const Tensor*> tensors,
                    const std::vector<const void*>& memory) {
  if (compiled_ != nullptr) throw RecordingError("a compiled recording takes no more kernel calls");
  for (const Tensor* t : tensors) {
    if (t == nullptr) continue;  // an optional operand left out
    if (device_code_ < 0) device_code_ = t->device;
    if (t->device != device_code_) {
      throw RecordingError("a recorded step runs on one device; a kernel call uses " + device_name_of(t->device) +
                           " after " + device_name_of(device_code_));
    }
    const std::shared_ptr<hw::Buffer>& storage = t->storage();
    if (storage == nullptr) continue;
    const auto start = reinterpret_cast<uintptr_t>(storage->data());
    if (kept_ranges_.emplace(start, start + storage->bytes()).second) kept_.push_back(storage);
  }
  for (const void* address : memory) {
    const auto a = reinterpret_cast<uintptr_t>(address);
    auto it = kept_ranges_.upper_bound(a);
    if (it == kept_ranges_.begin() || a >= (--it)->second) {
      throw RecordingError(std::string("kernel ") + name +
                           ": an argument's memory belongs to none of the call's tensors, so a replay could "
                           "write it after it is freed");
    }
  }
  calls_.push_back(std::move(call));
  ++recorded_;
}

void Recording::compile() {
  if (compiled_ != nullptr) return;
  if (t_active == this) throw RecordingError("a recording cannot be compiled while it records");
  const int code = device_code_ < 0 ? 0 : device_code_;  // empty: any backend runs nothing
  compiled_ = backend_for_code(code).compile(std::move(calls_), device_index(code));
  calls_.clear();
}

void Recording::replay() {
  compile();
  compiled_->run();
}

RecordingScope::RecordingScope(Recording& recording) {
  if (t_active != nullptr) throw RecordingError("recordings do not nest");
  t_active = &recording;
}

RecordingScope::~RecordingScope() { t_active = nullptr; }

}  // namespace eddl
