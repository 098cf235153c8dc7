// SPDX-License-Identifier: MIT
// Finite-difference gradient check of one layer, as ggml and PyTorch's gradcheck do: loss =
// Σ r·y with random r, analytic gradients from backward(), numeric ones from central differences
// accumulated in double on the host, over the inputs and every parameter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eddl/layers/layer.h"

namespace eddl::test {

struct GradientCheckOptions {
  int batch = 2;
  uint64_t seed = 7;
  float eps = 1e-2f;              ///< step of the central difference
  float tolerance = 2e-2f;        ///< max |analytic - numeric| / max(1, |numeric|)
  float min_abs_input = 0.05f;    ///< inputs are kept this far from 0 (kinks of relu & co)
  int max_checks_per_tensor = 40; ///< elements probed per tensor (spread over the tensor)
};

struct GradientCheckReport {
  double max_error = 0.0;
  std::string worst;  ///< "input[3]: analytic 0.1 numeric 0.12" of the worst element
  int checked = 0;
};

/// Checks `layer`, whose parents are the Input layers `inputs` (already constructed).
GradientCheckReport gradient_check(const std::vector<Layer*>& inputs, Layer* layer,
                                   const GradientCheckOptions& options = {});

}  // namespace eddl::test
