// SPDX-License-Identifier: MIT
// Layer::clone for every layer class the API makes: one small model per layer constructor of
// eddl.h, built, given random parameter values, and copied with clone_model (which clones each
// layer onto the clones of its parents). The copy must have the same classes, names, shapes,
// flags and parameter values in storage of its own, and predict exactly what the original does.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "eddl/apis/eddl.h"
#include "net/model_clone.h"
#include "support/test_support.h"

namespace eddl {

namespace {

constexpr int kBatch = 3;

struct Case {
  std::string what;
  std::function<model()> make;
  std::vector<std::vector<int>> data_shapes;  ///< per model input, with the batch (and time) axes
  int vocabulary = 0;                         ///< > 0: the inputs are word indices below it
};

model one(layer in, layer out) { return Model({in}, {out}); }

// A model of `make_layer` on an input of `shape` (without the batch).
Case single(const std::string& what, const std::vector<int>& shape, const std::function<layer(layer)>& make_layer) {
  std::vector<int> data{kBatch};
  data.insert(data.end(), shape.begin(), shape.end());
  return Case{what, [shape, make_layer] {
                layer in = Input(shape);
                return one(in, make_layer(in));
              },
              {data}};
}

// A recurrent model: `make_layer` on a sequence of `steps` vectors of `features`.
Case sequence(const std::string& what, int steps, int features, const std::function<layer(layer)>& make_layer) {
  return Case{what, [features, make_layer] {
                layer in = Input({features});
                return one(in, make_layer(in));
              },
              {{kBatch, steps, features}}};
}

std::vector<Case> every_layer_constructor() {
  std::vector<Case> cases;
  const std::vector<int> image{2, 6, 6};
  const std::vector<int> flat{8};
  // core
  cases.push_back(single("Dense", flat, [](layer l) { return Dense(l, 5); }));
  cases.push_back(single("Dense without bias + L2 + GlorotNormal", flat,
                         [](layer l) { return GlorotNormal(L2(Dense(l, 5, false), 0.01f), 7); }));
  cases.push_back(single("Activation", flat, [](layer l) { return Activation(l, "leaky_relu", {0.2f}); }));
  cases.push_back(single("Softmax", flat, [](layer l) { return Softmax(l); }));
  cases.push_back(single("Sigmoid", flat, [](layer l) { return Sigmoid(l); }));
  cases.push_back(single("HardSigmoid", flat, [](layer l) { return HardSigmoid(l); }));
  cases.push_back(single("ReLu", flat, [](layer l) { return ReLu(l); }));
  cases.push_back(single("ThresholdedReLu", flat, [](layer l) { return ThresholdedReLu(l, 0.5f); }));
  cases.push_back(single("LeakyReLu", flat, [](layer l) { return LeakyReLu(l, 0.1f); }));
  cases.push_back(single("Elu", flat, [](layer l) { return Elu(l, 0.5f); }));
  cases.push_back(single("Selu", flat, [](layer l) { return Selu(l); }));
  cases.push_back(single("Exponential", flat, [](layer l) { return Exponential(l); }));
  cases.push_back(single("Softplus", flat, [](layer l) { return Softplus(l); }));
  cases.push_back(single("Softsign", flat, [](layer l) { return Softsign(l); }));
  cases.push_back(single("Tanh", flat, [](layer l) { return Tanh(l); }));
  cases.push_back(single("Linear", flat, [](layer l) { return Linear(l, 2.0f); }));
  cases.push_back(single("Dropout", flat, [](layer l) { return Dropout(l, 0.3f); }));
  cases.push_back(single("Reshape", image, [](layer l) { return Reshape(l, {6, -1}); }));
  cases.push_back(single("Flatten", image, [](layer l) { return Flatten(l); }));
  cases.push_back(single("Permute", image, [](layer l) { return Permute(l, {2, 0, 1}); }));
  cases.push_back(single("Transpose", {3, 4}, [](layer l) { return Transpose(l); }));
  cases.push_back(single("Squeeze", {1, 5}, [](layer l) { return Squeeze(l, 0); }));
  cases.push_back(single("Unsqueeze", flat, [](layer l) { return Unsqueeze(l, 0); }));
  cases.push_back(single("Identity", flat, [](layer l) { return Identity(l); }));
  cases.push_back(single("Bypass", flat, [](layer l) { return Bypass(l, "why"); }));
  // conv
  cases.push_back(single("Conv", image, [](layer l) { return Conv(l, 3, {3, 3}, {1, 1}, "same"); }));
  cases.push_back(single("Conv2D", image, [](layer l) { return Conv2D(l, 3, {3, 3}, {2, 2}, "none"); }));
  cases.push_back(single("Conv1D", {2, 9}, [](layer l) { return Conv1D(l, 3, {3}); }));
  cases.push_back(single("Conv3D", {2, 4, 4, 4}, [](layer l) { return Conv3D(l, 2, {3, 3, 3}); }));
  cases.push_back(single("ConvT2D", image, [](layer l) { return ConvT2D(l, 3, {3, 3}, {2, 2}); }));
  cases.push_back(single("ConvT3D", {2, 3, 3, 3}, [](layer l) { return ConvT3D(l, 2, {2, 2, 2}); }));
  cases.push_back(single("PointwiseConv", image, [](layer l) { return PointwiseConv(l, 4); }));
  cases.push_back(single("PointwiseConv2D", image, [](layer l) { return PointwiseConv2D(l, 4); }));
  cases.push_back(single("DepthwiseConv2D", image, [](layer l) { return DepthwiseConv2D(l, {3, 3}); }));
  // pool
  cases.push_back(single("MaxPool", image, [](layer l) { return MaxPool(l, {2, 2}); }));
  cases.push_back(single("MaxPool2D", image, [](layer l) { return MaxPool2D(l, {3, 3}, {1, 1}, "same"); }));
  cases.push_back(single("MaxPool1D", {2, 8}, [](layer l) { return MaxPool1D(l); }));
  cases.push_back(single("MaxPool3D", {2, 4, 4, 4}, [](layer l) { return MaxPool3D(l); }));
  cases.push_back(single("AveragePool", image, [](layer l) { return AveragePool(l, {2, 2}); }));
  cases.push_back(single("AvgPool", image, [](layer l) { return AvgPool(l, {2, 2}); }));
  cases.push_back(single("AveragePool1D", {2, 8}, [](layer l) { return AveragePool1D(l); }));
  cases.push_back(single("AveragePool3D", {2, 4, 4, 4}, [](layer l) { return AveragePool3D(l); }));
  cases.push_back(single("GlobalMaxPool", image, [](layer l) { return GlobalMaxPool(l); }));
  cases.push_back(single("GlobalMaxPool1D", {2, 8}, [](layer l) { return GlobalMaxPool1D(l); }));
  cases.push_back(single("GlobalMaxPool3D", {2, 4, 4, 4}, [](layer l) { return GlobalMaxPool3D(l); }));
  cases.push_back(single("GlobalAveragePool", image, [](layer l) { return GlobalAveragePool(l); }));
  cases.push_back(single("GlobalAvgPool1D", {2, 8}, [](layer l) { return GlobalAvgPool1D(l); }));
  cases.push_back(single("GlobalAveragePool3D", {2, 4, 4, 4}, [](layer l) { return GlobalAveragePool3D(l); }));
  // normalization
  cases.push_back(single("BatchNormalization", image, [](layer l) { return BatchNormalization(l, 0.9f); }));
  cases.push_back(single("BatchNormalization without affine", flat,
                         [](layer l) { return BatchNormalization(l, false); }));
  cases.push_back(single("LayerNormalization", image, [](layer l) { return LayerNormalization(l); }));
  cases.push_back(single("GroupNormalization", {4, 3, 3}, [](layer l) { return GroupNormalization(l, 2); }));
  cases.push_back(single("Norm", flat, [](layer l) { return Norm(l); }));
  cases.push_back(single("NormMax", flat, [](layer l) { return NormMax(l); }));
  cases.push_back(single("NormMinMax", flat, [](layer l) { return NormMinMax(l); }));
  // merge (two branches of one input, so each merge has two distinct parents)
  const auto two = [](const std::function<layer(layer, layer)>& merge) {
    return [merge](layer l) { return merge(Dense(l, 4), Dense(l, 4)); };
  };
  cases.push_back(single("Add", flat, two([](layer a, layer b) { return Add(vector<layer>{a, b}); })));
  cases.push_back(single("Subtract", flat, two([](layer a, layer b) { return Subtract({a, b}); })));
  cases.push_back(single("Average", flat, two([](layer a, layer b) { return Average({a, b}); })));
  cases.push_back(single("Maximum", flat, two([](layer a, layer b) { return Maximum({a, b}); })));
  cases.push_back(single("Minimum", flat, two([](layer a, layer b) { return Minimum({a, b}); })));
  cases.push_back(single("Concat", flat, two([](layer a, layer b) { return Concat({a, b}); })));
  cases.push_back(single("MatMul", {3, 4}, [](layer l) { return MatMul({l, Permute(l, {1, 0})}); }));
  // operators
  cases.push_back(single("Abs", flat, [](layer l) { return Abs(l); }));
  cases.push_back(single("Add(layer, layer)", flat, two([](layer a, layer b) { return Add(a, b); })));
  cases.push_back(single("Add(layer, k)", flat, [](layer l) { return Add(l, 2.0f); }));
  cases.push_back(single("Sum(k, layer)", flat, [](layer l) { return Sum(2.0f, l); }));
  cases.push_back(single("Sub(layer, layer)", flat, two([](layer a, layer b) { return Sub(a, b); })));
  cases.push_back(single("Sub(k, layer)", flat, [](layer l) { return Sub(1.0f, l); }));
  cases.push_back(single("Diff(layer, k)", flat, [](layer l) { return Diff(l, 1.0f); }));
  cases.push_back(single("Mult(layer, layer)", flat, two([](layer a, layer b) { return Mult(a, b); })));
  cases.push_back(single("Mult(layer, k)", flat, [](layer l) { return Mult(l, 3.0f); }));
  cases.push_back(single("Div(layer, layer)", flat, [](layer l) { return Div(l, Add(l, 1.0f)); }));
  cases.push_back(single("Div(k, layer)", flat, [](layer l) { return Div(1.0f, l); }));
  cases.push_back(single("Exp", flat, [](layer l) { return Exp(l); }));
  cases.push_back(single("Log", flat, [](layer l) { return Log(l); }));
  cases.push_back(single("Log2", flat, [](layer l) { return Log2(l); }));
  cases.push_back(single("Log10", flat, [](layer l) { return Log10(l); }));
  cases.push_back(single("Pow", flat, [](layer l) { return Pow(l, 2.0f); }));
  cases.push_back(single("Sqrt", flat, [](layer l) { return Sqrt(l); }));
  cases.push_back(single("Clamp", flat, [](layer l) { return Clamp(l, 0.3f, 0.6f); }));
  cases.push_back(single("Clip", flat, [](layer l) { return Clip(l, 0.3f, 0.6f); }));
  cases.push_back(single("ReduceMean", image, [](layer l) { return ReduceMean(l, {1, 2}); }));
  cases.push_back(single("ReduceVar", image, [](layer l) { return ReduceVar(l, {0}, true); }));
  cases.push_back(single("ReduceSum", image, [](layer l) { return ReduceSum(l, {-1}); }));
  cases.push_back(single("ReduceMax", image, [](layer l) { return ReduceMax(l, {2}); }));
  cases.push_back(single("ReduceMin", image, [](layer l) { return ReduceMin(l, {1}); }));
  cases.push_back(single("ReduceArgMax", image, [](layer l) { return ReduceArgMax(l, {2}); }));
  // shape
  cases.push_back(single("Select", image, [](layer l) { return Select(l, {"0", "1:4", ":"}); }));
  cases.push_back(single("Slice", image, [](layer l) { return Slice(l, {":", "2", "1:3"}); }));
  cases.push_back(single("Split", image, [](layer l) {
    const vlayer parts = Split(l, {2, 4}, 1);
    return Concat({parts[0], parts[2]}, 1);
  }));
  cases.push_back(single("Expand", {2, 1, 3}, [](layer l) { return Expand(l, 4); }));
  cases.push_back(single("Repeat", image, [](layer l) { return Repeat(l, 2u, 0u); }));
  cases.push_back(single("Repeat per element", image, [](layer l) { return Repeat(l, vector<unsigned int>{1, 3}, 0u); }));
  cases.push_back(single("Tile", image, [](layer l) { return Tile(l, {1, 2, 3}); }));
  cases.push_back(single("Pad", image, [](layer l) { return Pad(l, {1, 2}, 0.5f); }));
  cases.push_back(single("Resize", image, [](layer l) { return Resize(l, {4, 9}); }));
  cases.push_back(single("Resize without reshape", image, [](layer l) { return Resize(l, {4, 4}, false); }));
  cases.push_back(single("UpSampling", image, [](layer l) { return UpSampling(l, {2, 2}); }));
  cases.push_back(single("UpSampling2D bilinear", image, [](layer l) { return UpSampling2D(l, {2, 3}, "bilinear"); }));
  cases.push_back(single("UpSampling3D", {2, 2, 3, 3}, [](layer l) { return UpSampling3D(l, {4, 6, 6}); }));
  // the remaining aliases of eddl.h, so that every layer function appears here once
  cases.push_back(single("AveragePool2D", image, [](layer l) { return AveragePool2D(l, {2, 2}); }));
  cases.push_back(single("AvgPool1D", {2, 8}, [](layer l) { return AvgPool1D(l); }));
  cases.push_back(single("AvgPool2D", image, [](layer l) { return AvgPool2D(l); }));
  cases.push_back(single("AvgPool3D", {2, 4, 4, 4}, [](layer l) { return AvgPool3D(l); }));
  cases.push_back(single("GlobalMaxPool2D", image, [](layer l) { return GlobalMaxPool2D(l); }));
  cases.push_back(single("GlobalAvgPool", image, [](layer l) { return GlobalAvgPool(l); }));
  cases.push_back(single("GlobalAveragePool1D", {2, 8}, [](layer l) { return GlobalAveragePool1D(l); }));
  cases.push_back(single("GlobalAveragePool2D", image, [](layer l) { return GlobalAveragePool2D(l); }));
  cases.push_back(single("GlobalAvgPool2D", image, [](layer l) { return GlobalAvgPool2D(l); }));
  cases.push_back(single("GlobalAvgPool3D", {2, 4, 4, 4}, [](layer l) { return GlobalAvgPool3D(l); }));
  cases.push_back(single("Sum(layer, layer)", flat, two([](layer a, layer b) { return Sum(a, b); })));
  cases.push_back(single("Sum(layer, k)", flat, [](layer l) { return Sum(l, 2.0f); }));
  cases.push_back(single("Diff(layer, layer)", flat, two([](layer a, layer b) { return Diff(a, b); })));
  cases.push_back(single("Diff(k, layer)", flat, [](layer l) { return Diff(1.0f, l); }));
  cases.push_back(single("Add(k, layer)", flat, [](layer l) { return Add(2.0f, l); }));
  cases.push_back(single("Sub(layer, k)", flat, [](layer l) { return Sub(l, 1.0f); }));
  cases.push_back(single("Mult(k, layer)", flat, [](layer l) { return Mult(3.0f, l); }));
  cases.push_back(single("Div(layer, k)", flat, [](layer l) { return Div(l, 4.0f); }));
  // initializers and regularizers ride on the layer they wrap
  cases.push_back(single("GlorotUniform + L1", flat, [](layer l) { return L1(GlorotUniform(Dense(l, 3), 5), 0.1f); }));
  cases.push_back(single("HeUniform + L1L2", flat, [](layer l) { return L1L2(HeUniform(Dense(l, 3)), 0.1f, 0.2f); }));
  cases.push_back(single("HeNormal", image, [](layer l) { return HeNormal(Conv(l, 2, {3, 3})); }));
  cases.push_back(single("RandomNormal", flat, [](layer l) { return RandomNormal(Dense(l, 3), 0.0f, 0.2f); }));
  cases.push_back(single("RandomUniform", flat, [](layer l) { return RandomUniform(Dense(l, 3), -0.1f, 0.1f); }));
  cases.push_back(single("Constant", flat, [](layer l) { return Constant(Dense(l, 3), 0.3f); }));
  // recurrent
  cases.push_back(sequence("RNN", 5, 3, [](layer l) { return RNN(l, 4); }));
  cases.push_back(sequence("RNN relu bidirectional", 5, 3, [](layer l) { return RNN(l, 4, "relu", true, true); }));
  cases.push_back(sequence("LSTM", 5, 3, [](layer l) { return LSTM(l, 4); }));
  cases.push_back(sequence("LSTM bidirectional", 5, 3, [](layer l) { return LSTM(l, 4, false, true); }));
  cases.push_back(sequence("LSTM over LSTM", 5, 3, [](layer l) { return LSTM(LSTM(l, 4), 3); }));
  cases.push_back(sequence("GRU", 5, 3, [](layer l) { return GRU(l, 4); }));
  cases.push_back(sequence("GRU bidirectional", 5, 3, [](layer l) { return GRU(l, 4, false, true); }));
  cases.push_back(sequence("GetStates", 5, 3, [](layer l) { return Flatten(GetStates(LSTM(l, 4))); }));
  Case embedding = sequence("Embedding + masked LSTM", 5, 1,
                            [](layer l) { return LSTM(Embedding(l, 10, 1, 4, true), 3, true); });
  embedding.vocabulary = 10;
  cases.push_back(embedding);
  cases.push_back(Case{"States + LSTM",
                       [] {
                         layer in = Input({3});
                         layer states = States({2, 4});
                         return Model({in, states}, {LSTM({in, states}, 4)});
                       },
                       {{kBatch, 5, 3}, {kBatch, 2, 4}}});
  cases.push_back(Case{"States + GRU",
                       [] {
                         layer in = Input({3});
                         layer states = States({1, 4});
                         return Model({in, states}, {GRU({in, states}, 4)});
                       },
                       {{kBatch, 5, 3}, {kBatch, 1, 4}}});
  cases.push_back(Case{"encoder-decoder (setDecoder)",
                       [] {
                         layer in = Input({3});
                         layer enc = LSTM(in, 4);
                         layer din = Input({2});
                         layer dec = LSTM({din, GetStates(enc)}, 4);
                         setDecoder(din);
                         return Model({in, din}, {Dense(dec, 2)});
                       },
                       {{kBatch, 5, 3}, {kBatch, 3, 2}}});
  return cases;
}

std::unique_ptr<Tensor> data_for(const Case& c, size_t input, uint64_t seed) {
  const std::vector<int>& shape = c.data_shapes[input];
  int64_t n = 1;
  for (int d : shape) n *= d;
  // Positive values keep Log, Sqrt and Div defined; word indices are whole numbers.
  std::vector<float> v = test::random_values(n, seed, 0.1f, 0.9f);
  if (c.vocabulary > 0) {
    const std::vector<float> u = test::random_values(n, seed, 0.0f, static_cast<float>(c.vocabulary));
    for (size_t i = 0; i < v.size(); ++i) v[i] = std::floor(u[i]);
  }
  return std::make_unique<Tensor>(v, shape);
}

void randomize_parameters(model net, uint64_t seed) {
  for (Layer* l : net->layers) {
    for (Tensor* p : l->params) {
      // Positive: batch-norm running variances must stay valid.
      const Tensor values(test::random_values(static_cast<int64_t>(p->size), seed++, 0.1f, 0.9f), p->shape);
      Tensor::copy(const_cast<Tensor*>(&values), p);
    }
  }
}

void expect_same_layers(model original, model copy) {
  ASSERT_EQ(copy->layers.size(), original->layers.size());
  ASSERT_EQ(copy->lin.size(), original->lin.size());
  ASSERT_EQ(copy->lout.size(), original->lout.size());
  ASSERT_EQ(copy->din.size(), original->din.size());
  for (size_t i = 0; i < original->layers.size(); ++i) {
    const Layer* a = original->layers[i];
    const Layer* b = copy->layers[i];
    SCOPED_TRACE(a->name);
    EXPECT_NE(a, b);
    EXPECT_EQ(typeid(*a), typeid(*b));
    EXPECT_EQ(a->name, b->name);
    EXPECT_EQ(a->type_name(), b->type_name());
    EXPECT_EQ(a->getShape(), b->getShape());
    EXPECT_EQ(a->trainable, b->trainable);
    EXPECT_EQ(a->isdecoder, b->isdecoder);
    EXPECT_EQ(a->isrecurrent, b->isrecurrent);
    EXPECT_EQ(a->time_distributed, b->time_distributed);
    EXPECT_TRUE(b->iscloned);
    EXPECT_EQ(a->parent.size(), b->parent.size());
    EXPECT_EQ(a->init == nullptr, b->init == nullptr);
    EXPECT_EQ(a->reg == nullptr, b->reg == nullptr);
    if (a->init != nullptr) {
      EXPECT_NE(a->init, b->init);
    }
    if (a->reg != nullptr) {
      EXPECT_NE(a->reg, b->reg);
    }
    ASSERT_EQ(a->params.size(), b->params.size());
    ASSERT_EQ(a->gradients.size(), b->gradients.size());
    for (size_t p = 0; p < a->params.size(); ++p) {
      EXPECT_NE(a->params[p]->ptr, b->params[p]->ptr) << "param " << p << " shares storage";
      EXPECT_EQ(a->params[p]->shape, b->params[p]->shape);
      EXPECT_EQ(a->params[p]->to_std(), b->params[p]->to_std()) << "param " << p;
    }
  }
}

}  // namespace

TEST(Clone, EveryLayerConstructorClonesToTheSameLayerAndPrediction) {
  const std::vector<Case> cases = every_layer_constructor();
  EXPECT_GE(cases.size(), 130u);
  uint64_t seed = 100;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    model original = c.make();
    original->verbosity_level = 0;
    build(original, sgd(0.01f), CS_CPU(1));
    randomize_parameters(original, seed += 50);
    std::unique_ptr<Net> copy(net::clone_model(*original, DEV_CPU));
    expect_same_layers(original, copy.get());

    std::vector<std::unique_ptr<Tensor>> owned;
    std::vector<Tensor*> inputs;
    for (size_t i = 0; i < c.data_shapes.size(); ++i) {
      owned.push_back(data_for(c, i, seed + i));
      inputs.push_back(owned.back().get());
    }
    const std::vector<Tensor*> expected = predict(original, inputs);
    const std::vector<Tensor*> actual = predict(copy.get(), inputs);
    ASSERT_EQ(actual.size(), expected.size());
    for (size_t k = 0; k < expected.size(); ++k) {
      EXPECT_EQ(actual[k]->shape, expected[k]->shape);
      EXPECT_EQ(actual[k]->to_std(), expected[k]->to_std()) << "output " << k;
    }
    for (Tensor* t : expected) delete t;
    for (Tensor* t : actual) delete t;

    // Storage of its own: changing the original leaves the copy alone.
    for (Layer* l : original->layers) {
      for (Tensor* p : l->params) p->fill_(0.0f);
    }
    for (Layer* l : copy->layers) {
      for (Tensor* p : l->params) EXPECT_GT(p->sum_abs(), 0.0f) << l->name;
    }
    delete original;
  }
}

