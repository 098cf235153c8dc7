// SPDX-License-Identifier: MIT
// Layer: one node of a network, with EDDL's fields and life cycle. A layer computes its output
// shape when it is constructed (from its parents), owns its output, delta, parameters and
// gradients, and implements forward() and backward() with tensor ops only. backward() ADDS into its
// parents' deltas and its own gradients; the Net zeroes them between steps.
#pragma once

#include <string>
#include <vector>

#include "eddl/tensor/tensor.h"

constexpr int TRMODE = 1;  ///< training mode
constexpr int TSMODE = 0;  ///< inference mode

class Net;
class Initializer;
class Regularizer;

class Layer {
 public:
  // ---- EDDL's public fields ----
  std::string name;
  Tensor* input = nullptr;   ///< the first parent's output (not owned)
  Tensor* output = nullptr;  ///< owned; shape {batch} + output_shape
  Tensor* delta = nullptr;   ///< owned; d(loss)/d(output), same shape as output; null when not needed
  Net* net = nullptr;
  bool trainable = true;
  int mem_level = 0;
  int mode = TRMODE;
  int dev = DEV_CPU;
  bool isrecurrent = false;
  bool isshared = false;
  bool iscloned = false;
  bool isnorm = false;
  bool isdecoder = false;
  bool detached = false;
  /// Sequences (docs/architecture.md): set by Net::build on layers whose runtime tensors carry a
  /// time axis after the batch, {batch, time_steps} + shape; the Net sets time_steps from the data.
  bool time_distributed = false;
  int time_steps = 1;
  int delta_bp = 0;  ///< 1: backward passes delta straight to the parent (softmax + its cross-entropy)
  std::vector<Tensor*> params;     ///< owned
  std::vector<Tensor*> gradients;  ///< owned, one per param
  std::vector<Tensor*> states;
  std::vector<Layer*> parent;
  std::vector<Layer*> child;
  Initializer* init = nullptr;  ///< owned
  Regularizer* reg = nullptr;   ///< owned

  Layer(const std::string& name, int dev = DEV_CPU, int mem = 0);
  virtual ~Layer();
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // ---- Shape and identity ----
  /// Output shape without the batch dimension.
  std::vector<int> getShape() const { return output_shape; }
  /// The class prefix of default names ("dense", "relu", "input" ...).
  virtual std::string type_name() const = 0;
  /// Number of elements of all params; trainable ones are those with a gradient.
  long count_params() const;
  long count_trainable_params() const;

  // ---- Life cycle (called by Net) ----
  /// Reallocates output (and delta when present) for `batch` samples.
  virtual void resize(int batch);
  virtual void forward() = 0;
  virtual void backward() = 0;
  /// Draws initial parameter values (the layer's initializer, default Glorot uniform).
  virtual void initialize();
  virtual void zeroGrads();
  /// Allocates (zeroed) the delta tensor if absent.
  void mem_delta();
  /// Releases the delta tensor (low_mem).
  void free_delta();
  virtual void set_mode(int m) { mode = m; }
  virtual void setTrainable(bool value) { trainable = value; }
  /// Names of the kernels forward/backward need; the Net places the layer where all exist.
  virtual std::vector<std::string> required_kernels() const = 0;
  /// The kernels forward() needs in inference mode: an accelerator that has these (but not the
  /// training ones) runs the layer in inference and leaves training to the CPU.
  virtual std::vector<std::string> inference_kernels() const { return required_kernels(); }
  /// Adds the regularizer's gradient to the weight gradients (after backward).
  virtual void apply_regularizer();
  /// Moves output, delta, params, gradients (and a subclass's own buffers) to device `dev_code`.
  virtual void to_device(int dev_code);

  void addchild(Layer* l);
  void addparent(Layer* l);

  // ---- Cloning (EDDL's Layer::clone; the data-parallel replicas are built from clones) ----
  /// A new layer of this class with this configuration on `parents` (the clones of this layer's
  /// parents, in the same order; empty for Input and States), with the same name, on device
  /// `todev`: parameter values (and non-trainable state such as batch-norm running statistics) are
  /// copied into storage of its own; the trainable, decoder, recurrent and time flags and clones of
  /// the initializer and regularizer come along. Gradients start at zero and the clone belongs to
  /// no net. Throws NotSupportedError for a layer class without construct_like.
  Layer* clone(const std::vector<Layer*>& parents, int todev) const;
  /// EDDL's signature: `c` (the replica index) and `bs` (the batch) are not needed, since a clone's
  /// batch follows the net it joins.
  Layer* clone(int c, int bs, const std::vector<Layer*>& parents, int todev) const;

 protected:
  /// The class-specific half of clone(): constructs the same class with the same configuration on
  /// `parents`, named `name`, on `todev`; clone() then copies the state. Every concrete layer
  /// overrides it next to its constructor; the default says the class cannot be cloned.
  virtual Layer* construct_like(const std::vector<Layer*>& parents, int todev) const;
  /// The one parent a single-parent layer's clone needs, checked.
  Layer* only_parent(const std::vector<Layer*>& parents) const;
  std::vector<int> output_shape;
  /// Allocates `output` as {1} + shape (batch 1 until the Net resizes).
  void set_output_shape(const std::vector<int>& shape);
  /// Adds a parameter of `shape` (and its zeroed gradient when `has_gradient`).
  Tensor* add_param(const std::vector<int>& shape, bool has_gradient = true);
  /// Parent i's delta, allocated on demand; null when the parent needs none (an Input).
  Tensor* parent_delta(size_t i);
  /// The batch size the layer is currently sized for.
  int batch() const { return output != nullptr && output->ndim > 0 ? output->shape[0] : 1; }
  /// A view of runtime tensor `t` with the time axis folded into the batch: {batch * time} + shape
  /// when the layer is time-distributed, else `t`'s own shape. Layers that address axes of the
  /// sample (axis + 1) work on these views, so they treat every step as a sample.
  Tensor fold_time(Tensor* t) const;
};

typedef std::vector<Layer*> vlayer;

/// Layers with one parent.
class LinLayer : public Layer {
 public:
  using Layer::Layer;
};

/// Layers with several parents.
class MLayer : public Layer {
 public:
  using Layer::Layer;
};
