// SPDX-License-Identifier: MIT
// A caching allocator for one device: freed blocks go to a free list per size class and are handed
// out again, so a training step after the first calls cudaMalloc not at all (cudaMalloc and
// cudaFree synchronise the device and cost tens of microseconds each). Reuse is safe without
// events because every kernel of a device runs on its one stream: work queued after the reuse
// runs after the work that used the block before.
#pragma once

#include <cstddef>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eddl::hw::gpu {

class CachingAllocator {
 public:
  explicit CachingAllocator(int device) : device_(device) {}
  ~CachingAllocator();
  CachingAllocator(const CachingAllocator&) = delete;
  CachingAllocator& operator=(const CachingAllocator&) = delete;

  /// A block of at least `bytes` (rounded up to its size class); throws OutOfMemoryError after
  /// returning every cached block to the driver and trying once more.
  void* allocate(size_t bytes);
  /// Gives a block back to its free list; `bytes` is what allocate was asked for.
  void release(void* block, size_t bytes);
  /// Returns every cached (free) block to the driver.
  void empty_cache();
  /// From now on released blocks are set aside instead of cached: while a CUDA graph is captured,
  /// its kernels' scratch is released at once, but every launch of the graph writes those blocks
  /// again, so nobody else may get them while the graph lives. Blocks allocated meanwhile may come
  /// from cudaMalloc (allowed during capture; never freed before the graph is gone).
  void begin_holding();
  /// Stops setting blocks aside; returns those set aside (block, requested bytes) for the graph.
  std::vector<std::pair<void*, size_t>> end_holding();
  /// Caches the blocks a graph kept, once the graph is destroyed (later users queue behind it).
  void release_held(const std::vector<std::pair<void*, size_t>>& blocks);
  bool holding() const;
  size_t cached_bytes() const;
  size_t in_use_bytes() const;

  /// The size class of a request: 512-byte steps up to 1 MiB, then four steps per power of two, so
  /// at most a quarter of a large block is wasted and similar sizes share a list.
  static size_t size_class(size_t bytes);

 private:
  int device_;
  mutable std::mutex mutex_;
  std::unordered_map<size_t, std::vector<void*>> free_;
  size_t cached_ = 0;
  size_t in_use_ = 0;
  bool holding_ = false;
  std::vector<std::pair<void*, size_t>> held_;
  void empty_cache_locked();
};

}  // namespace eddl::hw::gpu
