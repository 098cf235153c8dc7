// SPDX-License-Identifier: MIT
// The training and inference loops: fit (a fresh shuffle without replacement each epoch, the last
// partial batch included), evaluate (every sample), predict, and the fine-grained steps EDDL
// exposes (forward, backward, update, train_batch ...).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <random>

#include "eddl/layers/recurrent/layer_recurrent.h"
#include "eddl/net/net.h"
#include "hardware/check.h"
#include "net/progress.h"
#include "net/replicas.h"
#include "net/step_replay.h"
#include "net/transfer.h"
#include "tensor/dispatch.h"
#include "tensor/nn_recurrent.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}
}  // namespace

void Net::check_data(const vtensor& tin, const vtensor& tout, const char* call) const {
  EDDL_CHECK(isbuild, call << ": model " << name << " is not built (call build first)");
  EDDL_CHECK(tin.size() == lin.size(), call << ": " << tin.size() << " input tensors for " << lin.size()
                                            << " input layers");
  EDDL_CHECK(tout.empty() || tout.size() == lout.size(),
             call << ": " << tout.size() << " target tensors for " << lout.size() << " output layers");
  const auto check_one = [&](const Tensor* t, const Layer* l, const char* what) {
    EDDL_CHECK(t != nullptr, call << ": null " << what << " tensor for layer " << l->name);
    std::vector<int> sample(t->shape.begin() + (t->ndim > 0 ? 1 : 0), t->shape.end());
    const std::vector<int> expected = l->getShape();
    // A time-distributed layer takes [samples, time, shape...] for any time >= 1 (sequences).
    const int64_t got = eddl::shape::checked_numel(sample);
    const int64_t want = eddl::shape::checked_numel(expected);
    const bool fits = l->time_distributed ? want > 0 && got >= want && got % want == 0 : got == want;
    EDDL_CHECK(t->ndim >= 1 && fits, call << ": " << what << " tensor " << eddl::shape::to_string(t->shape)
                                          << " does not fit layer '" << l->name << "' of shape "
                                          << eddl::shape::to_string(expected)
                                          << (l->time_distributed ? " (plus batch and time)" : " (plus batch)"));
    EDDL_CHECK(t->shape[0] == tin[0]->shape[0], call << ": " << what << " tensor has " << t->shape[0]
                                                     << " samples but the first input has " << tin[0]->shape[0]);
  };
  for (size_t i = 0; i < tin.size(); ++i) check_one(tin[i], lin[i], "input");
  for (size_t i = 0; i < tout.size(); ++i) check_one(tout[i], lout[i], "target");
}

void Net::mark_checked_feeds() {
  for (Layer* l : layers) {
    auto* embedding = dynamic_cast<LEmbedding*>(l);
    if (embedding == nullptr) continue;
    embedding->indices_checked_on_feed =
        std::find(lin.begin(), lin.end(), embedding->parent[0]) != lin.end();
  }
}

void Net::check_fed_indices(size_t input, const Tensor& fed) {
  for (Layer* child : lin[input]->child) {
    const auto* embedding = dynamic_cast<const LEmbedding*>(child);
    if (embedding != nullptr && embedding->indices_checked_on_feed) {
      eddl::ops::check_embedding_indices(fed, embedding->vocsize);
    }
  }
}

void Net::copy_batch_in(const vtensor& X, const vtensor& Y, const vind& rows) {
  for (size_t i = 0; i < X.size(); ++i) {
    Tensor& in = *lin[i]->output;
    if (X[i]->device == in.device || !eddl::readable_without_wait(*X[i])) {
      eddl::ops::gather_rows(*X[i], rows, in);
      check_fed_indices(i, in);
    } else {
      // Host data for a device's input: the rows are gathered and checked on the host (no device
      // wait), then copied over once.
      Tensor fed(in.shape, X[i]->device);
      eddl::ops::gather_rows(*X[i], rows, fed);
      check_fed_indices(i, fed);
      eddl::ops::copy(fed, in);
    }
  }
  for (size_t i = 0; i < Y.size(); ++i) eddl::ops::gather_rows(*Y[i], rows, *targets_[i]);
}

void Net::forward() {
  for (Layer* l : vfts) {
    eddl::net::ParentsOnDevice parents(l, false);
    l->forward();
  }
}

