// SPDX-License-Identifier: MIT
// Recurrent layers: one LSTM/GRU/RNN step against values computed by hand from the equations,
// finite-difference gradients through several steps (inputs, every weight, initial states), the
// masking of all-zero steps, Embedding lookups, and the errors of unsupported options.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "eddl/apis/eddl.h"
#include "support/gradient_check.h"
#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl {

namespace {

void set(Tensor* t, const std::vector<float>& v) {
  Tensor host(t->shape, const_cast<float*>(v.data()), DEV_CPU);
  ops::copy(host, *t);
}

double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Marks an Input as carrying `steps` time steps and sizes it (what Net::build/resize do).
void as_sequence(Layer* in, int batch, int steps) {
  in->time_distributed = true;
  in->time_steps = steps;
  in->resize(batch);
}

}  // namespace

TEST(LSTM, OneStepMatchesHandComputedValues) {
  layer in = Input({1});
  layer st = States({2, 1});
  auto* lstm = static_cast<LLSTM*>(LSTM({in, st}, 1));
  as_sequence(in, 1, 1);
  st->resize(1);
  lstm->resize(1);
  set(in->output, {1.0f});
  set(st->output, {0.5f, -0.25f});  // h0, c0
  const float wx[4] = {0.5f, -0.5f, 1.0f, 2.0f}, wh[4] = {0.3f, -0.2f, 0.1f, 0.4f}, b[4] = {0.1f, 0.2f, 0.3f, -0.1f};
  for (int g = 0; g < 4; ++g) {
    set(lstm->params[static_cast<size_t>(g)], {wx[g]});
    set(lstm->params[static_cast<size_t>(4 + g)], {wh[g]});
    set(lstm->params[static_cast<size_t>(8 + g)], {b[g]});
  }
  lstm->forward();
  const double i = sig(0.5 + 0.5 * 0.3 + 0.1), f = sig(-0.5 + 0.5 * -0.2 + 0.2), o = sig(1.0 + 0.5 * 0.1 + 0.3);
  const double g = std::tanh(2.0 + 0.5 * 0.4 - 0.1);
  const double c = f * -0.25 + i * g;
  const double h = o * std::tanh(c);
  EXPECT_TRUE(test::all_close(*lstm->output, {static_cast<float>(h)}, 1e-5f, 1e-6f));
  delete lstm;
  delete st;
  delete in;
}

TEST(GRU, OneStepMatchesHandComputedValues) {
  layer in = Input({1});
  layer st = States({1, 1});
  auto* gru = static_cast<LGRU*>(GRU({in, st}, 1));
  as_sequence(in, 1, 1);
  st->resize(1);
  gru->resize(1);
  set(in->output, {2.0f});
  set(st->output, {0.4f});
  const float wx[3] = {0.5f, -0.5f, 0.25f}, uh[3] = {0.3f, -0.2f, 0.6f}, b[4] = {0.1f, 0.2f, -0.3f, 0.05f};
  for (int k = 0; k < 3; ++k) {
    set(gru->params[static_cast<size_t>(k)], {wx[k]});
    set(gru->params[static_cast<size_t>(3 + k)], {uh[k]});
  }
  for (int k = 0; k < 4; ++k) set(gru->params[static_cast<size_t>(6 + k)], {b[k]});
  gru->forward();
  const double hp = 0.4;
  const double z = sig(2 * 0.5 + hp * 0.3 + 0.1), r = sig(2 * -0.5 + hp * -0.2 + 0.2);
  const double n = std::tanh(2 * 0.25 - 0.3 + r * (hp * 0.6 + 0.05));
  EXPECT_TRUE(test::all_close(*gru->output, {static_cast<float>((1 - z) * n + z * hp)}, 1e-5f, 1e-6f));
  delete gru;
  delete st;
  delete in;
}

