// SPDX-License-Identifier: MIT
// Kernel launches on the host (host_emulation/run.sh rewrites `k<<<grid, block, ...>>>(args);` into
// one of the two calls below). Grid-stride files run every (block, thread) in turn on the calling
// thread with the launch's own geometry. Files with __syncthreads run each block's threads as real
// threads meeting at a barrier; their kernels take the block size from blockDim, so a small block
// (kBarrierBlock threads, a power of two as the trees need) keeps the emulation quick while the
// loops still cover more elements than threads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

struct EmulatedDim {
  unsigned x, y, z;
};
// Per thread, so that the block's threads of the barrier mode each see their own indices.
inline thread_local EmulatedDim threadIdx{0, 0, 0}, blockIdx{0, 0, 0}, blockDim{1, 1, 1}, gridDim{1, 1, 1};

namespace eddl::hw::gpu::emulation {

constexpr unsigned kBarrierBlock = 8;

extern long launches;

class Barrier {
 public:
  explicit Barrier(unsigned count) : count_(count) {}
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t generation = generation_;
    if (++waiting_ == count_) {
      waiting_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation != generation_; });
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned count_;
  unsigned waiting_ = 0;
  uint64_t generation_ = 0;
};

inline Barrier*& current_barrier() {
  static Barrier* barrier = nullptr;
  return barrier;
}

template <class Body>
void launch_in_turn(unsigned grid, unsigned block, const Body& body) {
  ++launches;
  gridDim = {grid, 1, 1};
  blockDim = {block, 1, 1};
  for (unsigned b = 0; b < grid; ++b) {
    for (unsigned t = 0; t < block; ++t) {
      blockIdx = {b, 0, 0};
      threadIdx = {t, 0, 0};
      body();
    }
  }
}

template <class Body>
void launch_with_barriers(unsigned grid, unsigned /*block*/, const Body& body) {
  ++launches;
  const unsigned block = kBarrierBlock;
  Barrier barrier(block);
  current_barrier() = &barrier;
  std::vector<std::exception_ptr> errors(block);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < block; ++t) {
    threads.emplace_back([&, t] {
      gridDim = {grid, 1, 1};
      blockDim = {block, 1, 1};
      threadIdx = {t, 0, 0};
      try {
        // Blocks one after another: __shared__ arrays are function statics, reused block to block.
        for (unsigned b = 0; b < grid; ++b) {
          blockIdx = {b, 0, 0};
          body();
          barrier.wait();
        }
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (std::thread& th : threads) th.join();
  current_barrier() = nullptr;
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace eddl::hw::gpu::emulation

#define __shared__ static
inline void __syncthreads() { eddl::hw::gpu::emulation::current_barrier()->wait(); }
