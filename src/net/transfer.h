// SPDX-License-Identifier: MIT
// Mixed placement (an FPGA runs only some layers): while a layer runs, each parent that lives on
// another device is seen through a copy of its output on the layer's device, and in backward
// through a zeroed delta there that is added into the parent's own delta afterwards. Layers keep
// reading parent[i]->output and parent_delta(i) as on one device.
#pragma once

#include <vector>

#include "eddl/layers/layer.h"

namespace eddl::net {

class ParentsOnDevice {
 public:
  /// Swaps in copies of the cross-device parents' outputs (and zeroed deltas when `with_deltas`).
  ParentsOnDevice(Layer* layer, bool with_deltas);
  /// Restores the parents' own tensors (without the deltas: call finish() after backward).
  ~ParentsOnDevice();
  ParentsOnDevice(const ParentsOnDevice&) = delete;
  ParentsOnDevice& operator=(const ParentsOnDevice&) = delete;
  /// Restores the parents and adds the mirrored deltas into their own (moved to their device).
  void finish();

 private:
  struct Mirror {
    Layer* parent;
    Tensor* own_output;
    Tensor* own_delta;      ///< null when no delta is mirrored
    Tensor* output_copy;    ///< on the layer's device
    Tensor* delta_copy;     ///< on the layer's device, or null
  };
  std::vector<Mirror> mirrors_;
  void restore();
};

}  // namespace eddl::net
