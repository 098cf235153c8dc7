// SPDX-License-Identifier: MIT
// CaseRunner: operands of a parity case allocated on the backend under test, from one seeded stream.
#include <cmath>
#include <stdexcept>

#include "kernel_cases.h"

namespace eddl::hw::test {

namespace {
// splitmix64: a tiny portable generator, independent of the RNG under test (fill_random).
uint64_t next_bits(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

View contiguous_view(float* data, const std::vector<int64_t>& shape) {
  View v;
  v.data = data;
  v.ndim = static_cast<int>(shape.size());
  int64_t stride = 1;
  for (int d = v.ndim - 1; d >= 0; --d) {
    v.shape[d] = shape[static_cast<size_t>(d)];
    v.strides[d] = stride;
    stride *= v.shape[d];
  }
  return v;
}

int64_t product(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}
}  // namespace

CaseRunner::CaseRunner(Backend& backend, uint64_t seed) : backend_(backend), state_(seed) {}

std::vector<float> CaseRunner::random(int64_t n, Init init) {
  std::vector<float> values(static_cast<size_t>(n));
  for (auto& x : values) {
    const float u = static_cast<float>(next_bits(state_) >> 40) * (1.0f / 16777216.0f);
    x = init.lo + (init.hi - init.lo) * u;
    if (init.step > 0.0f) x = std::round(x / init.step) * init.step;
  }
  return values;
}

View CaseRunner::storage(const std::vector<float>& values, const std::string& output_name) {
  const int64_t n = static_cast<int64_t>(values.size());
  const size_t bytes = static_cast<size_t>(n > 0 ? n : 1) * sizeof(float);
  Operand op{backend_.allocate(bytes, 0), n, output_name};
  if (n > 0) backend_.copy_from_host(values.data(), op.buffer->data(), bytes, 0);
  View v = contiguous_view(static_cast<float*>(op.buffer->data()), {n});
  v.device = op.buffer->device();
  operands_.push_back(std::move(op));
  return v;
}

View CaseRunner::input(const std::vector<int64_t>& shape, Init init) {
  return input_values(shape, random(product(shape), init));
}

View CaseRunner::input_values(const std::vector<int64_t>& shape, const std::vector<float>& values) {
  if (static_cast<int64_t>(values.size()) != product(shape)) throw std::logic_error("input_values: size mismatch");
  const View s = storage(values);
  View v = contiguous_view(s.data, shape);
  v.device = s.device;
  return v;
}

View CaseRunner::output(const std::vector<int64_t>& shape, const std::string& name, Init init) {
  const View s = storage(random(product(shape), init), name);
  View v = contiguous_view(s.data, shape);
  v.device = s.device;
  return v;
}

std::vector<CaseOutput> CaseRunner::outputs() {
  std::vector<CaseOutput> result;
  for (const Operand& op : operands_) {
    if (op.output_name.empty()) continue;
    CaseOutput out{op.output_name, std::vector<float>(static_cast<size_t>(op.numel))};
    if (op.numel > 0) {
      backend_.copy_to_host(op.buffer->data(), out.values.data(), static_cast<size_t>(op.numel) * sizeof(float), 0);
    }
    result.push_back(std::move(out));
  }
  return result;
}

View reshape(const View& base, const std::vector<int64_t>& shape, const std::vector<int64_t>& strides, int64_t offset) {
  if (shape.size() != strides.size()) throw std::logic_error("reshape: shape and strides differ in rank");
  View v;
  v.data = base.data + offset;
  v.device = base.device;
  v.ndim = static_cast<int>(shape.size());
  for (int d = 0; d < v.ndim; ++d) {
    v.shape[d] = shape[static_cast<size_t>(d)];
    v.strides[d] = strides[static_cast<size_t>(d)];
  }
  return v;
}

uint64_t case_seed(const KernelCase& kc) {
  uint64_t h = 0xcbf29ce484222325ULL;
  const std::string key = std::string(kernel_name(kc.kernel)) + "/" + kc.name;
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace eddl::hw::test
