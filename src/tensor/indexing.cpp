// SPDX-License-Identifier: MIT
// select/set_select with EDDL index strings (":", "a:b", ":b", "a:", "i"; negatives count from the
// end; a single index keeps its dimension with extent 1), and the row gather select(A, B, indices).
#include <cctype>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/method_support.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::detail::deref;

struct Block {
  std::vector<int> begin;
  std::vector<int> extent;
};

std::string trimmed(const std::string& s) {
  size_t first = 0, last = s.size();
  while (first < last && std::isspace(static_cast<unsigned char>(s[first]))) ++first;
  while (last > first && std::isspace(static_cast<unsigned char>(s[last - 1]))) --last;
  return s.substr(first, last - first);
}

// An integer index; `fallback` when the text is empty (an open end of a range).
int parse_index(const std::string& text, int fallback, const std::string& whole) {
  const std::string t = trimmed(text);
  if (t.empty()) return fallback;
  char* end = nullptr;
  const long value = std::strtol(t.c_str(), &end, 10);
  EDDL_CHECK(end != nullptr && *end == '\0' && value >= -(1L << 31) && value < (1L << 31),
             "select: '" << whole << "' is not an index, a range a:b, or ':'");
  return static_cast<int>(value);
}

// The block of a tensor of `shape` that `indices` names; throws on a malformed or out-of-range index.
Block parse_block(const std::vector<std::string>& indices, const std::vector<int>& shape) {
  EDDL_CHECK(indices.size() <= shape.size(), "select: " << indices.size() << " indices for a tensor of shape "
                                                        << eddl::shape::to_string(shape));
  Block block;
  for (size_t d = 0; d < shape.size(); ++d) {
    const int dim = shape[d];
    const std::string index = d < indices.size() ? indices[d] : ":";
    const size_t colon = index.find(':');
    int begin = 0, end = dim;
    if (colon == std::string::npos) {
      begin = parse_index(index, 0, index);
      EDDL_CHECK(begin >= -dim && begin < dim, "select: index " << begin << " is out of range for dimension " << d
                                                                << " of " << eddl::shape::to_string(shape));
      if (begin < 0) begin += dim;
      end = begin + 1;
    } else {
      EDDL_CHECK(index.find(':', colon + 1) == std::string::npos,
                 "select: '" << index << "' has a step or extra ':', which EDDL does not support");
      begin = parse_index(index.substr(0, colon), 0, index);
      end = parse_index(index.substr(colon + 1), dim, index);
      if (begin < 0) begin += dim;
      if (end < 0) end += dim;
      EDDL_CHECK(begin >= 0 && end <= dim && begin < end, "select: range '" << index << "' is empty or out of range for dimension "
                                                                            << d << " of " << eddl::shape::to_string(shape));
    }
    block.begin.push_back(begin);
    block.extent.push_back(end - begin);
  }
  return block;
}

}  // namespace

Tensor* Tensor::select(const std::vector<std::string>& indices) const {
  const Block block = parse_block(indices, shape);
  std::unique_ptr<Tensor> out(new Tensor(block.extent, device));
  eddl::ops::copy_block_from(*this, block.begin, *out);
  return out.release();
}

void Tensor::set_select(const std::vector<std::string>& indices, float value) {
  const Block block = parse_block(indices, shape);
  eddl::ops::fill_block(*this, block.begin, block.extent, value);
}

// A may have any shape with the block's number of elements (EDDL passes flattened rows too).
void Tensor::set_select(const std::vector<std::string>& indices, Tensor* A) {
  const Tensor& a = deref(A, "set_select");
  const Block block = parse_block(indices, shape);
  EDDL_CHECK(static_cast<int64_t>(a.size) == eddl::shape::checked_numel(block.extent),
             "set_select: source " << eddl::shape::to_string(a.shape) << " does not fit the selected block "
                                   << eddl::shape::to_string(block.extent));
  const Tensor source = eddl::detail::reshaped_view(a, block.extent);
  eddl::ops::copy_block_into(source, block.begin, *this);
}

void Tensor::select(Tensor* A, Tensor* B, const std::vector<int>& indices) {
  eddl::ops::gather_rows(deref(A, "select"), indices, deref(B, "select"));
}
