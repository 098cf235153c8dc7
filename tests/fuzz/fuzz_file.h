// SPDX-License-Identifier: MIT
// The loaders under fuzz take file names, so each input is written to one scratch file per process.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

namespace eddl::fuzz {

/// Writes `data` to a per-process scratch file ending in `extension` and returns its path.
inline std::string write_scratch(const uint8_t* data, size_t size, const std::string& extension) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("eddl-fuzz-" + std::to_string(static_cast<long>(::getpid())) + extension))
                               .string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) __builtin_trap();
  if (size != 0 && std::fwrite(data, 1, size, f) != size) __builtin_trap();
  std::fclose(f);
  return path;
}

}  // namespace eddl::fuzz
