// SPDX-License-Identifier: MIT
#include "hardware/registry.h"

#include <cstdlib>
#include <cstring>

#include "hardware/check.h"
#include "hardware/cpu/cpu_backend.h"
#include "hardware/cpu/reference/reference_backend.h"

#if EDDL_WITH_CUDA
#include "hardware/gpu_module.h"
#endif
#if EDDL_WITH_FPGA
#include "hardware/fpga/fpga_backend.h"
#endif

namespace eddl::hw {

Backend& reference_backend() {
  static ReferenceBackend backend;
  return backend;
}

Backend& cpu_backend() {
  static CpuBackend backend;
  return backend;
}

namespace {
[[noreturn, maybe_unused]] void throw_not_compiled(Device device, const char* how) {
  EDDL_CHECK_AS(NotSupportedError, false,
                "device " << device_name(device) << " requested, but this eddl was built without it: " << how);
  throw NotSupportedError("unreachable");
}

bool reference_requested() {
  const char* choice = std::getenv("EDDL_CPU_BACKEND");
  return choice != nullptr && std::strcmp(choice, "reference") == 0;
}
}  // namespace

Backend& backend_for(Device device) {
  switch (device.kind) {
    case DeviceKind::cpu: {
      static const bool use_reference = reference_requested();
      return use_reference ? reference_backend() : cpu_backend();
    }
    case DeviceKind::gpu:
#if EDDL_WITH_CUDA
      return gpu_backend();
#else
      throw_not_compiled(device, "rebuild with -DEDDL_WITH_CUDA=ON on a machine with the CUDA toolkit");
#endif
    case DeviceKind::fpga:
#if EDDL_WITH_FPGA
      return fpga_backend();
#else
      throw_not_compiled(device, "rebuild with -DEDDL_WITH_FPGA=ON (C simulation needs nothing more; sw_emu and boards need Xilinx XRT)");
#endif
  }
  EDDL_CHECK(false, "unknown device kind");
}

std::vector<Backend*> compiled_backends() {
  std::vector<Backend*> all{&reference_backend(), &cpu_backend()};
#if EDDL_WITH_CUDA
  all.push_back(&gpu_backend());
#endif
#if EDDL_WITH_FPGA
  all.push_back(&fpga_backend());
#endif
  return all;
}

bool is_compiled(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::cpu: return true;
    case DeviceKind::gpu: return EDDL_WITH_CUDA != 0;
    case DeviceKind::fpga: return EDDL_WITH_FPGA != 0;
  }
  return false;
}

}  // namespace eddl::hw
