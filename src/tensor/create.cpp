// SPDX-License-Identifier: MIT
// Tensor creation and filling: empty/zeros/ones/full (and *_like), ranges, eye, random tensors.
// Sequences are computed on the host in double precision and copied to the device once.
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/method_support.h"
#include "tensor/ops.h"

namespace {

using eddl::detail::deref;

Tensor* filled(const std::vector<int>& shape, float value, int dev) {
  std::unique_ptr<Tensor> t(new Tensor(shape, dev));
  eddl::ops::fill(*t, value);
  return t.release();
}

// Element count of a range from its real-valued length, refusing counts that do not fit an int.
int range_count(double count, const char* method) {
  EDDL_CHECK(std::isfinite(count), method << ": the range has no finite length");
  if (count <= 0.0) return 0;
  EDDL_CHECK(count <= static_cast<double>(std::numeric_limits<int>::max()),
             method << ": " << count << " values do not fit in one dimension");
  return static_cast<int>(count);
}

Tensor* sequence(int count, double start, double step, int dev) {
  std::vector<float> values(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) values[static_cast<size_t>(i)] = static_cast<float>(start + i * step);
  return new Tensor(values, {count}, dev);
}

// The fraction i / (steps - 1) used by linspace-like sequences; 0 for a single step.
double fraction(int i, int steps) { return steps == 1 ? 0.0 : static_cast<double>(i) / (steps - 1); }

void check_steps(int steps, const char* method) {
  EDDL_CHECK(steps >= 0, method << ": steps must not be negative, got " << steps);
}

}  // namespace

Tensor* Tensor::empty(const std::vector<int>& shape, int dev) { return new Tensor(shape, dev); }
Tensor* Tensor::empty_like(Tensor* A) {
  const Tensor& a = deref(A, "empty_like");
  return new Tensor(a.shape, a.device);
}

Tensor* Tensor::zeros(const std::vector<int>& shape, int dev) { return filled(shape, 0.0f, dev); }
Tensor* Tensor::zeros_like(Tensor* A) {
  const Tensor& a = deref(A, "zeros_like");
  return filled(a.shape, 0.0f, a.device);
}

Tensor* Tensor::ones(const std::vector<int>& shape, int dev) { return filled(shape, 1.0f, dev); }
Tensor* Tensor::ones_like(Tensor* A) {
  const Tensor& a = deref(A, "ones_like");
  return filled(a.shape, 1.0f, a.device);
}

Tensor* Tensor::full(const std::vector<int>& shape, float value, int dev) { return filled(shape, value, dev); }
Tensor* Tensor::full_like(Tensor* A, float value) {
  const Tensor& a = deref(A, "full_like");
  return filled(a.shape, value, a.device);
}

// EDDL treats a zero step as 1 rather than producing an endless range.
Tensor* Tensor::arange(float start, float end, float step, int dev) {
  const double s = step == 0.0f ? 1.0 : step;
  const int count = range_count(std::ceil((static_cast<double>(end) - start) / s), "arange");
  return sequence(count, start, s, dev);
}

Tensor* Tensor::range(float start, float end, float step, int dev) {
  const double s = step == 0.0f ? 1.0 : step;
  const int count = range_count(std::floor((static_cast<double>(end) - start) / s) + 1.0, "range");
  return sequence(count, start, s, dev);
}

Tensor* Tensor::linspace(float start, float end, int steps, int dev) {
  check_steps(steps, "linspace");
  std::vector<float> values(static_cast<size_t>(steps));
  for (int i = 0; i < steps; ++i) {
    values[static_cast<size_t>(i)] =
        static_cast<float>(start + (static_cast<double>(end) - start) * fraction(i, steps));
  }
  return new Tensor(values, {steps}, dev);
}

Tensor* Tensor::logspace(float start, float end, int steps, float base, int dev) {
  check_steps(steps, "logspace");
  std::vector<float> values(static_cast<size_t>(steps));
  for (int i = 0; i < steps; ++i) {
    const double exponent = start + (static_cast<double>(end) - start) * fraction(i, steps);
    values[static_cast<size_t>(i)] = static_cast<float>(std::pow(static_cast<double>(base), exponent));
  }
  return new Tensor(values, {steps}, dev);
}

Tensor* Tensor::geomspace(float start, float end, int steps, int dev) {
  check_steps(steps, "geomspace");
  EDDL_CHECK(start != 0.0f && end != 0.0f && (start > 0.0f) == (end > 0.0f),
             "geomspace: start and end must be non-zero and of the same sign, got " << start << " and " << end);
  std::vector<float> values(static_cast<size_t>(steps));
  const double ratio = static_cast<double>(end) / start;
  for (int i = 0; i < steps; ++i) {
    values[static_cast<size_t>(i)] = static_cast<float>(start * std::pow(ratio, fraction(i, steps)));
  }
  return new Tensor(values, {steps}, dev);
}

Tensor* Tensor::eye(int rows, int offset, int dev) {
  EDDL_CHECK(rows >= 0, "eye: rows must not be negative, got " << rows);
  const size_t n = static_cast<size_t>(rows);
  std::vector<float> values(n * n, 0.0f);
  for (int r = 0; r < rows; ++r) {
    const int c = r + offset;
    if (c >= 0 && c < rows) values[static_cast<size_t>(r) * n + static_cast<size_t>(c)] = 1.0f;
  }
  return new Tensor(values, {rows, rows}, dev);
}

Tensor* Tensor::identity(int rows, int dev) { return eye(rows, 0, dev); }

Tensor* Tensor::randu(const std::vector<int>& shape, int dev) {
  std::unique_ptr<Tensor> t(new Tensor(shape, dev));
  eddl::ops::fill_random(*t, eddl::hw::RandomDistribution::uniform, 0.0f, 1.0f);
  return t.release();
}

Tensor* Tensor::randn(const std::vector<int>& shape, int dev) {
  std::unique_ptr<Tensor> t(new Tensor(shape, dev));
  eddl::ops::fill_random(*t, eddl::hw::RandomDistribution::normal, 0.0f, 1.0f);
  return t.release();
}

void Tensor::fill_(float v) { eddl::ops::fill(*this, v); }
Tensor* Tensor::fill(float v) const { return filled(shape, v, device); }
void Tensor::fill(Tensor* A, float v) { eddl::ops::fill(deref(A, "fill"), v); }

void Tensor::fill_rand_uniform_(float v) {
  eddl::ops::fill_random(*this, eddl::hw::RandomDistribution::uniform, 0.0f, v);
}

void Tensor::fill_rand_signed_uniform_(float v) {
  eddl::ops::fill_random(*this, eddl::hw::RandomDistribution::uniform, -v, v);
}

// fast_math selects EDDL's approximate generator; eddl has one exact Box-Muller stream for both.
void Tensor::fill_rand_normal_(float m, float s, bool fast_math) {
  (void)fast_math;
  eddl::ops::fill_random(*this, eddl::hw::RandomDistribution::normal, m, s);
}

void Tensor::fill_rand_binary_(float v) {
  EDDL_CHECK(v >= 0.0f && v <= 1.0f, "fill_rand_binary_: probability " << v << " is outside [0, 1]");
  eddl::ops::fill_random(*this, eddl::hw::RandomDistribution::bernoulli, v, 0.0f);
}
