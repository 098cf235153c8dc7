// SPDX-License-Identifier: MIT
// info() and print() in EDDL's exact console format (spec 5.4), single-element access (get_/set_)
// and the shape/device predicates EDDL keeps as statics.
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"
#include "tensor/method_support.h"
#include "tensor/ops.h"
#include "tensor/shape.h"

namespace {

using eddl::detail::deref;

std::string joined(const std::vector<int>& values) {
  std::ostringstream os;
  for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << values[i];
  return os.str();
}

void check_index(const Tensor& t, const std::vector<int>& indices, const char* method) {
  EDDL_CHECK(static_cast<int>(indices.size()) == t.ndim, method << ": " << indices.size()
                                                                << " indices for a tensor of shape "
                                                                << eddl::shape::to_string(t.shape));
  for (size_t d = 0; d < indices.size(); ++d) {
    EDDL_CHECK(indices[d] >= 0 && indices[d] < t.shape[d], method << ": index " << indices[d]
                                                                  << " is out of range for dimension " << d << " of "
                                                                  << eddl::shape::to_string(t.shape));
  }
}

// EDDL prints at most this many rows (units of the first dimension) before giving up.
constexpr int kMaxPrintedRows = 100000;

}  // namespace

void Tensor::info() const {
  const int width = 15;
  std::cout << "-------------------------------" << std::endl;
  std::cout << std::setw(width) << std::left << "class: " << "Tensor" << std::endl;
  std::cout << std::setw(width) << std::left << "ndim: " << ndim << std::endl;
  std::cout << std::setw(width) << std::left << "shape: " << "(" << joined(shape) << ")" << std::endl;
  std::cout << std::setw(width) << std::left << "strides: " << "(" << joined(stride) << ")" << std::endl;
  std::cout << std::setw(width) << std::left << "itemsize: " << size << std::endl;
  std::cout << std::setw(width) << std::left << "contiguous: " << 1 << std::endl;
  std::cout << std::setw(width) << std::left << "order: " << 'C' << std::endl;
  std::cout << std::setw(width) << std::left << "data pointer: " << static_cast<const void*>(ptr) << std::endl;
  std::cout << std::setw(width) << std::left << "is shared: " << isshared << std::endl;
  std::cout << std::setw(width) << std::left << "type: " << "float (" << sizeof(float) << " bytes)" << std::endl;
  std::cout << std::setw(width) << std::left << "device: " << getDeviceName() << " (code = " << device << ")"
            << std::endl;
  std::cout << "-------------------------------" << std::endl;
}

// Brackets open where an element starts a block of dimension j and close where one ends; EDDL
// separates closed blocks by newlines, more of them the more blocks closed.
void Tensor::print(int precision, bool raw) const {
  const std::vector<float> values = to_std();
  std::ostringstream buffer;
  buffer << std::fixed << std::setprecision(precision);
  const int64_t row = ndim == 0 || stride[0] == 0 ? 1 : stride[0];
  int64_t rows = 0;
  bool truncated = false;
  int closed = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t index = static_cast<int64_t>(i);
    if (index % row == 0) ++rows;
    if (raw) {
      buffer << values[i] << ", ";
    } else {
      bool opened = false;
      for (int j = 0; j < ndim - 1; ++j) {
        if (index % stride[static_cast<size_t>(j)] == 0) {
          if (!opened && closed == 1) buffer << (ndim == 2 ? "\n" : " ");
          buffer << "[";
          opened = true;
        }
      }
      buffer << values[i];
      closed = 0;
      for (int j = 0; j < ndim - 1; ++j) {
        if ((index + 1) % stride[static_cast<size_t>(j)] == 0) {
          buffer << "]";
          ++closed;
        }
      }
      if (i + 1 < values.size()) {
        if (closed == 0) buffer << " ";
        else if (closed == 2) buffer << "\n";
        else if (closed == 3) buffer << "\n\n";
        else if (closed > 3) buffer << "\n\n\n";
      }
    }
    if (rows >= kMaxPrintedRows && i + 1 < values.size() && (index + 1) % row == 0) {
      truncated = true;
      break;
    }
  }
  if (truncated) {
    std::cout << "Maximum tensor length exceeded." << std::endl;
    std::cout << "Printing only first " << kMaxPrintedRows << " rows:" << std::endl;
  }
  if (ndim > 1) std::cout << "[\n" << buffer.str() << "\n]" << std::endl;
  else std::cout << "[" << buffer.str() << "]" << std::endl;
}

float Tensor::get_(const std::vector<int>& indices) const {
  check_index(*this, indices, "get_");
  Tensor element(std::vector<int>(indices.size(), 1), device);
  eddl::ops::copy_block_from(*this, indices, element);
  return element.to_std()[0];
}

void Tensor::set_(const std::vector<int>& indices, float value) {
  check_index(*this, indices, "set_");
  eddl::ops::fill_block(*this, indices, std::vector<int>(indices.size(), 1), value);
}

bool Tensor::isSquared(Tensor* A) {
  const Tensor& a = deref(A, "isSquared");
  for (int d : a.shape)
    if (d != a.shape[0]) return false;
  return true;
}

bool Tensor::sameShape(Tensor* A, Tensor* B) { return deref(A, "sameShape").shape == deref(B, "sameShape").shape; }
bool Tensor::sameSize(Tensor* A, Tensor* B) { return deref(A, "sameSize").size == deref(B, "sameSize").size; }
bool Tensor::sameDevice(Tensor* A, Tensor* B) {
  return deref(A, "sameDevice").device == deref(B, "sameDevice").device;
}
int Tensor::eqsize(Tensor* A, Tensor* B) { return sameShape(A, B) ? 1 : 0; }
