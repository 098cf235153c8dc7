// SPDX-License-Identifier: MIT
// Net: a model as a graph of layers, built onto a computing service, trained and evaluated with
// EDDL's calls. The layers, optimizer and computing service given to a Net are owned by it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "eddl/layers/layer.h"
#include "eddl/losses/loss.h"
#include "eddl/metrics/metric.h"
#include "eddl/net/compserv.h"
#include "eddl/optimizers/optim.h"
#include "eddl/tensor/tensor.h"

typedef std::vector<Tensor*> vtensor;
typedef std::vector<vtensor> Mtensor;
typedef std::vector<std::string> vstring;
typedef std::vector<float> verr;
typedef std::vector<int> vind;
typedef std::vector<Loss*> vloss;
typedef std::vector<Metric*> vmetrics;

namespace eddl::net {
class Replicas;
class StepReplay;
}

class Net {
 public:
  std::string name = "model";
  int dev = DEV_CPU;
  int batch_size = 0;
  int tr_batches = 0;
  int trmode = TRMODE;
  int mem_level = 0;
  int verbosity_level = 1;  ///< 0 silent, 1 progress line per batch, 2 one line per epoch
  bool isbuild = false;
  bool isrecurrent = false;
  vlayer layers;  ///< topological order
  vlayer lin;     ///< inputs
  vlayer lout;    ///< outputs
  /// Decoder inputs (EDDL's seq2seq): Input layers marked by setDecoder that are not among the
  /// model's inputs. Each is fed from the targets of the output with its shape, shifted one step
  /// later in time (zeros at step 0: teacher forcing); predict feeds back the net's own outputs.
  vlayer din;
  vlayer vfts;    ///< forward order (= layers)
  vlayer vbts;    ///< backward order
  vloss losses;
  vmetrics metrics;
  Optimizer* optimizer = nullptr;
  CompServ* cs = nullptr;
  std::vector<Net*> snets;
  Net* rnet = nullptr;
  /// Data parallel (src/net/replicas.h, internal): when set, train_batch trains these replicas on
  /// slices of each batch and this net keeps their average.
  std::shared_ptr<eddl::net::Replicas> replicas;
  /// Recorded training steps (src/net/step_replay.h, internal): train_batch replays one recorded
  /// step's kernel calls while the net is unchanged (by default on a GPU: one CUDA graph a step).
  std::unique_ptr<eddl::net::StepReplay> step_replay;
  /// The same for evaluation steps (evaluate's batches: forward and scores) and for inference
  /// steps (predict's chunks: forward only).
  std::unique_ptr<eddl::net::StepReplay> eval_replay;
  std::unique_ptr<eddl::net::StepReplay> predict_replay;
  uint64_t seed = 1234;  ///< drives fit's shuffling

  /// Collects every layer between `in` and `out`, checks the graph and sorts it topologically.
  Net(const vlayer& in, const vlayer& out);
  ~Net();
  Net(const Net&) = delete;
  Net& operator=(const Net&) = delete;

  /// Binds optimizer, one loss and one metric per output, and the computing service; places every
  /// layer, initialises weights when `initialize`. A second call does nothing.
  void build(Optimizer* opt, const vloss& lo, const vmetrics& me, CompServ* cs, bool initialize = true);
  /// EDDL's layout (spec 8.3) plus a device column; returns the text, printing it when asked.
  std::string summary(bool print_stdout = true);
  /// Moves a built net to the devices of `cs` (which it then owns): places every layer again,
  /// moves parameters and buffers, and restarts the optimizer state there (toGPU/toCPU).
  void set_compserv(CompServ* cs);
  void resize(int batch);
  void setmode(int mode);

  void fit(const vtensor& tin, const vtensor& tout, int batch, int epochs);
  void evaluate(const vtensor& tin, const vtensor& tout, int bs = -1);
  vtensor predict(const vtensor& tin);
  /// One step on rows `sind` of the data (all rows when empty): forward, loss, backward, update.
  void train_batch(const vtensor& X, const vtensor& Y, const vind& sind, int eval = 0);

