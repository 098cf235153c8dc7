// SPDX-License-Identifier: MIT
// 1_nlp_sentiment_rnn: EDDL's simple recurrent text classifier, Embedding + RNN(37) + Dense +
// Sigmoid, on IMDB-2000 or windows of two Debian licence texts. RNN has no mask_zeros, as in EDDL.
#include "../example_args.h"
#include "sentiment_data.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 10, 32);
  Tensor *x_train, *y_train, *x_test, *y_test;
  const int vocabulary = example::load_sentiment_data(args.samples, &x_train, &y_train, &x_test, &y_test);
  const int embedding = 32;

  layer in = Input({1});  // one word per step
  layer l = RandomUniform(Embedding(in, vocabulary, 1, embedding, true), -0.05f, 0.05f);
  l = RNN(l, 37);
  l = ReLu(Dense(l, 64));
  layer out = Sigmoid(Dense(l, 1));
  model net = Model({in}, {out});
  build(net, adam(0.001f), {"binary_cross_entropy"}, {"binary_accuracy"}, CS_CPU(args.threads));
  summary(net);

  return example::fit_and_evaluate(net, args, x_train, y_train, x_test, y_test);
}