TEST(RNN, TwoStepsMatchHandComputedValues) {
  layer in = Input({1});
  auto* rnn = static_cast<LRNN*>(RNN(in, 1, "tanh"));
  as_sequence(in, 1, 2);
  rnn->resize(1);
  set(in->output, {1.0f, -2.0f});
  set(rnn->Wx, {0.7f});
  set(rnn->Wy, {0.5f});
  set(rnn->bias, {0.1f});
  rnn->forward();
  const double h1 = std::tanh(0.7 + 0.1);
  const double h2 = std::tanh(-1.4 + 0.5 * h1 + 0.1);
  EXPECT_TRUE(test::all_close(*rnn->output, {static_cast<float>(h2)}, 1e-5f, 1e-6f));
  delete rnn;
  delete in;
}

// Gradients through 4 steps, for the last output and for the whole sequence, with initial states.
// `width` is the states' width: units, or 2 * units for a bidirectional layer.
template <class Make>
void check_recurrent_gradients(const char* what, int num_states, Make make, int width = 5) {
  for (bool sequence : {false, true}) {
    for (bool with_states : {false, true}) {
      layer in = Input({3});
      layer st = with_states ? States({num_states, width}) : nullptr;
      Layer* l = make(with_states ? vlayer{in, st} : vlayer{in});
      as_sequence(in, 2, 4);
      if (st) st->resize(2);
      l->time_distributed = sequence;
      l->time_steps = 4;
      l->initialize();
      test::GradientCheckOptions o;
      o.eps = 5e-3f;
      const auto report = test::gradient_check(with_states ? vlayer{in, st} : vlayer{in}, l, o);
      EXPECT_LT(report.max_error, 1e-2) << what << " sequence " << sequence << " states " << with_states << ": "
                                        << report.worst;
      EXPECT_GT(report.checked, 60);
      delete l;
      delete st;
      delete in;
    }
  }
}

TEST(LSTM, GradientsMatchFiniteDifferencesThroughSteps) {
  check_recurrent_gradients("LSTM", 2, [](const vlayer& p) { return LSTM(p, 5); });
}

TEST(GRU, GradientsMatchFiniteDifferencesThroughSteps) {
  check_recurrent_gradients("GRU", 1, [](const vlayer& p) { return GRU(p, 5); });
}

TEST(LSTM, BidirectionalGradientsMatchFiniteDifferences) {
  check_recurrent_gradients("bidirectional LSTM", 2, [](const vlayer& p) { return LSTM(p, 5, false, true); }, 10);
}

TEST(GRU, BidirectionalGradientsMatchFiniteDifferences) {
  check_recurrent_gradients("bidirectional GRU", 1, [](const vlayer& p) { return GRU(p, 5, false, true); }, 10);
}

TEST(RNN, BidirectionalGradientsMatchFiniteDifferences) {
  check_recurrent_gradients("bidirectional RNN", 1, [](const vlayer& p) {
    return p.size() == 1 ? RNN(p[0], 5, "tanh", true, true) : static_cast<Layer*>(new LRNN(p, 5, "tanh", true, true, ""));
  }, 10);
}

TEST(RNN, GradientsMatchFiniteDifferencesThroughSteps) {
  for (const char* act : {"tanh", "sigmoid", "none"}) {
    check_recurrent_gradients(act, 1, [act](const vlayer& p) {
      return p.size() == 1 ? RNN(p[0], 5, act) : static_cast<Layer*>(new LRNN(p, 5, act, true, false, ""));
    });
  }
}

