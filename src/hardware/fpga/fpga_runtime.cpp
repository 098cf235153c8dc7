// SPDX-License-Identifier: MIT
// The FPGA runtime's mode switch and the artefacts generated from the kernel table: argument
// metadata, the xclbin XML and the v++ configuration.
#include "hardware/fpga/fpga_runtime.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "hardware/check.h"

namespace eddl::hw::fpga {

Mode mode() {
  static const Mode chosen = [] {
    const char* v = std::getenv("EDDL_FPGA_MODE");
    if (v == nullptr || *v == '\0' || std::strcmp(v, "csim") == 0) return Mode::csim;
    if (std::strcmp(v, "sw_emu") == 0) return Mode::sw_emu;
    if (std::strcmp(v, "hw") == 0) return Mode::hw;
    return Mode::invalid;
  }();
  return chosen;
}

const char* mode_name(Mode m) {
  switch (m) {
    case Mode::csim: return "csim";
    case Mode::sw_emu: return "sw_emu";
    case Mode::hw: return "hw";
    case Mode::invalid: break;
  }
  return "invalid";
}

bool runnable() { return mode() == Mode::csim; }

std::string absent_reason() {
  switch (mode()) {
    case Mode::csim: return "";
    case Mode::sw_emu:
      return "fpga (EDDL_FPGA_MODE=sw_emu): this eddl has no XRT software-emulation runtime yet "
             "(docs/fpga.md, 'What is left'); set EDDL_FPGA_MODE=csim to run the same HLS kernels in C simulation";
    case Mode::hw:
      return "fpga (EDDL_FPGA_MODE=hw): no FPGA device can be opened: this eddl was built without Xilinx XRT "
             "and this machine has no board; install XRT and an Alveo board with an xclbin built from "
             "src/hardware/fpga/kernels (docs/fpga.md), or set EDDL_FPGA_MODE=csim to run the kernels in C simulation";
    case Mode::invalid: break;
  }
  const char* v = std::getenv("EDDL_FPGA_MODE");
  return std::string("fpga: EDDL_FPGA_MODE='") + (v ? v : "") + "' is not one of csim, sw_emu, hw";
}

#define EDDL_FPGA_INFO_R(n) FpgaArg{#n, "float*", true, false}
#define EDDL_FPGA_INFO_W(n) FpgaArg{#n, "float*", true, true}
#define EDDL_FPGA_INFO_I(n) FpgaArg{#n, "int", false, false}
#define EDDL_FPGA_INFO_F(n) FpgaArg{#n, "float", false, false}
#define EDDL_FPGA_UNPAREN(...) __VA_ARGS__
#define EDDL_FPGA_INFO(kname, family, args) FpgaKernelInfo{#kname, #family, {EDDL_FPGA_UNPAREN args}},

const std::vector<FpgaKernelInfo>& kernel_infos() {
  static const std::vector<FpgaKernelInfo> all{EDDL_FPGA_KERNELS(EDDL_FPGA_INFO, EDDL_FPGA_INFO_R, EDDL_FPGA_INFO_W,
                                                                 EDDL_FPGA_INFO_I, EDDL_FPGA_INFO_F)};
  return all;
}

namespace {
std::atomic<int64_t> launch_counts[kFpgaKernelCount];

std::string hex(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(v));
  return buf;
}

// Where each CU's control registers start; the usual Vitis spacing.
int64_t cu_base(size_t index) { return static_cast<int64_t>(index) * 0x10000; }
}  // namespace

int64_t launches(FpgaKernel k) { return launch_counts[static_cast<int>(k)].load(); }

namespace detail {
void begin_launch(FpgaKernel k, int arg_count) {
  const FpgaKernelInfo& info = kernel_infos()[static_cast<size_t>(k)];
  EDDL_CHECK(static_cast<size_t>(arg_count) == info.args.size(),
             "fpga: " << info.name << " launched with " << arg_count << " arguments, table has " << info.args.size());
  EDDL_CHECK_AS(NotSupportedError, runnable(), "fpga: cannot run " << info.name << ": " << absent_reason());
  launch_counts[static_cast<int>(k)].fetch_add(1);
}
}  // namespace detail

