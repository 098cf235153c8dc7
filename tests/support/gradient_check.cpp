// SPDX-License-Identifier: MIT
#include "support/gradient_check.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl::test {

namespace {

double weighted_sum(Layer* layer, const std::vector<float>& r) {
  layer->forward();
  const std::vector<float> y = layer->output->to_std();
  double s = 0.0;
  for (size_t i = 0; i < y.size(); ++i) s += static_cast<double>(r[i]) * y[i];
  return s;
}

void set_values(Tensor& t, const std::vector<float>& v) {
  Tensor host(t.shape, const_cast<float*>(v.data()), DEV_CPU);
  ops::copy(host, t);
}

void probe(Layer* layer, Tensor& target, const std::vector<float>& analytic, const std::vector<float>& r,
           const std::string& what, const GradientCheckOptions& o, GradientCheckReport& report) {
  std::vector<float> values = target.to_std();
  const size_t n = values.size();
  const size_t step = std::max<size_t>(1, n / static_cast<size_t>(o.max_checks_per_tensor));
  for (size_t i = 0; i < n; i += step) {
    const float original = values[i];
    values[i] = original + o.eps;
    set_values(target, values);
    const double plus = weighted_sum(layer, r);
    values[i] = original - o.eps;
    set_values(target, values);
    const double minus = weighted_sum(layer, r);
    values[i] = original;
    set_values(target, values);
    const double numeric = (plus - minus) / (2.0 * o.eps);
    const double error = std::fabs(analytic[i] - numeric) / std::max(1.0, std::fabs(numeric));
    ++report.checked;
    if (error > report.max_error) {
      report.max_error = error;
      std::ostringstream os;
      os << what << "[" << i << "]: analytic " << analytic[i] << " numeric " << numeric;
      report.worst = os.str();
    }
  }
}

}  // namespace

GradientCheckReport gradient_check(const std::vector<Layer*>& inputs, Layer* layer, const GradientCheckOptions& o) {
  for (Layer* in : inputs) in->resize(o.batch);
  layer->resize(o.batch);
  layer->set_mode(TRMODE);
  uint64_t seed = o.seed;
  for (Layer* in : inputs) {
    std::vector<float> x = random_values(static_cast<int64_t>(in->output->size), seed++, -1.0f, 1.0f);
    for (float& v : x) {
      if (std::fabs(v) < o.min_abs_input) v = v < 0 ? -o.min_abs_input : o.min_abs_input;
    }
    set_values(*in->output, x);
  }
  for (Layer* in : inputs) {
    in->input = in->output;
  }
  layer->input = inputs[0]->output;
  const std::vector<float> r = random_values(static_cast<int64_t>(layer->output->size), seed++, -1.0f, 1.0f);

  // Analytic: delta = r, then backward.
  layer->forward();
  layer->zeroGrads();
  for (Layer* in : inputs) in->mem_delta();
  layer->mem_delta();
  set_values(*layer->delta, r);
  layer->backward();

  GradientCheckReport report;
  for (size_t k = 0; k < inputs.size(); ++k) {
    probe(layer, *inputs[k]->output, inputs[k]->delta->to_std(), r, "input" + std::to_string(k), o, report);
  }
  for (size_t p = 0; p < layer->gradients.size(); ++p) {
    probe(layer, *layer->params[p], layer->gradients[p]->to_std(), r, "param" + std::to_string(p), o, report);
  }
  return report;
}

}  // namespace eddl::test
