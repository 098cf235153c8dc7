// SPDX-License-Identifier: MIT
// Device: which piece of hardware holds a tensor. The one place where EDDL's integer device codes
// (DEV_CPU = 0, DEV_GPU + i = 1000 + i, DEV_FPGA + i = 2000 + i) are turned into values and back.
#pragma once

#include <string>

namespace eddl::hw {

enum class DeviceKind { cpu, gpu, fpga };

struct Device {
  DeviceKind kind = DeviceKind::cpu;
  int index = 0;  ///< which GPU or FPGA; always 0 for the CPU

  bool operator==(const Device& o) const { return kind == o.kind && index == o.index; }
  bool operator!=(const Device& o) const { return !(*this == o); }
};

/// EDDL code -> Device; throws ValueError for a code that names no device kind.
Device device_from_code(int code);
/// Device -> EDDL code (DEV_CPU, DEV_GPU + index, DEV_FPGA + index).
int device_code(Device device);
/// "CPU", "GPU:0", "FPGA:1": for messages and summary().
std::string device_name(Device device);

}  // namespace eddl::hw
