// SPDX-License-Identifier: MIT
// Tensor files: EDDL's .bin layout, NumPy .npy and delimited text. Readers treat every file as
// hostile (each header size is checked against the real file before anything is allocated);
// writers go through a temporary file and a rename, so a crash never leaves half a tensor behind.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/shape.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "eddl's file formats are read by memcpy on little-endian hosts");

namespace {

using eddl::IOError;

// EDDL's .bin layout has no magic; the rank bound is what stops a random file being read as a tensor.
constexpr int32_t kMaxFileDims = 16;
constexpr uint32_t kMaxNpyHeaderBytes = 1u << 20;
constexpr size_t kConvertChunkElements = 1 << 16;

std::string quote_path(const std::string& path) { return "'" + path + "'"; }

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// The format argument when given, otherwise the file's extension (lower case, without the dot).
std::string resolve_format(const std::string& filename, const std::string& format, const char* op) {
  if (!format.empty()) return lowercase(format);
  const std::string name = std::filesystem::path(filename).filename().string();
  const size_t dot = name.rfind('.');
  EDDL_CHECK_AS(
      IOError, dot != std::string::npos && dot + 1 < name.size(),
      op << ": " << quote_path(filename)
         << " has no extension to tell its format; pass format (\"bin\", \"npy\", \"csv\", \"tsv\" or \"txt\")");
  return lowercase(name.substr(dot + 1));
}

std::string shape_text(const std::vector<int64_t>& dims) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < dims.size(); ++i) os << (i ? ", " : "") << dims[i];
  os << ")";
  return os.str();
}

// A regular file opened for binary reading, with its size known up front so every read can be
// checked against it before it happens.
class InputFile {
 public:
  InputFile(const std::string& path, const char* op) : path_(path), op_(op) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    EDDL_CHECK_AS(IOError, std::filesystem::exists(status), op << ": " << quote_path(path) << " does not exist");
    EDDL_CHECK_AS(IOError, !std::filesystem::is_directory(status),
                  op << ": " << quote_path(path) << " is a directory, expected a tensor file");
    EDDL_CHECK_AS(IOError, std::filesystem::is_regular_file(status),
                  op << ": " << quote_path(path) << " is not a regular file (device, pipe or socket)");
    size_ = std::filesystem::file_size(path, ec);
    EDDL_CHECK_AS(IOError, !ec, op << ": cannot read the size of " << quote_path(path) << ": " << ec.message());
    in_.open(path, std::ios::binary);
    EDDL_CHECK_AS(IOError, in_.is_open(), op << ": cannot open " << quote_path(path) << ": " << std::strerror(errno));
  }

  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }
  const char* op() const { return op_; }

  // Reads `n` bytes at `offset` for `field`; fails clearly when the file is too short.
  void read_at(uint64_t offset, void* dst, uint64_t n, const std::string& field) {
    EDDL_CHECK_AS(IOError, offset <= size_ && n <= size_ - offset,
                  op_ << ": " << quote_path(path_) << " is truncated: " << field << " needs " << n << " bytes at byte "
                      << offset << ", but the file has only " << size_ << " bytes");
    if (n == 0) return;
    in_.seekg(static_cast<std::streamoff>(offset));
    in_.read(static_cast<char*>(dst), static_cast<std::streamsize>(n));
    EDDL_CHECK_AS(IOError, in_.good() && static_cast<uint64_t>(in_.gcount()) == n,
                  op_ << ": reading " << field << " from " << quote_path(path_) << " failed at byte " << offset
                      << " (the file changed while being read, or an I/O error)");
  }

  int32_t read_int32_at(uint64_t offset, const std::string& field) {
    int32_t v = 0;
    read_at(offset, &v, sizeof(v), field);
    return v;
  }

 private:
  std::string path_;
  const char* op_;
  uint64_t size_ = 0;
  std::ifstream in_;
};

