// SPDX-License-Identifier: MIT
// The layer half of eddl.h: factories for core layers and activations, and the initializer and
// regularizer decorators.
#include "eddl/apis/eddl.h"
#include "hardware/check.h"

namespace eddl {

layer Input(const vector<int>& shape, string name) { return new LInput(shape, name); }
layer Dense(layer parent, int ndim, bool use_bias, string name) { return new LDense(parent, ndim, use_bias, name); }
layer Dropout(layer parent, float rate, bool iw, string name) { return new LDropout(parent, rate, iw, name); }
layer Reshape(layer parent, const vector<int>& shape, string name) { return new LReshape(parent, shape, name); }
layer Flatten(layer parent, string name) { return new LReshape(parent, {-1}, name); }
layer Permute(layer parent, const vector<int>& dims, string name) { return new LPermute(parent, dims, name); }

layer Squeeze(layer parent, int axis, string name) {
  EDDL_CHECK(parent != nullptr, "Squeeze: null parent");
  vector<int> shape = parent->getShape();
  const int rank = static_cast<int>(shape.size());
  EDDL_CHECK(axis >= -1 && axis < rank, "Squeeze: axis " << axis << " out of range for rank " << rank);
  vector<int> out;
  for (int d = 0; d < rank; ++d) {
    const bool drop = shape[static_cast<size_t>(d)] == 1 && (axis == -1 || axis == d);
    if (!drop) out.push_back(shape[static_cast<size_t>(d)]);
  }
  EDDL_CHECK(axis == -1 || shape[static_cast<size_t>(axis)] == 1,
             "Squeeze: dimension " << axis << " of " << parent->name << " has size " << shape[static_cast<size_t>(axis)]);
  return new LReshape(parent, out, name.empty() ? "" : name);
}

layer Unsqueeze(layer parent, int axis, string name) {
  EDDL_CHECK(parent != nullptr, "Unsqueeze: null parent");
  vector<int> shape = parent->getShape();
  EDDL_CHECK(axis >= 0 && axis <= static_cast<int>(shape.size()),
             "Unsqueeze: axis " << axis << " out of range for rank " << shape.size());
  shape.insert(shape.begin() + axis, 1);
  return new LReshape(parent, shape, name);
}

layer Identity(layer parent, string name) { return new LIdentity(parent, name); }
layer Bypass(layer parent, string bypass_name, string name) {
  (void)bypass_name;
  return new LIdentity(parent, name);
}

layer Activation(layer parent, string activation, vector<float> params, string name) {
  return new LActivation(parent, activation, params, name);
}
layer Softmax(layer parent, int axis, string name) {
  return new LActivation(parent, "softmax", {static_cast<float>(axis)}, name);
}
layer Sigmoid(layer parent, string name) { return new LActivation(parent, "sigmoid", {}, name); }
layer HardSigmoid(layer parent, string name) { return new LActivation(parent, "hard_sigmoid", {}, name); }
layer ReLu(layer parent, string name) { return new LActivation(parent, "relu", {}, name); }
layer ThresholdedReLu(layer parent, float alpha, string name) {
  return new LActivation(parent, "thresholded_relu", {alpha}, name);
}
layer LeakyReLu(layer parent, float alpha, string name) { return new LActivation(parent, "leaky_relu", {alpha}, name); }
layer Elu(layer parent, float alpha, string name) { return new LActivation(parent, "elu", {alpha}, name); }
layer Selu(layer parent, string name) { return new LActivation(parent, "selu", {}, name); }
layer Exponential(layer parent, string name) { return new LActivation(parent, "exp", {}, name); }
layer Softplus(layer parent, string name) { return new LActivation(parent, "softplus", {}, name); }
layer Softsign(layer parent, string name) { return new LActivation(parent, "softsign", {}, name); }
layer Tanh(layer parent, string name) { return new LActivation(parent, "tanh", {}, name); }
layer Linear(layer parent, float alpha, string name) { return new LActivation(parent, "linear", {alpha}, name); }

namespace {
layer with_initializer(layer l, Initializer* init) {
  EDDL_CHECK(l != nullptr, init->name << ": null layer");
  delete l->init;
  l->init = init;
  return l;
}
layer with_regularizer(layer l, Regularizer* reg) {
  EDDL_CHECK(l != nullptr, reg->name << ": null layer");
  delete l->reg;
  l->reg = reg;
  return l;
}
}  // namespace

layer GlorotNormal(layer l, int seed) { return with_initializer(l, new IGlorotNormal(seed)); }
layer GlorotUniform(layer l, int seed) { return with_initializer(l, new IGlorotUniform(seed)); }
layer HeUniform(layer l, int seed) { return with_initializer(l, new IHeUniform(seed)); }
layer HeNormal(layer l, int seed) { return with_initializer(l, new IHeNormal(seed)); }
layer RandomNormal(layer l, float m, float s, float seed) {
  return with_initializer(l, new IRandomNormal(m, s, static_cast<int>(seed)));
}
layer RandomUniform(layer l, float min, float max, float seed) {
  return with_initializer(l, new IRandomUniform(min, max, static_cast<int>(seed)));
}
layer Constant(layer l, float v) { return with_initializer(l, new IConstant(v)); }
layer L2(layer l, float l2) { return with_regularizer(l, new RL2(l2)); }
layer L1(layer l, float l1) { return with_regularizer(l, new RL1(l1)); }
layer L1L2(layer l, float l1, float l2) { return with_regularizer(l, new RL1L2(l1, l2)); }

}  // namespace eddl