std::string kernel_metadata_xml() {
  // The subset of Vitis' EMBEDDED_METADATA that XRT's parser reads (docs/fpga.md): per kernel its
  // ports, its arguments at their control-register offsets (0x10 on; 64-bit pointers take 12
  // bytes, scalars 8) and one compute unit.
  std::ostringstream x;
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<project name=\"eddl_kernels\">\n  <platform vendor=\"xilinx\" boardid=\"eddl\" name=\"eddl_sw_emu\">\n"
    << "    <device name=\"fpga0\" fpgaDevice=\"virtexuplus\" addrWidth=\"0\">\n"
    << "      <core name=\"OCL_REGION_0\" target=\"bitstream\" type=\"clc_region\" clockFreq=\"0\" numComputeUnits=\""
    << kernel_infos().size() << "\">\n";
  for (size_t k = 0; k < kernel_infos().size(); ++k) {
    const FpgaKernelInfo& info = kernel_infos()[k];
    x << "        <kernel name=\"" << info.name << "\" language=\"c\" vlnv=\"xilinx.com:hls:" << info.name
      << ":1.0\" hwControlProtocol=\"ap_ctrl_hs\">\n"
      << "          <port name=\"M_AXI_GMEM\" mode=\"master\" range=\"0xFFFFFFFF\" dataWidth=\"32\" "
         "portType=\"addressable\" base=\"0x0\"/>\n"
      << "          <port name=\"S_AXI_CONTROL\" mode=\"slave\" range=\"0x1000\" dataWidth=\"32\" "
         "portType=\"addressable\" base=\"0x0\"/>\n";
    int64_t offset = 0x10;
    for (size_t a = 0; a < info.args.size(); ++a) {
      const FpgaArg& arg = info.args[a];
      const int64_t size = arg.pointer ? 8 : 4;
      x << "          <arg name=\"" << arg.name << "\" addressQualifier=\"" << (arg.pointer ? 1 : 0) << "\" id=\"" << a
        << "\" port=\"" << (arg.pointer ? "M_AXI_GMEM" : "S_AXI_CONTROL") << "\" size=\"" << hex(size)
        << "\" offset=\"" << hex(offset) << "\" hostOffset=\"0x0\" hostSize=\"" << hex(size) << "\" type=\""
        << arg.type << "\"/>\n";
      offset += arg.pointer ? 12 : 8;
    }
    x << "          <instance name=\"" << info.name << "_1\">\n            <addrRemap base=\"" << hex(cu_base(k))
      << "\" range=\"0x10000\" port=\"S_AXI_CONTROL\"/>\n          </instance>\n        </kernel>\n";
  }
  x << "      </core>\n    </device>\n  </platform>\n</project>\n";
  return x.str();
}

std::string vpp_config() {
  std::ostringstream c;
  c << "# Vitis v++ configuration for eddl's FPGA kernels, generated from src/hardware/fpga/kernel_table.h.\n"
    << "# Compile each kernel, then link (docs/fpga.md):\n";
  for (const FpgaKernelInfo& info : kernel_infos()) {
    c << "#   v++ -c -t hw --platform $PLATFORM -I src -k " << info.name << " src/hardware/fpga/kernels/"
      << info.family << ".cpp -o " << info.name << ".xo\n";
  }
  c << "#   v++ -l -t hw --platform $PLATFORM --config eddl_kernels.cfg *.xo -o eddl_kernels.xclbin\n"
    << "[connectivity]\n";
  for (const FpgaKernelInfo& info : kernel_infos()) c << "nk=" << info.name << ":1:" << info.name << "_1\n";
  for (const FpgaKernelInfo& info : kernel_infos()) {
    for (const FpgaArg& arg : info.args) {
      if (arg.pointer) c << "sp=" << info.name << "_1." << arg.name << ":DDR[0]\n";
    }
  }
  return c.str();
}

}  // namespace eddl::hw::fpga
