// SPDX-License-Identifier: MIT
// The registry: which backends this build has and which one drives a device. registry.cpp is the
// only file in eddl with `#if EDDL_WITH_*`.
#pragma once

#include <vector>

#include "hardware/backend.h"

namespace eddl::hw {

/// The backend for `device`; throws NotSupportedError (saying how to get one) when this build or
/// machine lacks it. The CPU backend is the fast one unless EDDL_CPU_BACKEND=reference is set.
Backend& backend_for(Device device);
/// The plain-loop CPU backend: the oracle every other backend is tested against.
Backend& reference_backend();
/// The fast CPU backend (reference table with optimised entries replaced).
Backend& cpu_backend();
/// Every backend compiled into this build, reference first.
std::vector<Backend*> compiled_backends();
/// Whether this build has a backend for `kind` (devices may still be absent at run time).
bool is_compiled(DeviceKind kind);

}  // namespace eddl::hw
