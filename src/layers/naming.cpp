// SPDX-License-Identifier: MIT
#include "layers/naming.h"

#include <map>
#include <mutex>

namespace eddl::layers {

std::string layer_name(const std::string& given, const std::string& prefix, const std::string& counter) {
  if (!given.empty()) {
    std::string out = given;
    for (char& c : out) {
      if (c == '/' || c == '-' || c == ':') c = '_';
    }
    return out;
  }
  static std::mutex mutex;
  static std::map<std::string, int> counters;
  std::lock_guard<std::mutex> lock(mutex);
  const int n = ++counters[counter.empty() ? prefix : counter];
  return prefix + std::to_string(n);
}

}  // namespace eddl::layers
