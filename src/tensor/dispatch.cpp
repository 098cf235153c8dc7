// SPDX-License-Identifier: MIT
#include "tensor/dispatch.h"

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include "hardware/check.h"
#include "hardware/registry.h"
#include "tensor/shape.h"

namespace eddl {

namespace dispatch_detail {

hw::Backend& backend_of(const char* kernel, std::initializer_list<const Tensor*> tensors) {
  const Tensor* first = *tensors.begin();
  for (const Tensor* t : tensors) {
    if (t == nullptr) continue;  // an optional operand left out
    EDDL_CHECK(t->device == first->device,
               "kernel " << kernel << ": tensors on different devices (" << hw::device_name(hw::device_from_code(first->device))
                         << " and " << hw::device_name(hw::device_from_code(t->device))
                         << "); move them with toCPU()/toGPU() or Tensor::copy first");
  }
  return hw::backend_for(hw::device_from_code(first->device));
}

void throw_missing(const char* kernel, const hw::Backend& backend, const Tensor& first) {
  EDDL_CHECK_AS(NotSupportedError, false,
                "kernel " << kernel << " is not implemented on " << hw::device_name(hw::device_from_code(first.device))
                          << " (backend '" << backend.name()
                          << "'); place this layer on the CPU or use a build that has it (docs/backends.md)");
}

}  // namespace dispatch_detail

hw::View view(const Tensor& t) {
  // Tensors are contiguous: strides come from the shape in 64 bits (EDDL's public `stride` field
  // is int and cannot hold the strides of tensors past 2^31 elements).
  return view_as(t, std::vector<int64_t>(t.shape.begin(), t.shape.end()));
}

hw::View view_as(const Tensor& t, const std::vector<int64_t>& shape) {
  EDDL_CHECK(static_cast<int>(shape.size()) <= hw::kMaxDims, "rank " << shape.size() << " exceeds " << hw::kMaxDims);
  hw::View v;
  v.data = t.ptr;
  v.ndim = static_cast<int>(shape.size());
  v.device = hw::device_from_code(t.device);
  int64_t s = 1;
  for (int d = v.ndim - 1; d >= 0; --d) {
    v.shape[d] = shape[static_cast<size_t>(d)];
    v.strides[d] = s;
    s *= shape[static_cast<size_t>(d)];
  }
  return v;
}

namespace {
// Atomic: data-parallel replicas read back from several host threads.
std::atomic<uint64_t> host_reads{0};

// A recorded step runs later, maybe many times: a value the host reads or writes while recording
// would be the recording's, not the replay's.
void refuse_while_recording(const char* what) {
  if (active_recording() != nullptr) {
    throw RecordingError(std::string(what) + " inside a recorded step (reading a value back, e.g. a loss, or copying "
                         "between devices); keep it out of the step");
  }
}
}  // namespace

uint64_t host_read_count() { return host_reads.load(); }

void read_to_host(const Tensor& x, float* host) {
  refuse_while_recording("a read to the host");
  if (x.size == 0) return;
  Tensor out(x.shape, host, DEV_CPU);
  // transfer() counts the reads from a device; a CPU tensor's read is counted here, so that a test
  // on the CPU sees the reads a device would wait for.
  if (x.isCPU()) ++host_reads;
  transfer(x, out);
}

void transfer(const Tensor& x, Tensor& y) {
  if (x.device == y.device) {
    dispatch<hw::KernelId::copy_strided>({&x, &y}, view_as(x, {static_cast<int64_t>(x.size)}),
                                         view_as(y, {static_cast<int64_t>(y.size)}));
    return;
  }
  refuse_while_recording("a copy between devices");
  const size_t bytes = x.size * sizeof(float);
  if (x.isCPU()) {
    backend_of(y).copy_from_host(x.ptr, y.ptr, bytes, device_index(y.device));
  } else if (y.isCPU()) {
    ++host_reads;
    backend_of(x).copy_to_host(x.ptr, y.ptr, bytes, device_index(x.device));
  } else {  // device to device of different kinds: through host memory
    std::vector<float> host(x.size);
    ++host_reads;
    backend_of(x).copy_to_host(x.ptr, host.data(), bytes, device_index(x.device));
    backend_of(y).copy_from_host(host.data(), y.ptr, bytes, device_index(y.device));
  }
}

hw::Backend& backend_of(const Tensor& t) { return hw::backend_for(hw::device_from_code(t.device)); }
hw::Backend& backend_for_code(int device_code) { return hw::backend_for(hw::device_from_code(device_code)); }
int device_index(int device_code) { return hw::device_from_code(device_code).index; }
std::string device_name_of(int device_code) { return hw::device_name(hw::device_from_code(device_code)); }

bool readable_without_wait(const Tensor& t) { return t.isCPU(); }

bool worth_recording(int device_code) { return backend_for_code(device_code).worth_compiling(); }

bool device_supports(int device_code, const std::vector<std::string>& kernels, std::vector<std::string>* missing) {
  const hw::Backend& backend = backend_for_code(device_code);
  bool all = true;
  for (const std::string& name : kernels) {
    bool found = false;
    for (int k = 0; k < hw::kKernelCount; ++k) {
      const auto id = static_cast<hw::KernelId>(k);
      if (name == hw::kernel_name(id)) {
        found = backend.supports(id);
        break;
      }
    }
    if (!found) {
      all = false;
      if (missing != nullptr) missing->push_back(name);
    }
  }
  return all;
}

void set_cpu_threads(int threads) { hw::backend_for(hw::Device{hw::DeviceKind::cpu, 0}).set_num_threads(threads); }
int cpu_threads() { return hw::backend_for(hw::Device{hw::DeviceKind::cpu, 0}).num_threads(); }

}  // namespace eddl

// Device queries of Tensor live here, with the rest of the code that may look at devices.
bool Tensor::isCPU() const { return eddl::hw::device_from_code(device).kind == eddl::hw::DeviceKind::cpu; }
bool Tensor::isGPU() const { return eddl::hw::device_from_code(device).kind == eddl::hw::DeviceKind::gpu; }
bool Tensor::isFPGA() const { return eddl::hw::device_from_code(device).kind == eddl::hw::DeviceKind::fpga; }