void Net::forward(const vtensor& in) {
  EDDL_CHECK(in.size() == lin.size(), "forward: " << in.size() << " tensors for " << lin.size() << " inputs");
  EDDL_CHECK(!in.empty() && in[0]->ndim >= 1, "forward: input tensors need a batch dimension");
  const bool steps_changed = set_time_steps(in);
  if (in[0]->shape[0] != batch_size || steps_changed) resize(in[0]->shape[0]);
  for (size_t i = 0; i < in.size(); ++i) {
    EDDL_CHECK(in[i]->size == lin[i]->output->size,
               "forward: input " << eddl::shape::to_string(in[i]->shape) << " does not fit layer '" << lin[i]->name
                                 << "' " << eddl::shape::to_string(lin[i]->output->shape));
    eddl::ops::copy(*in[i], *lin[i]->output);
    check_fed_indices(i, eddl::readable_without_wait(*in[i]) ? *in[i] : *lin[i]->output);
  }
  forward();
}

void Net::compute_loss_and_delta(bool with_delta) {
  for (size_t k = 0; k < lout.size(); ++k) {
    Layer* out = lout[k];
    // add_value sums on the output's device: nothing is read back, so the step need not wait.
    if (k < losses.size()) {
      losses[k]->add_value(targets_[k], out->output, &loss_sums_[k]);
      if (with_delta) {
        out->mem_delta();
        losses[k]->delta(targets_[k], out->output, out->delta);
      }
    }
    if (k < metrics.size()) metrics[k]->add_value(targets_[k], out->output, &metric_sums_[k]);
  }
  inferenced_samples += batch_size;
  totals_current_ = false;
}

void Net::do_backward() {
  if (mem_level == 0) {
    // Deltas of non-output layers start from zero; outputs hold the loss gradient just written.
    for (Layer* l : layers) {
      if (l->delta != nullptr && std::find(lout.begin(), lout.end(), l) == lout.end()) {
        eddl::ops::fill(*l->delta, 0.0f);
      }
    }
  }
  for (Layer* l : vbts) {
    if (l->delta == nullptr) continue;  // nothing flows through this layer
    eddl::net::ParentsOnDevice parents(l, true);
    l->backward();
    parents.finish();
    l->apply_regularizer();
    if (mem_level > 0 && l->type_name() != "input") l->free_delta();  // low/mid_mem: drop once used
  }
}

void Net::backward(const vtensor& target) {
  EDDL_CHECK(target.size() == lout.size(), "backward: " << target.size() << " targets for " << lout.size()
                                                        << " outputs");
  for (size_t k = 0; k < target.size(); ++k) {
    EDDL_CHECK(target[k]->size == targets_[k]->size,
               "backward: target " << eddl::shape::to_string(target[k]->shape) << " does not fit output '"
                                   << lout[k]->name << "' " << eddl::shape::to_string(lout[k]->output->shape));
    eddl::ops::copy(*target[k], *targets_[k]);
  }
  compute_loss_and_delta(true);
  do_backward();
}

void Net::backward() { do_backward(); }

void Net::update() {
  EDDL_CHECK(optimizer != nullptr, "update: model " << name << " has no optimizer");
  optimizer->applygrads(batch_size);
  ++tr_batches;
}

void Net::zeroGrads() {
  for (Layer* l : layers) l->zeroGrads();
}

void Net::reset_loss() {
  // Zeroed by a kernel on each sum's device; the totals are known to be 0 without a read.
  for (Tensor& sum : loss_sums_) eddl::ops::fill(sum, 0.0f);
  for (Tensor& sum : metric_sums_) eddl::ops::fill(sum, 0.0f);
  std::fill(host_loss_sums_.begin(), host_loss_sums_.end(), 0.0);
  std::fill(host_metric_sums_.begin(), host_metric_sums_.end(), 0.0);
  if (replicas != nullptr) replicas->reset_scores();
  loss_totals_.assign(loss_sums_.size(), 0.0);
  metric_totals_.assign(metric_sums_.size(), 0.0);
  totals_current_ = true;
  inferenced_samples = 0;
}

void Net::read_score_totals() const {
  if (totals_current_) return;
  loss_totals_.assign(loss_sums_.size(), 0.0);
  metric_totals_.assign(metric_sums_.size(), 0.0);
  for (size_t k = 0; k < loss_sums_.size(); ++k) {
    loss_totals_[k] = static_cast<double>(loss_sums_[k].to_std()[0]) + host_loss_sums_[k];
  }
  for (size_t k = 0; k < metric_sums_.size(); ++k) {
    metric_totals_[k] = static_cast<double>(metric_sums_[k].to_std()[0]) + host_metric_sums_[k];
  }
  if (replicas != nullptr) {
    const eddl::net::Replicas::Scores s = replicas->scores();
    for (size_t k = 0; k < s.loss_sums.size() && k < loss_totals_.size(); ++k) loss_totals_[k] += s.loss_sums[k];
    for (size_t k = 0; k < s.metric_sums.size() && k < metric_totals_.size(); ++k) metric_totals_[k] += s.metric_sums[k];
  }
  totals_current_ = true;
}

