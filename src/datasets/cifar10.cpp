// SPDX-License-Identifier: MIT
// CIFAR-10 from the official binary batches (data_batch_1..5.bin, test_batch.bin: records of one
// label byte then 3072 bytes, the R, G and B planes of a 32x32 image) to EDDL's cifar_*.bin files.
// No package ships CIFAR-10 here, so the batches must be provided by hand; the error says how.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "datasets/files.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "hardware/check.h"

namespace eddl {

namespace {

using datasets_detail::quote_path;

constexpr int kRecordBytes = 1 + 3 * 32 * 32;
constexpr int kImageValues = 3 * 32 * 32;
constexpr int kClasses = 10;
constexpr const char* kTrainBatches[] = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                                         "data_batch_4.bin", "data_batch_5.bin"};
constexpr const char* kHowToProvide =
    "download the CIFAR-10 binary version (cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html) "
    "on a machine with network access, extract it, and either run from the folder that holds "
    "cifar-10-batches-bin/ or set EDDL_CIFAR10_DIR to the folder with data_batch_1.bin ... test_batch.bin";

// True when `path` is a .bin tensor of rank `rank` whose first dimension is `rows` (> 0 if rows < 0)
// and whose other dimensions are `tail`.
bool bin_file_has_shape(const std::string& path, int64_t rows, const std::vector<int>& tail) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  int32_t ndim = 0;
  in.read(reinterpret_cast<char*>(&ndim), 4);
  if (!in.good() || ndim != static_cast<int32_t>(tail.size() + 1)) return false;
  std::vector<int32_t> dims(static_cast<size_t>(ndim));
  in.read(reinterpret_cast<char*>(dims.data()), 4 * ndim);
  if (!in.good() || dims[0] <= 0 || (rows >= 0 && dims[0] != rows)) return false;
  int64_t per_row = 1;
  for (size_t i = 0; i < tail.size(); ++i) {
    if (dims[i + 1] != tail[i]) return false;
    per_row *= tail[i];
  }
  const uint64_t expected = 4u * (1u + static_cast<uint64_t>(ndim)) + 4u * static_cast<uint64_t>(dims[0]) * per_row;
  return std::filesystem::file_size(path, ec) == expected;
}

int64_t rows_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  int32_t header[2] = {0, 0};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  return header[1];
}

std::string cifar_dir() {
  if (const char* env = std::getenv("EDDL_CIFAR10_DIR")) return env;
  return "cifar-10-batches-bin";
}

}  // namespace

void read_cifar10_batch(const std::string& path, Tensor** images, Tensor** labels) {
  const uint64_t size = datasets_detail::regular_file_size(path, "read_cifar10_batch");
  EDDL_CHECK_AS(IOError, size > 0 && size % kRecordBytes == 0,
                "read_cifar10_batch: " << quote_path(path) << " has " << size
                                       << " bytes, expected a positive multiple of " << kRecordBytes
                                       << " (1 label byte + 3072 image bytes per record)");
  const uint64_t records = size / kRecordBytes;
  EDDL_CHECK_AS(IOError, records <= 1000000, "read_cifar10_batch: " << quote_path(path) << " holds " << records
                                                                    << " records, more than any CIFAR-10 batch");
  std::vector<unsigned char> bytes(size);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  EDDL_CHECK_AS(IOError, in.gcount() == static_cast<std::streamsize>(size),
                "read_cifar10_batch: " << quote_path(path) << ": read " << in.gcount() << " of " << size << " bytes");
  std::vector<float> x(records * kImageValues), y(records);
  for (uint64_t r = 0; r < records; ++r) {
    const unsigned char* record = bytes.data() + r * kRecordBytes;
    EDDL_CHECK_AS(IOError, record[0] < kClasses,
                  "read_cifar10_batch: " << quote_path(path) << ": record " << r << " has label "
                                         << static_cast<int>(record[0]) << ", expected 0..9");
    y[r] = record[0];
    for (int i = 0; i < kImageValues; ++i) x[r * kImageValues + static_cast<uint64_t>(i)] = record[1 + i];
  }
  const int n = static_cast<int>(records);
  std::unique_ptr<Tensor> image_tensor(new Tensor(x, {n, 3, 32, 32}, DEV_CPU));
  *labels = new Tensor(y, {n}, DEV_CPU);
  *images = image_tensor.release();
}

void download_cifar10() {
  const std::string files[4] = {"cifar_trX.bin", "cifar_trY.bin", "cifar_tsX.bin", "cifar_tsY.bin"};
  std::cout << "Downloading cifar" << std::endl;
  const bool present = bin_file_has_shape(files[0], -1, {3, 32, 32}) &&
                       bin_file_has_shape(files[1], rows_of(files[0]), {kClasses}) &&
                       bin_file_has_shape(files[2], -1, {3, 32, 32}) &&
                       bin_file_has_shape(files[3], rows_of(files[2]), {kClasses});
  for (const std::string& f : files) std::cout << f << (present ? " ✓" : " x") << std::endl;
  if (present) return;

  const std::string dir = cifar_dir();
  std::vector<std::string> train_paths;
  for (const char* name : kTrainBatches) train_paths.push_back(dir + "/" + name);
  const std::string test_path = dir + "/test_batch.bin";
  for (const std::string& p : train_paths) {
    std::error_code ec;
    EDDL_CHECK_AS(IOError, std::filesystem::is_regular_file(p, ec),
                  "download_cifar10: " << quote_path(p) << " is missing, and no CIFAR-10 package exists for this "
                                       << "machine: " << kHowToProvide);
  }
  std::cout << "Reading the CIFAR-10 binary batches in " << dir << std::endl;
  std::vector<std::unique_ptr<Tensor>> xs, ys;
  for (const std::string& p : train_paths) {
    Tensor *x = nullptr, *y = nullptr;
    read_cifar10_batch(p, &x, &y);
    xs.emplace_back(x);
    ys.emplace_back(y);
  }
  Tensor *xt = nullptr, *yt = nullptr;
  read_cifar10_batch(test_path, &xt, &yt);
  std::unique_ptr<Tensor> x_test(xt), y_test_labels(yt);

  std::vector<Tensor*> x_parts, y_parts;
  for (auto& t : xs) x_parts.push_back(t.get());
  for (auto& t : ys) y_parts.push_back(t.get());
  std::unique_ptr<Tensor> x_train(Tensor::concat(x_parts, 0));
  std::unique_ptr<Tensor> y_train_labels(Tensor::concat(y_parts, 0));
  std::unique_ptr<Tensor> y_train(one_hot_labels(*y_train_labels, kClasses, dir + "/data_batch_*.bin"));
  std::unique_ptr<Tensor> y_test(one_hot_labels(*y_test_labels, kClasses, test_path));
  x_train->save(files[0], "bin");
  y_train->save(files[1], "bin");
  x_test->save(files[2], "bin");
  y_test->save(files[3], "bin");
  for (const std::string& f : files) std::cout << f << " ✓" << std::endl;
}

}  // namespace eddl
