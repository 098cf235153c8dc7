// SPDX-License-Identifier: MIT
// info() and print() in EDDL's console format, element access, and the shape/device predicates.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

namespace {
std::string printed(const Tensor& t, int precision = 6, bool raw = false) {
  testing::internal::CaptureStdout();
  t.print(precision, raw);
  return testing::internal::GetCapturedStdout();
}
}  // namespace

TEST(TensorPrint, OneDimension) {
  Tensor t({1.5f, -2.0f, 3.25f}, std::vector<int>{3});
  EXPECT_EQ(printed(t, 2), "[1.50 -2.00 3.25]\n");
}

TEST(TensorPrint, TwoDimensionsOneRowPerLine) {
  Tensor t({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(printed(t, 1), "[\n[1.0 2.0 3.0]\n[4.0 5.0 6.0]\n]\n");
}

TEST(TensorPrint, ThreeDimensionsNestBrackets) {
  Tensor t({1, 2, 3, 4, 5, 6, 7, 8}, {2, 2, 2});
  EXPECT_EQ(printed(t, 0), "[\n[[1 2] [3 4]]\n[[5 6] [7 8]]\n]\n");
}

TEST(TensorPrint, RawIsOneFlatLine) {
  Tensor t({1, 2, 3, 4}, {2, 2});
  EXPECT_EQ(printed(t, 1, true), "[\n1.0, 2.0, 3.0, 4.0, \n]\n");
}

TEST(TensorPrint, InfoListsShapeStridesAndDevice) {
  Tensor t({2, 3, 4});
  testing::internal::CaptureStdout();
  t.info();
  const std::string out = testing::internal::GetCapturedStdout();
  const std::string rule = "-------------------------------\n";
  EXPECT_EQ(out.substr(0, rule.size()), rule);
  EXPECT_NE(out.find("class:         Tensor\n"), std::string::npos) << out;
  EXPECT_NE(out.find("ndim:          3\n"), std::string::npos) << out;
  EXPECT_NE(out.find("shape:         (2, 3, 4)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("strides:       (12, 4, 1)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("itemsize:      24\n"), std::string::npos) << out;
  EXPECT_NE(out.find("contiguous:    1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("order:         C\n"), std::string::npos) << out;
  EXPECT_NE(out.find("is shared:     0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("type:          float (4 bytes)\n"), std::string::npos) << out;
  EXPECT_NE(out.find("device:        " + t.getDeviceName() + " (code = 0)\n"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - rule.size()), rule);
}

TEST(TensorPrint, GetAndSetSingleElements) {
  Tensor t({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(t.get_({1, 2}), 6.0f);
  EXPECT_EQ(t.get_({0, 1}), 2.0f);
  t.set_({1, 0}, -9.0f);
  EXPECT_EQ(t.to_std(), (std::vector<float>{1, 2, 3, -9, 5, 6}));
  EXPECT_THROW(t.get_({2, 0}), ValueError);
  EXPECT_THROW(t.get_({0}), ValueError);
  EXPECT_THROW(t.set_({0, -1}, 1.0f), ValueError);
}

TEST(TensorPrint, ShapePredicates) {
  Tensor sq({3, 3}), cube({2, 2, 2}), rect({2, 3}), flat({6});
  EXPECT_TRUE(Tensor::isSquared(&sq));
  EXPECT_TRUE(Tensor::isSquared(&cube));
  EXPECT_FALSE(Tensor::isSquared(&rect));
  EXPECT_TRUE(Tensor::sameSize(&rect, &flat));
  EXPECT_FALSE(Tensor::sameShape(&rect, &flat));
  EXPECT_TRUE(Tensor::sameShape(&rect, &rect));
  EXPECT_EQ(Tensor::eqsize(&rect, &flat), 0);
  EXPECT_EQ(Tensor::eqsize(&sq, &sq), 1);
  EXPECT_TRUE(Tensor::sameDevice(&sq, &flat));
  EXPECT_THROW(Tensor::sameShape(nullptr, &flat), ValueError);
}

}  // namespace eddl
