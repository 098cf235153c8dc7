// SPDX-License-Identifier: MIT
// Recorded kernel calls captured into one CUDA graph: a training step of a small network is tens
// of kernels of a few microseconds each, so launching them one by one leaves the GPU waiting on the
// host; a graph launch queues them all at once.
#pragma once

#include <memory>
#include <vector>

#include "hardware/backend.h"

namespace eddl::hw::gpu {

/// Runs `calls` once under stream capture on device `index`'s stream (they are captured, not run)
/// and returns the instantiated graph. The scratch memory the calls release is kept by the graph.
/// Throws (leaving the stream out of capture) if a call cannot be captured.
std::unique_ptr<CompiledCalls> capture_graph(const std::vector<BoundCall>& calls, int index);

}  // namespace eddl::hw::gpu