// Element count of `dims` as int64, as an IOError naming the file on overflow; also checks that
// each extent fits the int Tensor uses for its shape.
int64_t checked_file_numel(const InputFile& f, const std::vector<int64_t>& dims) {
  for (size_t i = 0; i < dims.size(); ++i) {
    EDDL_CHECK_AS(IOError, dims[i] >= 0 && dims[i] <= std::numeric_limits<int>::max(),
                  f.op() << ": " << quote_path(f.path()) << ": field shape[" << i << "] = " << dims[i]
                         << ", expected 0.." << std::numeric_limits<int>::max());
  }
  try {
    return eddl::shape::checked_numel64(dims);
  } catch (const eddl::ValueError&) {
    EDDL_CHECK_AS(IOError, false,
                  f.op() << ": " << quote_path(f.path()) << ": field shape = " << shape_text(dims)
                         << " has more elements than fit in 64 bits");
  }
  return 0;
}

// Checks that the data section is exactly numel * item_bytes long: shorter is truncation, longer is
// trailing garbage (or a file in another format), and both are refused.
void check_data_size(const InputFile& f, const std::vector<int64_t>& dims, int64_t numel, uint64_t item_bytes,
                     uint64_t data_offset, const char* what) {
  EDDL_CHECK_AS(IOError, static_cast<uint64_t>(numel) <= std::numeric_limits<uint64_t>::max() / 16 / item_bytes,
                f.op() << ": " << quote_path(f.path()) << ": field shape = " << shape_text(dims) << " declares "
                       << numel << " elements, more bytes than any file can hold");
  const uint64_t need = static_cast<uint64_t>(numel) * item_bytes;
  const uint64_t have = f.size() >= data_offset ? f.size() - data_offset : 0;
  EDDL_CHECK_AS(IOError, have >= need,
                f.op() << ": " << quote_path(f.path()) << " is truncated: shape " << shape_text(dims) << " needs "
                       << need << " bytes of " << what << " after the " << data_offset
                       << "-byte header, but the file has " << have);
  EDDL_CHECK_AS(IOError, have == need,
                f.op() << ": " << quote_path(f.path()) << " has " << (have - need)
                       << " unexpected bytes after the data: shape " << shape_text(dims) << " needs " << need
                       << " bytes of " << what << " after the " << data_offset << "-byte header, the file has " << have
                       << " (trailing garbage, or not a tensor of this format)");
}

std::vector<int> to_int_shape(const std::vector<int64_t>& dims) { return std::vector<int>(dims.begin(), dims.end()); }

// ---- EDDL .bin: int32 ndim, int32 shape[ndim], float32 data, little-endian ----

struct TensorHeader {
  std::vector<int64_t> dims;
  int64_t numel = 0;
  uint64_t data_offset = 0;
};

TensorHeader read_bin_header(InputFile& f) {
  TensorHeader h;
  const int32_t ndim = f.read_int32_at(0, "field ndim (int32)");
  EDDL_CHECK_AS(IOError, ndim >= 0 && ndim <= kMaxFileDims,
                f.op() << ": " << quote_path(f.path()) << ": field ndim = " << ndim << " at byte 0, expected 0.."
                       << kMaxFileDims << " (EDDL .bin layout: int32 ndim, int32 shape[ndim], float32 data)");
  for (int32_t i = 0; i < ndim; ++i) {
    const uint64_t offset = 4 + 4 * static_cast<uint64_t>(i);
    const int32_t d = f.read_int32_at(offset, "field shape[" + std::to_string(i) + "] (int32)");
    EDDL_CHECK_AS(IOError, d >= 0,
                  f.op() << ": " << quote_path(f.path()) << ": field shape[" << i << "] = " << d << " at byte "
                         << offset << ", expected >= 0");
    h.dims.push_back(d);
  }
  h.data_offset = 4 + 4 * static_cast<uint64_t>(ndim);
  h.numel = checked_file_numel(f, h.dims);
  check_data_size(f, h.dims, h.numel, sizeof(float), h.data_offset, "float32 data");
  return h;
}

// ---- NumPy .npy: magic, version, a Python-literal dict header, raw data ----

enum class NpyType { f4, f8, i1, i4, i8, u1 };

struct NpyDtype {
  const char* descr;
  NpyType type;
  uint64_t bytes;
};

