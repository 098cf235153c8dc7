// SPDX-License-Identifier: MIT
// Loads libeddl_gpu.so (hardware/gpu_module.h). The module links libeddl for the hardware floor it
// builds on, and libeddl never links the module: the dependency runs one way.
#include "hardware/gpu_module.h"

#include <dlfcn.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "hardware/check.h"
#include "hardware/kernel_list.h"

namespace eddl::hw {

namespace {

// Stands in when the module is missing or unusable: no devices, and every question says why.
class UnavailableGpuBackend final : public Backend {
 public:
  explicit UnavailableGpuBackend(std::string reason) : reason_(std::move(reason)) {}
  std::string name() const override { return "cuda"; }
  DeviceKind kind() const override { return DeviceKind::gpu; }
  int device_count() const override { return 0; }
  std::string absent_reason() const override { return reason_; }
  std::shared_ptr<Buffer> allocate(size_t, int) override { fail(); }
  void copy_from_host(const void*, void*, size_t, int) override { fail(); }
  void copy_to_host(const void*, void*, size_t, int) override { fail(); }
  void copy_device(const void*, void*, size_t, int) override { fail(); }
  void synchronize(int) override { fail(); }

 private:
  std::string reason_;
  [[noreturn]] void fail() const { throw NotSupportedError(reason_); }
};

// libeddl's own directory: the module is installed (and built) beside it.
std::string directory_of_libeddl() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<const void*>(&gpu_backend), &info) == 0 || info.dli_fname == nullptr) return "";
  const std::string path = info.dli_fname;
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

Backend* load_module() {
  const char* chosen = std::getenv("EDDL_GPU_MODULE");
  const std::string path = chosen != nullptr && *chosen != '\0' ? chosen : directory_of_libeddl() + "libeddl_gpu.so";
  // RTLD_LOCAL: the module's symbols serve only itself; libeddl reaches it through dlsym alone.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return new UnavailableGpuBackend("cuda: the CUDA backend module " + path + " could not be loaded (" +
                                     (why ? why : "unknown error") +
                                     "); it is built beside libeddl when CUDA is found, and needs the CUDA "
                                     "runtime, cuBLAS and cuDNN libraries on the loader's path");
  }
  using KernelCount = int (*)();
  using Entry = Backend* (*)();
  auto count = reinterpret_cast<KernelCount>(dlsym(handle, "eddl_gpu_module_kernel_count"));
  auto entry = reinterpret_cast<Entry>(dlsym(handle, "eddl_gpu_module_backend"));
  if (count == nullptr || entry == nullptr) {
    return new UnavailableGpuBackend("cuda: " + path + " is not an eddl GPU module (entry points missing)");
  }
  if (count() != kKernelCount) {
    return new UnavailableGpuBackend("cuda: " + path + " comes from another eddl build (" + std::to_string(count()) +
                                     " kernels, this libeddl has " + std::to_string(kKernelCount) +
                                     "); rebuild or reinstall both together");
  }
  // The handle stays open for the life of the process: the backend's objects live in the module.
  return entry();
}

}  // namespace

Backend& gpu_backend() {
  static Backend* const backend = load_module();
  return *backend;
}

}  // namespace eddl::hw
