// SPDX-License-Identifier: MIT
// 2_nlp_sentiment_lstm: EDDL's text classifier, Embedding (index 0 = padding, masked) + LSTM +
// Dense + Sigmoid with binary cross-entropy. With EDDL's IMDB files (imdb_2000_{trX,trY,tsX,tsY}.bin,
// reviews of 250 word indices, vocabulary 2000) in the working directory it classifies sentiment;
// without them it builds a real-text task from two licences Debian ships: windows of 20 words,
// labelled by whether they come from the GPL-3 or the Apache-2.0 licence text.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "../example_args.h"

using namespace eddl;

namespace {

std::vector<std::string> words_of(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path + " (Debian's base-files ships it)");
  std::vector<std::string> words;
  std::string w;
  char c;
  while (f.get(c)) {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      words.push_back(w);
      w.clear();
    }
  }
  return words;
}

// Windows of `length` word indices (1 = unknown word, 2.. = the vocabulary by frequency) with
// label 0/1, split 80/20 after a seeded shuffle.
void licence_windows(int vocabulary, int length, Tensor** xtr, Tensor** ytr, Tensor** xts, Tensor** yts) {
  const std::vector<std::string> texts[2] = {words_of("/usr/share/common-licenses/Apache-2.0"),
                                             words_of("/usr/share/common-licenses/GPL-3")};
  std::map<std::string, int> counts;
  for (const auto& t : texts) {
    for (const auto& w : t) ++counts[w];
  }
  std::vector<std::pair<int, std::string>> by_count;
  for (const auto& [w, n] : counts) by_count.push_back({-n, w});
  std::sort(by_count.begin(), by_count.end());
  std::map<std::string, int> index;
  for (int i = 0; i < vocabulary - 2 && i < static_cast<int>(by_count.size()); ++i) index[by_count[static_cast<size_t>(i)].second] = i + 2;
  std::vector<std::pair<std::vector<float>, float>> samples;
  for (int label = 0; label < 2; ++label) {
    const auto& t = texts[label];
    for (size_t begin = 0; begin + static_cast<size_t>(length) <= t.size(); begin += 5) {
      std::vector<float> ids;
      for (int k = 0; k < length; ++k) {
        const auto it = index.find(t[begin + static_cast<size_t>(k)]);
        ids.push_back(it == index.end() ? 1.0f : static_cast<float>(it->second));
      }
      samples.push_back({ids, static_cast<float>(label)});
    }
  }
  std::mt19937 rng(1234);
  std::shuffle(samples.begin(), samples.end(), rng);
  const int n = static_cast<int>(samples.size()), n_train = n * 8 / 10;
  auto pack = [&](int from, int to, Tensor** x, Tensor** y) {
    std::vector<float> xs, ys;
    for (int i = from; i < to; ++i) {
      xs.insert(xs.end(), samples[static_cast<size_t>(i)].first.begin(), samples[static_cast<size_t>(i)].first.end());
      ys.push_back(samples[static_cast<size_t>(i)].second);
    }
    *x = new Tensor(xs, {to - from, length, 1});
    *y = new Tensor(ys, {to - from, 1, 1});
  };
  pack(0, n_train, xtr, ytr);
  pack(n_train, n, xts, yts);
  std::cout << "licence windows: " << n_train << " train, " << n - n_train << " test, " << length << " words each\n";
}

}  // namespace

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 10, 32);
  const bool imdb = exist("imdb_2000_trX.bin") && exist("imdb_2000_trY.bin") && exist("imdb_2000_tsX.bin") &&
                    exist("imdb_2000_tsY.bin");
  const int vocabulary = imdb ? 2000 : 1000;
  const int embedding = 32;

  Tensor *x_train, *y_train, *x_test, *y_test;
  if (imdb) {
    x_train = Tensor::load("imdb_2000_trX.bin");
    y_train = Tensor::load("imdb_2000_trY.bin");
    x_test = Tensor::load("imdb_2000_tsX.bin");
    y_test = Tensor::load("imdb_2000_tsY.bin");
    // As EDDL's example: [N, 250] -> [N, 250, 1] (one word per step), labels [N, 1, 1].
    x_train->reshape_({x_train->shape[0], x_train->shape[1], 1});
    x_test->reshape_({x_test->shape[0], x_test->shape[1], 1});
    y_train->reshape_({y_train->shape[0], 1, 1});
    y_test->reshape_({y_test->shape[0], 1, 1});
  } else {
    licence_windows(vocabulary, 20, &x_train, &y_train, &x_test, &y_test);
  }

  layer in = Input({1});  // one word per step
  layer l = RandomUniform(Embedding(in, vocabulary, 1, embedding, true), -0.05f, 0.05f);
  l = LSTM(l, 32, true);
  l = ReLu(Dense(l, 64));
  layer out = Sigmoid(Dense(l, 1));
  model net = Model({in}, {out});
  build(net, adam(0.001f), {"binary_cross_entropy"}, {"binary_accuracy"}, CS_CPU(args.threads));
  summary(net);

  fit(net, {x_train}, {y_train}, args.batch, args.testing ? 1 : args.epochs);
  evaluate(net, {x_test}, {y_test});
  example::print_test_accuracy(net);
  delete x_train;
  delete y_train;
  delete x_test;
  delete y_test;
  delete net;
  return EXIT_SUCCESS;
}
