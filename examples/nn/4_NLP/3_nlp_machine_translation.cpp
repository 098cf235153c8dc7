// SPDX-License-Identifier: MIT
// 3_nlp_machine_translation: EDDL's sequence-to-sequence model (an encoder LSTM over the source
// words, GetStates, and a decoder Input + ReduceArgMax + Embedding + LSTM marked with setDecoder and
// left out of Model's inputs: the Net feeds it the targets one step late while training and its own
// outputs when predicting). EDDL's example translates EuTrans sentences, which cannot be fetched
// here; the same network "translates" the words of the GNU GPL-3 that Debian ships into their
// mirror spelling ("license" -> "esnecil"), which needs the encoder's whole state.
#include <algorithm>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../example_args.h"
#include "text_words.h"

using namespace eddl;

namespace {

constexpr int kMaxLetters = 8;               // source words of 2..8 letters
constexpr int kTargetSteps = kMaxLetters + 1;  // the mirrored word, then "end"
constexpr int kVocabulary = 27;              // 0: padding (source) and end (target), 1..26: a..z
constexpr const char* kText = "/usr/share/common-licenses/GPL-3";

// The distinct words of 2..kMaxLetters letters, in a seeded random order.
std::vector<std::string> short_words(const std::string& path) {
  std::set<std::string> unique;
  for (const std::string& w : example::words_of(path)) {
    if (w.size() >= 2 && w.size() <= kMaxLetters) unique.insert(w);
  }
  std::vector<std::string> words(unique.begin(), unique.end());
  std::shuffle(words.begin(), words.end(), std::mt19937(3));
  return words;
}

// Source: letter indices padded with 0 at the end (mask_zeros skips them); target: the mirrored
// word then "end" (class 0) to the last step, one-hot.
void encode(const std::vector<std::string>& words, Tensor** x, Tensor** y) {
  const int n = static_cast<int>(words.size());
  std::vector<float> xs(static_cast<size_t>(n) * kMaxLetters, 0.0f);
  std::vector<float> ys(static_cast<size_t>(n) * kTargetSteps * kVocabulary, 0.0f);
  for (int s = 0; s < n; ++s) {
    const std::string& w = words[static_cast<size_t>(s)];
    for (size_t t = 0; t < w.size(); ++t) xs[static_cast<size_t>(s) * kMaxLetters + t] = static_cast<float>(w[t] - 'a' + 1);
    for (int t = 0; t < kTargetSteps; ++t) {
      const int symbol = t < static_cast<int>(w.size()) ? w[w.size() - 1 - static_cast<size_t>(t)] - 'a' + 1 : 0;
      ys[(static_cast<size_t>(s) * kTargetSteps + static_cast<size_t>(t)) * kVocabulary + static_cast<size_t>(symbol)] = 1.0f;
    }
  }
  *x = new Tensor(xs, {n, kMaxLetters, 1});
  *y = new Tensor(ys, {n, kTargetSteps, kVocabulary});
}

std::string decoded(const Tensor& p, int sample) {
  std::string out;
  for (int t = 0; t < kTargetSteps; ++t) {
    const float* row = p.ptr + (static_cast<size_t>(sample) * kTargetSteps + static_cast<size_t>(t)) * kVocabulary;
    const int symbol = static_cast<int>(std::max_element(row, row + kVocabulary) - row);
    if (symbol == 0) break;
    out += static_cast<char>('a' + symbol - 1);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 80, 32);
  std::vector<std::string> words = short_words(kText);
  if (args.samples > 0 && static_cast<int>(words.size()) > args.samples) words.resize(static_cast<size_t>(args.samples));
  const size_t held_out = std::max<size_t>(1, words.size() / 8);
  const std::vector<std::string> test_words(words.end() - static_cast<long>(held_out), words.end());
  const std::vector<std::string> train_words(words.begin(), words.end() - static_cast<long>(held_out));
  Tensor *x, *y, *x_test, *y_test;
  encode(train_words, &x, &y);
  encode(test_words, &x_test, &y_test);
  std::cout << kText << ": " << train_words.size() << " words to train on, " << test_words.size()
            << " held out (2 to " << kMaxLetters << " letters)\n";

  // Encoder
  layer in = Input({1});
  layer l = Embedding(in, kVocabulary, 1, 32, true);
  layer enc = LSTM(l, 128, true);
  layer cps = GetStates(enc);

  // Decoder: fed by the Net (not a model input), as in EDDL.
  layer ldin = Input({kVocabulary});
  layer ld = ReduceArgMax(ldin, {0});
  ld = Embedding(ld, kVocabulary, 1, 32);
  l = LSTM({ld, cps}, 128);
  layer out = Softmax(Dense(l, kVocabulary));
  setDecoder(ldin);

  model net = Model({in}, {out});
  build(net, adam(0.003f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);
  fit(net, {x}, {y}, args.batch, args.epochs);

  evaluate(net, {x_test}, {y_test}, args.batch);
  std::cout << "held-out words, per-letter accuracy with teacher forcing: " << get_metrics(net)[0] << "\n";
  // predict has no targets: the decoder reads back its own outputs, one step at a time.
  std::vector<Tensor*> p = predict(net, {x_test});
  int right = 0;
  for (size_t i = 0; i < test_words.size(); ++i) {
    const std::string mirrored(test_words[i].rbegin(), test_words[i].rend());
    right += decoded(*p[0], static_cast<int>(i)) == mirrored;
  }
  std::cout << "held-out words mirrored exactly by greedy decoding: " << right << " of " << test_words.size() << " ("
            << 100.0 * right / static_cast<double>(test_words.size()) << "%)\n";
  for (size_t i = 0; i < std::min<size_t>(8, test_words.size()); ++i) {
    std::cout << "  " << test_words[i] << " -> " << decoded(*p[0], static_cast<int>(i)) << "\n";
  }
  for (Tensor* t : p) delete t;
  for (Tensor* t : {x, y, x_test, y_test}) delete t;
  delete net;
  return EXIT_SUCCESS;
}
