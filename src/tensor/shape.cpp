// SPDX-License-Identifier: MIT
#include "tensor/shape.h"

#include <cctype>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "hardware/check.h"
#include "hardware/view.h"

namespace eddl::shape {

int64_t checked_numel(const std::vector<int>& shape) {
  std::vector<int64_t> wide(shape.begin(), shape.end());
  return checked_numel64(wide);
}

int64_t checked_numel64(const std::vector<int64_t>& shape) {
  EDDL_CHECK(static_cast<int>(shape.size()) <= hw::kMaxDims,
             "tensor rank " << shape.size() << " exceeds the maximum of " << hw::kMaxDims);
  int64_t n = 1;
  for (int64_t d : shape) {
    EDDL_CHECK(d >= 0, "negative dimension " << d << " in shape");
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) {
      std::ostringstream os;
      for (int64_t e : shape) os << e << " ";
      EDDL_CHECK(false, "shape ( " << os.str() << ") has more elements than fit in 64 bits");
    }
    n *= d;
  }
  return n;
}

std::vector<int> strides_of(const std::vector<int>& shape) {
  std::vector<int> strides(shape.size());
  int64_t s = 1;
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    strides[static_cast<size_t>(d)] = static_cast<int>(s > std::numeric_limits<int>::max() ? 0 : s);
    s *= shape[static_cast<size_t>(d)];
  }
  return strides;
}

std::string to_string(const std::vector<int>& shape) {
  std::ostringstream os;
  os << "(";
  for (size_t i = 0; i < shape.size(); ++i) os << (i ? ", " : "") << shape[i];
  os << ")";
  return os.str();
}

int normalize_axis(int axis, int ndim, const char* op) {
  EDDL_CHECK(axis >= -ndim && axis < ndim,
             op << ": axis " << axis << " is out of range for a tensor of rank " << ndim);
  return axis < 0 ? axis + ndim : axis;
}

std::vector<int> broadcast_shapes(const std::vector<int>& a, const std::vector<int>& b, const char* op) {
  const size_t n = a.size() > b.size() ? a.size() : b.size();
  std::vector<int> out(n);
  for (size_t i = 0; i < n; ++i) {
    const int da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    const int db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    EDDL_CHECK(da == db || da == 1 || db == 1,
               op << ": shapes " << to_string(a) << " and " << to_string(b) << " cannot be broadcast together");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<int64_t> broadcast_strides(const std::vector<int>& shape, const std::vector<int>& target) {
  std::vector<int64_t> strides(target.size(), 0);
  const size_t offset = target.size() - shape.size();
  int64_t s = 1;
  for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
    strides[offset + static_cast<size_t>(d)] = shape[static_cast<size_t>(d)] == 1 ? 0 : s;
    s *= shape[static_cast<size_t>(d)];
  }
  return strides;
}

std::vector<int> infer_shape(const std::vector<int>& requested, int64_t numel, const char* op) {
  std::vector<int> out = requested;
  int unknown = -1;
  int64_t known = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == -1) {
      EDDL_CHECK(unknown < 0, op << ": only one dimension may be -1 in " << to_string(requested));
      unknown = static_cast<int>(i);
    } else {
      EDDL_CHECK(out[i] >= 0, op << ": negative dimension in " << to_string(requested));
      known *= out[i];
    }
  }
  if (unknown >= 0) {
    EDDL_CHECK(known != 0 && numel % known == 0,
               op << ": cannot infer -1 in " << to_string(requested) << " for " << numel << " elements");
    out[static_cast<size_t>(unknown)] = static_cast<int>(numel / known);
  } else {
    EDDL_CHECK(known == numel, op << ": shape " << to_string(requested) << " has " << known
                                  << " elements but the tensor has " << numel);
  }
  return out;
}

namespace {

std::string trimmed(const std::string& s) {
  size_t first = 0, last = s.size();
  while (first < last && std::isspace(static_cast<unsigned char>(s[first]))) ++first;
  while (last > first && std::isspace(static_cast<unsigned char>(s[last - 1]))) --last;
  return s.substr(first, last - first);
}

// An integer index; `fallback` when the text is empty (an open end of a range).
int parse_index(const std::string& text, int fallback, const std::string& whole, const std::string& what) {
  const std::string t = trimmed(text);
  if (t.empty()) return fallback;
  char* end = nullptr;
  const long value = std::strtol(t.c_str(), &end, 10);
  EDDL_CHECK(end != nullptr && *end == '\0' && value >= -(1L << 31) && value < (1L << 31),
             what << ": '" << whole << "' is not an index, a range a:b, or ':'");
  return static_cast<int>(value);
}

}  // namespace

Block parse_select(const std::vector<std::string>& indices, const std::vector<int>& shape, const std::string& what) {
  EDDL_CHECK(indices.size() <= shape.size(), what << ": " << indices.size() << " indices for a tensor of shape "
                                                        << to_string(shape));
  Block block;
  for (size_t d = 0; d < shape.size(); ++d) {
    const int dim = shape[d];
    const std::string index = d < indices.size() ? indices[d] : ":";
    const size_t colon = index.find(':');
    int begin = 0, end = dim;
    if (colon == std::string::npos) {
      begin = parse_index(index, 0, index, what);
      EDDL_CHECK(begin >= -dim && begin < dim, what << ": index " << begin << " is out of range for dimension " << d
                                                                << " of " << to_string(shape));
      if (begin < 0) begin += dim;
      end = begin + 1;
    } else {
      EDDL_CHECK(index.find(':', colon + 1) == std::string::npos,
                 what << ": '" << index << "' has a step or extra ':', which EDDL does not support");
      begin = parse_index(index.substr(0, colon), 0, index, what);
      end = parse_index(index.substr(colon + 1), dim, index, what);
      if (begin < 0) begin += dim;
      if (end < 0) end += dim;
      EDDL_CHECK(begin >= 0 && end <= dim && begin < end, what << ": range '" << index << "' is empty or out of range for dimension "
                                                                            << d << " of " << to_string(shape));
    }
    block.begin.push_back(begin);
    block.extent.push_back(end - begin);
  }
  return block;
}

}  // namespace eddl::shape
