// SPDX-License-Identifier: MIT
// 8_mnist_rnn: EDDL's recurrent example. Each image is read as 28 time steps of 28 pixels: the
// graph is written for one step (Input({28})), Dense 32 + ReLu runs on every step, LSTM 128 reads
// the sequence and its last step feeds Dense 10 + Softmax. Runs on MNIST or Fashion-MNIST.
#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);
  const int num_classes = 10;

  layer in = Input({28});
  layer l = in;
  l = ReLu(Dense(l, 32));
  l = LSTM(l, 128);
  layer out = Softmax(Dense(l, num_classes));
  model net = Model({in}, {out});

  build(net,
        adam(0.001f),               // Optimizer
        {"softmax_cross_entropy"},  // Losses
        {"categorical_accuracy"},   // Metrics
        CS_CPU(args.threads));
  summary(net);

  // Data [N, 784] is read as [N, 28 steps, 28]: the Net takes the time extent from the data.
  return example::fit_and_evaluate(net, args);
}
