// SPDX-License-Identifier: MIT
// The recurrent layers of eddl.h: thin constructors, and setDecoder.
#include <set>

#include "eddl/apis/eddl.h"

namespace eddl {

layer RNN(layer parent, int units, string activation, bool use_bias, bool bidirectional, string name) {
  return new LRNN({parent}, units, activation, use_bias, bidirectional, name);
}

layer LSTM(layer parent, int units, bool mask_zeros, bool bidirectional, string name) {
  return new LLSTM({parent}, units, mask_zeros, bidirectional, name);
}

layer LSTM(vector<layer> parent, int units, bool mask_zeros, bool bidirectional, string name) {
  return new LLSTM(parent, units, mask_zeros, bidirectional, name);
}

layer GRU(layer parent, int units, bool mask_zeros, bool bidirectional, string name) {
  return new LGRU({parent}, units, mask_zeros, bidirectional, name);
}

layer GRU(vector<layer> parent, int units, bool mask_zeros, bool bidirectional, string name) {
  return new LGRU(parent, units, mask_zeros, bidirectional, name);
}

layer Embedding(layer parent, int vocsize, int length, int output_dim, bool mask_zeros, string name) {
  return new LEmbedding(parent, vocsize, length, output_dim, mask_zeros, name);
}

layer States(const vector<int>& shape, string name) { return new LStates(shape, name); }

layer GetStates(layer parent) { return new LGetStates(parent, ""); }

void setDecoder(layer l) {
  std::set<Layer*> seen;
  std::vector<Layer*> stack{l};
  while (!stack.empty()) {
    Layer* x = stack.back();
    stack.pop_back();
    if (x == nullptr || !seen.insert(x).second) continue;
    x->isdecoder = true;
    stack.insert(stack.end(), x->child.begin(), x->child.end());
  }
}

}  // namespace eddl
