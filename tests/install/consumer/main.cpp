// SPDX-License-Identifier: MIT
// Written as EDDL programs are (unqualified std names, tshape, raw pointers): it must compile
// unchanged against the installed headers and train a tiny model.
#include "eddl/apis/eddl.h"

using namespace eddl;

int main(int argc, char** argv) {
  bool verbose = argc > 1 && strcmp(argv[1], "--verbose") == 0;
  layer in = Input({4});
  layer out = Softmax(Dense(ReLu(Dense(in, 8)), 2));
  model net = Model({in}, {out});
  build(net, adam(0.01), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(1));
  if (verbose) summary(net);
  vector<float> xs, ys;
  for (int i = 0; i < 64; i++) {
    for (int f = 0; f < 4; f++) xs.push_back((i % 2 ? 1.0f : -1.0f) + 0.1f * f);
    ys.push_back(i % 2 ? 0.0f : 1.0f);
    ys.push_back(i % 2 ? 1.0f : 0.0f);
  }
  Tensor* x = new Tensor(xs, {64, 4});
  Tensor* y = new Tensor(ys, {64, 2});
  tshape s = x->getShape();
  net->verbosity_level = 0;
  fit(net, {x}, {y}, 16, 20);
  evaluate(net, {x}, {y});
  float acc = get_metrics(net)[0];
  cout << "samples " << s[0] << " accuracy " << acc << endl;
  delete x;
  delete y;
  delete net;
  return acc > 0.99f ? 0 : 1;
}