// mask_zeros: an all-zero step leaves the state unchanged, so [a, b, 0, c, 0] ends like [a, b, c];
// bidirectional layers skip padding in both directions, so [0, a, b, 0, c, 0] does too.
TEST(LSTM, MaskZerosSkipsAllZeroSteps) {
  for (int kind = 0; kind < 4; ++kind) {
    const bool bidirectional = kind >= 2;
    std::vector<float> values = test::random_values(2 * 3 * 4, 11);
    auto run = [&](const std::vector<int>& steps) {
      layer in = Input({4});
      layer l = kind % 2 == 0 ? LSTM(in, 6, true, bidirectional) : GRU(in, 6, true, bidirectional);
      as_sequence(in, 2, static_cast<int>(steps.size()));
      l->resize(2);
      for (size_t k = 0; k < l->params.size(); ++k) {
        set(l->params[k], test::random_values(static_cast<int64_t>(l->params[k]->size), 100 + k, -0.5f, 0.5f));
      }
      std::vector<float> x;
      for (int b = 0; b < 2; ++b) {
        for (int s : steps) {
          for (int j = 0; j < 4; ++j) x.push_back(s < 0 ? 0.0f : values[static_cast<size_t>((b * 3 + s) * 4 + j)]);
        }
      }
      set(in->output, x);
      l->forward();
      std::vector<float> out = l->output->to_std();
      delete l;
      delete in;
      return out;
    };
    const std::vector<float> plain = run({0, 1, 2});
    const std::vector<float> padded = bidirectional ? run({-1, 0, 1, -1, 2, -1}) : run({0, 1, -1, 2, -1});
    EXPECT_TRUE(test::all_close(padded, plain, 1e-5f, 1e-6f, "kind " + std::to_string(kind)));
    EXPECT_LT(test::zero_fraction(plain), 0.1);
  }
}

TEST(Embedding, LooksUpRowsAndMasksIndexZero) {
  layer in = Input({3});
  auto* emb = static_cast<LEmbedding*>(Embedding(in, 4, 3, 2, true));
  EXPECT_EQ(emb->getShape(), (std::vector<int>{3, 2}));
  in->resize(1);
  emb->resize(1);
  set(emb->E, {1, 2, 3, 4, 5, 6, 7, 8});
  set(in->output, {3, 0, 1});
  emb->forward();
  EXPECT_TRUE(test::all_close(*emb->output, {7, 8, 0, 0, 3, 4}, 0, 0));
  emb->zeroGrads();
  emb->mem_delta();
  set(emb->delta, {1, 1, 2, 2, 3, 3});
  emb->backward();
  EXPECT_TRUE(test::all_close(*emb->gE, {0, 0, 3, 3, 0, 0, 1, 1}, 0, 0));
  set(in->output, {4, 0, 1});
  EXPECT_THROW(emb->forward(), ValueError);
  delete emb;
  delete in;
}

TEST(Embedding, LengthOneGivesOneVectorPerStep) {
  layer in = Input({1});
  layer emb = Embedding(in, 10, 1, 7);
  EXPECT_EQ(emb->getShape(), (std::vector<int>{7}));
  EXPECT_EQ(emb->params[0]->shape, (std::vector<int>{10, 7}));
  EXPECT_THROW(Embedding(in, 10, 2, 7), ValueError);
  delete emb;
  delete in;
}

TEST(Recurrent, ParamsFollowEddlsOrderAndShapes) {
  layer in = Input({3});
  layer lstm = LSTM(in, 4);
  ASSERT_EQ(lstm->params.size(), 12u);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(lstm->params[static_cast<size_t>(k)]->shape, (std::vector<int>{3, 4}));
  for (int k = 4; k < 8; ++k) EXPECT_EQ(lstm->params[static_cast<size_t>(k)]->shape, (std::vector<int>{4, 4}));
  for (int k = 8; k < 12; ++k) EXPECT_EQ(lstm->params[static_cast<size_t>(k)]->shape, (std::vector<int>{4}));
  layer gru = GRU(in, 4);
  EXPECT_EQ(gru->params.size(), 10u);
  layer rnn = RNN(in, 4, "relu", false);
  EXPECT_EQ(rnn->params.size(), 2u);
  EXPECT_EQ(lstm->name.rfind("LSTM", 0), 0u);
  // Bidirectional: the reverse direction's copies follow, and the output doubles.
  layer bi = LSTM(in, 4, false, true);
  ASSERT_EQ(bi->params.size(), 24u);
  for (size_t k = 0; k < 12; ++k) EXPECT_EQ(bi->params[k + 12]->shape, bi->params[k]->shape);
  EXPECT_EQ(bi->getShape(), (std::vector<int>{8}));
  EXPECT_EQ(GetStates(bi)->getShape(), (std::vector<int>{2, 8}));
  EXPECT_THROW(RNN(in, 4, "softplus"), ValueError);
  EXPECT_THROW(GetStates(in), ValueError);
  EXPECT_THROW(States({4}), ValueError);
  delete rnn;
  delete gru;
  delete bi->child[0];
  delete bi;
  delete lstm;
  delete in;
}

