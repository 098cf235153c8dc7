// SPDX-License-Identifier: MIT
// Tensor files: round trips (bin, npy, csv/tsv/txt), EDDL's exact .bin bytes, load_partial, and a
// table of hostile files that must each raise eddl::IOError naming the file, never crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TensorIo : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("eddl_io_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

using Bytes = std::string;

void write_bytes(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

template <class T>
void put(Bytes& b, T v) {
  b.append(reinterpret_cast<const char*>(&v), sizeof(v));
}

Bytes bin_header(const std::vector<int32_t>& dims) {
  Bytes b;
  put<int32_t>(b, static_cast<int32_t>(dims.size()));
  for (int32_t d : dims) put<int32_t>(b, d);
  return b;
}

Bytes floats(const std::vector<float>& v) {
  Bytes b;
  for (float f : v) put<float>(b, f);
  return b;
}

// A .npy file with the given header dict (padded like NumPy) and raw data.
Bytes npy(const std::string& dict, const Bytes& data, int major = 1) {
  Bytes header = dict;
  const size_t prefix = major == 1 ? 10 : 12;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  Bytes b = "\x93NUMPY";
  b += static_cast<char>(major);
  b += '\0';
  if (major == 1) {
    put<uint16_t>(b, static_cast<uint16_t>(header.size()));
  } else {
    put<uint32_t>(b, static_cast<uint32_t>(header.size()));
  }
  return b + header + data;
}

using test::throws_io_error_naming;

::testing::AssertionResult load_fails(const std::string& path) {
  return throws_io_error_naming([&] { std::unique_ptr<Tensor> t(Tensor::load(path)); }, path);
}

TEST_F(TensorIo, BinLayoutIsByteExact) {
  Tensor t({1, 2, 3, 4, 5, 6}, {2, 3});
  t.save(path("t.bin"));
  EXPECT_EQ(read_bytes(path("t.bin")), bin_header({2, 3}) + floats({1, 2, 3, 4, 5, 6}));
}

TEST_F(TensorIo, BinRoundTripKeepsShapeAndValues) {
  for (const std::vector<int>& shape : {std::vector<int>{7}, {3, 4}, {2, 3, 4, 5}, {}}) {
    Tensor t = test::random_tensor(shape, 11);
    t.save(path("r.bin"));
    std::unique_ptr<Tensor> back(Tensor::load(path("r.bin")));
    EXPECT_EQ(back->shape, shape);
    EXPECT_TRUE(test::all_close(*back, t.to_std(), 0, 0, "bin round trip"));
  }
}

TEST_F(TensorIo, NpyRoundTripAndHeaderAlignment) {
  for (const std::vector<int>& shape : {std::vector<int>{5}, {3, 4}, {2, 1, 3}, {}}) {
    Tensor t = test::random_tensor(shape, 12);
    t.save(path("r.npy"));
    const Bytes bytes = read_bytes(path("r.npy"));
    ASSERT_GE(bytes.size(), 10u);
    EXPECT_EQ(bytes.substr(0, 8), Bytes("\x93NUMPY\x01\x00", 8));
    EXPECT_EQ((bytes.size() - t.size * 4) % 64, 0u) << "data must start on a 64-byte boundary";
    std::unique_ptr<Tensor> back(Tensor::load(path("r.npy")));
    EXPECT_EQ(back->shape, shape);
    EXPECT_TRUE(test::all_close(*back, t.to_std(), 0, 0, "npy round trip"));
  }
}

TEST_F(TensorIo, TextRoundTripsAreExact) {
  Tensor t = test::random_tensor({4, 3}, 13, -1000.0f, 1000.0f);
  for (const char* ext : {"csv", "tsv", "txt"}) {
    const std::string file = path(std::string("r.") + ext);
    t.save(file);
    std::unique_ptr<Tensor> back(Tensor::load(file));
    EXPECT_EQ(back->shape, (std::vector<int>{4, 3})) << ext;
    EXPECT_TRUE(test::all_close(*back, t.to_std(), 0, 0, ext));
  }
  Tensor small({1.5f, -2, 3, 4}, {2, 2});
  small.save(path("s.csv"));
  EXPECT_EQ(read_bytes(path("s.csv")), "1.5,-2\n3,4\n");
}

TEST_F(TensorIo, TextSaveNeedsTwoDimensions) {
  Tensor t = test::random_tensor({2, 2, 2}, 14);
  EXPECT_TRUE(throws_io_error_naming([&] { t.save(path("t.csv")); }, path("t.csv")));
  EXPECT_FALSE(fs::exists(path("t.csv")));
}

TEST_F(TensorIo, NpyFromNumpyDtypesAndOrders) {
  // Values as NumPy would write them for np.arange(6).reshape(2, 3) in each dtype.
  Bytes f8, i4, i8, u1, i1;
  for (int v = 0; v < 6; ++v) {
    put<double>(f8, v + 0.5);
    put<int32_t>(i4, -v);
    put<int64_t>(i8, int64_t(v) * 1000);
    put<uint8_t>(u1, static_cast<uint8_t>(250 + v));
    put<int8_t>(i1, static_cast<int8_t>(-v));
  }
  const std::string shape23 = "'fortran_order': False, 'shape': (2, 3), }";
  struct Case {
    std::string name, dict;
    Bytes data;
    std::vector<float> expected;
    int major;
  };
  const std::vector<Case> cases = {
      {"f8.npy", "{'descr': '<f8', " + shape23, f8, {0.5, 1.5, 2.5, 3.5, 4.5, 5.5}, 1},
      {"i4.npy", "{'descr': '<i4', " + shape23, i4, {0, -1, -2, -3, -4, -5}, 1},
      {"i8.npy", "{'descr': '<i8', " + shape23, i8, {0, 1000, 2000, 3000, 4000, 5000}, 2},
      {"u1.npy", "{'descr': '|u1', " + shape23, u1, {250, 251, 252, 253, 254, 255}, 3},
      {"i1.npy", "{'descr': '|i1', " + shape23, i1, {0, -1, -2, -3, -4, -5}, 1},
      // Fortran order: the data is column-major, so memory 0..5 is [[0, 2, 4], [1, 3, 5]].
      {"fortran.npy",
       "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
       floats({0, 1, 2, 3, 4, 5}),
       {0, 2, 4, 1, 3, 5},
       1},
      {"keys_reordered.npy",
       "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"<f4\"}",
       floats({1, 2, 3, 4, 5, 6}),
       {1, 2, 3, 4, 5, 6},
       1},
  };
  for (const Case& c : cases) {
    write_bytes(path(c.name), npy(c.dict, c.data, c.major));
    std::unique_ptr<Tensor> t(Tensor::load(path(c.name)));
    EXPECT_EQ(t->shape, (std::vector<int>{2, 3})) << c.name;
    EXPECT_TRUE(test::all_close(*t, c.expected, 0, 0, c.name));
  }
}

TEST_F(TensorIo, FortranOrderTransposesThreeDimensions) {
  // A (2, 3, 4) array in Fortran order: element (i, j, k) sits at i + 2*j + 6*k.
  std::vector<float> memory(24), expected(24);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) {
        const float v = float(100 * i + 10 * j + k);
        memory[size_t(i + 2 * j + 6 * k)] = v;
        expected[size_t(12 * i + 4 * j + k)] = v;
      }
  write_bytes(path("f.npy"), npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", floats(memory)));
  std::unique_ptr<Tensor> t(Tensor::load(path("f.npy")));
  EXPECT_TRUE(test::all_close(*t, expected, 0, 0, "fortran (2, 3, 4)"));
}

TEST_F(TensorIo, LoadPartialReadsRowsOnly) {
  Tensor t = test::random_tensor({5, 3}, 15);
  const std::vector<float> all = t.to_std();
  for (const char* ext : {"bin", "npy"}) {
    const std::string file = path(std::string("p.") + ext);
    t.save(file);
    std::unique_ptr<Tensor> rows(Tensor::load_partial(file, 1, 4));
    EXPECT_EQ(rows->shape, (std::vector<int>{3, 3})) << ext;
    EXPECT_TRUE(test::all_close(*rows, std::vector<float>(all.begin() + 3, all.begin() + 12), 0, 0, ext));
    std::unique_ptr<Tensor> tail(Tensor::load_partial(file, 3));
    EXPECT_EQ(tail->shape, (std::vector<int>{2, 3})) << ext;
    EXPECT_TRUE(test::all_close(*tail, std::vector<float>(all.begin() + 9, all.end()), 0, 0, ext));
    for (const std::pair<int, int>& bad : {std::pair<int, int>{-1, 2}, {2, 2}, {3, 1}, {0, 6}, {5, -1}}) {
      EXPECT_TRUE(throws_io_error_naming(
          [&] { std::unique_ptr<Tensor> r(Tensor::load_partial(file, bad.first, bad.second)); }, file))
          << ext << " rows [" << bad.first << ", " << bad.second << ")";
    }
  }
}

TEST_F(TensorIo, SaveIsAtomicAndLeavesNoTemporaryFiles) {
  Tensor t = test::random_tensor({3, 3}, 16);
  t.save(path("a.bin"));
  t.save(path("a.bin"));  // overwrite in place through a rename
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir_)) names.push_back(entry.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"a.bin"});
  const std::string missing_dir = path("no/such/dir/x.bin");
  EXPECT_TRUE(throws_io_error_naming([&] { t.save(missing_dir); }, missing_dir));
  EXPECT_TRUE(throws_io_error_naming([&] { t.save(path("x.png")); }, path("x.png")));
}

