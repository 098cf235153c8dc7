// SPDX-License-Identifier: MIT
// The CUDA backend: device discovery (lazy, so a machine without a GPU or driver loads eddl
// without a CUDA call), one stream per device, cuBLAS/cuDNN handles, memory through the caching
// allocator, and the kernel table. Kernels only queue work on the stream; copy_to_host and
// synchronize are the only calls that wait.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "hardware/gpu/gpu_backend.h"
#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernel_table.h"
#include "hardware/gpu/gpu_kernels.h"
#include "hardware/gpu/graph_calls.h"

namespace eddl::hw {
namespace gpu {

namespace {

// What the driver said when asked for devices: asked once, kept for every later question.
struct Discovery {
  int count = 0;
  std::string reason;  ///< why count is 0; empty otherwise
};

const Discovery& discovery() {
  static const Discovery found = [] {
    Discovery d;
    const cudaError_t status = cudaGetDeviceCount(&d.count);
    if (status != cudaSuccess) {
      d.count = 0;
      d.reason = std::string(cudaGetErrorName(status)) + ": " + cudaGetErrorString(status);
      (void)cudaGetLastError();
    } else if (d.count == 0) {
      d.reason = "the CUDA runtime reports 0 devices";
    }
    return d;
  }();
  return found;
}

std::mutex& states_mutex() {
  static std::mutex m;
  return m;
}

std::vector<std::unique_ptr<DeviceState>>& states() {
  static std::vector<std::unique_ptr<DeviceState>> all;
  return all;
}

// cudaSetDevice is cheap but not free; launches come in the thousands per step, mostly on one device.
thread_local int current_device = -1;

void make_current(int index) {
  if (current_device != index) {
    EDDL_CUDA_CHECK(cudaSetDevice(index));
    current_device = index;
  }
}

}  // namespace

[[noreturn]] void throw_cuda_error(cudaError_t status, const char* what, const char* file, int line) {
  std::ostringstream os;
  os << "CUDA error in " << what << ": " << cudaGetErrorName(status) << " (" << cudaGetErrorString(status) << ")";
  (void)cudaGetLastError();
  if (status == cudaErrorMemoryAllocation) detail::throw_error<OutOfMemoryError>(os.str(), file, line);
  if (status == cudaErrorNoDevice || status == cudaErrorInsufficientDriver) {
    detail::throw_error<NotSupportedError>(os.str(), file, line);
  }
  detail::throw_error<Error>(os.str(), file, line);
}

[[noreturn]] void throw_cublas_error(cublasStatus_t status, const char* what, const char* file, int line) {
  std::ostringstream os;
  os << "cuBLAS error in " << what << ": " << cublasGetStatusName(status) << " (" << cublasGetStatusString(status)
     << ")";
  if (status == CUBLAS_STATUS_ALLOC_FAILED) detail::throw_error<OutOfMemoryError>(os.str(), file, line);
  detail::throw_error<Error>(os.str(), file, line);
}

[[noreturn]] void throw_cudnn_error(cudnnStatus_t status, const char* what, const char* file, int line) {
  std::ostringstream os;
  os << "cuDNN error in " << what << ": " << cudnnGetErrorString(status);
  if (status == CUDNN_STATUS_ALLOC_FAILED) detail::throw_error<OutOfMemoryError>(os.str(), file, line);
  if (status == CUDNN_STATUS_NOT_SUPPORTED) detail::throw_error<NotSupportedError>(os.str(), file, line);
  detail::throw_error<Error>(os.str(), file, line);
}

DeviceState& device_state(int index) {
  const Discovery& d = discovery();
  EDDL_CHECK_AS(NotSupportedError, d.count > 0, "no CUDA device: " << d.reason);
  EDDL_CHECK_AS(NotSupportedError, index >= 0 && index < d.count,
                "GPU:" << index << " requested, but this machine has " << d.count << " CUDA device(s)");
  make_current(index);
  std::lock_guard<std::mutex> lock(states_mutex());
  auto& all = states();
  if (all.empty()) all.resize(static_cast<size_t>(d.count));
  auto& s = all[static_cast<size_t>(index)];
  if (!s) {
    auto created = std::make_unique<DeviceState>(index);
    EDDL_CUDA_CHECK(cudaDeviceGetAttribute(&created->sm_count, cudaDevAttrMultiProcessorCount, index));
    // Non-blocking: the legacy default stream would serialise with other libraries' work.
    EDDL_CUDA_CHECK(cudaStreamCreateWithFlags(&created->stream, cudaStreamNonBlocking));
    s = std::move(created);
  }
  return *s;
}

cublasHandle_t cublas_handle(DeviceState& s) {
  if (s.cublas == nullptr) {
    EDDL_CUDA_CHECK(cublasCreate(&s.cublas));
    EDDL_CUDA_CHECK(cublasSetStream(s.cublas, s.stream));
    // A workspace of our own (cuBLAS's recommended 32 MiB for Hopper): otherwise cuBLAS may
    // allocate one during a graph capture, which the capture does not allow.
    constexpr size_t kCublasWorkspaceBytes = size_t{32} << 20;
    EDDL_CUDA_CHECK(cudaMalloc(&s.cublas_workspace, kCublasWorkspaceBytes));
    EDDL_CUDA_CHECK(cublasSetWorkspace(s.cublas, s.cublas_workspace, kCublasWorkspaceBytes));
    EDDL_CUDA_CHECK(cublasSetMathMode(s.cublas, tf32_allowed() ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  }
  return s.cublas;
}

cudnnHandle_t cudnn_handle(DeviceState& s) {
  if (s.cudnn == nullptr) {
    EDDL_CUDA_CHECK(cudnnCreate(&s.cudnn));
    EDDL_CUDA_CHECK(cudnnSetStream(s.cudnn, s.stream));
  }
  return s.cudnn;
}

bool tf32_allowed() {
  static const bool allowed = [] {
    const char* v = std::getenv("EDDL_GPU_TF32");
    return v != nullptr && std::strcmp(v, "1") == 0;
  }();
  return allowed;
}

}  // namespace gpu

namespace {

class GpuBuffer final : public Buffer {
 public:
  GpuBuffer(void* data, size_t bytes, int index, gpu::CachingAllocator& allocator)
      : Buffer(data, bytes, Device{DeviceKind::gpu, index}), allocator_(allocator) {}
  ~GpuBuffer() override { allocator_.release(data(), bytes()); }

 private:
  gpu::CachingAllocator& allocator_;
};

class GpuBackend final : public Backend {
 public:
  GpuBackend();
  std::string name() const override { return "cuda"; }
  DeviceKind kind() const override { return DeviceKind::gpu; }
  int device_count() const override { return gpu::discovery().count; }
  std::string absent_reason() const override {
    return gpu::discovery().count > 0 ? std::string() : "no CUDA device: " + gpu::discovery().reason;
  }

  std::shared_ptr<Buffer> allocate(size_t bytes, int index) override {
    gpu::DeviceState& s = gpu::device_state(index);
    // Never a null pointer, even for 0 bytes: views of empty tensors still carry an address.
    void* data = s.allocator.allocate(bytes == 0 ? 1 : bytes);
    return std::make_shared<GpuBuffer>(data, bytes == 0 ? 1 : bytes, index, s.allocator);
  }

  void copy_from_host(const void* host_src, void* device_dst, size_t bytes, int index) override {
    if (bytes == 0) return;
    gpu::DeviceState& s = gpu::device_state(index);
    // From pageable memory the runtime stages the source before returning, so the host buffer may
    // be reused at once, as the interface promises.
    EDDL_CUDA_CHECK(cudaMemcpyAsync(device_dst, host_src, bytes, cudaMemcpyHostToDevice, s.stream));
  }

  void copy_to_host(const void* device_src, void* host_dst, size_t bytes, int index) override {
    if (bytes == 0) return;
    gpu::DeviceState& s = gpu::device_state(index);
    EDDL_CUDA_CHECK(cudaMemcpyAsync(host_dst, device_src, bytes, cudaMemcpyDeviceToHost, s.stream));
    EDDL_CUDA_CHECK(cudaStreamSynchronize(s.stream));
  }

  void copy_device(const void* src, void* dst, size_t bytes, int index) override {
    if (bytes == 0 || src == dst) return;
    gpu::DeviceState& s = gpu::device_state(index);
    EDDL_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, s.stream));
  }

  void synchronize(int index) override { EDDL_CUDA_CHECK(cudaStreamSynchronize(gpu::device_state(index).stream)); }

  std::unique_ptr<CompiledCalls> compile(std::vector<BoundCall> calls, int index) override {
    return gpu::capture_graph(calls, index);
  }
  bool worth_compiling() const override { return true; }
};

GpuBackend::GpuBackend() {
  gpu::fill_kernel_table_without_cudnn(kernels_);
  // Convolutions (conv.cu): cuDNN, descriptors and algorithms cached per ConvParams.
  kernels_.conv_forward = &gpu::conv_forward;
  kernels_.conv_backward_input = &gpu::conv_backward_input;
  kernels_.conv_backward_weight = &gpu::conv_backward_weight;
}

}  // namespace

Backend& cuda_backend() {
  static GpuBackend backend;
  return backend;
}

}  // namespace eddl::hw

eddl::hw::Backend* eddl_gpu_module_backend() { return &eddl::hw::cuda_backend(); }
int eddl_gpu_module_kernel_count() { return eddl::hw::kKernelCount; }