std::vector<float> Net::get_losses() {
  std::vector<float> out;
  if (inferenced_samples > 0) read_score_totals();
  for (size_t k = 0; k < losses.size(); ++k) {
    out.push_back(inferenced_samples > 0 ? static_cast<float>(loss_totals_[k] / inferenced_samples) : 0.0f);
  }
  return out;
}

std::vector<float> Net::get_metrics() {
  std::vector<float> out;
  if (inferenced_samples > 0) read_score_totals();
  for (size_t k = 0; k < metrics.size(); ++k) {
    out.push_back(inferenced_samples > 0 ? static_cast<float>(metric_totals_[k] / inferenced_samples) : 0.0f);
  }
  return out;
}

void Net::train_batch(const vtensor& X, const vtensor& Y, const vind& sind, int eval) {
  check_data(X, Y, eval ? "eval_batch" : "train_batch");
  vind rows = sind;
  if (rows.empty()) {
    rows.resize(static_cast<size_t>(X[0]->shape[0]));
    std::iota(rows.begin(), rows.end(), 0);
  }
  if (replicas != nullptr && !eval) {
    // Data parallel: the replicas train on slices of the batch and keep their scores, which this
    // net's totals add when read (read_score_totals).
    inferenced_samples += replicas->train_batch(X, Y, rows);
    totals_current_ = false;
    ++tr_batches;
    return;
  }
  const bool steps_changed = set_time_steps(X, Y);
  if (static_cast<int>(rows.size()) != batch_size || steps_changed) resize(static_cast<int>(rows.size()));
  setmode(eval ? TSMODE : TRMODE);
  copy_batch_in(X, Y, rows);
  if (eval) {
    eval_replay->run_step(*this, [this] { run_eval_step(); });
  } else {
    step_replay->run_step(*this, [this] { run_train_step(); });
  }
}

void Net::run_eval_step() {
  feed_decoder_inputs();
  forward();
  compute_loss_and_delta(false);
}

void Net::count_replayed_evaluation() {
  // Keep in step with the host-side lines of compute_loss_and_delta.
  inferenced_samples += batch_size;
  totals_current_ = false;
}

void Net::run_train_step() {
  feed_decoder_inputs();
  zeroGrads();
  forward();
  compute_loss_and_delta(true);
  do_backward();
  update();
}

void Net::count_replayed_step() {
  // Keep in step with the host-side lines of compute_loss_and_delta and update.
  count_replayed_evaluation();
  optimizer->count_replayed_step();
  ++tr_batches;
}

std::string Net::progress_line(int batch, int num_batches, double seconds_per_batch, double eta_seconds) const {
  std::vector<eddl::net::OutputScores> outputs;
  if (inferenced_samples > 0) read_score_totals();
  for (size_t k = 0; k < lout.size(); ++k) {
    eddl::net::OutputScores s;
    s.layer = lout[k]->name;
    if (k < losses.size() && losses[k]->name != "none") {
      s.has_loss = true;
      s.loss = inferenced_samples > 0 ? loss_totals_[k] / inferenced_samples : 0.0;
    }
    if (k < metrics.size() && metrics[k]->name != "none") {
      s.metric_name = metrics[k]->name;
      s.metric = inferenced_samples > 0 ? metric_totals_[k] / inferenced_samples : 0.0;
    }
    outputs.push_back(s);
  }
  return eddl::net::format_progress(batch, num_batches, outputs, seconds_per_batch, eta_seconds);
}

void Net::print_loss(int batch) {
  const std::string line = progress_line(batch, 0, -1.0, -1.0);
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

void Net::fit(const vtensor& tin, const vtensor& tout, int batch, int epochs) {
  check_data(tin, tout, "fit");
  EDDL_CHECK(!tout.empty(), "fit: targets are required");
  EDDL_CHECK(batch > 0, "fit: batch size must be positive, got " << batch);
  EDDL_CHECK(epochs >= 0, "fit: epochs must be >= 0, got " << epochs);
  const int n = tin[0]->shape[0];
  EDDL_CHECK(n > 0, "fit: no samples");
  const int full_batches = n / batch;
  const int last = n % batch;
  const int num_batches = full_batches + (last > 0 ? 1 : 0);
  eddl::net::Progress progress(verbosity_level);
  progress.header(std::to_string(epochs) + " epochs of " + std::to_string(num_batches) + " batches of size " +
                  std::to_string(batch) + (last > 0 ? " (last " + std::to_string(last) + ")" : ""));
  std::mt19937_64 shuffle_engine(seed);
  std::vector<int> order(static_cast<size_t>(n));
  setmode(TRMODE);
  for (int epoch = 0; epoch < epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), shuffle_engine);
    reset_loss();
    progress.epoch(epoch + 1, epochs);
    const auto t0 = Clock::now();
    for (int b = 0; b < num_batches; ++b) {
      const int size = b < full_batches ? batch : last;
      vind rows(order.begin() + static_cast<long>(b) * batch, order.begin() + static_cast<long>(b) * batch + size);
      train_batch(tin, tout, rows, 0);
      const double elapsed = seconds_since(t0);
      const double per_batch = elapsed / (b + 1);
      progress.batch(b + 1, num_batches, [&] { return progress_line(b + 1, num_batches, per_batch, per_batch * (num_batches - b - 1)); });
    }
    if (replicas != nullptr) replicas->catch_up();  // the epoch ends with the replicas' average
    progress.end_epoch(seconds_since(t0));
  }
  if (batch_size != batch) resize(batch);
}

