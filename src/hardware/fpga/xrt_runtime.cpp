// SPDX-License-Identifier: MIT
// XrtDevice on XRT's native C++ API (xrt::device, xrt::kernel, xrt::bo, xrt::run). The shim is
// chosen by dlopen (libxrt_swemu for sw_emu, libxrt_core for hw), which registers it with
// libxrt_coreutil before the first XRT call, so XILINX_XRT is never needed. For sw_emu the process
// environment is prepared as the shim expects it: XILINX_VITIS at the build tree's fake Vitis tree
// holding our genericpciemodel, EMCONFIG_PATH at a generated emconfig.json, SDACCEL_EM_RUN_DIR at a
// private temporary directory (removed at exit), and a USER (the shim's socket lives under
// /tmp/$USER, and without USER it uses one fixed name that parallel processes fight over).
#include "hardware/fpga/xrt_runtime.h"

#include <dlfcn.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_kernel.h>
#include <experimental/xrt_system.h>

#include "hardware/check.h"
#include "hardware/fpga/swemu/swemu_heap_bug.h"

namespace eddl::hw::fpga {

namespace {

namespace fs = std::filesystem;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

// What the sw_emu environment created, removed at exit. Plain statics: the exit handler runs
// after the device object is gone from reach.
std::string g_run_dir_to_remove;
std::string g_socket_dir;
bool g_socket_dir_invented = false;

void remove_sw_emu_leftovers() {
  std::error_code ignored;
  if (!g_run_dir_to_remove.empty()) fs::remove_all(g_run_dir_to_remove, ignored);
  // The shim's sockets are named device<N>_<counter>_<pid>; it never unlinks them.
  if (!g_socket_dir.empty()) {
    const std::string suffix = "_" + std::to_string(getpid());
    for (const auto& entry : fs::directory_iterator(g_socket_dir, ignored)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("device", 0) == 0 && name.size() > suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        fs::remove(entry.path(), ignored);
      }
    }
    if (g_socket_dir_invented) fs::remove(g_socket_dir, ignored);  // only if now empty
  }
}

// Sets up the sw_emu environment; returns "" or why it cannot.
std::string prepare_sw_emu_environment() {
  setenv("XCL_EMULATION_MODE", "sw_emu", 0);
  if (env("XCL_EMULATION_MODE") != "sw_emu") {
    return "fpga (EDDL_FPGA_MODE=sw_emu): XCL_EMULATION_MODE is '" + env("XCL_EMULATION_MODE") +
           "'; unset it or set it to sw_emu";
  }
  setenv("XILINX_VITIS", EDDL_FPGA_SWEMU_VITIS_DIR, 0);
  if (env("USER").empty()) {
    setenv("USER", ("eddl_fpga_" + std::to_string(getpid())).c_str(), 1);
    g_socket_dir_invented = true;
  }
  g_socket_dir = "/tmp/" + env("USER");
  if (env("SDACCEL_EM_RUN_DIR").empty()) {
    std::string pattern = (fs::temp_directory_path() / "eddl_sw_emu_XXXXXX").string();
    if (mkdtemp(&pattern[0]) == nullptr) return "fpga (EDDL_FPGA_MODE=sw_emu): cannot create a temporary run directory";
    setenv("SDACCEL_EM_RUN_DIR", pattern.c_str(), 1);
    g_run_dir_to_remove = pattern;
  }
  if (env("EMCONFIG_PATH").empty()) {
    // One device with one 16 GiB DDR bank (the xclbin's MEM_TOPOLOGY); schema of Vitis' emconfigutil.
    const std::string dir = env("SDACCEL_EM_RUN_DIR");
    std::ofstream(dir + "/emconfig.json")
        << "{\"Version\":{\"FileVersion\":\"2.0\",\"ToolVersion\":\"eddl\"},\"Platform\":{\"Boards\":[{\"Name\":"
           "\"eddl\",\"Devices\":[{\"Name\":\"eddl_sw_emu\",\"NumDevices\":1,\"DdrBanks\":[{\"Size\":\"16GB\"}]}]}]}}\n";
    setenv("EMCONFIG_PATH", dir.c_str(), 1);
  }
  std::atexit(remove_sw_emu_leftovers);
  return "";
}

// Loads the shim for `library`; returns "" or why it cannot.
std::string load_shim(const char* library, const std::string& what) {
  if (dlopen(library, RTLD_NOW | RTLD_GLOBAL) == nullptr) {
    return what + ": cannot load XRT's " + library + " (" + dlerror() + "); install libxrt1 (scripts/setup.sh)";
  }
  return "";
}

// The Debian libxrt_swemu heap bug (swemu_heap_bug.h) crashes the first load_xclbin unless the
// preload fix is active: refuse early, naming it.
std::string check_heap_bug() {
  void* shim = dlopen(eddl_swemu_heap_bug::kShim, RTLD_NOW | RTLD_NOLOAD);
  const void* alloc_void = shim == nullptr ? nullptr : dlsym(shim, eddl_swemu_heap_bug::kAllocVoid);
  if (!eddl_swemu_heap_bug::is_buggy(alloc_void)) return "";
  if (dlsym(RTLD_DEFAULT, eddl_swemu_heap_bug::kActiveSymbol) != nullptr) return "";
  return std::string("fpga (EDDL_FPGA_MODE=sw_emu): this libxrt_swemu (Debian 2.13.466) corrupts its heap on the "
                     "first xclbin load; run with LD_PRELOAD=") +
         EDDL_FPGA_SWEMU_HEAP_FIX + " (docs/fpga.md), or set EDDL_FPGA_MODE=csim";
}

}  // namespace

