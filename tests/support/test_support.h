// SPDX-License-Identifier: MIT
// The shared test harness: seeded random tensors (never all zeros), closeness checks that print a
// one-line reproduction, and the backends a parity test runs on.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "eddl/net/net.h"
#include "eddl/tensor/tensor.h"

namespace eddl::test {

/// Values uniform in [lo, hi) from `seed` (a host-side generator independent of eddl's own).
std::vector<float> random_values(int64_t n, uint64_t seed, float lo = -1.0f, float hi = 1.0f);
/// A CPU tensor of `shape` filled by random_values.
Tensor random_tensor(const std::vector<int>& shape, uint64_t seed, float lo = -1.0f, float hi = 1.0f);
/// Checks |actual - expected| <= atol + rtol * |expected| for every element; on failure reports the
/// first bad index, both values and `what`.
::testing::AssertionResult all_close(const std::vector<float>& actual, const std::vector<float>& expected,
                                     float rtol, float atol, const std::string& what = "");
::testing::AssertionResult all_close(const Tensor& actual, const std::vector<float>& expected, float rtol,
                                     float atol, const std::string& what = "");
/// Passes when `f` throws eddl::IOError whose message contains `name` (the file it must name).
::testing::AssertionResult throws_io_error_naming(const std::function<void()>& f, const std::string& name);
/// Every parameter of `net`, layer after layer, read back into one vector.
std::vector<float> all_parameters(const Net& net);
/// Fraction of elements that are exactly zero (tests refuse mostly-zero outputs).
double zero_fraction(const std::vector<float>& values);

}  // namespace eddl::test
