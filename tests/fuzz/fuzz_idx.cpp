// SPDX-License-Identifier: MIT
// Fuzzes the IDX readers (gzip'd or plain input; zlib decides). Any eddl::Error is a correct
// refusal; anything else, including an allocation the file's size does not justify, is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = eddl::fuzz::write_scratch(data, size, ".idx");
  try {
    std::unique_ptr<Tensor> images(eddl::read_idx_images(path));
  } catch (const eddl::Error&) {
  }
  try {
    std::unique_ptr<Tensor> labels(eddl::read_idx_labels(path));
    std::unique_ptr<Tensor> hot(eddl::one_hot_labels(*labels, 10, path));
  } catch (const eddl::Error&) {
  }
  return 0;
}
