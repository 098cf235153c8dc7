// SPDX-License-Identifier: MIT
// select/set_select with EDDL index strings (":", "a:b", ":b", "a:", "i"; negatives count from the
// end; a single index keeps its dimension with extent 1), and the row gather select(A, B, indices).
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

using eddl::shape::Block;

Block parse_block(const std::vector<std::string>& indices, const std::vector<int>& shape) {
  return eddl::shape::parse_select(indices, shape, "select");
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
