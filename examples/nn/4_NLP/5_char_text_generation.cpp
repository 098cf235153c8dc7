// SPDX-License-Identifier: MIT
// 5_char_text_generation: a character-level language model written as a decoder (Embedding + LSTM
// + Dense + Softmax, setDecoder so the LSTM returns every step), trained with teacher forcing on
// the GNU GPL-3 text Debian ships, then sampling new text one character at a time from a seed.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "../example_args.h"

using namespace eddl;

namespace {

constexpr int kWindow = 48;  // characters per training sequence
constexpr int kStride = 3;   // between window starts
constexpr const char* kText = "/usr/share/common-licenses/GPL-3";

// Lower case, the characters below only, runs of whitespace as one space: a small alphabet keeps
// the output layer cheap and the samples readable.
std::string normalised_text(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path + " (Debian's base-files ships it)");
  const std::string keep = "abcdefghijklmnopqrstuvwxyz0123456789 .,;:'\"()-/";
  std::string text;
  char c;
  while (f.get(c)) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::isspace(static_cast<unsigned char>(l))) l = ' ';
    if (keep.find(l) == std::string::npos) continue;
    if (l == ' ' && (text.empty() || text.back() == ' ')) continue;
    text += l;
  }
  return text;
}

int sample_from(const float* p, int n, float temperature, std::mt19937& rng) {
  std::vector<double> w(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) w[static_cast<size_t>(i)] = std::pow(std::max(p[i], 1e-9f), 1.0f / temperature);
  std::discrete_distribution<int> pick(w.begin(), w.end());
  return pick(rng);
}

}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 10, 64);
  const std::string text = normalised_text(kText);
  std::string alphabet = text;
  std::sort(alphabet.begin(), alphabet.end());
  alphabet.erase(std::unique(alphabet.begin(), alphabet.end()), alphabet.end());
  const int V = static_cast<int>(alphabet.size());
  auto index_of = [&](char c) { return static_cast<int>(alphabet.find(c)); };

  // Input: characters 0..kWindow-1 of a window, target: characters 1..kWindow (one-hot).
  int n = static_cast<int>((text.size() - kWindow - 1) / kStride);
  if (args.samples > 0) n = std::min(n, args.samples);
  std::vector<float> xs(static_cast<size_t>(n) * kWindow), ys(static_cast<size_t>(n) * kWindow * V, 0.0f);
  for (int s = 0; s < n; ++s) {
    for (int t = 0; t < kWindow; ++t) {
      const size_t at = static_cast<size_t>(s) * kStride + static_cast<size_t>(t);
      xs[static_cast<size_t>(s * kWindow + t)] = static_cast<float>(index_of(text[at]));
      ys[(static_cast<size_t>(s) * kWindow + static_cast<size_t>(t)) * V + static_cast<size_t>(index_of(text[at + 1]))] = 1.0f;
    }
  }
  Tensor* x = new Tensor(xs, {n, kWindow, 1});
  Tensor* y = new Tensor(ys, {n, kWindow, V});
  std::cout << kText << ": " << text.size() << " characters, alphabet of " << V << ", " << n << " windows of "
            << kWindow << "\n";

  layer in = Input({1});  // one character index per step
  layer l = Embedding(in, V, 1, 32);
  l = LSTM(l, 256);
  layer out = Softmax(Dense(l, V));
  setDecoder(in);  // every step predicts the next character
  model net = Model({in}, {out});
  build(net, adam(0.003f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);
  fit(net, {x}, {y}, args.batch, args.epochs);
  evaluate(net, {x}, {y}, args.batch);
  std::cout << "next-character accuracy on the training windows: " << get_metrics(net)[0]
            << ", loss " << get_losses(net)[0] << "\n";

  // Sampling: the model reads the last kWindow characters and draws the next from its last step.
  std::mt19937 rng(7);
  std::string generated = "this program is free software";
  const int length = args.testing ? 20 : 300;
  for (int i = 0; i < length; ++i) {
    const std::string context = generated.substr(generated.size() > kWindow ? generated.size() - kWindow : 0);
    const int T = static_cast<int>(context.size());
    std::vector<float> ids;
    for (char c : context) ids.push_back(static_cast<float>(index_of(c)));
    Tensor seed(ids, {1, T, 1});
    std::vector<Tensor*> p = predict(net, {&seed});
    generated += alphabet[static_cast<size_t>(sample_from(p[0]->ptr + static_cast<size_t>(T - 1) * V, V, 0.6f, rng))];
    for (Tensor* t : p) delete t;
  }
  std::cout << "sampled text:\n" << generated << "\n";
  delete x;
  delete y;
  delete net;
  return EXIT_SUCCESS;
}