constexpr NpyDtype kNpyDtypes[] = {
    {"<f4", NpyType::f4, 4}, {"<f8", NpyType::f8, 8}, {"|i1", NpyType::i1, 1},
    {"<i4", NpyType::i4, 4}, {"<i8", NpyType::i8, 8}, {"|u1", NpyType::u1, 1},
};

struct NpyHeader : TensorHeader {
  NpyDtype dtype{};
  bool fortran_order = false;
};

// A strict parser for the one dict shape NumPy writes: {'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), } followed by spaces and a newline. Anything else is refused with its position.
class NpyDictParser {
 public:
  NpyDictParser(const InputFile& f, const std::string& text, uint64_t base) : f_(f), s_(text), base_(base) {}

  NpyHeader parse() {
    NpyHeader h;
    bool have_descr = false, have_order = false, have_shape = false;
    skip_space();
    expect('{');
    for (;;) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = parse_string("a key");
      skip_space();
      expect(':');
      skip_space();
      if (key == "descr") {
        fail_if(have_descr, "key 'descr' appears twice");
        have_descr = true;
        h.dtype = parse_dtype();
      } else if (key == "fortran_order") {
        fail_if(have_order, "key 'fortran_order' appears twice");
        have_order = true;
        h.fortran_order = parse_bool();
      } else if (key == "shape") {
        fail_if(have_shape, "key 'shape' appears twice");
        have_shape = true;
        h.dims = parse_shape();
      } else {
        fail_if(true, "unexpected key '" + key + "', expected only 'descr', 'fortran_order' and 'shape'");
      }
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      skip_space();
      fail_if(peek() != '}', "expected ',' or '}' after the value of '" + key + "'");
    }
    expect('}');
    skip_space();
    fail_if(pos_ != s_.size(), "unexpected text after the header dict");
    fail_if(!have_descr || !have_order || !have_shape,
            "the header dict must have the keys 'descr', 'fortran_order' and 'shape'");
    return h;
  }

 private:
  const InputFile& f_;
  const std::string& s_;
  uint64_t base_;
  size_t pos_ = 0;

  void fail_if(bool bad, const std::string& what) const {
    EDDL_CHECK_AS(IOError, !bad,
                  f_.op() << ": " << quote_path(f_.path()) << ": bad .npy header at byte " << (base_ + pos_) << ": "
                          << what << " (header: " << s_.substr(0, 200) << ")");
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c) {
    fail_if(peek() != c, std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string parse_string(const char* what) {
    const char q = peek();
    fail_if(q != '\'' && q != '"', std::string("expected a quoted string for ") + what);
    const size_t start = ++pos_;
    while (pos_ < s_.size() && s_[pos_] != q) {
      fail_if(s_[pos_] == '\\', "escapes are not supported in header strings");
      ++pos_;
    }
    fail_if(pos_ >= s_.size(), "unterminated string");
    return s_.substr(start, pos_++ - start);
  }
  NpyDtype parse_dtype() {
    fail_if(peek() == '[', "field descr is a structured dtype; expected a plain type such as '<f4'");
    const std::string descr = parse_string("field descr");
    for (const NpyDtype& d : kNpyDtypes)
      if (descr == d.descr) return d;
    fail_if(true, "field descr = '" + descr +
                      "', expected one of '<f4', '<f8', '<i4', '<i8', '|u1', '|i1' (little-endian numbers)");
    return {};
  }
  bool parse_bool() {
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    fail_if(true, "field fortran_order must be True or False");
    return false;
  }
  std::vector<int64_t> parse_shape() {
    std::vector<int64_t> dims;
    expect('(');
    for (;;) {
      skip_space();
      if (peek() == ')') break;
      fail_if(peek() == '-', "field shape has a negative dimension");
      fail_if(peek() < '0' || peek() > '9', "field shape must be a tuple of non-negative integers");
      int64_t d = 0;
      while (peek() >= '0' && peek() <= '9') {
        const int digit = peek() - '0';
        fail_if(d > (std::numeric_limits<int64_t>::max() - digit) / 10, "a dimension in field shape overflows int64");
        d = d * 10 + digit;
        ++pos_;
      }
      if (peek() == 'L') ++pos_;  // Python 2 NumPy wrote longs as "3L"
      fail_if(dims.size() >= static_cast<size_t>(kMaxFileDims),
              "field shape has more than " + std::to_string(kMaxFileDims) + " dimensions");
      dims.push_back(d);
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      fail_if(peek() != ')', "expected ',' or ')' in field shape");
    }
    expect(')');
    return dims;
  }
};

NpyHeader read_npy_header(InputFile& f) {
  unsigned char prefix[10];
  f.read_at(0, prefix, sizeof(prefix), "the .npy magic, version and header length");
  static const unsigned char kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  EDDL_CHECK_AS(
      IOError, std::memcmp(prefix, kMagic, sizeof(kMagic)) == 0,
      f.op() << ": " << quote_path(f.path()) << ": wrong magic at byte 0, expected \"\\x93NUMPY\" (not a .npy file)");
  const int major = prefix[6];
  EDDL_CHECK_AS(IOError, major >= 1 && major <= 3,
                f.op() << ": " << quote_path(f.path()) << ": field version = " << major << "." << int(prefix[7])
                       << " at byte 6, expected 1.x, 2.x or 3.x");
  uint64_t header_len = 0, header_start = 0;
  if (major == 1) {
    uint16_t len16 = 0;
    std::memcpy(&len16, prefix + 8, sizeof(len16));
    header_len = len16;
    header_start = 10;
  } else {
    uint32_t len32 = 0;
    f.read_at(8, &len32, sizeof(len32), "field header_len (uint32)");
    header_len = len32;
    header_start = 12;
  }
  EDDL_CHECK_AS(IOError, header_len <= kMaxNpyHeaderBytes,
                f.op() << ": " << quote_path(f.path()) << ": field header_len = " << header_len
                       << " at byte 8, expected at most " << kMaxNpyHeaderBytes);
  EDDL_CHECK_AS(IOError, header_len <= f.size() - header_start,
                f.op() << ": " << quote_path(f.path()) << " is truncated: field header_len = " << header_len
                       << " at byte 8, but only " << (f.size() - header_start) << " bytes follow");
  std::string text(static_cast<size_t>(header_len), '\0');
  f.read_at(header_start, text.data(), header_len, "the .npy header dict");
  NpyHeader h = NpyDictParser(f, text, header_start).parse();
  h.data_offset = header_start + header_len;
  h.numel = checked_file_numel(f, h.dims);
  check_data_size(f, h.dims, h.numel, h.dtype.bytes, h.data_offset, h.dtype.descr);
  return h;
}

template <class T>
void widen(const unsigned char* src, size_t count, float* dst) {
  for (size_t i = 0; i < count; ++i) {
    T v;
    std::memcpy(&v, src + i * sizeof(T), sizeof(T));
    dst[i] = static_cast<float>(v);
  }
}

// Reads `count` elements of `dtype` at `offset` into float32 `dst`, converting in small chunks so
// the conversion never needs a second full-size buffer.
void read_elements(InputFile& f, uint64_t offset, uint64_t count, const NpyDtype& dtype, float* dst) {
  if (dtype.type == NpyType::f4) {
    f.read_at(offset, dst, count * sizeof(float), "the float32 data");
    return;
  }
  std::vector<unsigned char> chunk;
  for (uint64_t done = 0; done < count;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kConvertChunkElements, count - done));
    chunk.resize(n * dtype.bytes);
    f.read_at(offset + done * dtype.bytes, chunk.data(), chunk.size(), std::string("the ") + dtype.descr + " data");
    float* out = dst + done;
    switch (dtype.type) {
      case NpyType::f8:
        widen<double>(chunk.data(), n, out);
        break;
      case NpyType::i1:
        widen<int8_t>(chunk.data(), n, out);
        break;
      case NpyType::i4:
        widen<int32_t>(chunk.data(), n, out);
        break;
      case NpyType::i8:
        widen<int64_t>(chunk.data(), n, out);
        break;
      case NpyType::u1:
        widen<uint8_t>(chunk.data(), n, out);
        break;
      case NpyType::f4:
        break;
    }
    done += n;
  }
}

