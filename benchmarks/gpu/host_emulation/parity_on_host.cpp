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

#include "hardware/gpu/gpu_kernels.h"
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
  EmulatedGpuBackend() {
    // elementwise.cu, random.cu, reductions.cu, softmax.cu, gemm.cu, optimizers.cu
    kernels_.fill = &gpu::fill;
    kernels_.copy_strided = &gpu::copy_strided;
    kernels_.unary_map = &gpu::unary_map;
    kernels_.unary_backward = &gpu::unary_backward;
    kernels_.binary_map = &gpu::binary_map;
    kernels_.fill_random = &gpu::fill_random;
    kernels_.reduce = &gpu::reduce;
    kernels_.reduce_arg = &gpu::reduce_arg;
    kernels_.softmax_forward = &gpu::softmax_forward;
    kernels_.softmax_backward = &gpu::softmax_backward;
    kernels_.gemm = &gpu::gemm;
    kernels_.gemm_epilogue = &gpu::gemm_epilogue;
    kernels_.sgd_update = &gpu::sgd_update;
    kernels_.adam_update = &gpu::adam_update;
    kernels_.adamax_update = &gpu::adamax_update;
    kernels_.rmsprop_update = &gpu::rmsprop_update;
    kernels_.adagrad_update = &gpu::adagrad_update;
    kernels_.adadelta_update = &gpu::adadelta_update;
    kernels_.nadam_update = &gpu::nadam_update;
    // pool.cu, normalization.cu
    kernels_.batchnorm_forward_train = &gpu::batchnorm_forward_train;
    kernels_.batchnorm_forward_inference = &gpu::batchnorm_forward_inference;
    kernels_.batchnorm_backward = &gpu::batchnorm_backward;
    kernels_.maxpool_forward = &gpu::maxpool_forward;
    kernels_.maxpool_backward = &gpu::maxpool_backward;
    kernels_.avgpool_forward = &gpu::avgpool_forward;
    kernels_.avgpool_backward = &gpu::avgpool_backward;
    // recurrent.cu
    kernels_.rnn_forward = &gpu::rnn_forward;
    kernels_.rnn_backward = &gpu::rnn_backward;
    kernels_.lstm_forward = &gpu::lstm_forward;
    kernels_.lstm_backward = &gpu::lstm_backward;
    kernels_.gru_forward = &gpu::gru_forward;
    kernels_.gru_backward = &gpu::gru_backward;
    kernels_.embedding_forward = &gpu::embedding_forward;
    kernels_.embedding_backward = &gpu::embedding_backward;
  }
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
