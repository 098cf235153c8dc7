// SPDX-License-Identifier: MIT
// eddl_fpga_artifacts OUT_DIR: writes what the kernel table generates for the toolchain:
// eddl_kernels.xml (the xclbin's kernel metadata) and eddl_kernels.cfg (the v++ configuration).
#include <fstream>
#include <iostream>
#include <string>

#include "hardware/fpga/fpga_runtime.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: eddl_fpga_artifacts OUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::ofstream xml(dir + "/eddl_kernels.xml");
  xml << eddl::hw::fpga::kernel_metadata_xml();
  std::ofstream cfg(dir + "/eddl_kernels.cfg");
  cfg << eddl::hw::fpga::vpp_config();
  if (!xml || !cfg) {
    std::cerr << "eddl_fpga_artifacts: cannot write into " << dir << "\n";
    return 1;
  }
  return 0;
}
