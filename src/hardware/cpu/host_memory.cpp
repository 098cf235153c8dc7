// SPDX-License-Identifier: MIT
#include "hardware/cpu/host_memory.h"

#include <cstdlib>
#include <cstring>

#include "hardware/check.h"

namespace eddl::hw {

namespace {
class HostBuffer final : public Buffer {
 public:
  HostBuffer(void* data, size_t bytes) : Buffer(data, bytes, Device{DeviceKind::cpu, 0}) {}
  ~HostBuffer() override { std::free(data()); }
};
constexpr size_t kAlignment = 64;
}  // namespace

std::shared_ptr<Buffer> allocate_host(size_t bytes) {
  // aligned_alloc needs a size that is a multiple of the alignment, and at least one byte.
  const size_t rounded = ((bytes + kAlignment - 1) / kAlignment) * kAlignment;
  void* data = std::aligned_alloc(kAlignment, rounded == 0 ? kAlignment : rounded);
  EDDL_CHECK_AS(OutOfMemoryError, data != nullptr,
                "out of memory: could not allocate " << bytes << " bytes on CPU");
  return std::make_shared<HostBuffer>(data, bytes);
}

std::shared_ptr<Buffer> HostBackend::allocate(size_t bytes, int index) {
  (void)index;
  return allocate_host(bytes);
}

void HostBackend::copy_from_host(const void* host_src, void* device_dst, size_t bytes, int index) {
  (void)index;
  if (bytes > 0) std::memcpy(device_dst, host_src, bytes);
}

void HostBackend::copy_to_host(const void* device_src, void* host_dst, size_t bytes, int index) {
  (void)index;
  if (bytes > 0) std::memcpy(host_dst, device_src, bytes);
}

void HostBackend::copy_device(const void* src, void* dst, size_t bytes, int index) {
  (void)index;
  if (bytes > 0 && src != dst) std::memmove(dst, src, bytes);
}

}  // namespace eddl::hw
