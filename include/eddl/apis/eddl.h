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
#include "eddl/layers/recurrent/layer_recurrent.h"
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
/// Moves a built model to the GPUs of mask `g` ({1} = GPU 0); parameters keep their values, the
/// optimizer state restarts. One GPU for now: a mask with several GPUs on is NotSupportedError.
void toGPU(model net, const vector<int>& g = {1}, int lsb = 1, const string& mem = "full_mem");
void toGPU(model net, const string& mem);
void toGPU(model net, const vector<int>& g, const string& mem);
/// Moves a built model back to the CPU with `th` threads (-1: every core).
void toCPU(model net, int th = -1);

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

// Channels first: (B, C, L), (B, C, H, W), (B, C, D, H, W). Padding "same" (out = ceil(in/stride),
// an odd total pad puts the extra cell at the end instead of EDDL's AsymmetricPaddingException),
// "none"/"valid", or one word per axis ("same,none"). Params [K {filters, C/groups, k...}, bias].
layer Conv(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides = {1, 1},
           string padding = "same", bool use_bias = true, int groups = 1, const vector<int>& dilation_rate = {1, 1},
           string name = "");
layer Conv2D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides = {1, 1},
             string padding = "same", bool use_bias = true, int groups = 1, const vector<int>& dilation_rate = {1, 1},
             string name = "");
layer Conv1D(layer parent, int filters, vector<int> kernel_size, vector<int> strides = {1}, string padding = "same",
             bool use_bias = true, int groups = 1, const vector<int> dilation_rate = {1}, string name = "");
layer Conv3D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides = {1, 1, 1},
             string padding = "same", bool use_bias = true, int groups = 1,
             const vector<int>& dilation_rate = {1, 1, 1}, string name = "");
/// Transposed convolutions: out = in*stride ("same") or (in-1)*stride + d*(k-1) + 1 ("none");
/// K {C, filters/groups, k...}.
layer ConvT2D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides = {1, 1},
              string padding = "same", bool use_bias = true, int groups = 1, const vector<int>& dilation_rate = {1, 1},
              string name = "");
layer ConvT3D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides = {1, 1, 1},
              string padding = "same", bool use_bias = true, int groups = 1,
              const vector<int>& dilation_rate = {1, 1, 1}, string name = "");
/// 1x1 convolution, padding none.
layer PointwiseConv2D(layer parent, int filters, const vector<int>& strides = {1, 1}, bool use_bias = true,
                      int groups = 1, const vector<int>& dilation_rate = {1, 1}, string name = "");
layer PointwiseConv(layer parent, int filters, const vector<int>& strides = {1, 1}, bool use_bias = true,
                    int groups = 1, const vector<int>& dilation_rate = {1, 1}, string name = "");
/// One filter per input channel (groups = filters = C). Unlike EDDL, which ignores `padding` and
/// uses "none", the padding asked for is applied.
layer DepthwiseConv2D(layer parent, const vector<int>& kernel_size, const vector<int>& strides = {1, 1},
                      string padding = "same", bool use_bias = true, const vector<int>& dilation_rate = {1, 1},
                      string name = "");
// ---------------------------------------------------------------------------------------------
// Pooling layers (src/apis/pool_api.cpp)
// padding: "none"/"valid", "same" (odd totals padded at the end), or per axis ("same,none").
layer MaxPool(layer parent, const vector<int>& pool_size = {2, 2}, const vector<int>& strides = {2, 2},
              string padding = "none", string name = "");
layer MaxPool1D(layer parent, vector<int> pool_size = {2}, vector<int> strides = {2}, string padding = "none",
                string name = "");
layer MaxPool2D(layer parent, vector<int> pool_size = {2, 2}, vector<int> strides = {2, 2}, string padding = "none",
                string name = "");
layer MaxPool3D(layer parent, vector<int> pool_size = {2, 2, 2}, vector<int> strides = {2, 2, 2},
                string padding = "none", string name = "");
layer AveragePool(layer parent, const vector<int>& pool_size = {2, 2}, const vector<int>& strides = {2, 2},
                  string padding = "none", string name = "");
layer AvgPool(layer parent, const vector<int>& pool_size = {2, 2}, const vector<int>& strides = {2, 2},
              string padding = "none", string name = "");
layer AveragePool1D(layer parent, vector<int> pool_size = {2}, vector<int> strides = {2}, string padding = "none",
                    string name = "");
layer AvgPool1D(layer parent, vector<int> pool_size = {2}, vector<int> strides = {2}, string padding = "none",
                string name = "");