struct XrtDevice::State {
  xrt::device device;
  xrt::uuid xclbin;
  std::vector<xrt::kernel> kernels;  // in FpgaKernel order
  std::vector<xrt::run> runs;        // one reusable run per kernel
  struct Allocation {
    xrt::bo bo;
    size_t bytes;
  };
  std::mutex mutex;
  std::map<uintptr_t, Allocation> allocations;  // by host mapping address

  // The bo holding `p`, and p's offset in it.
  const Allocation& owner(const void* p, size_t* offset) {
    const auto address = reinterpret_cast<uintptr_t>(p);
    auto it = allocations.upper_bound(address);
    EDDL_CHECK(it != allocations.begin(), "fpga: a kernel argument is not in FPGA device memory");
    --it;
    EDDL_CHECK(address < it->first + it->second.bytes, "fpga: a kernel argument is not in FPGA device memory");
    *offset = address - it->first;
    return it->second;
  }
};

namespace {

class XrtBuffer final : public Buffer {
 public:
  XrtBuffer(xrt::bo bo, size_t bytes, int index, XrtDevice::State* state)
      : Buffer(bo.map<void*>(), bytes, Device{DeviceKind::fpga, index}), state_(state) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->allocations.emplace(reinterpret_cast<uintptr_t>(data()), XrtDevice::State::Allocation{std::move(bo), bytes});
  }
  ~XrtBuffer() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->allocations.erase(reinterpret_cast<uintptr_t>(data()));
  }

 private:
  XrtDevice::State* state_;
};

}  // namespace

XrtDevice& XrtDevice::instance() {
  // Never destroyed: buffers may outlive any static, and XRT tears itself down at exit.
  static XrtDevice* device = new XrtDevice();
  return *device;
}

