// SPDX-License-Identifier: MIT
// The parity table's cases run on a backend whose kernels are those of src/hardware/gpu/ (all but
// cuDNN's convolutions) compiled for the host (shim/), against cpu-reference, with the same
// tolerances as test_hardware. Built and run by run.sh; needs no GPU.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "hardware/gpu/gpu_kernel_table.h"
#include "hardware/registry.h"
#include "kernel_cases.h"

namespace eddl::hw::gpu {
long emulated_gemms = 0;
namespace emulation {
long launches = 0;
}  // namespace emulation
}  // namespace eddl::hw::gpu

namespace eddl::hw {
namespace {

class HostBuffer final : public Buffer {
 public:
  explicit HostBuffer(size_t bytes)
      : Buffer(std::aligned_alloc(64, (bytes + 63) / 64 * 64), bytes, Device{DeviceKind::cpu, 0}) {}
  ~HostBuffer() override { std::free(data()); }
};

class EmulatedGpuBackend final : public Backend {
 public:
  EmulatedGpuBackend() { gpu::fill_kernel_table_without_cudnn(kernels_); }
  std::string name() const override { return "cuda-on-host"; }
  DeviceKind kind() const override { return DeviceKind::cpu; }
  int device_count() const override { return 1; }
  std::shared_ptr<Buffer> allocate(size_t bytes, int) override { return std::make_shared<HostBuffer>(bytes ? bytes : 1); }
  void copy_from_host(const void* src, void* dst, size_t bytes, int) override { std::memcpy(dst, src, bytes); }
  void copy_to_host(const void* src, void* dst, size_t bytes, int) override { std::memcpy(dst, src, bytes); }
  void copy_device(const void* src, void* dst, size_t bytes, int) override { std::memmove(dst, src, bytes); }
  void synchronize(int) override {}
};

bool close_enough(float got, float expected, const test::Tolerance& tol) {
  if (std::isnan(got) || std::isnan(expected)) return std::isnan(got) && std::isnan(expected);
  if (tol.is_exact() || std::isinf(expected)) return got == expected;
  return std::fabs(got - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

}  // namespace
}  // namespace eddl::hw

int main() {
  using namespace eddl::hw;
  EmulatedGpuBackend emulated;
  int cases = 0, failures = 0;
  for (const test::KernelCase& kc : test::kernel_cases()) {
    if (!emulated.supports(kc.kernel)) continue;
    ++cases;
    test::CaseRunner oracle(reference_backend(), test::case_seed(kc));
    kc.body(oracle);
    test::CaseRunner runner(emulated, test::case_seed(kc));
    kc.body(runner);
    const auto expected = oracle.outputs();
    const auto got = runner.outputs();
    for (size_t o = 0; o < got.size(); ++o) {
      size_t bad = 0, first = 0;
      for (size_t i = 0; i < got[o].values.size(); ++i) {
        if (!close_enough(got[o].values[i], expected[o].values[i], kc.tolerance) && bad++ == 0) first = i;
      }
      if (bad > 0) {
        ++failures;
        std::printf("FAIL %s \"%s\" %s: %zu of %zu bad, first at %zu: got %g expected %g\n", kernel_name(kc.kernel),
                    kc.name.c_str(), got[o].name.c_str(), bad, got[o].values.size(), first, got[o].values[first],
                    expected[o].values[first]);
      }
    }
  }
  std::printf("CUDA kernels on the host: %d cases, %d failing outputs (%ld GEMMs, %ld launches)\n", cases, failures,
              gpu::emulated_gemms, gpu::emulation::launches);
  return failures == 0 && cases > 0 ? 0 : 1;
}
