// SPDX-License-Identifier: MIT
// 5_mnist_mlp_train_batch: the training loop written by hand with next_batch, train_batch,
// print_loss, then eval_batch over explicit index lists (the last partial batch included).
#include <algorithm>

#include "../example_args.h"

using namespace eddl;

int main(int argc, char** argv) {
  const example::Args args = example::parse_args(argc, argv, 5, 100);
  const int batch_size = args.batch;

  layer in = Input({784});
  layer l = in;
  l = ReLu(Dense(l, 1024));
  l = ReLu(Dense(l, 1024));
  l = ReLu(Dense(l, 1024));
  layer out = Softmax(Dense(l, 10));
  model net = Model({in}, {out});

  build(net, sgd(0.01f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(args.threads));
  summary(net);

  Tensor *x_train, *y_train, *x_test, *y_test;
  example::load_data(args, &x_train, &y_train, &x_test, &y_test);
  Tensor* xbatch = new Tensor({batch_size, 784});
  Tensor* ybatch = new Tensor({batch_size, 10});

  const int num_batches = x_train->shape[0] / batch_size;
  for (int i = 0; i < args.epochs; i++) {
    reset_loss(net);
    fprintf(stdout, "Epoch %d/%d (%d batches)\n", i + 1, args.epochs, num_batches);
    for (int j = 0; j < num_batches; j++) {
      next_batch({x_train, y_train}, {xbatch, ybatch});
      train_batch(net, {xbatch}, {ybatch});
      print_loss(net, j + 1);
      printf("\r");
    }
    printf("\n");
  }

  printf("Evaluate:\n");
  reset_loss(net);
  const int n_test = x_test->shape[0];
  for (int begin = 0; begin < n_test; begin += batch_size) {
    vector<int> indices(static_cast<size_t>(std::min(batch_size, n_test - begin)));
    for (size_t k = 0; k < indices.size(); k++) indices[k] = begin + static_cast<int>(k);
    eval_batch(net, {x_test}, {y_test}, indices);
  }
  print_loss(net, (n_test + batch_size - 1) / batch_size);
  printf("\n");
  example::print_test_accuracy(net);

  delete xbatch;
  delete ybatch;
  delete x_train;
  delete y_train;
  delete x_test;
  delete y_test;
  delete net;
  return EXIT_SUCCESS;
}