XrtDevice::XrtDevice() {
  const auto start = std::chrono::steady_clock::now();
  const bool emulated = mode() == Mode::sw_emu;
  const std::string what = std::string("fpga (EDDL_FPGA_MODE=") + mode_name(mode()) + ")";
  if (emulated) {
    error_ = prepare_sw_emu_environment();
    if (error_.empty()) error_ = load_shim("libxrt_swemu.so.2", what);
    if (error_.empty()) error_ = check_heap_bug();
  } else {
    if (!env("XCL_EMULATION_MODE").empty()) {
      error_ = what + ": XCL_EMULATION_MODE is set; unset it for a board, or use EDDL_FPGA_MODE=sw_emu";
    }
    if (error_.empty()) error_ = load_shim("libxrt_core.so.2", what);
  }
  if (!error_.empty()) return;
  try {
    if (!emulated && xrt::system::enumerate_devices() == 0) {
      error_ = what + ": no FPGA device found by XRT (no board or no xocl driver on this machine); use a machine "
                      "with an Alveo board and its driver, or set EDDL_FPGA_MODE=sw_emu (XRT software emulation of "
                      "the same kernels) or EDDL_FPGA_MODE=csim (C simulation)";
      return;
    }
    std::string xclbin = env("EDDL_FPGA_XCLBIN");
    if (xclbin.empty()) {
      if (!emulated) {
        error_ = what + ": set EDDL_FPGA_XCLBIN to an xclbin built by Vitis v++ from src/hardware/fpga/kernels "
                        "(docs/fpga.md, 'Building the real xclbin')";
        return;
      }
      xclbin = EDDL_FPGA_SWEMU_XCLBIN;
    }
    auto state = std::make_unique<State>();
    state->device = xrt::device(0);
    state->xclbin = state->device.load_xclbin(xclbin);
    for (const FpgaKernelInfo& info : kernel_infos()) {
      state->kernels.emplace_back(state->device, state->xclbin, info.name);
      state->runs.emplace_back(state->kernels.back());
    }
    state_ = std::move(state);
  } catch (const std::exception& e) {
    error_ = what + ": XRT could not open the device: " + e.what();
    return;
  }
  open_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::shared_ptr<Buffer> XrtDevice::allocate(size_t bytes, int index) {
  EDDL_CHECK_AS(NotSupportedError, ok(), error_);
  const size_t rounded = ((bytes == 0 ? 1 : bytes) + 63) / 64 * 64;
  try {
    // Every pointer argument of every kernel is connected to bank 0 (the xclbin's CONNECTIVITY).
    xrt::bo bo(state_->device, rounded, state_->kernels[0].group_id(0));
    return std::make_shared<XrtBuffer>(std::move(bo), rounded, index, state_.get());
  } catch (const std::exception& e) {
    EDDL_CHECK_AS(OutOfMemoryError, false, "fpga: cannot allocate " << bytes << " bytes of device memory: " << e.what());
  }
  return nullptr;
}

void XrtDevice::run(FpgaKernel k, const std::vector<KernelArgValue>& args) {
  EDDL_CHECK_AS(NotSupportedError, ok(), error_);
  const FpgaKernelInfo& info = kernel_infos()[static_cast<size_t>(k)];
  std::lock_guard<std::mutex> lock(state_->mutex);
  xrt::run& run = state_->runs[static_cast<size_t>(k)];
  // Kernels see whole buffers from the argument on: the kernel table carries no extents, so the
  // rest of the owning bo is synced (the host mapping is authoritative between launches).
  struct Region {
    xrt::bo bo;
    size_t bytes, offset;
  };
  std::vector<Region> written;
  for (size_t i = 0; i < args.size(); ++i) {
    const KernelArgValue& a = args[i];
    switch (a.kind) {
      case KernelArgValue::Kind::pointer: {
        size_t offset = 0;
        const State::Allocation& owner = state_->owner(a.pointer, &offset);
        const size_t bytes = owner.bytes - offset;
        xrt::bo parent = owner.bo;
        parent.sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, offset);
        if (offset == 0) {
          run.set_arg(static_cast<int>(i), parent);
        } else {
          run.set_arg(static_cast<int>(i), xrt::bo(parent, bytes, offset));
        }
        if (info.args[i].written) written.push_back(Region{parent, bytes, offset});
        break;
      }
      case KernelArgValue::Kind::int32: run.set_arg(static_cast<int>(i), a.int32); break;
      case KernelArgValue::Kind::float32: run.set_arg(static_cast<int>(i), a.float32); break;
    }
  }
  run.start();
  const ert_cmd_state state = run.wait();
  EDDL_CHECK(state == ERT_CMD_STATE_COMPLETED, "fpga: " << info.name << " ended in XRT state " << state);
  for (Region& r : written) r.bo.sync(XCL_BO_SYNC_BO_FROM_DEVICE, r.bytes, r.offset);
}

namespace {
xrt::bo& bo_of(XrtDevice::State& state, const Buffer& buffer) {
  size_t offset = 0;
  return const_cast<xrt::bo&>(state.owner(buffer.data(), &offset).bo);
}
}  // namespace

void XrtDevice::sync_to_device(const Buffer& buffer, size_t bytes) {
  EDDL_CHECK_AS(NotSupportedError, ok(), error_);
  std::lock_guard<std::mutex> lock(state_->mutex);
  bo_of(*state_, buffer).sync(XCL_BO_SYNC_BO_TO_DEVICE, bytes, 0);
}

void XrtDevice::sync_from_device(const Buffer& buffer, size_t bytes) {
  EDDL_CHECK_AS(NotSupportedError, ok(), error_);
  std::lock_guard<std::mutex> lock(state_->mutex);
  bo_of(*state_, buffer).sync(XCL_BO_SYNC_BO_FROM_DEVICE, bytes, 0);
}

}  // namespace eddl::hw::fpga
