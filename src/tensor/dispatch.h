// SPDX-License-Identifier: MIT
// THE dispatch: the only code above src/hardware/ that looks at a tensor's device. It checks that
// every tensor of an op shares one device, finds that device's backend and kernel, and throws a
// clear error (op, device, what to do) when the kernel is missing. Views are made here too, since
// a view carries the device.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <tuple>
#include <type_traits>
#include <vector>
#include <string>

#include "eddl/tensor/tensor.h"
#include "hardware/backend.h"
#include "hardware/kernel_list.h"
#include "tensor/recording.h"

namespace eddl::dispatch_detail {

/// The backend shared by `tensors` (all must be on one device); throws naming `kernel` otherwise.
/// The first tensor is required; later ones may be null (optional operands left out).
hw::Backend& backend_of(const char* kernel, std::initializer_list<const Tensor*> tensors);
[[noreturn]] void throw_missing(const char* kernel, const hw::Backend& backend, const Tensor& first);

/// The memory a kernel argument reads or writes, for the recording's check that the call's tensors
/// own it: a view's data; nothing for parameter structs.
template <class T>
void add_memory(std::vector<const void*>& memory, const T& argument) {
  if constexpr (std::is_same_v<T, hw::View>) {
    if (argument.data != nullptr) memory.push_back(argument.data);
  } else {
    (void)memory;
    (void)argument;
  }
}

}  // namespace eddl::dispatch_detail

namespace eddl {

/// Runs kernel `id` on the device of `tensors` with `args` (views and parameter structs); while
/// this thread records (tensor/recording.h), appends the call, arguments bound, instead.
template <hw::KernelId id, class... Args>
void dispatch(std::initializer_list<const Tensor*> tensors, Args&&... args) {
  using Slot = hw::KernelSlot<id>;
  hw::Backend& backend = dispatch_detail::backend_of(Slot::name, tensors);
  const auto fn = Slot::get(backend.kernels());
  if (fn == nullptr) dispatch_detail::throw_missing(Slot::name, backend, **tensors.begin());
  if (Recording* recording = active_recording()) {
    std::vector<const void*> memory;
    (dispatch_detail::add_memory(memory, std::decay_t<Args>(args)), ...);
    recording->add(Slot::name, [fn, bound = std::make_tuple(std::decay_t<Args>(args)...)] { std::apply(fn, bound); },
                   tensors, memory);
    return;
  }
  fn(std::forward<Args>(args)...);
}

/// y = x element for element (same size), within one device or across devices through the host.
void transfer(const Tensor& x, Tensor& y);
/// Copies x's values into `host` (x.size floats of host memory): the read-back behind
/// Tensor::to_std. A host wait on a device.
void read_to_host(const Tensor& x, float* host);
/// Reads of tensor data back to the host since the process started: read_to_host calls (CPU tensors
/// included) and transfers from a device to the CPU. Tests take it as the proof that a code path
/// does not wait for the device, which holds on the CPU backend too, where the copies are memcpy.
uint64_t host_read_count();

/// A view of the whole tensor with its own shape and row-major strides.
hw::View view(const Tensor& t);
/// A view of `t`'s data with another shape (same number of elements, row-major).
hw::View view_as(const Tensor& t, const std::vector<int64_t>& shape);
/// The backend that owns `t`'s device (for allocation and copies in tensor.cpp).
hw::Backend& backend_of(const Tensor& t);
/// The backend for an EDDL device code.
hw::Backend& backend_for_code(int device_code);
/// The device index inside its kind (GPU 1 -> 1).
int device_index(int device_code);
/// "CPU", "GPU:0" ...
std::string device_name_of(int device_code);
/// Whether reading `t` back costs no wait for a device (its memory is the host's: the CPU).
bool readable_without_wait(const Tensor& t);
/// Whether recorded training steps pay on `device_code` by default (its backend compiles calls
/// into something cheaper to run again: a CUDA graph).
bool worth_recording(int device_code);
/// Whether the backend of `device_code` implements every kernel named (names from kernel_list.h);
/// the names it lacks are appended to `missing` when given. Unknown names count as missing.
bool device_supports(int device_code, const std::vector<std::string>& kernels,
                     std::vector<std::string>* missing = nullptr);
/// Host threads for the CPU backend's loops (CS_CPU's `th`; <= 0 means every core).
void set_cpu_threads(int threads);
/// Host threads in use.
int cpu_threads();

}  // namespace eddl
