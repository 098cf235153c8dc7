// SPDX-License-Identifier: MIT
// The normalization half of eddl.h: factories with EDDL's names, overloads and defaults.
#include "eddl/apis/eddl.h"

namespace eddl {

layer BatchNormalization(layer parent, float momentum, float epsilon, bool affine, string name) {
  return new LBatchNorm(parent, momentum, epsilon, affine, name);
}
layer BatchNormalization(layer parent, bool affine, float momentum, float epsilon, string name) {
  return new LBatchNorm(parent, momentum, epsilon, affine, name);
}
layer LayerNormalization(layer parent, float epsilon, bool affine, string name) {
  return new LLayerNorm(parent, epsilon, affine, name);
}
layer LayerNormalization(layer parent, bool affine, float epsilon, string name) {
  return new LLayerNorm(parent, epsilon, affine, name);
}
layer GroupNormalization(layer parent, int groups, float epsilon, bool affine, string name) {
  return new LGroupNorm(parent, groups, epsilon, affine, name);
}
layer Norm(layer parent, float epsilon, string name) { return new LNorm(parent, epsilon, name); }
layer NormMax(layer parent, float epsilon, string name) { return new LNormMax(parent, epsilon, name); }
layer NormMinMax(layer parent, float epsilon, string name) { return new LNormMinMax(parent, epsilon, name); }

}  // namespace eddl
