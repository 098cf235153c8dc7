// SPDX-License-Identifier: MIT
#include "hardware/device.h"

#include "hardware/check.h"

namespace eddl::hw {

namespace {
constexpr int kGpuBase = 1000;
constexpr int kFpgaBase = 2000;
constexpr int kMaxPerKind = 1000;
}  // namespace

Device device_from_code(int code) {
  if (code >= 0 && code < kGpuBase) return {DeviceKind::cpu, 0};
  if (code >= kGpuBase && code < kGpuBase + kMaxPerKind) return {DeviceKind::gpu, code - kGpuBase};
  if (code >= kFpgaBase && code < kFpgaBase + kMaxPerKind) return {DeviceKind::fpga, code - kFpgaBase};
  EDDL_CHECK(false, "unknown device code " << code
                                           << " (expected DEV_CPU=0, DEV_GPU+i=1000+i or DEV_FPGA+i=2000+i)");
}

int device_code(Device device) {
  switch (device.kind) {
    case DeviceKind::cpu: return 0;
    case DeviceKind::gpu: return kGpuBase + device.index;
    case DeviceKind::fpga: return kFpgaBase + device.index;
  }
  return 0;
}

std::string device_name(Device device) {
  switch (device.kind) {
    case DeviceKind::cpu: return "CPU";
    case DeviceKind::gpu: return "GPU:" + std::to_string(device.index);
    case DeviceKind::fpga: return "FPGA:" + std::to_string(device.index);
  }
  return "?";
}

}  // namespace eddl::hw
