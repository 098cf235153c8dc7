// SPDX-License-Identifier: MIT
#include "serialization/parameters.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "eddl/net/net.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace eddl::serialization {

namespace {

constexpr char kMagic[8] = {'E', 'D', 'D', 'L', 'P', 'A', 'R', 'M'};
constexpr uint32_t kVersion = 1;

struct NamedParam {
  std::string name;
  Tensor* tensor;
};

std::vector<NamedParam> parameters_of(Net* net) {
  std::vector<NamedParam> out;
  for (Layer* l : net->layers) {
    for (size_t i = 0; i < l->params.size(); ++i) out.push_back({l->name + "/" + std::to_string(i), l->params[i]});
  }
  return out;
}

template <class T>
void put(std::string& buf, T value) {
  buf.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// Bounds-checked reader over the whole file.
class Reader {
 public:
  Reader(const std::string& data, const std::string& path) : data_(data), path_(path) {}
  template <class T>
  T get(const char* field) {
    EDDL_CHECK_AS(IOError, pos_ + sizeof(T) <= data_.size(),
                  "parameter file " << path_ << ": truncated while reading " << field << " at byte " << pos_);
    T value;
    std::memcpy(&value, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  const char* take(size_t bytes, const char* field) {
    EDDL_CHECK_AS(IOError, bytes <= data_.size() - pos_,
                  "parameter file " << path_ << ": truncated while reading " << field << " (" << bytes
                                    << " bytes needed at byte " << pos_ << ", " << data_.size() - pos_ << " left)");
    const char* p = data_.data() + pos_;
    pos_ += bytes;
    return p;
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  const std::string& data_;
  const std::string& path_;
  size_t pos_ = 0;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EDDL_CHECK_AS(IOError, in.good(), "parameter file " << path << ": cannot open it for reading");
  std::ostringstream os;
  os << in.rdbuf();
  EDDL_CHECK_AS(IOError, !in.bad(), "parameter file " << path << ": read error");
  return os.str();
}

void write_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  EDDL_CHECK_AS(IOError, fd >= 0, "parameter file " << path << ": cannot create " << tmp);
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      std::remove(tmp.c_str());
      EDDL_CHECK_AS(IOError, false, "parameter file " << path << ": write failed (disk full?)");
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    EDDL_CHECK_AS(IOError, false, "parameter file " << path << ": could not replace it atomically");
  }
}

uint32_t crc_of(const char* data, size_t bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  // zlib takes uInt lengths: feed large tensors in chunks.
  while (bytes > 0) {
    const uInt chunk = static_cast<uInt>(bytes > (1u << 30) ? (1u << 30) : bytes);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data), chunk);
    data += chunk;
    bytes -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

void load_eddl_format(const std::vector<NamedParam>& params, const std::string& data, const std::string& path,
                      std::vector<std::vector<float>>& values) {
  Reader r(data, path);
  r.take(sizeof kMagic, "magic");
  const auto version = r.get<uint32_t>("version");
  EDDL_CHECK_AS(IOError, version == kVersion,
                "parameter file " << path << ": format version " << version << ", this eddl reads version "
                                  << kVersion);
  const auto count = r.get<uint32_t>("tensor count");
  EDDL_CHECK_AS(IOError, count == params.size(),
                "parameter file " << path << ": holds " << count << " tensors, the model has " << params.size()
                                  << " (another architecture?)");
  for (const NamedParam& p : params) {
    const auto name_len = r.get<uint32_t>("name length");
    EDDL_CHECK_AS(IOError, name_len <= 4096, "parameter file " << path << ": name length " << name_len);
    const std::string name(r.take(name_len, "name"), name_len);
    EDDL_CHECK_AS(IOError, name == p.name,
                  "parameter file " << path << ": found tensor '" << name << "' where the model has '" << p.name
                                    << "' (another architecture?)");
    const auto ndim = r.get<uint32_t>("rank");
    EDDL_CHECK_AS(IOError, ndim <= 16, "parameter file " << path << ": tensor " << name << " has rank " << ndim);
    std::vector<int64_t> dims(ndim);
    for (auto& d : dims) d = r.get<int64_t>("dimension");
    const std::vector<int64_t> expected(p.tensor->shape.begin(), p.tensor->shape.end());
    if (dims != expected) {
      std::ostringstream found;
      for (int64_t d : dims) found << d << " ";
      EDDL_CHECK_AS(IOError, false, "parameter file " << path << ": tensor " << name << " has shape ( " << found.str()
                                                      << ") but the model expects "
                                                      << eddl::shape::to_string(p.tensor->shape));
    }
    const auto crc = r.get<uint32_t>("checksum");
    const size_t bytes = p.tensor->size * sizeof(float);
    const char* raw = r.take(bytes, "tensor data");
    EDDL_CHECK_AS(IOError, crc_of(raw, bytes) == crc,
                  "parameter file " << path << ": checksum mismatch in tensor " << name << " (corrupted file)");
    values.emplace_back(p.tensor->size);
    std::memcpy(values.back().data(), raw, bytes);
  }
  const size_t body = r.pos();
  const auto file_crc = r.get<uint32_t>("file checksum");
  EDDL_CHECK_AS(IOError, crc_of(data.data(), body) == file_crc,
                "parameter file " << path << ": file checksum mismatch (corrupted file)");
  EDDL_CHECK_AS(IOError, r.remaining() == 0,
                "parameter file " << path << ": " << r.remaining() << " unexpected bytes after the end");
}

void load_legacy_format(const std::vector<NamedParam>& params, const std::string& data, const std::string& path,
                        std::vector<std::vector<float>>& values) {
  Reader r(data, path);
  for (const NamedParam& p : params) {
    const auto ndim = r.get<int32_t>("rank");
    EDDL_CHECK_AS(IOError, ndim == p.tensor->ndim,
                  "parameter file " << path << " (EDDL layout): tensor for " << p.name << " has rank " << ndim
                                    << ", the model expects " << eddl::shape::to_string(p.tensor->shape)
                                    << " (another architecture?)");
    std::vector<int> dims(static_cast<size_t>(ndim));
    for (auto& d : dims) d = r.get<int32_t>("dimension");
    EDDL_CHECK_AS(IOError, dims == p.tensor->shape,
                  "parameter file " << path << " (EDDL layout): tensor for " << p.name << " has shape "
                                    << eddl::shape::to_string(dims) << ", the model expects "
                                    << eddl::shape::to_string(p.tensor->shape));
    const size_t bytes = p.tensor->size * sizeof(float);
    const char* raw = r.take(bytes, "tensor data");
    values.emplace_back(p.tensor->size);
    std::memcpy(values.back().data(), raw, bytes);
  }
  EDDL_CHECK_AS(IOError, r.remaining() == 0,
                "parameter file " << path << " (EDDL layout): " << r.remaining()
                                  << " bytes left after the model's parameters (another architecture?)");
}

}  // namespace

void save_parameters(Net* net, const std::string& path, const std::string& format) {
  EDDL_CHECK(net != nullptr, "save: null model");
  EDDL_CHECK(format == "bin" || format == "legacy" || format.empty(),
             "save: unknown format '" << format << "' (expected \"bin\" or \"legacy\")");
  std::string buf;
  const bool legacy = format == "legacy";
  if (!legacy) {
    buf.append(kMagic, sizeof kMagic);
    put<uint32_t>(buf, kVersion);
  }
  const std::vector<NamedParam> params = parameters_of(net);
  if (!legacy) put<uint32_t>(buf, static_cast<uint32_t>(params.size()));
  for (const NamedParam& p : params) {
    const std::vector<float> values = p.tensor->to_std();
    const char* raw = reinterpret_cast<const char*>(values.data());
    const size_t bytes = values.size() * sizeof(float);
    if (legacy) {
      put<int32_t>(buf, p.tensor->ndim);
      for (int d : p.tensor->shape) put<int32_t>(buf, d);
    } else {
      put<uint32_t>(buf, static_cast<uint32_t>(p.name.size()));
      buf.append(p.name);
      put<uint32_t>(buf, static_cast<uint32_t>(p.tensor->ndim));
      for (int d : p.tensor->shape) put<int64_t>(buf, d);
      put<uint32_t>(buf, crc_of(raw, bytes));
    }
    buf.append(raw, bytes);
  }
  if (!legacy) put<uint32_t>(buf, crc_of(buf.data(), buf.size()));
  write_atomically(path, buf);
}

void load_parameters(Net* net, const std::string& path) {
  EDDL_CHECK(net != nullptr, "load: null model");
  const std::string data = read_file(path);
  const std::vector<NamedParam> params = parameters_of(net);
  std::vector<std::vector<float>> values;
  if (data.size() >= sizeof kMagic && std::memcmp(data.data(), kMagic, sizeof kMagic) == 0) {
    load_eddl_format(params, data, path, values);
  } else {
    load_legacy_format(params, data, path, values);
  }
  // Everything checked: only now do weights change.
  for (size_t i = 0; i < params.size(); ++i) {
    Tensor host(params[i].tensor->shape, values[i].data(), DEV_CPU);
    eddl::ops::copy(host, *params[i].tensor);
  }
}

}  // namespace eddl::serialization