// Fortran order stores the first index fastest: the data is a C-order array of the reversed shape,
// so element (i0, ..., ik) of the result is element (ik, ..., i0) of the data.
void fortran_to_c_order(const std::vector<float>& fortran, const std::vector<int>& shape, float* dst) {
  const size_t nd = shape.size();
  std::vector<int64_t> fortran_stride(nd, 1);
  for (size_t d = 1; d < nd; ++d) fortran_stride[d] = fortran_stride[d - 1] * shape[d - 1];
  std::vector<int64_t> index(nd, 0);
  for (size_t out = 0; out < fortran.size(); ++out) {
    int64_t src = 0;
    for (size_t d = 0; d < nd; ++d) src += index[d] * fortran_stride[d];
    dst[out] = fortran[static_cast<size_t>(src)];
    for (size_t d = nd; d-- > 0;) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
}

Tensor* load_npy(InputFile& f) {
  const NpyHeader h = read_npy_header(f);
  const std::vector<int> shape = to_int_shape(h.dims);
  auto t = std::make_unique<Tensor>(shape, DEV_CPU);
  if (h.fortran_order && h.dims.size() > 1) {
    std::vector<float> fortran(static_cast<size_t>(h.numel));
    read_elements(f, h.data_offset, static_cast<uint64_t>(h.numel), h.dtype, fortran.data());
    fortran_to_c_order(fortran, shape, t->ptr);
  } else {
    read_elements(f, h.data_offset, static_cast<uint64_t>(h.numel), h.dtype, t->ptr);
  }
  return t.release();
}

// ---- Delimited text (csv, tsv, txt): one row per line, 2-D ----

char delimiter_of(const std::string& format) { return format == "csv" ? ',' : format == "tsv" ? '\t' : ' '; }

std::string trimmed(const std::string& s) {
  const size_t first = s.find_first_not_of(" \t"), last = s.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// csv/tsv: fields between delimiters, spaces around them ignored; txt: runs of spaces or tabs.
std::vector<std::string> split_fields(const std::string& line, char delim) {
  std::vector<std::string> fields;
  if (delim == ' ') {
    std::istringstream words(line);
    for (std::string w; words >> w;) fields.push_back(w);
    return fields;
  }
  size_t pos = 0;
  for (;;) {
    const size_t end = line.find(delim, pos);
    fields.push_back(trimmed(line.substr(pos, end == std::string::npos ? std::string::npos : end - pos)));
    if (end == std::string::npos) return fields;
    pos = end + 1;
  }
}

float parse_number(const InputFile& f, const std::string& field, int64_t line_no, size_t column) {
  const size_t skip = !field.empty() && field[0] == '+' ? 1 : 0;
  const char* first = field.data() + skip;
  const char* last = field.data() + field.size();
  float v = 0.0f;
  const auto res = std::from_chars(first, last, v);
  EDDL_CHECK_AS(IOError, first != last && res.ec == std::errc() && res.ptr == last,
                "Tensor::load: " << quote_path(f.path()) << ": line " << line_no << ", column " << (column + 1) << ": '"
                                 << field.substr(0, 40) << "' is not a number");
  return v;
}

Tensor* load_text(InputFile& f, const std::string& format) {
  std::string text(static_cast<size_t>(f.size()), '\0');
  f.read_at(0, text.data(), f.size(), "the text");
  const char delim = delimiter_of(format);
  std::vector<float> values;
  int64_t rows = 0, cols = -1;
  size_t line_start = 0;
  int64_t line_no = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    ++line_no;
    std::string line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      EDDL_CHECK_AS(IOError,
                    line_start >= text.size() || text.find_first_not_of(" \t\r\n", line_start) == std::string::npos,
                    "Tensor::load: " << quote_path(f.path()) << ": line " << line_no
                                     << " is empty; expected one row of numbers per line");
      continue;
    }
    const std::vector<std::string> fields = split_fields(line, delim);
    for (size_t c = 0; c < fields.size(); ++c) values.push_back(parse_number(f, fields[c], line_no, c));
    const int64_t count = static_cast<int64_t>(fields.size());
    EDDL_CHECK_AS(IOError, cols < 0 || count == cols,
                  "Tensor::load: " << quote_path(f.path()) << ": line " << line_no << " has " << count
                                   << " values, expected " << cols << " like line 1");
    EDDL_CHECK_AS(IOError, count <= std::numeric_limits<int>::max() && rows < std::numeric_limits<int>::max(),
                  "Tensor::load: " << quote_path(f.path()) << ": too many values for a tensor");
    cols = count;
    ++rows;
  }
  EDDL_CHECK_AS(IOError, rows > 0, "Tensor::load: " << quote_path(f.path()) << " holds no rows of numbers");
  return new Tensor(values, {static_cast<int>(rows), static_cast<int>(cols)}, DEV_CPU);
}

