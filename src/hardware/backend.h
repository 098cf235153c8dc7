// SPDX-License-Identifier: MIT
// Backend: what one kind of device offers to the layers above: memory, copies, synchronisation and
// its kernel table. Adding a device means one subclass of this, a table, and one line in
// registry.cpp. Kernels may queue work asynchronously; only copy_to_host and synchronize wait.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hardware/device.h"
#include "hardware/kernel_list.h"

namespace eddl::hw {

/// Device memory owned RAII-style: freed by the backend that allocated it when the last owner
/// lets go.
class Buffer {
 public:
  virtual ~Buffer() = default;
  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }
  Device device() const { return device_; }

 protected:
  Buffer(void* data, size_t bytes, Device device) : data_(data), bytes_(bytes), device_(device) {}

 private:
  void* data_;
  size_t bytes_;
  Device device_;
};

/// One kernel call with its arguments bound: a recorded training step is a list of these
/// (tensor/recording.h records them above the hardware).
using BoundCall = std::function<void()>;

/// A fixed list of kernel calls on one device, run again and again with the same arguments.
class CompiledCalls {
 public:
  virtual ~CompiledCalls() = default;
  /// Queues every call, in order, on the device (waits for nothing).
  virtual void run() = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;

  /// "cpu", "cpu-reference", "cuda", "fpga": for messages and the coverage report.
  virtual std::string name() const = 0;
  /// The kind of device this backend drives.
  virtual DeviceKind kind() const = 0;
  /// How many devices of this kind the machine has (0 when the runtime finds none).
  virtual int device_count() const = 0;
  /// Why device_count() is 0, for skip messages and errors ("" when a device exists).
  virtual std::string absent_reason() const {
    return device_count() > 0 ? std::string() : name() + ": no device on this machine";
  }
  /// `bytes` of device memory on device `index`, 64-byte aligned; throws OutOfMemoryError.
  virtual std::shared_ptr<Buffer> allocate(size_t bytes, int index) = 0;
  /// Host -> device copy of `bytes`; returns when the host memory may be reused.
  virtual void copy_from_host(const void* host_src, void* device_dst, size_t bytes, int index) = 0;
  /// Device -> host copy; waits for queued kernels first.
  virtual void copy_to_host(const void* device_src, void* host_dst, size_t bytes, int index) = 0;
  /// Device -> same device copy (may be asynchronous).
  virtual void copy_device(const void* src, void* dst, size_t bytes, int index) = 0;
  /// Waits until every queued kernel on device `index` has finished.
  virtual void synchronize(int index) = 0;
  /// Threads the backend's host-side loops may use (CS_CPU's `th`); ignored where meaningless.
  virtual void set_num_threads(int threads) { (void)threads; }
  /// Threads currently in use by host-side loops.
  virtual int num_threads() const { return 1; }

  /// Fixes `calls` (all for device `index`) so that run() repeats them. The default runs them one
  /// by one; a backend may do better (CUDA: the calls are captured once into a graph, and run() is
  /// one graph launch instead of a launch per kernel). Calls may not read back to the host.
  virtual std::unique_ptr<CompiledCalls> compile(std::vector<BoundCall> calls, int index);
  /// Whether compile() makes repeated calls markedly cheaper than making them one by one, so that
  /// recording training steps is worth it by default (CUDA: launches cost more than small kernels).
  virtual bool worth_compiling() const { return false; }

  /// The kernel table: null entries are not implemented on this backend.
  const Kernels& kernels() const { return kernels_; }
  bool supports(KernelId id) const { return has_kernel(kernels_, id); }

 protected:
  Kernels kernels_{};
};

}  // namespace eddl::hw
