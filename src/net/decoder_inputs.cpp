// SPDX-License-Identifier: MIT
// Decoder inputs of seq2seq models, as EDDL feeds them: an Input marked with setDecoder that is not
// among the model's inputs reads, at step t, the target of step t-1 of the output it mirrors (zeros
// at step 0: teacher forcing) in fit, evaluate and train_batch. predict has no targets, so it runs
// the decoder greedily: step t reads the net's own output of step t-1, one pass per step.
#include <memory>

#include "eddl/net/net.h"
#include "hardware/check.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

// din3 [B, T, F] = [zeros, src3[:, 0], ..., src3[:, T-2]]; src3 [B, S, F] with S >= T-1, on any device.
void shift_into(const Tensor& src3, Tensor& din3) {
  const int B = din3.shape[0], T = din3.shape[1], F = din3.shape[2];
  eddl::ops::fill_block(din3, {0, 0, 0}, {B, 1, F}, 0.0f);
  if (T < 2) return;
  Tensor earlier({B, T - 1, F}, src3.device);
  eddl::ops::copy_block_from(src3, {0, 0, 0}, earlier);
  if (earlier.device == din3.device) {
    eddl::ops::copy_block_into(earlier, {0, 1, 0}, din3);
  } else {
    Tensor moved({B, T - 1, F}, din3.device);
    eddl::ops::copy(earlier, moved);
    eddl::ops::copy_block_into(moved, {0, 1, 0}, din3);
  }
}

}  // namespace

void Net::pair_decoder_inputs() {
  din_output_.clear();
  for (size_t j = 0; j < din.size(); ++j) {
    // The output at the same position when its shape fits (EDDL's order), else the first that fits.
    const std::vector<int> shape = din[j]->getShape();
    size_t k = lout.size();
    if (j < lout.size() && lout[j]->getShape() == shape) {
      k = j;
    } else {
      for (size_t o = 0; o < lout.size() && k == lout.size(); ++o) {
        if (lout[o]->getShape() == shape) k = o;
      }
    }
    EDDL_CHECK(k < lout.size(), "build " << name << ": decoder input '" << din[j]->name << "' of shape "
                                         << eddl::shape::to_string(shape)
                                         << " is fed from the targets of an output of the same shape, and no output "
                                            "has it; make it a model input and feed it yourself");
    din_output_.push_back(k);
  }
}

void Net::feed_decoder_inputs() {
  for (size_t j = 0; j < din.size(); ++j) {
    Layer* d = din[j];
    const Tensor* y = targets_[din_output_[j]];
    const int B = d->output->shape[0];
    const int F = static_cast<int>(eddl::shape::checked_numel(d->getShape()));
    const int T = static_cast<int>(d->output->size / (static_cast<size_t>(B) * static_cast<size_t>(F)));
    EDDL_CHECK(y->size == d->output->size,
               name << ": decoder input '" << d->name << "' has " << T << " steps but the targets of '"
                    << lout[din_output_[j]]->name << "' " << eddl::shape::to_string(y->shape) << " do not");
    const Tensor y3({B, T, F}, const_cast<Tensor*>(y));
    Tensor d3({B, T, F}, d->output);
    shift_into(y3, d3);
  }
}

void Net::decode_greedily(const vtensor& tin, const vind& rows) {
  const int steps = decoder_steps_;
  const int size = static_cast<int>(rows.size());
  // Step t's pass sees the outputs of the pass before (t-1 steps); recurrent layers are causal, so
  // its first t-1 outputs repeat those and only step t-1 is new.
  std::vector<std::unique_ptr<Tensor>> previous(lout.size());
  for (int t = 1; t <= steps; ++t) {
    decoder_steps_ = t;
    if (set_time_steps(tin) || size != batch_size) resize(size);
    copy_batch_in(tin, {}, rows);
    for (size_t j = 0; j < din.size(); ++j) {
      Layer* d = din[j];
      const int F = static_cast<int>(eddl::shape::checked_numel(d->getShape()));
      Tensor d3({size, t, F}, d->output);
      if (t == 1) {
        eddl::ops::fill(d3, 0.0f);
      } else {
        const Tensor& before = *previous[din_output_[j]];
        shift_into(Tensor({size, t - 1, F}, const_cast<Tensor*>(&before)), d3);
      }
    }
    forward();
    if (t == steps) break;  // the outputs stay in the output layers for predict to collect
    for (size_t k = 0; k < lout.size(); ++k) {
      previous[k] = std::make_unique<Tensor>(lout[k]->output->shape, lout[k]->output->device);
      eddl::ops::copy(*lout[k]->output, *previous[k]);
    }
  }
  decoder_steps_ = steps;
}
