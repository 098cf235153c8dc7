// SPDX-License-Identifier: MIT
// Fuzzes Tensor::load and Tensor::load_partial: the first byte picks the format (bin, npy, csv,
// txt), the rest is the file. Any eddl::Error is a correct refusal; anything else is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kExtensions[] = {".bin", ".npy", ".csv", ".txt"};
  const char* extension = kExtensions[data[0] % 4];
  const std::string path = eddl::fuzz::write_scratch(data + 1, size - 1, extension);
  try {
    std::unique_ptr<Tensor> t(Tensor::load(path));
  } catch (const eddl::Error&) {
  }
  if (data[0] % 4 < 2) {
    try {
      std::unique_ptr<Tensor> rows(Tensor::load_partial(path, 1, 3));
    } catch (const eddl::Error&) {
    }
  }
  return 0;
}
