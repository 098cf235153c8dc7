// SPDX-License-Identifier: MIT
// File checks shared by the dataset readers: a path must name an existing regular file before any
// reader opens it, so that a directory, a pipe or a device is refused with a clear message.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>

#include "eddl/errors.h"
#include "hardware/check.h"

namespace eddl::datasets_detail {

inline std::string quote_path(const std::string& path) { return "'" + path + "'"; }

/// Size in bytes of the regular file at `path`; eddl::IOError naming `op` and the file otherwise.
inline uint64_t regular_file_size(const std::string& path, const char* op) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  EDDL_CHECK_AS(IOError, std::filesystem::exists(status), op << ": " << quote_path(path) << " does not exist");
  EDDL_CHECK_AS(IOError, !std::filesystem::is_directory(status),
                op << ": " << quote_path(path) << " is a directory, expected a data file");
  EDDL_CHECK_AS(IOError, std::filesystem::is_regular_file(status),
                op << ": " << quote_path(path) << " is not a regular file (device, pipe or socket)");
  const uint64_t size = std::filesystem::file_size(path, ec);
  EDDL_CHECK_AS(IOError, !ec, op << ": cannot read the size of " << quote_path(path) << ": " << ec.message());
  return size;
}

}  // namespace eddl::datasets_detail
