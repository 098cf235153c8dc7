// SPDX-License-Identifier: MIT
// Tensor core: storage, construction, moves between devices, shape changes that keep the data.
// The ops themselves live in files by family (create, math, reductions, manipulation, indexing,
// comparison, io, print) and go through ops.h.
#include "eddl/tensor/tensor.h"

#include <cstring>
#include <utility>

#include "hardware/backend.h"
#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

Tensor::Tensor() { update_strides(); }

Tensor::Tensor(const std::vector<int>& new_shape, int dev) { allocate(new_shape, dev); }

Tensor::Tensor(const std::vector<int>& new_shape, float* fptr, int dev, void* fptr2) {
  (void)fptr2;  // EDDL's Eigen map: nothing to keep
  const int64_t n = eddl::shape::checked_numel(new_shape);
  EDDL_CHECK(fptr != nullptr || n == 0, "Tensor: null data pointer for shape " << eddl::shape::to_string(new_shape));
  device = dev;
  eddl::backend_for_code(dev);  // the device must exist in this build
  shape = new_shape;
  ndim = static_cast<int>(shape.size());
  size = static_cast<unsigned long>(n);
  ptr = fptr;
  isshared = true;
  gpu_device = eddl::device_index(dev);
  update_strides();
}

Tensor::Tensor(const std::vector<int>& new_shape, Tensor* T) {
  EDDL_CHECK(T != nullptr, "Tensor: null source tensor");
  const std::vector<int> resolved = eddl::shape::infer_shape(new_shape, static_cast<int64_t>(T->size), "Tensor view");
  device = T->device;
  gpu_device = T->gpu_device;
  storage_ = T->storage_;
  ptr = T->ptr;
  isshared = true;
  shape = resolved;
  ndim = static_cast<int>(shape.size());
  size = T->size;
  update_strides();
}

Tensor::Tensor(const std::vector<float>& data, const std::vector<int>& new_shape, int dev) {
  allocate(new_shape, dev);
  EDDL_CHECK(data.size() == size, "Tensor: " << data.size() << " values given for shape "
                                             << eddl::shape::to_string(new_shape) << " (" << size << " elements)");
  Tensor host(new_shape, const_cast<float*>(data.data()), DEV_CPU);
  eddl::ops::copy(host, *this);
}

Tensor::~Tensor() = default;

Tensor::Tensor(Tensor&& other) noexcept { *this = std::move(other); }

Tensor& Tensor::operator=(Tensor&& other) noexcept {
  device = other.device;
  isshared = other.isshared;
  ndim = other.ndim;
  size = other.size;
  shape = std::move(other.shape);
  stride = std::move(other.stride);
  ptr = other.ptr;
  gpu_device = other.gpu_device;
  storage_ = std::move(other.storage_);
  other.ptr = nullptr;
  other.size = 0;
  other.ndim = 0;
  return *this;
}

void Tensor::allocate(const std::vector<int>& new_shape, int dev) {
  const int64_t n = eddl::shape::checked_numel(new_shape);
  EDDL_CHECK(static_cast<uint64_t>(n) <= SIZE_MAX / sizeof(float),
             "Tensor: " << n << " elements do not fit in memory");
  eddl::hw::Backend& backend = eddl::backend_for_code(dev);
  storage_ = backend.allocate(static_cast<size_t>(n) * sizeof(float), eddl::device_index(dev));
  ptr = static_cast<float*>(storage_->data());
  device = dev;
  gpu_device = eddl::device_index(dev);
  isshared = false;
  shape = new_shape;
  ndim = static_cast<int>(shape.size());
  size = static_cast<unsigned long>(n);
  update_strides();
}

void Tensor::update_strides() { stride = eddl::shape::strides_of(shape); }

void Tensor::toDevice(int dev) {
  if (dev == device) return;
  Tensor moved(shape, dev);
  eddl::ops::copy(*this, moved);
  *this = std::move(moved);
}

void Tensor::toCPU(int dev) { toDevice(dev); }
void Tensor::toGPU(int dev) { toDevice(dev); }
void Tensor::toFPGA(int dev) { toDevice(dev); }

std::string Tensor::getDeviceName() const { return eddl::device_name_of(device); }

int Tensor::getDeviceID(int dev) {
  eddl::device_name_of(dev);  // validates the code
  return dev;
}

Tensor* Tensor::clone() const {
  auto* out = new Tensor(shape, device);
  eddl::ops::copy(*this, *out);
  return out;
}

void Tensor::copy(Tensor* A, Tensor* B) {
  EDDL_CHECK(A != nullptr && B != nullptr, "Tensor::copy: null tensor");
  eddl::ops::copy(*A, *B);
}

std::vector<float> Tensor::to_std() const {
  std::vector<float> out(size);
  eddl::read_to_host(*this, out.data());
  return out;
}

void Tensor::reshape_(const std::vector<int>& new_shape) {
  shape = eddl::shape::infer_shape(new_shape, static_cast<int64_t>(size), "reshape");
  ndim = static_cast<int>(shape.size());
  update_strides();
}
