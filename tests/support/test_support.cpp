// SPDX-License-Identifier: MIT
#include "support/test_support.h"

#include <cmath>
#include <random>
#include <sstream>

#include "eddl/errors.h"

namespace eddl::test {

std::vector<float> all_parameters(const Net& net) {
  std::vector<float> all;
  for (const Layer* l : net.layers) {
    for (const Tensor* p : l->params) {
      const std::vector<float> v = p->to_std();
      all.insert(all.end(), v.begin(), v.end());
    }
  }
  return all;
}

std::vector<float> random_values(int64_t n, uint64_t seed, float lo, float hi) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(n));
  for (auto& x : v) x = dist(gen);
  return v;
}

Tensor random_tensor(const std::vector<int>& shape, uint64_t seed, float lo, float hi) {
  int64_t n = 1;
  for (int d : shape) n *= d;
  return Tensor(random_values(n, seed, lo, hi), shape);
}

::testing::AssertionResult all_close(const std::vector<float>& actual, const std::vector<float>& expected,
                                     float rtol, float atol, const std::string& what) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure() << what << ": " << actual.size() << " values, expected "
                                         << expected.size();
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    const float a = actual[i], e = expected[i];
    const bool both_nan = std::isnan(a) && std::isnan(e);
    if (!both_nan && !(std::fabs(a - e) <= atol + rtol * std::fabs(e))) {
      return ::testing::AssertionFailure() << what << ": element " << i << " is " << a << ", expected " << e
                                           << " (rtol " << rtol << ", atol " << atol << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult all_close(const Tensor& actual, const std::vector<float>& expected, float rtol,
                                     float atol, const std::string& what) {
  return all_close(actual.to_std(), expected, rtol, atol, what);
}

::testing::AssertionResult throws_io_error_naming(const std::function<void()>& f, const std::string& name) {
  try {
    f();
  } catch (const IOError& e) {
    if (std::string(e.what()).find(name) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "IOError without '" << name << "': " << e.what();
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "expected eddl::IOError, got another exception: " << e.what();
  }
  return ::testing::AssertionFailure() << "no exception for " << name;
}

double zero_fraction(const std::vector<float>& values) {
  if (values.empty()) return 1.0;
  size_t zeros = 0;
  for (float v : values) zeros += v == 0.0f;
  return static_cast<double>(zeros) / static_cast<double>(values.size());
}

}  // namespace eddl::test
