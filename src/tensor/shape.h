// SPDX-License-Identifier: MIT
// Shape arithmetic shared by every tensor op: checked element counts, strides, broadcasting,
// axis normalisation and printing. Device-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace eddl::shape {

/// Product of the extents; throws ValueError on a negative extent or on int64 overflow.
int64_t checked_numel(const std::vector<int>& shape);
/// Same for 64-bit extents (file headers).
int64_t checked_numel64(const std::vector<int64_t>& shape);
/// Row-major strides in elements.
std::vector<int> strides_of(const std::vector<int>& shape);
/// "(2, 3, 4)".
std::string to_string(const std::vector<int>& shape);
/// Axis in [-ndim, ndim) -> [0, ndim); throws naming `op`.
int normalize_axis(int axis, int ndim, const char* op);
/// NumPy broadcasting of two shapes; throws naming `op` and both shapes.
std::vector<int> broadcast_shapes(const std::vector<int>& a, const std::vector<int>& b, const char* op);
/// Strides that read a tensor of `shape` as if it had `target` shape (0 on broadcast axes).
std::vector<int64_t> broadcast_strides(const std::vector<int>& shape, const std::vector<int>& target);
/// Resolves one -1 in `requested` so that the product equals `numel`; throws naming `op`.
std::vector<int> infer_shape(const std::vector<int>& requested, int64_t numel, const char* op);

/// A rectangular block of a tensor: where it starts and how far it extends on each axis.
struct Block {
  std::vector<int> begin;
  std::vector<int> extent;
};
/// The block that EDDL index strings name in a tensor of `shape` (one string per leading axis,
/// missing ones are ":"; "a:b", ":b", "a:", ":", or a single "i" that keeps its axis with extent 1;
/// negatives count from the end; no steps). Throws ValueError starting with `what` otherwise.
Block parse_select(const std::vector<std::string>& indices, const std::vector<int>& shape, const std::string& what);

}  // namespace eddl::shape
