// SPDX-License-Identifier: MIT
// Optimizers see (parameter, gradient) pairs of the trainable layers and update each parameter on
// its own device through one update kernel. Every optimizer EDDL names is implemented (EDDL ships
// several as stubs), with PyTorch's update rules.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eddl/layers/layer.h"

class Optimizer {
 public:
  std::string name;
  float clip_val = -1.0f;  ///< gradients clamped to ±clip_val before each step (disabled when < 0)

  explicit Optimizer(const std::string& name) : name(name) {}
  virtual ~Optimizer();
  Optimizer(const Optimizer&) = delete;  ///< owns its state tensors; use clone()
  Optimizer& operator=(const Optimizer&) = delete;
  /// Collects the parameters of `layers` (params[i] pairs with gradients[i]) and allocates the
  /// zeroed optimizer state beside each, on the parameter's device; call it after placement.
  /// Calling it again restarts the state and the step count.
  virtual void setlayers(const std::vector<Layer*>& layers);
  /// One step over every parameter of a trainable layer. Gradients are already batch means (the
  /// loss delta is divided by the batch), so `batch` is only kept for EDDL's signature.
  void applygrads(int batch);
  /// EDDL's change(): new hyper-parameters, in the optimizer's order ({lr, momentum} for SGD ...).
  virtual void change(const std::vector<float>& p) = 0;
  virtual Optimizer* clone() = 0;
  void set_clip_val(float v) { clip_val = v; }
  /// Current learning rate.
  virtual float get_lr() const = 0;
  /// Steps taken so far.
  int64_t steps() const { return step_; }
  /// Whether one step's kernel arguments are the same at every step, so that a step recorded once
  /// (its kernel calls captured, on a GPU as a CUDA graph) may be replayed for the next ones. False
  /// by default: an optimizer opts in once nothing that changes per step is passed by value.
  /// Hyper-parameters (setlr) are by-value arguments too: after a change the step must be recorded
  /// again.
  virtual bool replayable() const { return false; }
  /// A recorded step was replayed: advances the host-side count (and the host bookkeeping of
  /// begin_step) by one, launching nothing; the device count's increment is inside the recording.
  /// Throws when the optimizer is not replayable().
  void count_replayed_step();
  /// Puts the host-side count back to `steps` taken: a step whose recording was abandoned part way
  /// (its kernels never ran) must not count. Replayable optimizers keep no other host state.
  void restore_steps(int64_t steps) { step_ = steps; }

 protected:
  struct Slot {
    Layer* layer;
    Tensor* param;
    Tensor* gradient;
    std::vector<Tensor*> state;  ///< owned, zero-initialised, param-shaped
  };
  std::vector<Slot> slots_;
  int64_t step_ = 0;
  /// The step count on the parameters' device, one float, raised by a kernel at the start of every
  /// applygrads (so that a replayed recording raises it too); kernels that need t read it there.
  /// Null when the parameters lie on several devices (FPGA placement) or there are none: then t is
  /// passed by value. A float counts exactly to 2^24 steps; past that every bias correction with
  /// beta <= 0.9999 is already 1 in float.
  Tensor* device_step_ = nullptr;
  /// device_step_ when it lies on `param`'s device, else null (t goes by value).
  const Tensor* device_step_for(const Tensor& param) const;
  /// Whether every parameter's update reads t from device_step_ (true when there are none).
  bool reads_device_step() const;
  /// How many state tensors the optimizer keeps per parameter.
  virtual int state_count() const = 0;
  /// Called once per step, after step_ is incremented and before the first update(); host
  /// bookkeeping only (count_replayed_step runs it without the kernels).
  virtual void begin_step() {}
  /// Updates one parameter (step_ has already been incremented).
  virtual void update(Slot& slot) = 0;
  /// Releases the state tensors (and the device step) and forgets the parameters.
  void clear_state();
  /// Copies the base hyper-parameters (clip_val) into a clone.
  Optimizer* with_base_settings(Optimizer* clone) const;
};

class SGD : public Optimizer {
 public:
  float lr, mu, weight_decay;
  bool nesterov;
  explicit SGD(float lr = 0.01f, float momentum = 0.0f, float weight_decay = 0.0f, bool nesterov = false);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// Its kernel's arguments are hyper-parameters only.
  bool replayable() const override { return true; }

 protected:
  int state_count() const override { return 1; }
  void update(Slot& slot) override;
};

class Adam : public Optimizer {
 public:
  float lr, beta_1, beta_2, epsilon, weight_decay;
  bool amsgrad;
  explicit Adam(float lr = 0.01f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 1e-8f,
                float weight_decay = 0.0f, bool amsgrad = false);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// When its kernels read t from the device step (all parameters on one device).
  bool replayable() const override;

 protected:
  /// m and v, plus the running max of v when amsgrad is on (allocated when first needed).
  int state_count() const override { return amsgrad ? 3 : 2; }
  void update(Slot& slot) override;
};

class AdaMax : public Optimizer {
 public:
  float lr, beta_1, beta_2, epsilon, weight_decay;
  AdaMax(float lr = 0.002f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 1e-8f,
         float weight_decay = 0.0f);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// When its kernels read t from the device step (all parameters on one device).
  bool replayable() const override;

 protected:
  int state_count() const override { return 2; }
  void update(Slot& slot) override;
};

class RMSProp : public Optimizer {
 public:
  float lr, rho, epsilon, weight_decay;
  RMSProp(float lr = 0.01f, float rho = 0.9f, float epsilon = 1e-8f, float weight_decay = 0.0f);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// Its kernel's arguments are hyper-parameters only.
  bool replayable() const override { return true; }

 protected:
  int state_count() const override { return 1; }
  void update(Slot& slot) override;
};

class Adagrad : public Optimizer {
 public:
  float lr, epsilon, weight_decay;
  Adagrad(float lr = 0.01f, float epsilon = 1e-8f, float weight_decay = 0.0f);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// Its kernel's arguments are hyper-parameters only.
  bool replayable() const override { return true; }

 protected:
  int state_count() const override { return 1; }
  void update(Slot& slot) override;
};

class AdaDelta : public Optimizer {
 public:
  float lr, rho, epsilon, weight_decay;
  AdaDelta(float lr = 1.0f, float rho = 0.95f, float epsilon = 1e-6f, float weight_decay = 0.0f);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// Its kernel's arguments are hyper-parameters only.
  bool replayable() const override { return true; }

 protected:
  int state_count() const override { return 2; }
  void update(Slot& slot) override;
};

class Nadam : public Optimizer {
 public:
  float lr, beta_1, beta_2, epsilon, schedule_decay;
  Nadam(float lr = 0.002f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 1e-8f,
        float schedule_decay = 0.004f);
  void change(const std::vector<float>& p) override;
  Optimizer* clone() override;
  float get_lr() const override { return lr; }
  /// Never: its momentum coefficients and their running product are host state, passed by value
  /// and different at every step.
  bool replayable() const override { return false; }

 protected:
  int state_count() const override { return 2; }
  void begin_step() override;
  void update(Slot& slot) override;

 private:
  double mu_t_ = 0.0;         ///< momentum coefficient of the current step
  double mu_next_ = 0.0;      ///< momentum coefficient of the next step
  double mu_product_ = 1.0;   ///< prod of mu_i for i <= current step
};