// ---- Writing ----

// Writes to "<target>.tmp-<pid>" in the target's directory, then flushes, syncs and renames it over
// the target; on any failure the temporary file is removed and the target is left untouched.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& target) : target_(target) {
    tmp_ = target + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
    file_ = std::fopen(tmp_.c_str(), "wb");
    EDDL_CHECK_AS(IOError, file_ != nullptr,
                  "Tensor::save: cannot create " << quote_path(tmp_) << " to write " << quote_path(target) << ": "
                                                 << std::strerror(errno)
                                                 << " (the directory must exist and be writable)");
  }
  ~AtomicFile() {
    if (file_ != nullptr) std::fclose(file_);
    if (!committed_) std::remove(tmp_.c_str());
  }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t bytes) {
    EDDL_CHECK_AS(IOError, bytes == 0 || std::fwrite(data, 1, bytes, file_) == bytes,
                  "Tensor::save: writing " << quote_path(tmp_) << " for " << quote_path(target_)
                                           << " failed: " << std::strerror(errno));
  }
  void write(const std::string& s) { write(s.data(), s.size()); }

  void commit() {
    const bool flushed = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
    const int flush_errno = errno;
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    EDDL_CHECK_AS(IOError, flushed && closed,
                  "Tensor::save: flushing " << quote_path(tmp_) << " for " << quote_path(target_)
                                            << " failed: " << std::strerror(flushed ? errno : flush_errno));
    EDDL_CHECK_AS(IOError, std::rename(tmp_.c_str(), target_.c_str()) == 0,
                  "Tensor::save: cannot rename " << quote_path(tmp_) << " to " << quote_path(target_) << ": "
                                                 << std::strerror(errno));
    committed_ = true;
  }

 private:
  std::string target_, tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

