// SPDX-License-Identifier: MIT
// The FPGA runtime's mode switch and the artefacts generated from the kernel table: argument
// metadata, the xclbin XML and the v++ configuration. Needs no XRT: the build-time tools
// (eddl_fpga_artifacts, eddl_xclbin_pack) link it alone; launching lives in fpga_launch.cpp.
#include "hardware/fpga/fpga_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

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
std::string hex(int64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llX", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

uint64_t cu_base_address(size_t kernel_index) { return static_cast<uint64_t>(kernel_index) * 0x10000; }

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
    x << "          <instance name=\"" << info.name << "_1\">\n            <addrRemap base=\"" << hex(static_cast<int64_t>(cu_base_address(k)))
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