// A bidirectional layer is a forward layer and a layer reading the reversed sequence, side by side:
// the same parameters in two unidirectional layers give the two halves of its output.
TEST(Recurrent, BidirectionalIsForwardAndReversedConcatenated) {
  const int B = 2, T = 5, F = 3, U = 4;
  const std::vector<float> x = test::random_values(B * T * F, 21);
  std::vector<float> x_rev;
  for (int b = 0; b < B; ++b) {
    for (int t = T - 1; t >= 0; --t) {
      for (int f = 0; f < F; ++f) x_rev.push_back(x[static_cast<size_t>((b * T + t) * F + f)]);
    }
  }
  for (int kind = 0; kind < 3; ++kind) {
    for (bool sequence : {false, true}) {
      auto make = [&](layer in, bool bi) -> Layer* {
        if (kind == 0) return LSTM(in, U, false, bi);
        if (kind == 1) return GRU(in, U, false, bi);
        return RNN(in, U, "tanh", true, bi);
      };
      auto run = [&](bool bi, const std::vector<float>& data, size_t first_param) {
        layer in = Input({F});
        Layer* l = make(in, bi);
        as_sequence(in, B, T);
        l->time_distributed = sequence;
        l->time_steps = T;
        l->resize(B);
        for (size_t k = 0; k < l->params.size(); ++k) {
          // Parameter k of the bidirectional layer and parameter k - first_param of a plain one
          // get the same values.
          const size_t key = bi ? k : k + first_param;
          set(l->params[k], test::random_values(static_cast<int64_t>(l->params[k]->size), 300 + key, -0.5f, 0.5f));
        }
        set(in->output, data);
        l->forward();
        std::vector<float> out = l->output->to_std();
        delete l;
        delete in;
        return out;
      };
      const std::vector<float> both = run(true, x, 0);
      const size_t per_direction = kind == 0 ? 12 : (kind == 1 ? 10 : 3);
      const std::vector<float> fwd = run(false, x, 0);
      std::vector<float> bwd = run(false, x_rev, per_direction);
      const int steps_out = sequence ? T : 1;
      if (sequence) {  // the reverse pass's step t belongs to input step T-1-t
        std::vector<float> reordered(bwd.size());
        for (int b = 0; b < B; ++b) {
          for (int t = 0; t < T; ++t) {
            for (int u = 0; u < U; ++u) {
              reordered[static_cast<size_t>((b * T + t) * U + u)] = bwd[static_cast<size_t>((b * T + T - 1 - t) * U + u)];
            }
          }
        }
        bwd = reordered;
      }
      std::vector<float> expected;
      for (int r = 0; r < B * steps_out; ++r) {
        for (int u = 0; u < U; ++u) expected.push_back(fwd[static_cast<size_t>(r * U + u)]);
        for (int u = 0; u < U; ++u) expected.push_back(bwd[static_cast<size_t>(r * U + u)]);
      }
      EXPECT_TRUE(test::all_close(both, expected, 1e-5f, 1e-6f, "kind " + std::to_string(kind)));
      EXPECT_LT(test::zero_fraction(both), 0.1);
    }
  }
}

}  // namespace eddl