layer AveragePool2D(layer parent, vector<int> pool_size = {2, 2}, vector<int> strides = {2, 2},
                    string padding = "none", string name = "");
layer AvgPool2D(layer parent, vector<int> pool_size = {2, 2}, vector<int> strides = {2, 2}, string padding = "none",
                string name = "");
layer AveragePool3D(layer parent, vector<int> pool_size = {2, 2, 2}, vector<int> strides = {2, 2, 2},
                    string padding = "none", string name = "");
layer AvgPool3D(layer parent, vector<int> pool_size = {2, 2, 2}, vector<int> strides = {2, 2, 2},
                string padding = "none", string name = "");
/// Pools over the whole spatial extent; the output keeps singleton spatial axes ([C, 1, 1]).
/// GlobalMaxPool/GlobalAveragePool take 2-D inputs, or [C, L] read as [C, L, 1].
layer GlobalMaxPool(layer parent, string name = "");
layer GlobalMaxPool1D(layer parent, string name = "");
layer GlobalMaxPool2D(layer parent, string name = "");
layer GlobalMaxPool3D(layer parent, string name = "");
layer GlobalAveragePool(layer parent, string name = "");
layer GlobalAvgPool(layer parent, string name = "");
layer GlobalAveragePool1D(layer parent, string name = "");
layer GlobalAvgPool1D(layer parent, string name = "");
layer GlobalAveragePool2D(layer parent, string name = "");
layer GlobalAvgPool2D(layer parent, string name = "");
layer GlobalAveragePool3D(layer parent, string name = "");
layer GlobalAvgPool3D(layer parent, string name = "");

// ---------------------------------------------------------------------------------------------
// Normalization layers (src/apis/normalization_api.cpp)
layer BatchNormalization(layer parent, float momentum = 0.99f, float epsilon = 0.001f, bool affine = true,
                         string name = "");
layer BatchNormalization(layer parent, bool affine, float momentum = 0.99f, float epsilon = 0.001f,
                         string name = "");
layer LayerNormalization(layer parent, float epsilon = 0.00001f, bool affine = true, string name = "");
layer LayerNormalization(layer parent, bool affine, float epsilon = 0.00001f, string name = "");
layer GroupNormalization(layer parent, int groups, float epsilon = 0.001f, bool affine = true, string name = "");
layer Norm(layer parent, float epsilon = 0.001f, string name = "");
layer NormMax(layer parent, float epsilon = 0.001f, string name = "");
layer NormMinMax(layer parent, float epsilon = 0.001f, string name = "");

// ---------------------------------------------------------------------------------------------
// Merge, operator, reduction and shape layers (src/apis/merge_api.cpp, src/apis/shape_api.cpp)
// Merge layers: parents of one shape (Concat: equal except along axis, which excludes the batch).
layer Add(const vector<layer>& layers, string name = "");
layer Subtract(const vector<layer>& layers, string name = "");
layer Average(const vector<layer>& layers, string name = "");
layer Maximum(const vector<layer>& layers, string name = "");
layer Minimum(const vector<layer>& layers, string name = "");
layer Concat(const vector<layer>& layers, unsigned int axis = 0, string name = "");
/// Per-sample matrix product of two layers (..., M, K) x (..., K, N).
layer MatMul(const vector<layer>& layers, string name = "");

// Operators: layer-layer (non-batch shapes broadcast), layer-float and float-layer forms.
layer Abs(layer l);
layer Add(layer l1, layer l2);
layer Add(layer l1, float k);
layer Add(float k, layer l1);
layer Sub(layer l1, layer l2);
layer Sub(layer l1, float k);
layer Sub(float k, layer l1);
layer Mult(layer l1, layer l2);
layer Mult(layer l1, float k);
layer Mult(float k, layer l1);
layer Div(layer l1, layer l2);
layer Div(layer l1, float k);
layer Div(float k, layer l1);
layer Exp(layer l);
layer Log(layer l);
layer Log2(layer l);
layer Log10(layer l);
layer Pow(layer l1, float k);
layer Sqrt(layer l);
layer Clamp(layer parent, float min, float max, string name = "");
layer Clip(layer parent, float min, float max, string name = "");
/// Deprecated aliases of Add and Sub (they print a deprecation line to stderr).
layer Sum(layer l1, layer l2);
layer Sum(layer l1, float k);
layer Sum(float k, layer l1);
layer Diff(layer l1, layer l2);
layer Diff(layer l1, float k);
layer Diff(float k, layer l1);