TEST_F(TensorIo, HostileBinFilesAreRefused) {
  const Bytes valid = bin_header({2, 3}) + floats({1, 2, 3, 4, 5, 6});
  std::vector<std::pair<std::string, Bytes>> files = {
      {"empty.bin", ""},
      {"ndim_negative.bin", bin_header({}).replace(0, 4, Bytes("\xff\xff\xff\xff", 4))},
      {"ndim_17.bin", bin_header(std::vector<int32_t>(17, 1)) + floats({1})},
      {"ndim_huge.bin", Bytes("\xff\xff\xff\x7f", 4)},
      {"dim_negative.bin", bin_header({2, -3}) + floats({1, 2, 3, 4, 5, 6})},
      {"dims_overflow_int64.bin", bin_header({2147483647, 2147483647, 2147483647}) + floats({1})},
      {"dims_overflow_int32.bin", bin_header({65536, 65536}) + floats({1})},
      {"data_short.bin", valid.substr(0, valid.size() - 1)},
      {"data_long.bin", valid + "x"},
  };
  // Truncated at every byte of the header and of the data.
  for (size_t n = 1; n < valid.size(); ++n) files.push_back({"cut_" + std::to_string(n) + ".bin", valid.substr(0, n)});
  for (const auto& [name, bytes] : files) {
    write_bytes(path(name), bytes);
    EXPECT_TRUE(load_fails(path(name))) << name;
  }
}

