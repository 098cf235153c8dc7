// SPDX-License-Identifier: MIT
// The shape half of eddl.h: Transpose, Select/Slice, Split, Expand, Repeat, Tile, Pad, Resize and
// the UpSampling layers.
#include <string>
#include <utility>

#include "eddl/apis/eddl.h"
#include "hardware/check.h"
#include "layers/naming.h"
#include "tensor/shape.h"

namespace eddl {

layer Transpose(layer parent, string name) {
  EDDL_CHECK(parent != nullptr, "Transpose: parent layer is null");
  const int rank = static_cast<int>(parent->getShape().size());
  EDDL_CHECK(rank >= 2, "Transpose: " << parent->name << " has " << rank
                                      << " non-batch dimensions; two are needed to swap the last two");
  vector<int> dims(static_cast<size_t>(rank));
  for (int d = 0; d < rank; ++d) dims[static_cast<size_t>(d)] = d;
  std::swap(dims[static_cast<size_t>(rank - 1)], dims[static_cast<size_t>(rank - 2)]);
  return new LPermute(parent, dims, name);
}

layer Select(layer l, const vector<string>& indices, string name) { return new LSelect(l, indices, name); }
layer Slice(layer l, const vector<string>& indices, string name) { return new LSelect(l, indices, name); }

vlayer Split(layer l, const vector<int>& indexes, int axis, bool merge_sublayers, string name) {
  (void)merge_sublayers;
  EDDL_CHECK(l != nullptr, "Split: parent layer is null");
  const vector<int> extents = l->getShape();
  const int rank = static_cast<int>(extents.size());
  EDDL_CHECK(axis >= -rank && axis < rank, "Split: axis " << axis << " is out of range for " << l->name << " "
                                                          << eddl::shape::to_string(extents));
  const int a = axis < 0 ? axis + rank : axis;
  const string base = eddl::layers::layer_name(name, "split_");
  vector<int> cuts{0};
  for (int i : indexes) {
    EDDL_CHECK(i > cuts.back() && i < extents[static_cast<size_t>(a)],
               "Split " << base << ": indexes must increase strictly inside (0, " << extents[static_cast<size_t>(a)]
                        << ") along axis " << a);
    cuts.push_back(i);
  }
  cuts.push_back(extents[static_cast<size_t>(a)]);
  vlayer pieces;
  for (size_t p = 0; p + 1 < cuts.size(); ++p) {
    vector<string> indices(static_cast<size_t>(a) + 1, ":");
    indices.back() = std::to_string(cuts[p]) + ":" + std::to_string(cuts[p + 1]);
    pieces.push_back(new LSelect(l, indices, base + "_" + std::to_string(p)));
  }
  return pieces;
}

layer Expand(layer l, int size, string name) { return new LExpand(l, size, name); }
layer Repeat(layer parent, const vector<unsigned int>& repeats, unsigned int axis, string name) {
  return new LRepeat(parent, repeats, axis, name);
}
layer Repeat(layer parent, unsigned int repeats, unsigned int axis, string name) {
  return new LRepeat(parent, {repeats}, axis, name);
}
layer Tile(layer parent, const vector<int>& repeats, string name) { return new LTile(parent, repeats, name); }
layer Pad(layer parent, const vector<int>& padding, float constant, string name) {
  return new LPad(parent, padding, constant, name);
}
layer Resize(layer parent, const vector<int>& new_shape, bool reshape, string da_mode, float constant,
             string coordinate_transformation_mode, string name) {
  return new LResize(parent, new_shape, reshape, da_mode, constant, coordinate_transformation_mode, name);
}
layer UpSampling2D(layer parent, const vector<int>& size, string interpolation, string name) {
  return new LUpSampling(parent, size, interpolation, name);
}
layer UpSampling(layer parent, const vector<int>& size, string interpolation, string name) {
  return UpSampling2D(parent, size, interpolation, name);
}
layer UpSampling3D(layer parent, const vector<int>& new_shape, bool reshape, string da_mode, float constant,
                   string coordinate_transformation_mode, string name) {
  return new LUpSampling3D(parent, new_shape, reshape, da_mode, constant, coordinate_transformation_mode, name);
}

}  // namespace eddl