void Net::evaluate(const vtensor& tin, const vtensor& tout, int bs) {
  check_data(tin, tout, "evaluate");
  EDDL_CHECK(!tout.empty(), "evaluate: targets are required");
  if (replicas != nullptr) replicas->catch_up();  // evaluate the replicas' latest average
  if (bs <= 0) bs = batch_size > 1 ? batch_size : 10;
  const int n = tin[0]->shape[0];
  const int num_batches = (n + bs - 1) / bs;
  eddl::net::Progress progress(verbosity_level);
  progress.header("Evaluate with batch size " + std::to_string(bs));
  const int previous_mode = trmode;
  reset_loss();
  const auto t0 = Clock::now();
  for (int b = 0; b < num_batches; ++b) {
    const int begin = b * bs;
    const int size = std::min(bs, n - begin);
    vind rows(static_cast<size_t>(size));
    std::iota(rows.begin(), rows.end(), begin);
    train_batch(tin, tout, rows, 1);
    const double per_batch = seconds_since(t0) / (b + 1);
    progress.batch(b + 1, num_batches, [&] { return progress_line(b + 1, num_batches, per_batch, per_batch * (num_batches - b - 1)); });
  }
  progress.end_evaluate();
  setmode(previous_mode);
}

vtensor Net::new_predictions(int n) const {
  vtensor outputs;
  for (Layer* out : lout) {
    std::vector<int> shape{n};
    shape.insert(shape.end(), out->output->shape.begin() + 1, out->output->shape.end());
    outputs.push_back(new Tensor(shape, DEV_CPU));
  }
  return outputs;
}

void Net::store_predictions(vtensor& outputs, int begin) const {
  for (size_t k = 0; k < lout.size(); ++k) {
    std::vector<int> start(static_cast<size_t>(outputs[k]->ndim), 0);
    start[0] = begin;
    if (lout[k]->output->device == outputs[k]->device) {
      eddl::ops::copy_block_into(*lout[k]->output, start, *outputs[k]);
    } else {
      Tensor host(lout[k]->output->shape, DEV_CPU);
      eddl::ops::copy(*lout[k]->output, host);
      eddl::ops::copy_block_into(host, start, *outputs[k]);
    }
  }
}

vtensor Net::predict(const vtensor& tin) {
  EDDL_CHECK(isbuild, "predict: model " << name << " is not built");
  EDDL_CHECK(tin.size() == lin.size(), "predict: " << tin.size() << " tensors for " << lin.size() << " inputs");
  EDDL_CHECK(din.empty() || decoder_steps_ > 0,
             "predict: model " << name << " feeds its decoder input '" << din[0]->name
                               << "' from the targets, so the decoder length is unknown until fit, evaluate or "
                                  "train_batch has seen targets");
  if (replicas != nullptr) replicas->catch_up();  // predict with the replicas' latest average
  const int n = tin[0]->shape[0];
  const int chunk = batch_size > 1 ? batch_size : 100;
  const int previous_mode = trmode;
  setmode(TSMODE);
  if (set_time_steps(tin)) resize(batch_size);
  vtensor outputs = new_predictions(n);
  for (int begin = 0; begin < n; begin += chunk) {
    const int size = std::min(chunk, n - begin);
    vind rows(static_cast<size_t>(size));
    std::iota(rows.begin(), rows.end(), begin);
    if (din.empty()) {
      if (size != batch_size) resize(size);
      copy_batch_in(tin, {}, rows);
      predict_replay->run_step(*this, [this] { forward(); });
    } else {
      decode_greedily(tin, rows);
    }
    store_predictions(outputs, begin);
  }
  setmode(previous_mode);
  return outputs;
}
