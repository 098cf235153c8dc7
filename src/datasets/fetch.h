// SPDX-License-Identifier: MIT
// Downloads for the dataset helpers, where a network exists: libcurl (never a shell command), a
// checksum verified before the file is kept, and an atomic rename so a half-written file is never
// taken for data.
#pragma once

#include <string>
#include <vector>

namespace eddl::datasets_detail {

/// MD5 of a file as lowercase hex (the checksum the original MNIST files are published with).
std::string md5_of_file(const std::string& path);

/// Downloads `file_name` from the first of `mirrors` (each a URL prefix ending in '/') that serves
/// it with MD5 `md5_hex`, into `dest`. Throws eddl::IOError listing every mirror tried and why it
/// failed (network error, HTTP status, checksum mismatch); `dest` is only written on success.
void fetch_verified(const std::vector<std::string>& mirrors, const std::string& file_name, const std::string& md5_hex,
                    const std::string& dest);

}  // namespace eddl::datasets_detail