TEST_F(TensorIo, HugeDeclaredShapeIsRejectedQuicklyWithoutAllocating) {
  // 10^12 elements declared in a 100-byte file (goal R3).
  Bytes b = bin_header({1000000, 1000000});
  b.resize(100, '\0');
  write_bytes(path("huge.bin"), b);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(load_fails(path("huge.bin")));
  EXPECT_TRUE(throws_io_error_naming([&] { std::unique_ptr<Tensor> t(Tensor::load_partial(path("huge.bin"), 0, 1)); },
                                     path("huge.bin")));
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms, 50.0);
}

TEST_F(TensorIo, HostileNpyFilesAreRefused) {
  const Bytes six = floats({1, 2, 3, 4, 5, 6});
  const std::string tail = "'fortran_order': False, 'shape': (2, 3), }";
  Bytes wrong_version = npy("{'descr': '<f4', " + tail, six);
  wrong_version[6] = 4;
  Bytes header_len_past_end = npy("{'descr': '<f4', " + tail, six);
  header_len_past_end[8] = '\xff';
  header_len_past_end[9] = '\xff';
  Bytes v2_huge_header = npy("{'descr': '<f4', " + tail, six, 2);
  v2_huge_header.replace(8, 4, Bytes("\xff\xff\xff\x7f", 4));
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"empty.npy", ""},
      {"magic.npy", "\x93NUMPX\x01\x00\x10\x00{}"},
      {"magic_only.npy", "\x93NUMPY"},
      {"version.npy", wrong_version},
      {"header_len.npy", header_len_past_end},
      {"header_len_v2.npy", v2_huge_header},
      {"big_endian.npy", npy("{'descr': '>f4', " + tail, six)},
      {"complex.npy", npy("{'descr': '<c8', " + tail, six)},
      {"structured.npy", npy("{'descr': [('a', '<f4')], " + tail, six)},
      {"no_shape.npy", npy("{'descr': '<f4', 'fortran_order': False, }", six)},
      {"extra_key.npy", npy("{'descr': '<f4', 'x': 1, " + tail, six)},
      {"twice.npy", npy("{'descr': '<f4', 'descr': '<f4', " + tail, six)},
      {"not_a_dict.npy", npy("print('hello')", six)},
      {"unterminated.npy", npy("{'descr': '<f4", six)},
      {"bool_word.npy", npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", six)},
      {"negative_dim.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", six)},
      {"dim_overflow.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", six)},
      {"numel_overflow.npy",
       npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }", six)},
      {"rank_17.npy",
       npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1), }", six)},
      {"data_short.npy", npy("{'descr': '<f4', " + tail, six.substr(0, 23))},
      {"data_long.npy", npy("{'descr': '<f4', " + tail, six + "garbage")},
      {"trailing_text.npy", npy("{'descr': '<f4', " + tail + " x", six)},
  };
  for (const auto& [name, bytes] : files) {
    write_bytes(path(name), bytes);
    EXPECT_TRUE(load_fails(path(name))) << name;
  }
  const Bytes valid = npy("{'descr': '<f4', " + tail, six);
  for (size_t n = 0; n + six.size() < valid.size(); ++n) {
    const std::string name = path("cut_" + std::to_string(n) + ".npy");
    write_bytes(name, valid.substr(0, n));
    EXPECT_TRUE(load_fails(name)) << "truncated to " << n << " bytes";
  }
}

