// SPDX-License-Identifier: MIT
// IDX files (MNIST, Fashion-MNIST), gzip'd or plain, read through zlib. The header's sizes are
// only believed once the decompressed data has actually arrived, so a lying header costs nothing.
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/files.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "hardware/check.h"
#include "tensor/shape.h"

namespace eddl {
namespace {

using datasets_detail::quote_path;

constexpr uint32_t kIdxImagesMagic = 2051;  // 0x00000803: unsigned bytes, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 2049;  // 0x00000801: unsigned bytes, 1 dimension
constexpr size_t kReadChunkBytes = 1 << 20;

// A gzip'd or plain file (zlib reads plain files as they are), with the decompressed offset kept
// so that errors can say where they happened.
class GzFile {
 public:
  GzFile(const std::string& path, const char* op) : path_(path), op_(op) {
    datasets_detail::regular_file_size(path, op);
    file_ = gzopen(path.c_str(), "rb");
    EDDL_CHECK_AS(IOError, file_ != nullptr,
                  op << ": cannot open " << quote_path(path) << ": " << std::strerror(errno));
  }
  ~GzFile() { gzclose(file_); }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  const std::string& path() const { return path_; }
  const char* op() const { return op_; }
  uint64_t offset() const { return offset_; }

  // Reads up to `n` bytes; fewer only at the end of the data. Corrupt compressed data throws.
  size_t read_some(void* dst, size_t n) {
    size_t done = 0;
    while (done < n) {
      const unsigned want = static_cast<unsigned>(std::min<size_t>(n - done, kReadChunkBytes));
      const int got = gzread(file_, static_cast<char*>(dst) + done, want);
      check_stream(got < 0, offset_ + done);
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    offset_ += done;
    return done;
  }

  void read_exact(void* dst, size_t n, const std::string& field) {
    const uint64_t start = offset_;
    const size_t got = read_some(dst, n);
    EDDL_CHECK_AS(IOError, got == n,
                  op_ << ": " << quote_path(path_) << " is truncated: " << field << " needs " << n << " bytes at byte "
                      << start << " (after decompression), but the data ends at byte " << (start + got));
  }

  uint32_t read_be32(const std::string& field) {
    unsigned char b[4];
    read_exact(b, sizeof(b), field);
    return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
  }

 private:
  std::string path_;
  const char* op_;
  gzFile file_ = nullptr;
  uint64_t offset_ = 0;

  // gzread reports a cut-off gzip stream as a short read with Z_BUF_ERROR, so errors are checked
  // after every read, not only when it returns -1.
  void check_stream(bool failed, uint64_t at) {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    EDDL_CHECK_AS(IOError, !failed && (code == Z_OK || code == Z_STREAM_END),
                  op_ << ": " << quote_path(path_) << " is corrupt or cut off: zlib reports \""
                      << (message ? message : "?") << "\" near decompressed byte " << at);
  }
};

std::vector<int64_t> read_idx_header(GzFile& f, uint32_t expected_magic, int ndims, const char* what) {
  const uint32_t magic = f.read_be32("field magic (big-endian uint32)");
  EDDL_CHECK_AS(IOError, magic == expected_magic,
                f.op() << ": " << quote_path(f.path()) << ": field magic = " << magic << " at byte 0, expected "
                       << expected_magic << " (IDX " << what << ")");
  std::vector<int64_t> dims;
  for (int i = 0; i < ndims; ++i) {
    const uint64_t at = f.offset();
    const uint32_t d = f.read_be32("field dims[" + std::to_string(i) + "] (big-endian uint32)");
    EDDL_CHECK_AS(IOError, d <= static_cast<uint32_t>(std::numeric_limits<int>::max()),
                  f.op() << ": " << quote_path(f.path()) << ": field dims[" << i << "] = " << d << " at byte " << at
                         << ", expected 0.." << std::numeric_limits<int>::max());
    dims.push_back(d);
  }
  return dims;
}

// Reads exactly `expected` payload bytes. The buffer grows with the data that really arrives, so a
// header that declares more than the file holds is reported, not allocated; extra bytes are refused.
std::vector<unsigned char> read_payload(GzFile& f, const std::vector<int64_t>& dims, const char* what) {
  int64_t expected = 0;
  try {
    expected = shape::checked_numel64(dims);
  } catch (const ValueError&) {
    EDDL_CHECK_AS(IOError, false,
                  f.op() << ": " << quote_path(f.path()) << ": the dims of the " << what
                         << " have more elements than fit in 64 bits");
  }
  const uint64_t header_bytes = f.offset();
  std::vector<unsigned char> data;
  for (;;) {
    const uint64_t want = std::min<uint64_t>(kReadChunkBytes, static_cast<uint64_t>(expected) + 1 - data.size());
    const size_t old = data.size();
    data.resize(old + static_cast<size_t>(want));
    const size_t got = f.read_some(data.data() + old, static_cast<size_t>(want));
    data.resize(old + got);
    if (got < want || data.size() > static_cast<uint64_t>(expected)) break;
  }
  std::ostringstream dims_text;
  for (size_t i = 0; i < dims.size(); ++i) dims_text << (i ? " x " : "") << dims[i];
  EDDL_CHECK_AS(IOError, data.size() >= static_cast<uint64_t>(expected),
                f.op() << ": " << quote_path(f.path()) << " is truncated: the header declares " << dims_text.str()
                       << " = " << expected << " bytes of " << what << " after the " << header_bytes
                       << "-byte header, but only " << data.size() << " follow");
  EDDL_CHECK_AS(IOError, data.size() == static_cast<uint64_t>(expected),
                f.op() << ": " << quote_path(f.path()) << " has unexpected bytes after the " << expected << " bytes of "
                       << what << " its header declares (" << dims_text.str() << ")");
  return data;
}

Tensor* to_float_tensor(const std::vector<unsigned char>& bytes, const std::vector<int>& shape) {
  auto t = std::make_unique<Tensor>(shape, DEV_CPU);
  for (size_t i = 0; i < bytes.size(); ++i) t->ptr[i] = static_cast<float>(bytes[i]);
  return t.release();
}

}  // namespace

Tensor* read_idx_images(const std::string& path) {
  GzFile f(path, "read_idx_images");
  const std::vector<int64_t> dims = read_idx_header(f, kIdxImagesMagic, 3, "unsigned-byte images, 3 dimensions");
  const std::vector<unsigned char> pixels = read_payload(f, dims, "pixels");
  return to_float_tensor(pixels, {int(dims[0]), int(dims[1]), int(dims[2])});
}

Tensor* read_idx_labels(const std::string& path) {
  GzFile f(path, "read_idx_labels");
  const std::vector<int64_t> dims = read_idx_header(f, kIdxLabelsMagic, 1, "unsigned-byte labels, 1 dimension");
  const std::vector<unsigned char> labels = read_payload(f, dims, "labels");
  return to_float_tensor(labels, {int(dims[0])});
}

Tensor* one_hot_labels(const Tensor& labels, int num_classes, const std::string& source) {
  EDDL_CHECK(num_classes > 0, "one_hot_labels: num_classes = " << num_classes << ", expected > 0");
  const std::vector<float> values = labels.to_std();
  const int rows = static_cast<int>(values.size());
  std::vector<float> hot(static_cast<size_t>(rows) * static_cast<size_t>(num_classes), 0.0f);
  for (int i = 0; i < rows; ++i) {
    const float v = values[static_cast<size_t>(i)];
    EDDL_CHECK_AS(IOError, v >= 0 && v < num_classes && v == static_cast<float>(static_cast<int>(v)),
                  "one_hot_labels: " << quote_path(source) << ": label[" << i << "] = " << v
                                     << ", expected an integer 0.." << (num_classes - 1));
    hot[static_cast<size_t>(i) * static_cast<size_t>(num_classes) + static_cast<size_t>(v)] = 1.0f;
  }
  return new Tensor(hot, {rows, num_classes}, DEV_CPU);
}

}  // namespace eddl
