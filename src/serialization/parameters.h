// SPDX-License-Identifier: MIT
// Model parameter files. eddl writes a versioned, checksummed format ("EDDLPARM": every tensor
// named "<layer>/<index>" with its shape and a CRC-32), atomically (temporary file + fsync +
// rename). It reads that and EDDL's legacy layout (the params' .bin records concatenated). Loading
// is transactional: the whole file is checked against the model before any weight changes.
#pragma once

#include <string>

class Net;

namespace eddl::serialization {

/// Writes every parameter of `net` to `path` ("bin": eddl's format; "legacy": EDDL's layout).
void save_parameters(Net* net, const std::string& path, const std::string& format = "bin");
/// Reads `path` (either layout, detected) into `net`; throws eddl::IOError naming the file and the
/// first mismatch (layer, expected and found shapes) and leaves the weights untouched on error.
void load_parameters(Net* net, const std::string& path);

}  // namespace eddl::serialization
