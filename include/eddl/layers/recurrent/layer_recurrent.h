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
/// parent, masks of all-zero steps, last step or whole sequence) around one kernel pair each.
class LRecurrent : public MLayer {
 public:
  int units;
  bool mask_zeros;
  bool bidirectional;
  /// Gradients of the final states [batch, units] (h, then c for LSTM), added into by GetStates.
  std::vector<Tensor*> d_final;

  LRecurrent(const std::vector<Layer*>& parents, int units, bool mask_zeros, bool bidirectional,
             const std::string& name, const std::string& kind, int dev, int mem);
  ~LRecurrent() override;
  /// Number of state tensors (LSTM 2: h and c; RNN and GRU 1: h).
  virtual int num_states() const = 0;
  /// State `s` (0: h, 1: c) after every step of the last forward, [batch, steps, units].
  const Tensor& final_state(int s) const;
  /// Whether the output is the whole sequence (set by Net::build, see time_distributed).
  bool returns_sequence() const { return time_distributed; }

 protected:
  int in_features = 0;
  Tensor* mask = nullptr;     ///< [batch, steps] when mask_zeros
  Tensor* h_seq = nullptr;    ///< [batch, steps, units]
  Tensor* c_seq = nullptr;    ///< LSTM only
  Tensor* h0 = nullptr;       ///< [batch, units] initial states (zeros or the states parent)
  Tensor* c0 = nullptr;
  Tensor* dh_seq = nullptr;   ///< [batch, steps, units] gradient reaching every step's h
  int steps = 1;

  /// Reads the input's batch and steps, sizes the buffers, sets h0/c0 and the mask.
  void begin_forward();
  /// Writes the output (last step or sequence) from h_seq.
  void end_forward();
  /// dh_seq from delta (and GetStates' d_final[0]); returns the d_final[1] tensor or null.
  const Tensor* begin_backward();
  /// Adds the initial states' gradients into the states parent's delta (if any).
  void end_backward(const Tensor& dh0, const Tensor* dc0);
  const Tensor* mask_or_null() const { return mask_zeros ? mask : nullptr; }
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
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  Tensor* xw = nullptr;
  Tensor* dpre = nullptr;
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
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  Tensor *wx_packed = nullptr, *wh_packed = nullptr, *bias_packed = nullptr;
  Tensor *xw = nullptr, *gates = nullptr, *dgates = nullptr;
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
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;

 private:
  Tensor *wx_packed = nullptr, *wh_packed = nullptr, *bias_packed = nullptr;
  Tensor *xw = nullptr, *gates = nullptr, *dxw = nullptr, *dhw = nullptr;
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

  LEmbedding(Layer* parent, int vocsize, int length, int output_dim, bool mask_zeros, const std::string& name,
             int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "embedding"; }
  void forward() override;
  void backward() override;
  std::vector<std::string> required_kernels() const override;
};

/// States: initial states given as data, shape {num_states, dim} (EDDL's States layer).
class LStates : public LinLayer {
 public:
  LStates(const std::vector<int>& shape, const std::string& name, int dev = DEV_CPU, int mem = 0);
  std::string type_name() const override { return "State"; }
  void forward() override {}
  void backward() override {}
  std::vector<std::string> required_kernels() const override { return {}; }
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
};
