// SPDX-License-Identifier: MIT
// 9_mnist_mlp_func: the finest-grained loop: zeroGrads, forward, backward, update by hand.
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
      zeroGrads(net);
      forward(net, {xbatch});
      backward(net, {ybatch});
      update(net);
      print_loss(net, j + 1);
      printf("\r");
    }
    printf("\n");
  }
  evaluate(net, {x_test}, {y_test});
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
