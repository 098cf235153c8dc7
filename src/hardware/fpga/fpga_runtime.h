// SPDX-License-Identifier: MIT
// The FPGA runtime: which mode runs the kernels (EDDL_FPGA_MODE), the kernel index and argument
// metadata generated from kernel_table.h, and launch(), the one call every host wrapper makes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hardware/fpga/kernel_table.h"

namespace eddl::hw::fpga {

/// csim: the HLS functions called in-process (no XRT); sw_emu: XRT software emulation (our device
/// process runs the same kernels from an xclbin); hw: a board with a Vitis-built xclbin.
enum class Mode { csim, sw_emu, hw, invalid };

/// The mode named by EDDL_FPGA_MODE (csim when unset), read once per process.
Mode mode();
const char* mode_name(Mode m);
/// Whether kernels can run in this process's mode, and if not, why (names the fix).
bool runnable();
std::string absent_reason();

#define EDDL_FPGA_IGNORE(name)
#define EDDL_FPGA_ENUM(kname, family, args) kname,
enum class FpgaKernel { EDDL_FPGA_KERNELS(EDDL_FPGA_ENUM, EDDL_FPGA_IGNORE, EDDL_FPGA_IGNORE, EDDL_FPGA_IGNORE, EDDL_FPGA_IGNORE) count };
#undef EDDL_FPGA_ENUM
constexpr int kFpgaKernelCount = static_cast<int>(FpgaKernel::count);

/// One argument of an HLS top function, as the table declares it.
struct FpgaArg {
  const char* name;
  const char* type;  ///< "float*", "int" or "float" (the XML's type attribute)
  bool pointer;      ///< m_axi buffer (true) or s_axilite scalar
  bool written;      ///< W(): the kernel writes it
};

struct FpgaKernelInfo {
  const char* name;
  const char* family;  ///< kernels/<family>.cpp
  std::vector<FpgaArg> args;
};

/// Every kernel of the table, in FpgaKernel order.
const std::vector<FpgaKernelInfo>& kernel_infos();
/// Completed launches of `k` in this process (tests check that a layer really ran on the FPGA).
int64_t launches(FpgaKernel k);

/// One argument of a launch as it crosses to XRT: a device buffer pointer or a 32-bit scalar.
struct KernelArgValue {
  enum class Kind { pointer, int32, float32 } kind;
  const void* pointer = nullptr;
  int int32 = 0;
  float float32 = 0.0f;
  KernelArgValue(const float* p) : kind(Kind::pointer), pointer(p) {}  // NOLINT: implicit by design
  KernelArgValue(float* p) : kind(Kind::pointer), pointer(p) {}        // NOLINT
  KernelArgValue(int v) : kind(Kind::int32), int32(v) {}               // NOLINT
  KernelArgValue(float v) : kind(Kind::float32), float32(v) {}         // NOLINT
};

namespace detail {
/// Throws NotSupportedError naming the fix when the mode cannot run kernels; counts the launch.
void begin_launch(FpgaKernel k, int arg_count);
/// Runs `k` through XRT (sw_emu, hw): the modes where the kernel is not called in-process.
void launch_on_device(FpgaKernel k, const std::vector<KernelArgValue>& args);
}  // namespace detail

/// Runs kernel `k`, whose HLS function is `fn`, with `args` (pointers are device buffers): called
/// in-process in csim, as an xrt::run on its compute unit otherwise. The function type comes from
/// the table's declaration, so a wrapper passing the wrong arguments does not compile.
template <class... Params, class... Args>
void launch(FpgaKernel k, void (*fn)(Params...), Args... args) {
  static_assert(sizeof...(Params) == sizeof...(Args), "argument count differs from kernel_table.h");
  detail::begin_launch(k, static_cast<int>(sizeof...(Params)));
  if (mode() == Mode::csim) {
    fn(static_cast<Params>(args)...);
  } else {
    detail::launch_on_device(k, {KernelArgValue(static_cast<Params>(args))...});
  }
}

/// Whether this eddl was built with XRT (sw_emu and hw need it; csim does not).
bool xrt_built_in();

/// Where the control registers of kernel `kernel_index`'s one CU start (the usual Vitis spacing).
uint64_t cu_base_address(size_t kernel_index);
/// The xclbin's EMBEDDED_METADATA XML (kernels, arguments, register offsets, one CU each).
std::string kernel_metadata_xml();
/// A Vitis v++ configuration for building the real xclbin from kernels/ (docs/fpga.md).
std::string vpp_config();

}  // namespace eddl::hw::fpga
