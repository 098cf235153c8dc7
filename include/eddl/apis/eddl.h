// SPDX-License-Identifier: MIT
// The EDDL API: free functions in namespace eddl with EDDL's names, signatures and defaults. A
// program written for EDDL includes this header and compiles unchanged. Thin: every function hands
// over to the Net, the layers or the tensor ops; no logic lives here.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "eddl/errors.h"
#include "eddl/initializers/initializer.h"
#include "eddl/layers/conv/layer_conv.h"
#include "eddl/layers/core/layer_core.h"
#include "eddl/layers/merge/layer_merge.h"
#include "eddl/layers/normalization/layer_normalization.h"
#include "eddl/layers/operators/layer_operators.h"
#include "eddl/layers/pool/layer_pool.h"
#include "eddl/layers/shape/layer_shape.h"
#include "eddl/layers/layer.h"
#include "eddl/losses/loss.h"
#include "eddl/metrics/metric.h"
#include "eddl/net/compserv.h"
#include "eddl/net/net.h"
#include "eddl/optimizers/optim.h"
#include "eddl/regularizers/regularizer.h"
#include "eddl/tensor/tensor.h"

#if __has_include("eddl/datasets/datasets.h")
#include "eddl/datasets/datasets.h"
#endif

// EDDL's headers bring namespace std into scope and EDDL programs rely on it (`vector<int>`,
// `cout`, `strcmp` unqualified in the official examples), so the compatibility header does too.
using namespace std;

