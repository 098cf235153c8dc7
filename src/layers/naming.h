// SPDX-License-Identifier: MIT
// Default layer names as EDDL makes them: "<prefix><N>" with a global counter per class, shared by
// every activation kind ("relu1", "softmax2"), and '/', '-', ':' replaced by '_'.
#pragma once

#include <string>

namespace eddl::layers {

/// `given` when not empty (normalised), else the next default name for `prefix` counted under
/// `counter` (the prefix itself unless several prefixes share one counter).
std::string layer_name(const std::string& given, const std::string& prefix, const std::string& counter = "");

}  // namespace eddl::layers
