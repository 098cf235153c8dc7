// SPDX-License-Identifier: MIT
// The model half of eddl.h: building, training, evaluation, parameters, computing services and
// optimizers. Each function hands over to Net, Optimizer or CompServ.
#include <algorithm>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <set>

#include "eddl/apis/eddl.h"
#include "hardware/check.h"
#include "serialization/parameters.h"
#include "tensor/ops.h"

namespace eddl {

namespace {
Net* checked(model m, const char* call) {
  EDDL_CHECK(m != nullptr, call << ": null model");
  return m;
}
Layer* checked(layer l, const char* call) {
  EDDL_CHECK(l != nullptr, call << ": null layer");
  return l;
}
}  // namespace

model Model(vlayer in, vlayer out) { return new Net(in, out); }

void setName(model m, const string& name) { checked(m, "setName")->name = name; }

layer getLayer(model net, const string& l) { return checked(net, "getLayer")->getLayer(l); }

vlayer getOut(model net) { return checked(net, "getOut")->lout; }

void build(model net, optimizer o, CompServ* cs, bool init_weigths) {
  build(net, o, {}, {}, cs, init_weigths);
}

void build(model net, optimizer o, const vector<string>& lo, const vector<string>& me, CompServ* cs,
           bool init_weights) {
  checked(net, "build");
  if (o == nullptr) o = new SGD(0.001f, 0.9f);
  if (cs == nullptr) cs = new CompServ(-1, {}, {}, 0, 0);
  vloss losses;
  vmetrics metrics;
  try {
    for (const string& name : lo) losses.push_back(make_loss(name));
    for (const string& name : me) metrics.push_back(make_metric(name));
  } catch (...) {
    for (Loss* l : losses) delete l;
    for (Metric* m : metrics) delete m;
    throw;
  }
  net->build(o, losses, metrics, cs, init_weights);
}

void summary(model m) { checked(m, "summary")->summary(true); }

void plot(model m, const string& fname, const string& rankdir) {
  checked(m, "plot");
  const size_t dot = fname.find_last_of('.');
  const string path = (dot == string::npos ? fname : fname.substr(0, dot)) + ".dot";
  std::ofstream out(path);
  EDDL_CHECK_AS(IOError, out.good(), "plot: cannot write " << path);
  out << "digraph \"" << m->name << "\" {\n  rankdir=" << rankdir << ";\n";
  for (Layer* l : m->layers) {
    out << "  \"" << l->name << "\" [shape=box];\n";
    for (Layer* c : l->child) out << "  \"" << l->name << "\" -> \"" << c->name << "\";\n";
  }
  out << "}\n";
}

void setlogfile(model net, const string& fname) {
  checked(net, "setlogfile");
  // Accepted for compatibility; training progress goes to stdout (redirect it to keep a log).
  (void)fname;
}

void load(model m, const string& fname, const string& format) {
  checked(m, "load");
  EDDL_CHECK(format == "bin" || format.empty(), "load: unknown format '" << format << "' (expected \"bin\")");
  serialization::load_parameters(m, fname);
}

void save(model m, const string& fname, const string& format) {
  serialization::save_parameters(checked(m, "save"), fname, format);
}

void setlr(model net, vector<float> p) { checked(net, "setlr")->setlr(p); }

void set_mode(model net, int mode) { checked(net, "set_mode")->setmode(mode); }

void setTrainable(model net, const string& lname, bool val) {
  checked(net, "setTrainable")->getLayer(lname)->setTrainable(val);
}

vector<vector<Tensor*>> get_parameters(model net, bool deepcopy) {
  vector<vector<Tensor*>> out;
  for (Layer* l : checked(net, "get_parameters")->layers) {
    vector<Tensor*> ps;
    for (Tensor* p : l->params) ps.push_back(deepcopy ? p->clone() : p);
    out.push_back(ps);
  }
  return out;
}

void set_parameters(model net, const vector<vector<Tensor*>>& params) {
  checked(net, "set_parameters");
  EDDL_CHECK(params.size() == net->layers.size(),
             "set_parameters: " << params.size() << " layers given, the model has " << net->layers.size());
  for (size_t i = 0; i < params.size(); ++i) {
    Layer* l = net->layers[i];
    EDDL_CHECK(params[i].size() == l->params.size(), "set_parameters: layer " << l->name << " has "
                                                                              << l->params.size() << " params, "
                                                                              << params[i].size() << " given");
    for (size_t j = 0; j < params[i].size(); ++j) {
      EDDL_CHECK(params[i][j] != nullptr && params[i][j]->shape == l->params[j]->shape,
                 "set_parameters: param " << j << " of layer " << l->name << " has the wrong shape");
    }
  }
  for (size_t i = 0; i < params.size(); ++i) {
    for (size_t j = 0; j < params[i].size(); ++j) ops::copy(*params[i][j], *net->layers[i]->params[j]);
  }
}

void fit(model m, const vector<Tensor*>& in, const vector<Tensor*>& out, int batch, int epochs) {
  checked(m, "fit")->fit(in, out, batch, epochs);
}

void evaluate(model m, const vector<Tensor*>& in, const vector<Tensor*>& out, int bs) {
  checked(m, "evaluate")->evaluate(in, out, bs);
}

vector<Tensor*> predict(model m, const vector<Tensor*>& in) { return checked(m, "predict")->predict(in); }

vector<int> random_indices(int batch_size, int num_samples) {
  EDDL_CHECK(batch_size > 0 && batch_size <= num_samples,
             "random_indices: batch " << batch_size << " from " << num_samples << " samples");
  static std::mt19937_64 engine(ops::global_seed());
  vector<int> all(static_cast<size_t>(num_samples));
  std::iota(all.begin(), all.end(), 0);
  // Partial Fisher-Yates: distinct indices (EDDL drew with replacement).
  for (int i = 0; i < batch_size; ++i) {
    std::uniform_int_distribution<int> pick(i, num_samples - 1);
    std::swap(all[static_cast<size_t>(i)], all[static_cast<size_t>(pick(engine))]);
  }
  all.resize(static_cast<size_t>(batch_size));
  return all;
}

void next_batch(vector<Tensor*> in, vector<Tensor*> out) {
  EDDL_CHECK(in.size() == out.size() && !in.empty(), "next_batch: " << in.size() << " sources for " << out.size()
                                                                    << " destinations");
  const vector<int> rows = random_indices(out[0]->shape[0], in[0]->shape[0]);
  for (size_t i = 0; i < in.size(); ++i) ops::gather_rows(*in[i], rows, *out[i]);
}

void train_batch(model net, vector<Tensor*> in, vector<Tensor*> out, vector<int> indices) {
  checked(net, "train_batch")->train_batch(in, out, indices, 0);
}

void train_batch(model net, vector<Tensor*> in, vector<Tensor*> out) {
  checked(net, "train_batch")->train_batch(in, out, {}, 0);
}

void eval_batch(model net, vector<Tensor*> in, vector<Tensor*> out, vector<int> indices) {
  checked(net, "eval_batch")->train_batch(in, out, indices, 1);
}

void eval_batch(model net, vector<Tensor*> in, vector<Tensor*> out) {
  checked(net, "eval_batch")->train_batch(in, out, {}, 1);
}

void reset_loss(model m) { checked(m, "reset_loss")->reset_loss(); }

vlayer forward(model m, vector<Tensor*> in) {
  checked(m, "forward")->forward(in);
  return m->lout;
}

vlayer forward(model m) {
  checked(m, "forward")->forward();
  return m->lout;
}

vlayer forward(model m, int b) {
  checked(m, "forward")->resize(b);
  m->forward();
  return m->lout;
}

void zeroGrads(model m) { checked(m, "zeroGrads")->zeroGrads(); }
void backward(model m, vector<Tensor*> target) { checked(m, "backward")->backward(target); }
void backward(model net) { checked(net, "backward")->backward(); }
void update(model m) { checked(m, "update")->update(); }
void print_loss(model m, int batch) { checked(m, "print_loss")->print_loss(batch); }
vector<float> get_losses(model m) { return checked(m, "get_losses")->get_losses(); }
vector<float> get_metrics(model m) { return checked(m, "get_metrics")->get_metrics(); }
Loss* getLoss(string type) { return make_loss(type); }
Metric* getMetric(string type) { return make_metric(type); }

Tensor* getOutput(layer l1) { return checked(l1, "getOutput")->output->clone(); }
Tensor* getInput(layer l1) {
  checked(l1, "getInput");
  return (l1->parent.empty() ? l1->output : l1->parent[0]->output)->clone();
}
Tensor* getDelta(layer l1) {
  checked(l1, "getDelta");
  EDDL_CHECK(l1->delta != nullptr, "getDelta: layer " << l1->name << " has no delta (run backward first)");
  return l1->delta->clone();
}
Tensor* getParam(layer l1, int p) {
  checked(l1, "getParam");
  EDDL_CHECK(p >= 0 && p < static_cast<int>(l1->params.size()),
             "getParam: layer " << l1->name << " has " << l1->params.size() << " params, index " << p);
  return l1->params[static_cast<size_t>(p)]->clone();
}
Tensor* getGradient(layer l1, int p) {
  checked(l1, "getGradient");
  EDDL_CHECK(p >= 0 && p < static_cast<int>(l1->gradients.size()),
             "getGradient: layer " << l1->name << " has " << l1->gradients.size() << " gradients, index " << p);
  return l1->gradients[static_cast<size_t>(p)]->clone();
}
vector<Tensor*> getParams(layer l1) {
  vector<Tensor*> out;
  for (Tensor* p : checked(l1, "getParams")->params) out.push_back(p->clone());
  return out;
}
vector<Tensor*> getGradients(layer l1) {
  vector<Tensor*> out;
  for (Tensor* g : checked(l1, "getGradients")->gradients) out.push_back(g->clone());
  return out;
}
void copyOutput(Layer* l1, Layer* l2) { ops::copy(*checked(l1, "copyOutput")->output, *checked(l2, "copyOutput")->output); }
void copyDelta(Layer* l1, Layer* l2) {
  checked(l1, "copyDelta");
  checked(l2, "copyDelta");
  EDDL_CHECK(l1->delta != nullptr, "copyDelta: layer " << l1->name << " has no delta");
  l2->mem_delta();
  ops::copy(*l1->delta, *l2->delta);
}
void copyParam(Layer* l1, Layer* l2, int p) {
  checked(l1, "copyParam");
  checked(l2, "copyParam");
  EDDL_CHECK(l1->params.size() == l2->params.size(), "copyParam: " << l1->name << " and " << l2->name
                                                                   << " have different parameter counts");
  for (size_t i = 0; i < l1->params.size(); ++i) {
    if (p < 0 || static_cast<int>(i) == p) ops::copy(*l1->params[i], *l2->params[i]);
  }
}
void copyGradient(Layer* l1, Layer* l2, int p) {
  checked(l1, "copyGradient");
  checked(l2, "copyGradient");
  EDDL_CHECK(p >= 0 && p < static_cast<int>(l1->gradients.size()) && p < static_cast<int>(l2->gradients.size()),
             "copyGradient: gradient index " << p << " out of range");
  ops::copy(*l1->gradients[static_cast<size_t>(p)], *l2->gradients[static_cast<size_t>(p)]);
}

compserv CS_CPU(int th, const string& mem) {
  auto* cs = new CompServ(th, {}, {}, 0, parse_mem_level(mem));
  std::cerr << "CS with " << mem.substr(0, mem.find('_')) << " memory setup" << std::endl;
  return cs;
}
compserv CS_GPU(const vector<int>& g, const string& mem) { return CS_GPU(g, 1, mem); }
compserv CS_GPU(const vector<int>& g, int lsb, const string& mem) {
  EDDL_CHECK(lsb >= 0, "CS_GPU: local sync batches (lsb) must be >= 0, got " << lsb);
  // Several GPUs are data parallel: build() puts the model on the CPU and one clone on each GPU.
  return new CompServ(-1, g, {}, lsb, parse_mem_level(mem));
}

void toGPU(model net, const vector<int>& g, int lsb, const string& mem) {
  EDDL_CHECK(net != nullptr, "toGPU: null model");
  // Several GPUs: Net::set_compserv keeps the model on the CPU and trains one clone per GPU.
  net->set_compserv(CS_GPU(g, lsb, mem));
}
void toGPU(model net, const string& mem) { toGPU(net, {1}, 1, mem); }
void toGPU(model net, const vector<int>& g, const string& mem) { toGPU(net, g, 1, mem); }

void toCPU(model net, int th) {
  EDDL_CHECK(net != nullptr, "toCPU: null model");
  // EDDL's toCPU: a fresh CPU service with lsb 0 and full memory.
  net->set_compserv(new CompServ(th, {}, {}, 0, 0));
}
compserv CS_FPGA(const vector<int>& f, int lsb) { return new CompServ(-1, {}, f, lsb, 0); }

optimizer sgd(float lr, float momentum, float weight_decay, bool nesterov) {
  return new SGD(lr, momentum, weight_decay, nesterov);
}
optimizer adam(float lr, float beta_1, float beta_2, float epsilon, float weight_decay, bool amsgrad) {
  return new Adam(lr, beta_1, beta_2, epsilon, weight_decay, amsgrad);
}
optimizer adadelta(float lr, float rho, float epsilon, float weight_decay) {
  return new AdaDelta(lr, rho, epsilon, weight_decay);
}
optimizer adagrad(float lr, float epsilon, float weight_decay) { return new Adagrad(lr, epsilon, weight_decay); }
optimizer adamax(float lr, float beta_1, float beta_2, float epsilon, float weight_decay) {
  return new AdaMax(lr, beta_1, beta_2, epsilon, weight_decay);
}
optimizer nadam(float lr, float beta_1, float beta_2, float epsilon, float schedule_decay) {
  return new Nadam(lr, beta_1, beta_2, epsilon, schedule_decay);
}
optimizer rmsprop(float lr, float rho, float epsilon, float weight_decay) {
  return new RMSProp(lr, rho, epsilon, weight_decay);
}

bool exist(const string& name) { return std::ifstream(name).good(); }

vector<string> read_txt_file(const string& filename) {
  std::ifstream in(filename);
  EDDL_CHECK_AS(IOError, in.good(), "read_txt_file: cannot open " << filename);
  vector<string> lines;
  string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

}  // namespace eddl