namespace eddl {

typedef Layer* layer;
typedef Net* model;
typedef Optimizer* optimizer;
typedef Initializer* initializer;
typedef Regularizer* regularizer;
typedef CompServ* compserv;
typedef Loss* loss;
typedef Metric* metric;

// ---------------------------------------------------------------------------------------------
// Model
/// Builds a model from its input and output layers (any DAG); the model owns the layers.
model Model(vlayer in, vlayer out);
void setName(model m, const string& name);
layer getLayer(model net, const string& l);
vlayer getOut(model net);
/// Binds optimizer (default sgd(0.001, 0.9)) and computing service (default CS_CPU()).
void build(model net, optimizer o = nullptr, CompServ* cs = nullptr, bool init_weigths = true);
/// Binds optimizer, a loss and a metric per output (by name, "none" allowed) and a computing service.
void build(model net, optimizer o, const vector<string>& lo, const vector<string>& me, CompServ* cs = nullptr,
           bool init_weights = true);
void summary(model m);
/// Writes the graph as Graphviz DOT beside `fname` (fname with extension .dot); runs nothing.
void plot(model m, const string& fname = "model.pdf", const string& rankdir = "LR");
void setlogfile(model net, const string& fname);
/// Loads parameters saved by save() (eddl's checksummed format or EDDL's legacy layout).
void load(model m, const string& fname, const string& format = "bin");
/// Saves parameters atomically ("bin": eddl's checksummed format; "legacy": EDDL's layout).
void save(model m, const string& fname, const string& format = "bin");
void setlr(model net, vector<float> p);
void set_mode(model net, int mode);
void setTrainable(model net, const string& lname, bool val);
vector<vector<Tensor*>> get_parameters(model net, bool deepcopy = false);
void set_parameters(model net, const vector<vector<Tensor*>>& params);

// ---------------------------------------------------------------------------------------------
// Training and evaluation
/// Trains for `epochs` over a fresh shuffle (without replacement) of every sample each epoch.
void fit(model m, const vector<Tensor*>& in, const vector<Tensor*>& out, int batch, int epochs);
/// Evaluates every sample (the last partial batch included) and prints the mean loss and metric.
void evaluate(model m, const vector<Tensor*>& in, const vector<Tensor*>& out, int bs = -1);
/// Outputs for `in`, as new tensors the caller owns.
vector<Tensor*> predict(model m, const vector<Tensor*>& in);
vector<int> random_indices(int batch_size, int num_samples);
/// Copies the same random rows (without replacement within a batch) of each `in` into each `out`.
void next_batch(vector<Tensor*> in, vector<Tensor*> out);
void train_batch(model net, vector<Tensor*> in, vector<Tensor*> out, vector<int> indices);
void train_batch(model net, vector<Tensor*> in, vector<Tensor*> out);
void eval_batch(model net, vector<Tensor*> in, vector<Tensor*> out, vector<int> indices);
void eval_batch(model net, vector<Tensor*> in, vector<Tensor*> out);
void reset_loss(model m);
vlayer forward(model m, vector<Tensor*> in);
vlayer forward(model m);
vlayer forward(model m, int b);
void zeroGrads(model m);
void backward(model m, vector<Tensor*> target);
void backward(model net);
void update(model m);
void print_loss(model m, int batch);
vector<float> get_losses(model m);
vector<float> get_metrics(model m);
Loss* getLoss(string type);
Metric* getMetric(string type);

// ---------------------------------------------------------------------------------------------
// Layer tensors (clones the caller owns)
Tensor* getOutput(layer l1);
Tensor* getInput(layer l1);
Tensor* getDelta(layer l1);
Tensor* getParam(layer l1, int p);
Tensor* getGradient(layer l1, int p);
vector<Tensor*> getParams(layer l1);
vector<Tensor*> getGradients(layer l1);
void copyOutput(Layer* l1, Layer* l2);
void copyDelta(Layer* l1, Layer* l2);
void copyParam(Layer* l1, Layer* l2, int p = -1);
void copyGradient(Layer* l1, Layer* l2, int p);

// ---------------------------------------------------------------------------------------------
// Computing services
/// `th` CPU threads (-1: every core); mem "full_mem", "mid_mem" or "low_mem".
compserv CS_CPU(int th = -1, const string& mem = "full_mem");
compserv CS_GPU(const vector<int>& g, const string& mem = "full_mem");
compserv CS_GPU(const vector<int>& g, int lsb, const string& mem = "full_mem");
compserv CS_FPGA(const vector<int>& f, int lsb = 1);

// ---------------------------------------------------------------------------------------------
// Optimizers
optimizer sgd(float lr = 0.01f, float momentum = 0.0f, float weight_decay = 0.0f, bool nesterov = false);
optimizer adam(float lr = 0.01f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 0.000001f,
               float weight_decay = 0.0f, bool amsgrad = false);
optimizer adadelta(float lr = 1.0f, float rho = 0.95f, float epsilon = 1e-6f, float weight_decay = 0.0f);
optimizer adagrad(float lr = 0.01f, float epsilon = 1e-8f, float weight_decay = 0.0f);
optimizer adamax(float lr = 0.002f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 1e-8f,
                 float weight_decay = 0.0f);
optimizer nadam(float lr = 0.002f, float beta_1 = 0.9f, float beta_2 = 0.999f, float epsilon = 1e-8f,
                float schedule_decay = 0.004f);
optimizer rmsprop(float lr = 0.01f, float rho = 0.9f, float epsilon = 0.00001f, float weight_decay = 0.0f);

// ---------------------------------------------------------------------------------------------
// Core layers
layer Input(const vector<int>& shape, string name = "");
layer Dense(layer parent, int ndim, bool use_bias = true, string name = "");
layer Dropout(layer parent, float rate, bool iw = true, string name = "");
layer Reshape(layer parent, const vector<int>& shape, string name = "");
layer Flatten(layer parent, string name = "");
layer Permute(layer parent, const vector<int>& dims, string name = "");
layer Squeeze(layer parent, int axis = -1, string name = "");
layer Unsqueeze(layer parent, int axis = 0, string name = "");
layer Identity(layer parent, string name = "");
layer Bypass(layer parent, string bypass_name = "", string name = "");

// Activations
layer Activation(layer parent, string activation, vector<float> params = {}, string name = "");
layer Softmax(layer parent, int axis = -1, string name = "");
layer Sigmoid(layer parent, string name = "");
layer HardSigmoid(layer parent, string name = "");
layer ReLu(layer parent, string name = "");
layer ThresholdedReLu(layer parent, float alpha = 1.0f, string name = "");
layer LeakyReLu(layer parent, float alpha = 0.01f, string name = "");
layer Elu(layer parent, float alpha = 1.0f, string name = "");
layer Selu(layer parent, string name = "");
layer Exponential(layer parent, string name = "");
layer Softplus(layer parent, string name = "");
layer Softsign(layer parent, string name = "");
layer Tanh(layer parent, string name = "");
layer Linear(layer parent, float alpha = 1.0f, string name = "");

// ---------------------------------------------------------------------------------------------
// Convolutional layers (src/apis/conv_api.cpp)

// ---------------------------------------------------------------------------------------------
// Pooling layers (src/apis/pool_api.cpp)

// ---------------------------------------------------------------------------------------------
// Normalization layers (src/apis/normalization_api.cpp)

// ---------------------------------------------------------------------------------------------
// Merge, operator, reduction and shape layers (src/apis/merge_api.cpp, src/apis/shape_api.cpp)

// ---------------------------------------------------------------------------------------------
// Initializers and regularizers (decorators: they return the same layer)
layer GlorotNormal(layer l, int seed = 1234);
layer GlorotUniform(layer l, int seed = 1234);
layer HeUniform(layer l, int seed = 1234);
layer HeNormal(layer l, int seed = 1234);
layer RandomNormal(layer l, float m = 0.0f, float s = 0.1f, float seed = 1234);
layer RandomUniform(layer l, float min = 0.0f, float max = 0.1f, float seed = 1234);
layer Constant(layer l, float v = 0.1f);
layer L2(layer l, float l2);
layer L1(layer l, float l1);
layer L1L2(layer l, float l1, float l2);

// ---------------------------------------------------------------------------------------------
// Utilities
bool exist(const string& name);
vector<string> read_txt_file(const string& filename);

}  // namespace eddl
