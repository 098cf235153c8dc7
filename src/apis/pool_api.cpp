// SPDX-License-Identifier: MIT
// The pooling half of eddl.h: factories with EDDL's names and defaults. Global pools are pools whose
// window is the whole spatial extent (stride 1, no padding), named as EDDL names them.
#include "eddl/apis/eddl.h"
#include "hardware/check.h"
#include "tensor/shape.h"

namespace eddl {

namespace {

// The parent's spatial extents, checked to be `rank` of them after the channels.
vector<int> spatial_extent(layer parent, size_t rank, const char* who) {
  EDDL_CHECK(parent != nullptr, who << ": null parent");
  vector<int> shape = parent->getShape();
  EDDL_CHECK(shape.size() == rank + 1, who << ": input " << parent->name << " has shape "
                                           << eddl::shape::to_string(shape) << ", expected channels and " << rank
                                           << " spatial axes");
  shape.erase(shape.begin());
  return shape;
}

string or_default(const string& name, const char* fallback) { return name.empty() ? fallback : name; }

// EDDL reads a [C, L] input of the 2-D global pools as [C, L, 1].
layer as_2d(layer parent) {
  EDDL_CHECK(parent != nullptr, "global pool: null parent");
  const vector<int> shape = parent->getShape();
  if (shape.size() != 2) return parent;
  return new LReshape(parent, {shape[0], shape[1], 1}, "");
}

}  // namespace

layer MaxPool(layer parent, const vector<int>& pool_size, const vector<int>& strides, string padding, string name) {
  return new LMaxPool(parent, pool_size, strides, padding, name);
}
layer MaxPool1D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LMaxPool1D(parent, pool_size, strides, padding, name);
}
layer MaxPool2D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LMaxPool(parent, pool_size, strides, padding, name);
}
layer MaxPool3D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LMaxPool3D(parent, pool_size, strides, padding, name);
}

layer AveragePool(layer parent, const vector<int>& pool_size, const vector<int>& strides, string padding,
                  string name) {
  return new LAveragePool(parent, pool_size, strides, padding, name);
}
layer AvgPool(layer parent, const vector<int>& pool_size, const vector<int>& strides, string padding, string name) {
  return AveragePool(parent, pool_size, strides, padding, name);
}
layer AveragePool1D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LAveragePool1D(parent, pool_size, strides, padding, name);
}
layer AvgPool1D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return AveragePool1D(parent, pool_size, strides, padding, name);
}
layer AveragePool2D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LAveragePool(parent, pool_size, strides, padding, name);
}
layer AvgPool2D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return AveragePool2D(parent, pool_size, strides, padding, name);
}
layer AveragePool3D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return new LAveragePool3D(parent, pool_size, strides, padding, name);
}
layer AvgPool3D(layer parent, vector<int> pool_size, vector<int> strides, string padding, string name) {
  return AveragePool3D(parent, pool_size, strides, padding, name);
}

layer GlobalMaxPool(layer parent, string name) { return GlobalMaxPool2D(as_2d(parent), name); }
layer GlobalMaxPool1D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 1, "GlobalMaxPool1D");
  return new LMaxPool1D(parent, extent, {1}, "none", or_default(name, "GlobalMaxPool1D"));
}
layer GlobalMaxPool2D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 2, "GlobalMaxPool2D");
  return new LMaxPool(parent, extent, {1, 1}, "none", or_default(name, "GlobalMaxPool2D"));
}
layer GlobalMaxPool3D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 3, "GlobalMaxPool3D");
  return new LMaxPool3D(parent, extent, {1, 1, 1}, "none", or_default(name, "GlobalMaxPool3D"));
}

layer GlobalAveragePool(layer parent, string name) { return GlobalAveragePool2D(as_2d(parent), name); }
layer GlobalAvgPool(layer parent, string name) { return GlobalAveragePool(parent, name); }
layer GlobalAveragePool1D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 1, "GlobalAveragePool1D");
  return new LAveragePool1D(parent, extent, {1}, "none", or_default(name, "GlobalAveragePool1D"));
}
layer GlobalAvgPool1D(layer parent, string name) { return GlobalAveragePool1D(parent, name); }
layer GlobalAveragePool2D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 2, "GlobalAveragePool2D");
  return new LAveragePool(parent, extent, {1, 1}, "none", or_default(name, "GlobalAveragePool2D"));
}
layer GlobalAvgPool2D(layer parent, string name) { return GlobalAveragePool2D(parent, name); }
layer GlobalAveragePool3D(layer parent, string name) {
  const vector<int> extent = spatial_extent(parent, 3, "GlobalAveragePool3D");
  return new LAveragePool3D(parent, extent, {1, 1, 1}, "none", or_default(name, "GlobalAveragePool3D"));
}
layer GlobalAvgPool3D(layer parent, string name) { return GlobalAveragePool3D(parent, name); }

}  // namespace eddl
