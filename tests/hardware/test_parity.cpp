// SPDX-License-Identifier: MIT
// Parity: every case of kernel_cases.cpp on every compiled backend against cpu-reference. A kernel
// a backend lacks is reported as skipped ("not supported"), never passed; a backend whose device is
// absent is skipped with a message. Each mismatch prints one line that reproduces it.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "hardware/registry.h"
#include "kernel_cases.h"

namespace eddl::hw::test {
namespace {

std::vector<CaseOutput> run_case(Backend& backend, const KernelCase& kc) {
  CaseRunner runner(backend, case_seed(kc));
  kc.body(runner);
  return runner.outputs();
}

bool close_enough(float got, float expected, const Tolerance& tol) {
  if (std::isnan(got) || std::isnan(expected)) return std::isnan(got) && std::isnan(expected);
  if (tol.is_exact() || std::isinf(expected)) return got == expected;
  return std::fabs(got - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

// Backends other than the oracle itself; names as test-name suffixes.
std::vector<std::string> backends_under_test() {
  std::vector<std::string> names;
  for (Backend* b : compiled_backends()) {
    if (b != &reference_backend()) names.push_back(b->name());
  }
  return names;
}

Backend* backend_named(const std::string& name) {
  for (Backend* b : compiled_backends()) {
    if (b->name() == name) return b;
  }
  return nullptr;
}

class Parity : public ::testing::TestWithParam<std::tuple<int, std::string>> {};

TEST_P(Parity, MatchesReference) {
  const KernelId id = static_cast<KernelId>(std::get<0>(GetParam()));
  const std::string& backend_name = std::get<1>(GetParam());
  Backend* backend = backend_named(backend_name);
  ASSERT_NE(backend, nullptr) << backend_name;
  if (backend->device_count() == 0) GTEST_SKIP() << backend->absent_reason();
  if (!backend->supports(id)) GTEST_SKIP() << "not supported: " << kernel_name(id) << " on " << backend_name;
  int checked = 0;
  for (const KernelCase& kc : kernel_cases()) {
    if (kc.kernel != id) continue;
    ++checked;
    const std::vector<CaseOutput> expected = run_case(reference_backend(), kc);
    const std::vector<CaseOutput> got = run_case(*backend, kc);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t o = 0; o < got.size(); ++o) {
      const std::vector<float>& g = got[o].values;
      const std::vector<float>& e = expected[o].values;
      size_t bad = 0, first_bad = g.size();
      for (size_t i = 0; i < g.size(); ++i) {
        if (!close_enough(g[i], e[i], kc.tolerance)) {
          if (bad++ == 0) first_bad = i;
        }
      }
      if (bad > 0) {
        ADD_FAILURE() << "parity: kernel=" << kernel_name(id) << " case=\"" << kc.name << "\" backend=" << backend_name
                      << " output=" << got[o].name << " index=" << first_bad << " got=" << g[first_bad]
                      << " expected=" << e[first_bad] << " (" << bad << " of " << g.size() << " bad; rtol "
                      << kc.tolerance.rtol << " atol " << kc.tolerance.atol << "; rerun: test_hardware "
                      << "--gtest_filter='Parity/*." << kernel_name(id) << "_on_*')";
      }
    }
  }
  EXPECT_GT(checked, 0) << kernel_name(id) << " has no case in kernel_cases.cpp";
}

std::string parity_name(const ::testing::TestParamInfo<Parity::ParamType>& info) {
  std::string backend = std::get<1>(info.param);
  for (char& ch : backend) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return std::string(kernel_name(static_cast<KernelId>(std::get<0>(info.param)))) + "_on_" + backend;
}

INSTANTIATE_TEST_SUITE_P(Parity, Parity,
                         ::testing::Combine(::testing::Range(0, kKernelCount),
                                            ::testing::ValuesIn(backends_under_test())),
                         parity_name);

TEST(KernelCases, EveryKernelHasACase) {
  for (int k = 0; k < kKernelCount; ++k) {
    const KernelId id = static_cast<KernelId>(k);
    int n = 0;
    for (const KernelCase& kc : kernel_cases()) n += kc.kernel == id;
    EXPECT_GT(n, 0) << kernel_name(id) << " has no case in tests/hardware/kernel_cases.cpp";
  }
}

TEST(KernelCases, NamesAreUniquePerKernel) {
  std::set<std::string> seen;
  for (const KernelCase& kc : kernel_cases()) {
    const std::string key = std::string(kernel_name(kc.kernel)) + "/" + kc.name;
    EXPECT_TRUE(seen.insert(key).second) << "duplicate case " << key;
  }
}

// The oracle must be deterministic, or parity failures would not reproduce.
TEST(KernelCases, ReferenceIsDeterministic) {
  for (const KernelCase& kc : kernel_cases()) {
    if (kc.kernel != KernelId::reduce && kc.kernel != KernelId::softmax_forward) continue;
    const auto first = run_case(reference_backend(), kc);
    const auto second = run_case(reference_backend(), kc);
    for (size_t o = 0; o < first.size(); ++o) {
      ASSERT_EQ(first[o].values, second[o].values) << kernel_name(kc.kernel) << " " << kc.name;
    }
  }
}

}  // namespace
}  // namespace eddl::hw::test