void write_bin(AtomicFile& out, const Tensor& t, const std::vector<float>& host) {
  const int32_t ndim = t.ndim;
  out.write(&ndim, sizeof(ndim));
  for (int d : t.shape) {
    const int32_t d32 = d;
    out.write(&d32, sizeof(d32));
  }
  out.write(host.data(), host.size() * sizeof(float));
}

// Version 1.0 header, padded with spaces so that the data starts on a 64-byte boundary as NumPy does.
void write_npy(AtomicFile& out, const Tensor& t, const std::vector<float>& host) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < t.shape.size(); ++i) dict += (i ? ", " : "") + std::to_string(t.shape[i]);
  if (t.shape.size() == 1) dict += ",";  // Python's one-element tuple
  dict += "), }";
  const size_t unpadded = 10 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  const uint16_t header_len = static_cast<uint16_t>(dict.size());
  out.write("\x93NUMPY\x01\x00", 8);
  out.write(&header_len, sizeof(header_len));
  out.write(dict);
  out.write(host.data(), host.size() * sizeof(float));
}

void write_text(AtomicFile& out, const Tensor& t, const std::vector<float>& host, char delim) {
  const size_t rows = static_cast<size_t>(t.shape[0]), cols = static_cast<size_t>(t.shape[1]);
  std::string line;
  char buf[64];
  for (size_t r = 0; r < rows; ++r) {
    line.clear();
    for (size_t c = 0; c < cols; ++c) {
      if (c) line += delim;
      // Shortest text that reads back to the same float, so csv round trips are exact.
      const auto res = std::to_chars(buf, buf + sizeof(buf), host[r * cols + c]);
      line.append(buf, res.ptr);
    }
    line += '\n';
    out.write(line);
  }
}

}  // namespace

