// SPDX-License-Identifier: MIT
// fpga_agreement: the FPGA backend against cpu-reference on every parity case of the kernels it
// has (tests/hardware/kernel_cases*.cpp), in the mode EDDL_FPGA_MODE selects; prints one Markdown
// row per kernel with the cases, the largest absolute error and the largest relative error
// (|got - expected| / |expected|, over elements with |expected| >= 1e-3: below that, cancellation
// in a sum makes any float reordering look large). docs/benchmarks.md, "FPGA".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "hardware/fpga/fpga_backend.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/registry.h"
#include "kernel_cases.h"

namespace {

using namespace eddl::hw;

std::vector<test::CaseOutput> run_case(Backend& backend, const test::KernelCase& kc) {
  test::CaseRunner runner(backend, test::case_seed(kc));
  kc.body(runner);
  return runner.outputs();
}

struct Agreement {
  int cases = 0;
  double max_abs = 0, max_rel = 0;
};

}  // namespace

int main() {
  Backend& fpga = fpga_backend();
  if (fpga.device_count() == 0) {
    std::fprintf(stderr, "%s\n", fpga.absent_reason().c_str());
    return 1;
  }
  std::map<int, Agreement> by_kernel;
  for (const test::KernelCase& kc : test::kernel_cases()) {
    if (!fpga.supports(kc.kernel)) continue;
    const auto expected = run_case(reference_backend(), kc);
    const auto got = run_case(fpga, kc);
    Agreement& a = by_kernel[static_cast<int>(kc.kernel)];
    ++a.cases;
    for (size_t o = 0; o < got.size(); ++o) {
      for (size_t i = 0; i < got[o].values.size(); ++i) {
        const double g = got[o].values[i], e = expected[o].values[i];
        if (std::isnan(e) || std::isinf(e)) continue;
        const double err = std::fabs(g - e);
        a.max_abs = std::max(a.max_abs, err);
        if (std::fabs(e) >= 1e-3) a.max_rel = std::max(a.max_rel, err / std::fabs(e));
      }
    }
  }
  std::printf("| kernel (mode %s) | cases | max abs error | max rel error |\n|---|---:|---:|---:|\n",
              fpga::mode_name(fpga::mode()));
  for (const auto& [id, a] : by_kernel) {
    std::printf("| %s | %d | %.2e | %.2e |\n", kernel_name(static_cast<KernelId>(id)), a.cases, a.max_abs, a.max_rel);
  }
  return 0;
}
