// SPDX-License-Identifier: MIT
// Recurrent layers (RNN, LSTM, GRU), Embedding, and the state layers of seq2seq models (States,
// GetStates). Time is a tensor axis, not an unrolled graph: see docs/architecture.md "Sequences".
// A recurrent layer reads [batch, time, in] and returns the last step's output [batch, units], or
// the whole sequence [batch, time, units] when it feeds another recurrent layer or is a decoder.
#pragma once

#include <string>
#include <vector>

#include "eddl/layers/layer.h"

/// What RNN, LSTM and GRU share: the sequence plumbing (initial states from an optional second
/// parent, masks of all-zero steps, last step or whole sequence, and the second direction of a
/// bidirectional layer) around one kernel pair each.
///
/// Bidirectional (Keras' Bidirectional with merge_mode "concat", PyTorch's bidirectional=True): a
/// second set of parameters, with the same shapes and order, follows the first in `params`; it
/// reads the sequence reversed in time. The output is [forward, backward] along the features:
/// {2 * units} per step, where the backward half of step t is the reverse pass's state after it
/// has read steps T-1 .. t (so the last-step output ends with the state after reading the whole
/// sequence backwards). States (initial, from a States/GetStates parent, and final, read by
/// GetStates) are {num_states, 2 * units}: the forward direction's units first.
class LRecurrent : public MLayer {
 public:
  int units;
  bool mask_zeros;
  bool bidirectional;
  /// Gradients of the final states [batch, directions * units] (h, then c for LSTM), added into by
  /// GetStates.
  std::vector<Tensor*> d_final;

  LRecurrent(const std::vector<Layer*>& parents, int units, bool mask_zeros, bool bidirectional,
             const std::string& name, const std::string& kind, int dev, int mem);
  ~LRecurrent() override;
  /// Number of state tensors (LSTM 2: h and c; RNN and GRU 1: h).
  virtual int num_states() const = 0;
  /// 2 when bidirectional, else 1.
  int directions() const { return bidirectional ? 2 : 1; }
  /// State `s` (0: h, 1: c) of direction `d` after every step of the last forward,
  /// [batch, steps, units], in the direction's own reading order (so step steps-1 is its final state).
  const Tensor& final_state(int s, int d = 0) const;
  /// Whether the output is the whole sequence (set by Net::build, see time_distributed).
  bool returns_sequence() const { return time_distributed; }
  void forward() final;
  void backward() final;

 protected:
  /// One direction's sequence buffers.
  struct Pass {
    Tensor* h_seq = nullptr;   ///< [batch, steps, units]
    Tensor* c_seq = nullptr;   ///< LSTM only
    Tensor* h0 = nullptr;      ///< [batch, units] initial states (zeros or the states parent)
    Tensor* c0 = nullptr;
    Tensor* dh_seq = nullptr;  ///< [batch, steps, units] gradient reaching every step's h
    Tensor* dc_last = nullptr; ///< [batch, units] gradient of the final c (GetStates), LSTM only
    Tensor* dh0 = nullptr;     ///< [batch, units] gradients of the initial states
    Tensor* dc0 = nullptr;
    Tensor* mask = nullptr;    ///< [batch, steps] when mask_zeros
  };
  int in_features = 0;
  int steps = 1;
  Pass pass[2];

  /// Runs direction `d` over `x` [batch, steps, in_features] (already reversed for d = 1): fills
  /// pass[d].h_seq (and c_seq) from pass[d].h0/c0 and mask_of(d).
  virtual void forward_pass(int d, const Tensor& x) = 0;
  /// Backward of direction `d` given pass[d].dh_seq (and dc_last, or null): adds into the
  /// direction's gradients and into `dx` (same layout as x, or null when the input needs no
  /// gradient), and writes pass[d].dh0/dc0 (zeroed before the call).
  virtual void backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) = 0;
  /// Adds the reverse direction's copies of every parameter added so far (subclass constructors
  /// call it after their own add_param calls).
  void add_reverse_params();
  /// Parameter `i` (EDDL's order) of direction `d`, and its gradient.
  Tensor* param(int d, int i) const { return params[static_cast<size_t>(d * per_direction + i)]; }
  Tensor* grad(int d, int i) const { return gradients[static_cast<size_t>(d * per_direction + i)]; }
  /// Direction d's input projection for every step, xw = x Wx + b: [batch, steps, gates * units].
  Tensor* xw[2] = {};
  /// LSTM and GRU: direction d's `gates` input weights, hidden weights and biases (parameters
  /// [0, gates), [gates, 2 gates), [2 gates, 3 gates)) packed side by side so one GEMM serves every
  /// gate; repacked at each forward.
  Tensor *wx_packed[2] = {}, *wh_packed[2] = {}, *bias_packed[2] = {};
  /// Packs direction d's weights and computes xw[d] from x.
  void project_input(int d, const Tensor& x, int gates);
  /// Adds the packed weights' gradients into direction d's parameters given dxw = d(loss)/d(xw)
  /// and dhw = d(loss)/d(h_{t-1} Wh) for every step, and dx += dxw Wx^T when dx is not null.
  void add_gate_gradients(int d, const Tensor& x, const Tensor& dxw, const Tensor& dhw, int gates, Tensor* dx);
  const Tensor* mask_of(int d) const { return mask_zeros ? pass[d].mask : nullptr; }

 private:
  int per_direction = 0;
  Tensor* x_reversed = nullptr;   ///< [batch, steps, in_features], bidirectional only
  Tensor* dx_reversed = nullptr;

  void begin_forward();
  void end_forward();
  void begin_backward();
  void end_backward();
};