Tensor* Tensor::load(const std::string& filename, std::string format) {
  const std::string fmt = resolve_format(filename, format, "Tensor::load");
  EDDL_CHECK_AS(IOError, fmt == "bin" || fmt == "npy" || fmt == "csv" || fmt == "tsv" || fmt == "txt",
                "Tensor::load: " << quote_path(filename) << ": format '" << fmt
                                 << "' is not supported, expected bin, npy, csv, tsv or txt");
  InputFile f(filename, "Tensor::load");
  if (fmt == "npy") return load_npy(f);
  if (fmt != "bin") return load_text(f, fmt);
  const TensorHeader h = read_bin_header(f);
  auto t = std::make_unique<Tensor>(to_int_shape(h.dims), DEV_CPU);
  f.read_at(h.data_offset, t->ptr, static_cast<uint64_t>(h.numel) * sizeof(float), "the float32 data");
  return t.release();
}

Tensor* Tensor::load_partial(const std::string& filename, int start_row, int end_row) {
  const std::string fmt = resolve_format(filename, "", "Tensor::load_partial");
  EDDL_CHECK_AS(IOError, fmt == "bin" || fmt == "npy",
                "Tensor::load_partial: " << quote_path(filename) << ": format '" << fmt
                                         << "' is not supported, expected bin or npy");
  InputFile f(filename, "Tensor::load_partial");
  NpyHeader h;
  if (fmt == "bin") {
    static_cast<TensorHeader&>(h) = read_bin_header(f);
    h.dtype = kNpyDtypes[0];
  } else {
    h = read_npy_header(f);
    EDDL_CHECK_AS(
        IOError, !h.fortran_order || h.dims.size() < 2,
        "Tensor::load_partial: " << quote_path(filename) << " is in Fortran order; rows can only be read from C order");
  }
  EDDL_CHECK_AS(IOError, !h.dims.empty(),
                "Tensor::load_partial: " << quote_path(filename) << " holds a scalar (ndim = 0), which has no rows");
  const int64_t rows = h.dims[0];
  const int64_t end = end_row < 0 ? rows : end_row;
  EDDL_CHECK_AS(IOError, start_row >= 0 && start_row < end && end <= rows,
                "Tensor::load_partial: " << quote_path(filename) << ": rows [" << start_row << ", " << end_row
                                         << ") are not a non-empty range inside the file's " << rows << " rows");
  const int64_t row_elements = h.numel / rows;
  std::vector<int64_t> dims = h.dims;
  dims[0] = end - start_row;
  auto t = std::make_unique<Tensor>(to_int_shape(dims), DEV_CPU);
  read_elements(f, h.data_offset + static_cast<uint64_t>(start_row * row_elements) * h.dtype.bytes,
                static_cast<uint64_t>(dims[0] * row_elements), h.dtype, t->ptr);
  return t.release();
}

void Tensor::save(const std::string& filename, std::string format) const {
  const std::string fmt = resolve_format(filename, format, "Tensor::save");
  const bool text = fmt == "csv" || fmt == "tsv" || fmt == "txt";
  EDDL_CHECK_AS(IOError, fmt == "bin" || fmt == "npy" || text,
                "Tensor::save: " << quote_path(filename) << ": format '" << fmt
                                 << "' is not supported, expected bin, npy, csv, tsv or txt");
  EDDL_CHECK_AS(IOError, !text || ndim == 2,
                "Tensor::save: " << quote_path(filename) << ": format " << fmt << " needs a 2-D tensor, got shape "
                                 << eddl::shape::to_string(shape));
  EDDL_CHECK_AS(IOError, ndim <= kMaxFileDims,
                "Tensor::save: " << quote_path(filename) << ": rank " << ndim << " exceeds the file formats' limit of "
                                 << kMaxFileDims);
  const std::vector<float> host = to_std();  // device tensors are copied to the host first
  AtomicFile out(filename);
  if (fmt == "bin") {
    write_bin(out, *this, host);
  } else if (fmt == "npy") {
    write_npy(out, *this, host);
  } else {
    write_text(out, *this, host, delimiter_of(fmt));
  }
  out.commit();
}
