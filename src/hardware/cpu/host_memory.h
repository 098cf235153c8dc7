// SPDX-License-Identifier: MIT
// Host memory shared by the two CPU backends: 64-byte aligned (a whole AVX-512 register or cache
// line), with allocation failures reported as OutOfMemoryError instead of std::bad_alloc.
#pragma once

#include <memory>

#include "hardware/backend.h"

namespace eddl::hw {

std::shared_ptr<Buffer> allocate_host(size_t bytes);

/// The memory half of a CPU backend: host copies are memcpy and there is nothing to wait for.
class HostBackend : public Backend {
 public:
  DeviceKind kind() const override { return DeviceKind::cpu; }
  int device_count() const override { return 1; }
  std::shared_ptr<Buffer> allocate(size_t bytes, int index) override;
  void copy_from_host(const void* host_src, void* device_dst, size_t bytes, int index) override;
  void copy_to_host(const void* device_src, void* host_dst, size_t bytes, int index) override;
  void copy_device(const void* src, void* dst, size_t bytes, int index) override;
  void synchronize(int index) override { (void)index; }
};

}  // namespace eddl::hw
