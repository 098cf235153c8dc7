// SPDX-License-Identifier: MIT
// Parity cases of the recurrent kernels (RNN, LSTM, GRU steps and backward through time) and the
// embedding lookup: batch 1 and odd sizes, one step and several, with and without a mask, units
// that are not multiples of a vector width, and the LSTM's optional final-cell gradient.
#include <algorithm>
#include <cmath>
#include <string>

#include "kernel_cases.h"

namespace eddl::hw::test {

namespace {

using Shape = std::vector<int64_t>;

// Float recurrences against double ones: errors grow a little with every step.
constexpr Tolerance kRecurrent{2e-4f, 2e-5f};
constexpr Init kGate{0.05f, 0.95f};
constexpr Init kMask{0.0f, 1.0f, 1.0f};  // 0 or 1: masked steps occur

struct Geometry {
  int64_t batch, steps, units;
};
// {11, 6, 24}: enough rows that the fast kernels split the batch between threads (5 + 6).
// {64, 9, 100}: 6400 (row, unit) pairs, so the GPU's step kernels span 25 blocks of 256 threads and
// its per-step GEMMs read the previous state with the sequence's row stride.
const Geometry kGeometries[] = {{1, 1, 3}, {3, 5, 17}, {4, 7, 32}, {2, 28, 20}, {11, 6, 24}, {64, 9, 100}};

std::string name_of(const Geometry& g, bool masked, const std::string& extra = "") {
  return "b" + std::to_string(g.batch) + " t" + std::to_string(g.steps) + " u" + std::to_string(g.units) +
         (masked ? " masked" : "") + extra;
}

RecurrentParams params_of(const Geometry& g) {
  RecurrentParams p;
  p.batch = g.batch;
  p.steps = g.steps;
  p.units = g.units;
  return p;
}

// Recurrent weights scaled down so that long sequences neither saturate nor explode: uniform in
// [-a, a] has spectral radius about a sqrt(units / 3), kept near 1 (a = 0.3 up to 32 units).
View weights(CaseRunner& r, int64_t units, int64_t cols) {
  const float bound = std::min(0.3f, 1.7f / std::sqrt(static_cast<float>(units)));
  return r.input({units, cols}, {-bound, bound});
}

View mask_or_empty(CaseRunner& r, const Geometry& g, bool masked) {
  return masked ? r.input({g.batch, g.steps}, kMask) : View{};
}

void add_rnn(std::vector<KernelCase>& cases, const Geometry& g, bool masked) {
  const std::pair<UnaryOp, const char*> activations[] = {
      {UnaryOp::tanh, " tanh"}, {UnaryOp::relu, " relu"}, {UnaryOp::sigmoid, " sigmoid"}, {UnaryOp::identity, " none"}};
  for (const auto& [op, label] : activations) {
    RecurrentParams p = params_of(g);
    p.activation = op;
    const int64_t B = g.batch, T = g.steps, U = g.units;
    cases.push_back({KernelId::rnn_forward, name_of(g, masked, label), kRecurrent, [=](CaseRunner& r) {
                       const View xw = r.input({B, T, U});
                       const View wh = weights(r, U, U);
                       const View h0 = r.input({B, U});
                       const View mask = mask_or_empty(r, g, masked);
                       r.call<KernelId::rnn_forward>(p, xw, wh, h0, mask, r.output({B, T, U}, "h"));
                     }});
    cases.push_back({KernelId::rnn_backward, name_of(g, masked, label), kRecurrent, [=](CaseRunner& r) {
                       const View wh = weights(r, U, U);
                       const View h0 = r.input({B, U});
                       const View mask = mask_or_empty(r, g, masked);
                       const View h = r.input({B, T, U}, {0.05f, 0.95f});
                       const View dh = r.input({B, T, U});
                       r.call<KernelId::rnn_backward>(p, wh, h0, mask, h, dh, r.output({B, T, U}, "dpre"),
                                                      r.output({B, U}, "dh0"));
                     }});
  }
}

void add_lstm(std::vector<KernelCase>& cases, const Geometry& g, bool masked) {
  const RecurrentParams p = params_of(g);
  const int64_t B = g.batch, T = g.steps, U = g.units;
  cases.push_back({KernelId::lstm_forward, name_of(g, masked), kRecurrent, [=](CaseRunner& r) {
                     const View xw = r.input({B, T, 4 * U});
                     const View wh = weights(r, U, 4 * U);
                     const View h0 = r.input({B, U});
                     const View c0 = r.input({B, U});
                     const View mask = mask_or_empty(r, g, masked);
                     r.call<KernelId::lstm_forward>(p, xw, wh, h0, c0, mask, r.output({B, T, U}, "h"),
                                                    r.output({B, T, U}, "c"), r.output({B, T, 4 * U}, "gates"));
                   }});
  for (bool with_dc : {false, true}) {
    cases.push_back({KernelId::lstm_backward, name_of(g, masked, with_dc ? " dc_last" : ""), kRecurrent,
                     [=](CaseRunner& r) {
                       const View wh = weights(r, U, 4 * U);
                       const View h0 = r.input({B, U});
                       const View c0 = r.input({B, U});
                       const View mask = mask_or_empty(r, g, masked);
                       const View c = r.input({B, T, U});
                       const View gates = r.input({B, T, 4 * U}, kGate);
                       const View dh = r.input({B, T, U});
                       const View dc_last = with_dc ? r.input({B, U}) : View{};
                       r.call<KernelId::lstm_backward>(p, wh, h0, c0, mask, c, gates, dh, dc_last,
                                                       r.output({B, T, 4 * U}, "dgates"), r.output({B, U}, "dh0"),
                                                       r.output({B, U}, "dc0"));
                     }});
  }
}

void add_gru(std::vector<KernelCase>& cases, const Geometry& g, bool masked) {
  const RecurrentParams p = params_of(g);
  const int64_t B = g.batch, T = g.steps, U = g.units;
  for (bool with_bias : {false, true}) {
    cases.push_back({KernelId::gru_forward, name_of(g, masked, with_bias ? " bias_nh" : ""), kRecurrent,
                     [=](CaseRunner& r) {
                       const View xw = r.input({B, T, 3 * U});
                       const View wh = weights(r, U, 3 * U);
                       const View bias_nh = with_bias ? r.input({U}) : View{};
                       const View h0 = r.input({B, U});
                       const View mask = mask_or_empty(r, g, masked);
                       r.call<KernelId::gru_forward>(p, xw, wh, bias_nh, h0, mask, r.output({B, T, U}, "h"),
                                                     r.output({B, T, 4 * U}, "gates"));
                     }});
  }
  cases.push_back({KernelId::gru_backward, name_of(g, masked), kRecurrent, [=](CaseRunner& r) {
                     const View wh = weights(r, U, 3 * U);
                     const View h0 = r.input({B, U});
                     const View mask = mask_or_empty(r, g, masked);
                     const View h = r.input({B, T, U});
                     const View gates = r.input({B, T, 4 * U}, kGate);
                     const View dh = r.input({B, T, U});
                     r.call<KernelId::gru_backward>(p, wh, h0, mask, h, gates, dh, r.output({B, T, 3 * U}, "dxw"),
                                                    r.output({B, T, 3 * U}, "dhw"), r.output({B, U}, "dh0"));
                   }});
}

void add_embedding(std::vector<KernelCase>& cases) {
  struct Size {
    int64_t rows, vocabulary, dim;
  };
  for (const Size& s : {Size{1, 2, 1}, Size{37, 11, 8}, Size{250, 2000, 33}}) {
    for (bool mask_zeros : {false, true}) {
      EmbeddingParams p;
      p.rows = s.rows;
      p.vocabulary = s.vocabulary;
      p.dim = s.dim;
      p.mask_zeros = mask_zeros;
      const std::string name = "rows" + std::to_string(s.rows) + " voc" + std::to_string(s.vocabulary) + " dim" +
                               std::to_string(s.dim) + (mask_zeros ? " mask_zeros" : "");
      const Init index{0.0f, static_cast<float>(s.vocabulary - 1), 1.0f};
      cases.push_back({KernelId::embedding_forward, name, kExact, [=](CaseRunner& r) {
                         const View indices = r.input({s.rows}, index);
                         const View table = r.input({s.vocabulary, s.dim});
                         r.call<KernelId::embedding_forward>(p, indices, table, r.output({s.rows, s.dim}, "y"));
                       }});
      cases.push_back({KernelId::embedding_backward, name, Tolerance{1e-6f, 1e-6f}, [=](CaseRunner& r) {
                         const View indices = r.input({s.rows}, index);
                         const View dy = r.input({s.rows, s.dim});
                         r.call<KernelId::embedding_backward>(p, indices, dy, r.output({s.vocabulary, s.dim}, "dtable"));
                       }});
    }
  }
}

}  // namespace

void add_recurrent_cases(std::vector<KernelCase>& cases) {
  for (const Geometry& g : kGeometries) {
    for (bool masked : {false, true}) {
      add_rnn(cases, g, masked);
      add_lstm(cases, g, masked);
      add_gru(cases, g, masked);
    }
  }
  add_embedding(cases);
}

}  // namespace eddl::hw::test
