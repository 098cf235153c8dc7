// SPDX-License-Identifier: MIT
// Initializers with honoured seeds: each draw is a counter-based stream (hw::random_bits) keyed by
// the initializer's seed, its call count and the global stream position (Tensor::set_seed).
#include <cmath>
#include <cstdint>
#include <vector>

#include "eddl/initializers/initializer.h"
#include "hardware/check.h"
#include "hardware/scalar_ops.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace ops = eddl::ops;
using eddl::hw::RandomDistribution;

void compute_fans(const std::vector<int>& shape, int& fan_in, int& fan_out) {
  if (shape.empty()) {
    fan_in = fan_out = 1;
  } else if (shape.size() == 1) {
    fan_in = fan_out = shape[0];
  } else if (shape.size() == 2) {
    fan_in = shape[0];
    fan_out = shape[1];
  } else {
    // Convolution kernels {out, in, k...}: each output sees in·∏k inputs (Glorot & Bengio 2010
    // counted per unit; Keras and PyTorch fold the receptive field in the same way).
    int64_t receptive_field = 1;
    for (size_t d = 2; d < shape.size(); ++d) receptive_field *= shape[d];
    const int64_t in = static_cast<int64_t>(shape[1]) * receptive_field;
    const int64_t out = static_cast<int64_t>(shape[0]) * receptive_field;
    EDDL_CHECK(in <= INT32_MAX && out <= INT32_MAX,
               "compute_fans: fans of " << eddl::shape::to_string(shape) << " overflow int");
    fan_in = static_cast<int>(in);
    fan_out = static_cast<int>(out);
  }
}

// Two layers built with the same (default) seed must not get equal weights, yet a rerun must repeat
// them: the global stream position, which Tensor::set_seed resets, tells the layers apart.
uint64_t Initializer::next_seed() {
  const uint64_t position = ops::take_random_counters(1);
  const uint64_t own = eddl::hw::random_bits(static_cast<uint64_t>(static_cast<uint32_t>(seed)), calls_++);
  return eddl::hw::random_bits(own ^ ops::global_seed(), position);
}

namespace {

/// Fans of `params`, checked positive so that the scales below are finite.
void positive_fans(const Initializer& init, const Tensor* params, int& fan_in, int& fan_out) {
  EDDL_CHECK(params != nullptr, init.name << ": null tensor");
  compute_fans(params->shape, fan_in, fan_out);
  EDDL_CHECK(fan_in > 0 && fan_out > 0, init.name << ": parameter " << eddl::shape::to_string(params->shape)
                                                 << " has an empty fan (fan_in " << fan_in << ", fan_out "
                                                 << fan_out << ")");
}

}  // namespace

// Glorot & Bengio 2010: Var(w) = 2 / (fan_in + fan_out).
void IGlorotNormal::apply(Tensor* params) {
  int fan_in = 0, fan_out = 0;
  positive_fans(*this, params, fan_in, fan_out);
  const auto stdev = static_cast<float>(std::sqrt(2.0 / (fan_in + fan_out)));
  ops::fill_random_seeded(*params, RandomDistribution::normal, 0.0f, stdev, next_seed());
}

void IGlorotUniform::apply(Tensor* params) {
  int fan_in = 0, fan_out = 0;
  positive_fans(*this, params, fan_in, fan_out);
  const auto limit = static_cast<float>(std::sqrt(6.0 / (fan_in + fan_out)));
  ops::fill_random_seeded(*params, RandomDistribution::uniform, -limit, limit, next_seed());
}

// He et al. 2015: Var(w) = 2 / fan_in keeps ReLU activations' variance constant.
void IHeNormal::apply(Tensor* params) {
  int fan_in = 0, fan_out = 0;
  positive_fans(*this, params, fan_in, fan_out);
  const auto stdev = static_cast<float>(std::sqrt(2.0 / fan_in));
  ops::fill_random_seeded(*params, RandomDistribution::normal, 0.0f, stdev, next_seed());
}

void IHeUniform::apply(Tensor* params) {
  int fan_in = 0, fan_out = 0;
  positive_fans(*this, params, fan_in, fan_out);
  const auto limit = static_cast<float>(std::sqrt(6.0 / fan_in));
  ops::fill_random_seeded(*params, RandomDistribution::uniform, -limit, limit, next_seed());
}

void IRandomNormal::apply(Tensor* params) {
  EDDL_CHECK(params != nullptr, name << ": null tensor");
  EDDL_CHECK(stdev >= 0.0f, name << ": stdev must be non-negative, got " << stdev);
  ops::fill_random_seeded(*params, RandomDistribution::normal, mean, stdev, next_seed());
}

void IRandomUniform::apply(Tensor* params) {
  EDDL_CHECK(params != nullptr, name << ": null tensor");
  EDDL_CHECK(min <= max, name << ": min " << min << " is above max " << max);
  ops::fill_random_seeded(*params, RandomDistribution::uniform, min, max, next_seed());
}

void IConstant::apply(Tensor* params) {
  EDDL_CHECK(params != nullptr, name << ": null tensor");
  ops::fill(*params, value);
}