TEST(Clone, FlagsInitializerAndRegularizerComeAlong) {
  layer in = Input({4});
  layer dense = L2(GlorotNormal(Dense(in, 3), 9), 0.5f);
  dense->setTrainable(false);
  in->isdecoder = false;
  std::unique_ptr<Layer> in_copy(in->clone({}, DEV_CPU));
  std::unique_ptr<Layer> copy(dense->clone(0, kBatch, {in_copy.get()}, DEV_CPU));  // EDDL's signature
  EXPECT_EQ(copy->name, dense->name);
  EXPECT_FALSE(copy->trainable);
  ASSERT_NE(copy->init, nullptr);
  ASSERT_NE(copy->reg, nullptr);
  EXPECT_NE(copy->reg, dense->reg);
  ASSERT_EQ(copy->parent.size(), 1u);
  EXPECT_EQ(copy->parent[0], in_copy.get());
  ASSERT_EQ(in_copy->child.size(), 1u);
  EXPECT_EQ(in_copy->child[0], copy.get());
  EXPECT_EQ(dense->parent[0], in);  // the original graph is untouched
  EXPECT_EQ(in->child.size(), 1u);
  delete dense;
  delete in;
}

TEST(Clone, WrongParentCountIsAnError) {
  layer in = Input({4});
  layer dense = Dense(in, 3);
  EXPECT_THROW(dense->clone({}, DEV_CPU), Error);
  delete dense;
  delete in;
}

namespace {
// A layer class that does not implement construct_like.
class LUncloneable : public LinLayer {
 public:
  LUncloneable() : LinLayer("odd1") {}
  std::string type_name() const override { return "odd"; }
  void forward() override {}
  void backward() override {}
  std::vector<std::string> required_kernels() const override { return {}; }
};
}  // namespace

TEST(Clone, ALayerClassWithoutCloneSaysWhich) {
  LUncloneable odd;
  try {
    std::unique_ptr<Layer> copy(odd.clone({}, DEV_CPU));
    FAIL() << "expected NotSupportedError";
  } catch (const NotSupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("'odd'"), std::string::npos) << e.what();
  }
}

}  // namespace eddl