TEST_F(TensorIo, HostileTextFilesAreRefused) {
  const std::vector<std::pair<std::string, Bytes>> files = {
      {"empty.csv", ""},
      {"ragged.csv", "1,2,3\n4,5\n"},
      {"word.csv", "1,2\n3,abc\n"},
      {"empty_field.csv", "1,,3\n"},
      {"blank_line.csv", "1,2\n\n3,4\n"},
      {"hex.tsv", "1\t0x10\n"},
      {"ragged.txt", "1 2 3\n4 5\n"},
  };
  for (const auto& [name, bytes] : files) {
    write_bytes(path(name), bytes);
    EXPECT_TRUE(load_fails(path(name))) << name;
  }
  write_bytes(path("ok.csv"), " 1 , +2\r\n3,4e1\n\n");
  std::unique_ptr<Tensor> t(Tensor::load(path("ok.csv")));
  EXPECT_TRUE(test::all_close(*t, {1, 2, 3, 40}, 0, 0, "tolerant spacing and CRLF"));
}

TEST_F(TensorIo, MissingFilesDirectoriesAndUnknownFormatsAreRefused) {
  EXPECT_TRUE(load_fails(path("missing.bin")));
  fs::create_directories(path("folder.bin"));
  EXPECT_TRUE(load_fails(path("folder.bin")));
  write_bytes(path("image.png"), "\x89PNG");
  EXPECT_TRUE(load_fails(path("image.png")));
  write_bytes(path("noextension"), bin_header({1}) + floats({1}));
  EXPECT_TRUE(load_fails(path("noextension")));
  std::unique_ptr<Tensor> t(Tensor::load(path("noextension"), "bin"));
  EXPECT_EQ(t->shape, std::vector<int>{1});
  EXPECT_TRUE(throws_io_error_naming([] { std::unique_ptr<Tensor> d(Tensor::load("/dev/zero", "bin")); }, "/dev/zero"));
}

}  // namespace
}  // namespace eddl
