// SPDX-License-Identifier: MIT
#include "hardware/gpu/caching_allocator.h"

#include "hardware/gpu/cuda_check.h"

namespace eddl::hw::gpu {

CachingAllocator::~CachingAllocator() {
  // At exit the driver may already be shutting down; errors here are not worth a throw.
  std::lock_guard<std::mutex> lock(mutex_);
  if (free_.empty()) return;
  (void)cudaSetDevice(device_);  // cudaFree frees on the current device
  for (auto& [size, blocks] : free_) {
    for (void* b : blocks) (void)cudaFree(b);
  }
}

size_t CachingAllocator::size_class(size_t bytes) {
  if (bytes == 0) bytes = 1;
  constexpr size_t kSmallStep = 512;
  constexpr size_t kSmallLimit = size_t{1} << 20;
  if (bytes <= kSmallLimit) return (bytes + kSmallStep - 1) / kSmallStep * kSmallStep;
  size_t power = kSmallLimit;
  while (power * 2 < bytes) power *= 2;
  const size_t step = power / 4;
  return (bytes + step - 1) / step * step;
}

void* CachingAllocator::allocate(size_t bytes) {
  const size_t size = size_class(bytes);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = free_.find(size);
  if (it != free_.end() && !it->second.empty()) {
    void* block = it->second.back();
    it->second.pop_back();
    cached_ -= size;
    in_use_ += size;
    return block;
  }
  void* block = nullptr;
  cudaError_t status = cudaSuccess;
  if (holding_) {
    // A capture in progress forbids "unsafe" calls from this thread; cudaMalloc is safe as long as
    // the block is not freed before the graph is gone (it is held), so relax the mode around it.
    cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
    EDDL_CUDA_CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
    status = cudaMalloc(&block, size);
    EDDL_CUDA_CHECK(cudaThreadExchangeStreamCaptureMode(&mode));
  } else {
    status = cudaMalloc(&block, size);
  }
  if (status == cudaErrorMemoryAllocation && !holding_) {  // cudaFree is not allowed while capturing
    (void)cudaGetLastError();  // clear the sticky-free error before retrying
    empty_cache_locked();
    status = cudaMalloc(&block, size);
  }
  if (status == cudaErrorMemoryAllocation) {
    (void)cudaGetLastError();
    EDDL_CHECK_AS(OutOfMemoryError, false,
                  "out of memory: could not allocate " << bytes << " bytes on GPU:" << device_ << " (" << in_use_
                                                       << " bytes in use by eddl)");
  }
  EDDL_CUDA_CHECK(status);
  in_use_ += size;
  return block;
}

void CachingAllocator::release(void* block, size_t bytes) {
  const size_t size = size_class(bytes);
  std::lock_guard<std::mutex> lock(mutex_);
  if (holding_) {
    held_.emplace_back(block, bytes);
    return;  // still counted in use: the graph owns it
  }
  free_[size].push_back(block);
  in_use_ -= size;
  cached_ += size;
}

void CachingAllocator::begin_holding() {
  std::lock_guard<std::mutex> lock(mutex_);
  holding_ = true;
}

std::vector<std::pair<void*, size_t>> CachingAllocator::end_holding() {
  std::lock_guard<std::mutex> lock(mutex_);
  holding_ = false;
  std::vector<std::pair<void*, size_t>> held;
  held.swap(held_);
  return held;
}

void CachingAllocator::release_held(const std::vector<std::pair<void*, size_t>>& blocks) {
  for (const auto& [block, bytes] : blocks) release(block, bytes);
}

bool CachingAllocator::holding() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return holding_;
}

void CachingAllocator::empty_cache() {
  std::lock_guard<std::mutex> lock(mutex_);
  empty_cache_locked();
}

void CachingAllocator::empty_cache_locked() {
  // cudaFree waits for the device, so queued kernels that still read a cached block finish first.
  for (auto& [size, blocks] : free_) {
    for (void* b : blocks) EDDL_CUDA_CHECK(cudaFree(b));
    blocks.clear();
  }
  cached_ = 0;
}

size_t CachingAllocator::cached_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return cached_;
}

size_t CachingAllocator::in_use_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return in_use_;
}

}  // namespace eddl::hw::gpu
