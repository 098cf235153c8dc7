// SPDX-License-Identifier: MIT
// Data of the sentiment examples (1_nlp_sentiment_rnn, 2_nlp_sentiment_lstm, 2_nlp_sentiment_gru):
// EDDL's IMDB-2000 files through download_imdb_2000() when they are present; otherwise, since they
// cannot be fetched here, a real-text task from two licences Debian ships: windows of 20 words,
// labelled by whether they come from the GPL-3 or the Apache-2.0 licence text.
#pragma once

#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "eddl/apis/eddl.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "text_words.h"

namespace example {

/// Windows of `length` word indices (1 = unknown word, 2.. = the vocabulary by frequency) with
/// label 0 (Apache-2.0) or 1 (GPL-3), split 80/20 after a seeded shuffle; X [N, length, 1], Y [N, 1, 1].
inline void licence_windows(int vocabulary, int length, Tensor** xtr, Tensor** ytr, Tensor** xts,
                            Tensor** yts) {
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
  for (int i = 0; i < vocabulary - 2 && i < static_cast<int>(by_count.size()); ++i) {
    index[by_count[static_cast<size_t>(i)].second] = i + 2;
  }
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

/// The sentiment data and its vocabulary: IMDB-2000 ([N, 250, 1] word indices, labels [N, 1, 1])
/// when download_imdb_2000() finds the files, else the licence windows (vocabulary 1000). With
/// `samples` > 0 only the first `samples` training rows are kept.
inline int load_sentiment_data(int samples, Tensor** xtr, Tensor** ytr, Tensor** xts,
                               Tensor** yts) {
  int vocabulary = 2000;
  try {
    eddl::download_imdb_2000();
    *xtr = Tensor::load("imdb_2000_trX.bin");
    *ytr = Tensor::load("imdb_2000_trY.bin");
    *xts = Tensor::load("imdb_2000_tsX.bin");
    *yts = Tensor::load("imdb_2000_tsY.bin");
    // As EDDL's example: [N, 250] -> [N, 250, 1] (one word per step), labels [N, 1, 1].
    for (Tensor* x : {*xtr, *xts}) x->reshape_({x->shape[0], x->shape[1], 1});
    for (Tensor* y : {*ytr, *yts}) y->reshape_({y->shape[0], 1, 1});
  } catch (const eddl::IOError& e) {
    std::cout << "IMDB-2000 unavailable (" << e.what() << ")\n  -> using windows of two Debian licence texts\n";
    vocabulary = 1000;
    licence_windows(vocabulary, 20, xtr, ytr, xts, yts);
  }
  if (samples > 0 && samples < (*xtr)->shape[0]) {
    const std::string rows = "0:" + std::to_string(samples);
    Tensor* x = (*xtr)->select({rows, ":", ":"});
    Tensor* y = (*ytr)->select({rows, ":", ":"});
    delete *xtr;
    delete *ytr;
    *xtr = x;
    *ytr = y;
  }
  return vocabulary;
}

}  // namespace example
