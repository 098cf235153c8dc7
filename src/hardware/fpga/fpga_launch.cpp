// SPDX-License-Identifier: MIT
// Whether this process's mode can run kernels (and if not, the message naming the fix), the launch
// counter, and the hand-over of a launch to XRT in the sw_emu and hw modes (xrt_runtime.cpp, built
// only when XRT is found; csim calls the HLS function in-process from launch() itself).
#include <atomic>
#include <cstdlib>
#include <string>

#include "hardware/check.h"
#include "hardware/fpga/fpga_runtime.h"
#if EDDL_FPGA_WITH_XRT
#include "hardware/fpga/xrt_runtime.h"
#endif

namespace eddl::hw::fpga {

namespace {
std::atomic<int64_t> launch_counts[kFpgaKernelCount];

// The packages of scripts/setup.sh that the XRT modes need.
constexpr const char* kXrtPackages = "libxrt-dev libxrt1 uuid-dev libprotobuf-dev protobuf-compiler libffi-dev";
}  // namespace

bool xrt_built_in() { return EDDL_FPGA_WITH_XRT != 0; }

bool runnable() {
  switch (mode()) {
    case Mode::csim: return true;
    case Mode::sw_emu:
    case Mode::hw:
#if EDDL_FPGA_WITH_XRT
      return XrtDevice::instance().ok();
#else
      return false;
#endif
    case Mode::invalid: break;
  }
  return false;
}

std::string absent_reason() {
  switch (mode()) {
    case Mode::csim: return "";
    case Mode::sw_emu:
    case Mode::hw:
#if EDDL_FPGA_WITH_XRT
      return XrtDevice::instance().error();
#else
      if (mode() == Mode::sw_emu) {
        return std::string("fpga (EDDL_FPGA_MODE=sw_emu): this eddl was built without Xilinx XRT; install ") +
               kXrtPackages + " (scripts/setup.sh) and rebuild for XRT software emulation (docs/fpga.md), or set "
               "EDDL_FPGA_MODE=csim to run the same HLS kernels in C simulation";
      }
      return std::string("fpga (EDDL_FPGA_MODE=hw): no FPGA device can be opened: this eddl was built without "
                         "Xilinx XRT and this machine has no board; install ") +
             kXrtPackages + ", an Alveo board and an xclbin built from src/hardware/fpga/kernels (docs/fpga.md), "
             "or set EDDL_FPGA_MODE=sw_emu (XRT software emulation) or EDDL_FPGA_MODE=csim (C simulation)";
#endif
    case Mode::invalid: break;
  }
  const char* v = std::getenv("EDDL_FPGA_MODE");
  return std::string("fpga: EDDL_FPGA_MODE='") + (v ? v : "") + "' is not one of csim, sw_emu, hw";
}

int64_t launches(FpgaKernel k) { return launch_counts[static_cast<int>(k)].load(); }

namespace detail {

void begin_launch(FpgaKernel k, int arg_count) {
  const FpgaKernelInfo& info = kernel_infos()[static_cast<size_t>(k)];
  EDDL_CHECK(static_cast<size_t>(arg_count) == info.args.size(),
             "fpga: " << info.name << " launched with " << arg_count << " arguments, table has " << info.args.size());
  EDDL_CHECK_AS(NotSupportedError, runnable(), "fpga: cannot run " << info.name << ": " << absent_reason());
  launch_counts[static_cast<int>(k)].fetch_add(1);
}

void launch_on_device(FpgaKernel k, const std::vector<KernelArgValue>& args) {
#if EDDL_FPGA_WITH_XRT
  XrtDevice::instance().run(k, args);
#else
  (void)args;  // begin_launch() already refused: runnable() is false without XRT
  EDDL_CHECK_AS(NotSupportedError, false, "fpga: cannot run " << kernel_infos()[static_cast<size_t>(k)].name << ": "
                                                               << absent_reason());
#endif
}

}  // namespace detail

}  // namespace eddl::hw::fpga