class LRNN : public LRecurrent {
 public:
  std::string activation;
  bool use_bias;
  Tensor* Wx = nullptr;  ///< {in, units}
  Tensor* Wy = nullptr;  ///< {units, units}
  Tensor* bias = nullptr;

  LRNN(const std::vector<Layer*>& parents, int units, const std::string& activation, bool use_bias,
       bool bidirectional, const std::string& name, int dev = DEV_CPU, int mem = 0);
  ~LRNN() override;
  std::string type_name() const override { return "RNN"; }
  int num_states() const override { return 1; }
  std::vector<std::string> required_kernels() const override;

 protected:
  void forward_pass(int d, const Tensor& x) override;
  void backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) override;

 private:
  Tensor* dpre[2] = {};
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// LSTM with EDDL's parameters: Wix, Wfx, Wox, Wcx {in, units}, Wih, Wfh, Woh, Wch {units, units},
/// biases in, fn, on, cn {units}. They are packed side by side (gates i, f, o, g) into scratch
/// matrices at each forward, so one GEMM serves all four gates.
class LLSTM : public LRecurrent {
 public:
  Tensor *Wix, *Wfx, *Wox, *Wcx;
  Tensor *Wih, *Wfh, *Woh, *Wch;
  Tensor *inbias, *fnbias, *onbias, *cnbias;

  LLSTM(const std::vector<Layer*>& parents, int units, bool mask_zeros, bool bidirectional, const std::string& name,
        int dev = DEV_CPU, int mem = 0);
  ~LLSTM() override;
  std::string type_name() const override { return "LSTM"; }
  int num_states() const override { return 2; }
  std::vector<std::string> required_kernels() const override;

 protected:
  void forward_pass(int d, const Tensor& x) override;
  void backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) override;

 private:
  Tensor *gates[2] = {}, *dgates[2] = {};
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// GRU with EDDL's parameters: Wz_x, Wr_x, Wn_x {in, units}, Uz_h, Ur_h, Un_h {units, units},
/// bias_z, bias_r, bias_n, bias_n_hidden {units}; n = tanh(x Wn + bn + r (h Un + bnh)).
class LGRU : public LRecurrent {
 public:
  Tensor *Wz_x, *Wr_x, *Wn_x;
  Tensor *Uz_h, *Ur_h, *Un_h;
  Tensor *bias_z, *bias_r, *bias_n, *bias_n_hidden;

  LGRU(const std::vector<Layer*>& parents, int units, bool mask_zeros, bool bidirectional, const std::string& name,
       int dev = DEV_CPU, int mem = 0);
  ~LGRU() override;
  std::string type_name() const override { return "GRU"; }
  int num_states() const override { return 1; }
  std::vector<std::string> required_kernels() const override;

 protected:
  void forward_pass(int d, const Tensor& x) override;
  void backward_pass(int d, const Tensor& x, Tensor* dx, const Tensor* dc_last) override;

 private:
  Tensor *gates[2] = {}, *dxw[2] = {}, *dhw[2] = {};
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// Embedding: word indices (floats holding integers) -> rows of E {vocsize, output_dim}. Output
/// {length, output_dim}, or {output_dim} when length is 1. With mask_zeros index 0 is padding: its
/// output is zero and E's row 0 gets no gradient, so a masked recurrent layer skips the step.
class LEmbedding : public LinLayer {
 public:
  int vocsize, length, output_dim;
  bool mask_zeros;
  Tensor* E = nullptr;
  Tensor* gE = nullptr;
  /// Set by the Net when the parent is one of its input layers: the Net checks the word indices as
  /// it feeds them (outside any recorded step), so forward() need not read them back.
  bool indices_checked_on_feed = false;

  LEmbedding(Layer* parent, int vocsize, int length, int output_dim, bool mask_zeros, const std::string& name,
             int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "embedding"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// States: initial states given as data, shape {num_states, dim} (EDDL's States layer).
class LStates : public LinLayer {
 public:
  LStates(const std::vector<int>& shape, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "State"; }
  void forward() override {}
  void backward() override {}
  std::vector<std::string> required_kernels() const override { return {}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};

/// GetStates: the final states of a recurrent layer as {num_states, units} (encoder -> decoder);
/// its gradient flows back into the recurrent layer's final states.
class LGetStates : public LinLayer {
 public:
  LGetStates(Layer* parent, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "CopyState"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override { return {"copy_strided", "binary_map"}; }
 protected:
  Layer* construct_like(const std::vector<Layer*>& parents, int todev) const override;
};