// Reductions over non-batch axes.
layer ReduceMean(layer l, const vector<int>& axis, bool keepdims = false);
layer ReduceVar(layer l, const vector<int>& axis, bool keepdims = false);
layer ReduceSum(layer l, const vector<int>& axis, bool keepdims = false);
layer ReduceMax(layer l, const vector<int>& axis, bool keepdims = false);
layer ReduceMin(layer l, const vector<int>& axis, bool keepdims = false);
/// The index of the maximum over `axis` (flat over several axes), as a float; no gradient.
layer ReduceArgMax(layer l, const vector<int>& axis, bool keepdims = false);

// Shape layers.
/// Swaps the last two non-batch dimensions (a Permute).
layer Transpose(layer parent, string name = "");
layer Select(layer l, const vector<string>& indices, string name = "");
layer Slice(layer l, const vector<string>& indices, string name = "");
/// Select layers for the pieces of `axis` cut at `indexes`; merge_sublayers is accepted for EDDL
/// compatibility and changes nothing.
vlayer Split(layer l, const vector<int>& indexes, int axis = -1, bool merge_sublayers = false, string name = "");
layer Expand(layer l, int size, string name = "");
layer Repeat(layer parent, const vector<unsigned int>& repeats, unsigned int axis, string name = "");
layer Repeat(layer parent, unsigned int repeats, unsigned int axis, string name = "");
layer Tile(layer parent, const vector<int>& repeats, string name = "");
/// padding {top, right, bottom, left}, {top-bottom, left-right} or {all} on the last two dims.
layer Pad(layer parent, const vector<int>& padding, float constant = 0.0f, string name = "");
layer Resize(layer parent, const vector<int>& new_shape, bool reshape = true, string da_mode = "constant",
             float constant = 0.0f, string coordinate_transformation_mode = "asymmetric", string name = "");
/// (C, H, W) upsampled by whole factors {h, w}; interpolation "nearest" or "bilinear".
layer UpSampling2D(layer parent, const vector<int>& size, string interpolation = "nearest", string name = "");
layer UpSampling(layer parent, const vector<int>& size, string interpolation = "nearest", string name = "");
/// (C, D, H, W) resized to new_shape {d, h, w}.
layer UpSampling3D(layer parent, const vector<int>& new_shape, bool reshape = true, string da_mode = "constant",
                   float constant = 0.0f, string coordinate_transformation_mode = "asymmetric", string name = "");

// ---------------------------------------------------------------------------------------------
// Recurrent layers (src/apis/recurrent_api.cpp)
// The graph is written per time step (Input({dim})); data are [batch, time, dim...]. A recurrent
// layer returns its last step (many-to-one; targets [N, 1, dim] or [N, dim]) unless another
// recurrent layer reads its sequence or it is a decoder (setDecoder): then [batch, time, units].
// bidirectional = true (EDDL accepts it but ignores it; here it works as Keras' Bidirectional with
// "concat"): a second set of parameters reads the sequence reversed, the output is [forward, backward]
// with 2 * units features, and states are {num_states, 2 * units}.
layer RNN(layer parent, int units, string activation = "tanh", bool use_bias = true, bool bidirectional = false,
          string name = "");
layer LSTM(layer parent, int units, bool mask_zeros = false, bool bidirectional = false, string name = "");
/// parent[1]: initial states [batch, 2, units] (GetStates of an encoder LSTM, or States).
layer LSTM(vector<layer> parent, int units, bool mask_zeros = false, bool bidirectional = false, string name = "");
layer GRU(layer parent, int units, bool mask_zeros = false, bool bidirectional = false, string name = "");
layer GRU(vector<layer> parent, int units, bool mask_zeros = false, bool bidirectional = false, string name = "");
/// Word indices (as floats) -> vectors; mask_zeros makes index 0 padding (zero vector, no gradient).
layer Embedding(layer parent, int vocsize, int length, int output_dim, bool mask_zeros = false, string name = "");
/// Initial states given as data: shape {num_states, dim}.
layer States(const vector<int>& shape, string name = "");
/// The final states of a recurrent layer, {num_states, units}.
layer GetStates(layer parent);
/// Marks `l` and every layer after it as decoder: their recurrent layers return whole sequences.
/// An Input marked so and left out of Model's inputs is fed by the Net, as EDDL does: the targets
/// of the output with its shape one step late (zeros first) in fit/evaluate/train_batch, and the
/// net's own previous outputs in predict (greedy decoding, the length of the last targets seen).
void setDecoder(layer l);

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
