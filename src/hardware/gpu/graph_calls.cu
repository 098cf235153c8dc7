// SPDX-License-Identifier: MIT
#include "hardware/gpu/graph_calls.h"

#include <utility>

#include "hardware/gpu/gpu_context.h"

namespace eddl::hw::gpu {

namespace {

using HeldBlocks = std::vector<std::pair<void*, size_t>>;

class GraphCalls final : public CompiledCalls {
 public:
  GraphCalls(DeviceState& state, cudaGraphExec_t exec, HeldBlocks held)
      : state_(state), exec_(exec), held_(std::move(held)) {}
  ~GraphCalls() override {
    // No throw from a destructor; a failure here means the context is already gone.
    (void)cudaGraphExecDestroy(exec_);
    state_.allocator.release_held(held_);  // later users of these blocks queue behind any launch
  }
  GraphCalls(const GraphCalls&) = delete;
  GraphCalls& operator=(const GraphCalls&) = delete;

  void run() override {
    device_state(state_.index);  // makes the device current for this thread
    EDDL_CUDA_CHECK(cudaGraphLaunch(exec_, state_.stream));
  }

 private:
  DeviceState& state_;
  cudaGraphExec_t exec_;
  HeldBlocks held_;
};

/// Ends a capture that failed part way, so the stream can be used again; keeps the first error.
void abandon_capture(DeviceState& s) {
  cudaGraph_t partial = nullptr;
  (void)cudaStreamEndCapture(s.stream, &partial);
  if (partial != nullptr) (void)cudaGraphDestroy(partial);
  (void)cudaGetLastError();
}

}  // namespace

std::unique_ptr<CompiledCalls> capture_graph(const std::vector<BoundCall>& calls, int index) {
  DeviceState& s = device_state(index);
  // cuBLAS must not allocate its workspace inside the capture: make the handle (and workspace) now.
  cublas_handle(s);
  s.allocator.begin_holding();
  bool capturing = false;
  cudaGraph_t graph = nullptr;
  try {
    // Thread-local mode: this thread may not make calls that would break the capture (a host
    // sync, a cudaFree); other threads (replicas on other devices) are not affected.
    EDDL_CUDA_CHECK(cudaStreamBeginCapture(s.stream, cudaStreamCaptureModeThreadLocal));
    capturing = true;
    for (const BoundCall& call : calls) call();
    capturing = false;
    EDDL_CUDA_CHECK(cudaStreamEndCapture(s.stream, &graph));
  } catch (...) {
    if (capturing) abandon_capture(s);
    if (graph != nullptr) (void)cudaGraphDestroy(graph);
    s.allocator.release_held(s.allocator.end_holding());  // nothing captured ever ran
    throw;
  }
  HeldBlocks held = s.allocator.end_holding();
  cudaGraphExec_t exec = nullptr;
  try {
    EDDL_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  } catch (...) {
    (void)cudaGraphDestroy(graph);
    s.allocator.release_held(held);
    throw;
  }
  (void)cudaGraphDestroy(graph);  // the executable graph keeps what it needs
  return std::make_unique<GraphCalls>(s, exec, std::move(held));
}

}  // namespace eddl::hw::gpu
