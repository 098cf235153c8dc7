// SPDX-License-Identifier: MIT
// download_imdb_2000: EDDL's IMDB sentiment files (reviews as 250 word indices, vocabulary 2000)
// read and validated from the current directory or $EDDL_IMDB_DIR. No package ships them and this
// machine has no network, so when they are absent the error says where to put them.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "datasets/files.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "hardware/check.h"
#include "tensor/shape.h"

namespace eddl {

namespace {

using datasets_detail::quote_path;

constexpr int kImdbSequenceLength = 250;
constexpr int kImdbVocabulary = 2000;
constexpr const char* kNames[4] = {"imdb_2000_trX.bin", "imdb_2000_trY.bin", "imdb_2000_tsX.bin",
                                   "imdb_2000_tsY.bin"};

bool all_present(const std::string& dir) {
  std::error_code ec;
  for (const char* name : kNames) {
    if (!std::filesystem::exists(dir + "/" + name, ec)) return false;
  }
  return true;
}

std::unique_ptr<Tensor> load_checked(const std::string& path) {
  datasets_detail::regular_file_size(path, "download_imdb_2000");
  try {
    return std::unique_ptr<Tensor>(Tensor::load(path, "bin"));
  } catch (const Error& e) {
    EDDL_CHECK_AS(IOError, false, "download_imdb_2000: " << quote_path(path) << " is not an EDDL tensor file: "
                                                           << e.what());
  }
  return nullptr;
}

// Every value an integer in [0, limit); the first offender is named.
void check_integers(const Tensor& t, int limit, const std::string& path, const char* what) {
  for (size_t i = 0; i < t.size; ++i) {
    const float v = t.ptr[i];
    EDDL_CHECK_AS(IOError, v >= 0.0f && v < static_cast<float>(limit) && std::floor(v) == v,
                  "download_imdb_2000: " << quote_path(path) << ": value " << v << " at element " << i
                                         << " is not " << what << " (an integer 0.." << limit - 1 << ")");
  }
}

void check_pair(const Tensor& x, const Tensor& y, const std::string& x_path, const std::string& y_path) {
  EDDL_CHECK_AS(IOError, x.ndim == 2 && x.shape[0] > 0 && x.shape[1] == kImdbSequenceLength,
                "download_imdb_2000: " << quote_path(x_path) << " has shape " << shape::to_string(x.shape) << ", expected [N, "
                                       << kImdbSequenceLength << "] word indices");
  EDDL_CHECK_AS(IOError, y.ndim == 2 && y.shape[0] == x.shape[0] && y.shape[1] == 1,
                "download_imdb_2000: " << quote_path(y_path) << " has shape " << shape::to_string(y.shape) << ", expected ["
                                       << x.shape[0] << ", 1] labels (one per review of " << quote_path(x_path)
                                       << ")");
  check_integers(x, kImdbVocabulary, x_path, "a word index");
  check_integers(y, 2, y_path, "a label");
}

}  // namespace

void download_imdb_2000() {
  std::cout << "Downloading imdb_2000" << std::endl;
  std::string dir = ".";
  if (!all_present(dir)) {
    const char* env = std::getenv("EDDL_IMDB_DIR");
    EDDL_CHECK_AS(IOError, env != nullptr && all_present(env),
                  "download_imdb_2000: imdb_2000_trX.bin, imdb_2000_trY.bin, imdb_2000_tsX.bin and "
                  "imdb_2000_tsY.bin are not in the current directory"
                      << (env != nullptr ? std::string(" nor in EDDL_IMDB_DIR=") + quote_path(env) : std::string())
                      << ", and they cannot be fetched here (no network, and no package ships them): fetch them "
                         "with EDDL's download_imdb_2000 on a machine with network access and put the four files "
                         "in the directory you run from, or in a folder named by EDDL_IMDB_DIR");
    dir = env;
  }
  std::unique_ptr<Tensor> t[4];
  for (int i = 0; i < 4; ++i) t[i] = load_checked(dir + "/" + kNames[i]);
  check_pair(*t[0], *t[1], dir + "/" + kNames[0], dir + "/" + kNames[1]);
  check_pair(*t[2], *t[3], dir + "/" + kNames[2], dir + "/" + kNames[3]);
  // Examples load the files from the current directory, as with EDDL's own download.
  if (dir != ".") {
    for (int i = 0; i < 4; ++i) t[i]->save(kNames[i], "bin");
  }
  for (const char* name : kNames) std::cout << name << " ✓" << std::endl;
}

}  // namespace eddl