  void forward(const vtensor& in);
  void forward();
  void backward(const vtensor& target);
  void backward();
  void update();
  void reset_loss();
  void zeroGrads();
  void print_loss(int batch);
  std::vector<float> get_losses();
  std::vector<float> get_metrics();
  Layer* getLayer(const std::string& lname);
  void setlr(const std::vector<float>& p);

  /// Samples seen since reset_loss.
  int64_t inferenced_samples = 0;

 private:
  friend class eddl::net::StepReplay;
  /// One training step on the batch already copied in: decoder inputs, zeroed gradients, forward,
  /// loss and delta, backward, update. What step_replay records.
  void run_train_step();
  /// What run_train_step changes on the host (samples and batches counted, the optimizer's step,
  /// stale score totals), for a step whose kernels were replayed instead.
  void count_replayed_step();
  /// One evaluation step on the batch already copied in: decoder inputs, forward, scores.
  void run_eval_step();
  /// What run_eval_step changes on the host (samples counted, stale score totals).
  void count_replayed_evaluation();
  /// Scores since reset_loss, summed where they are computed: one one-element tensor per output on
  /// that output's device, so that a training step adds into them with kernels and never waits to
  /// read them back (get_losses, get_metrics and the progress line read them on request). They sum
  /// in float: over an epoch of a few hundred batches the relative error is ~1e-6, far below the
  /// 4 decimals printed (the host summed in double before).
  std::vector<Tensor> loss_sums_;
  std::vector<Tensor> metric_sums_;
  /// Sums kept on the host: the scores of data-parallel replicas that were let go (set_compserv);
  /// attached replicas keep theirs on their devices and read_score_totals adds them.
  std::vector<double> host_loss_sums_;
  std::vector<double> host_metric_sums_;
  /// Device plus host sums as last read back; current until the next batch or reset, so reading
  /// the scores twice copies them once.
  mutable std::vector<double> loss_totals_;
  mutable std::vector<double> metric_totals_;
  mutable bool totals_current_ = false;
  /// Puts the score sums on the output layers' devices: zeroed ones at build, the values moved
  /// along when place_layers moves the outputs.
  void place_score_sums();
  /// Brings loss_totals_/metric_totals_ up to date (copies the device sums to the host if needed).
  void read_score_totals() const;
  std::vector<Tensor*> targets_;  ///< one per output, sized with the batch
  void check_data(const vtensor& tin, const vtensor& tout, const char* call) const;
  void copy_batch_in(const vtensor& X, const vtensor& Y, const vind& rows);
  /// Embeddings fed by an input layer have their word indices checked as the Net feeds them,
  /// outside any recorded step: `fed` holds input `input`'s values, on the host when the data is
  /// there, so that a GPU step does not wait to read them back.
  void mark_checked_feeds();
  void check_fed_indices(size_t input, const Tensor& fed);
  /// predict's results: one host tensor per output for `n` samples, and the outputs of the rows
  /// just run written into them from row `begin`.
  vtensor new_predictions(int n) const;
  void store_predictions(vtensor& outputs, int begin) const;
  void compute_loss_and_delta(bool with_delta);
  void do_backward();
  void place_layers();
  /// Sequences (docs/architecture.md): marks the time-distributed layers of a recurrent net.
  void mark_sequences();
  /// Sets every time-distributed layer's time_steps from the data (and the decoder inputs' from
  /// the targets); true when any changed.
  bool set_time_steps(const vtensor& tin, const vtensor& tout = {});
  /// Decoder inputs (src/net/decoder_inputs.cpp): the output each one mirrors, the decoder length
  /// last seen in targets, the teacher-forcing copy, and predict's greedy decoding of `rows` (one
  /// pass per decoder step, leaving the last pass's outputs in the output layers).
  std::vector<size_t> din_output_;
  int decoder_steps_ = 0;
  void pair_decoder_inputs();
  void feed_decoder_inputs();
  void decode_greedily(const vtensor& tin, const vind& rows);
  std::string progress_line(int batch, int num_batches, double seconds_per_batch, double eta_seconds) const;
};

typedef Net* model;
