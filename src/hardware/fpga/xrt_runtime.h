// SPDX-License-Identifier: MIT
// The FPGA runtime on Xilinx XRT's native API, for the sw_emu and hw modes (docs/fpga.md). Device
// memory is one xrt::bo per Buffer whose host mapping is the authoritative copy between kernels:
// copies are plain memcpy into it, and each launch syncs its pointer arguments to the device, runs
// the kernel's CU as one xrt::run, and syncs the written ones back. Plain C++ here; the XRT headers
// stay in xrt_runtime.cpp. Compiled only when XRT is found (EDDL_FPGA_WITH_XRT).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "hardware/backend.h"
#include "hardware/fpga/fpga_runtime.h"

namespace eddl::hw::fpga {

/// The XRT device of this process's mode (sw_emu or hw), opened on first use with the xclbin loaded.
class XrtDevice {
 public:
  /// The one device; never throws (a failure to open is kept in error()).
  static XrtDevice& instance();

  /// Whether the device is open with the kernels loaded; otherwise error() says why and names the fix.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  /// A bo of at least `bytes` (64-byte multiple, never 0) whose data() is its host mapping.
  std::shared_ptr<Buffer> allocate(size_t bytes, int index);
  /// Runs kernel `k` on its CU: syncs pointer arguments in, starts, waits, syncs written ones out.
  void run(FpgaKernel k, const std::vector<KernelArgValue>& args);

  /// Host -> device and back of the first `bytes` of `buffer` (a Buffer of allocate()), for the
  /// overhead measurement of docs/benchmarks.md.
  void sync_to_device(const Buffer& buffer, size_t bytes);
  void sync_from_device(const Buffer& buffer, size_t bytes);
  /// How long opening the device and loading the xclbin took.
  double open_milliseconds() const { return open_ms_; }

  XrtDevice(const XrtDevice&) = delete;
  XrtDevice& operator=(const XrtDevice&) = delete;

  /// The XRT objects (xrt_runtime.cpp).
  struct State;

 private:
  XrtDevice();
  std::unique_ptr<State> state_;
  std::string error_;
  double open_ms_ = 0;
};

}  // namespace eddl::hw::fpga
