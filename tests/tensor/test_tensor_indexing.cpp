// SPDX-License-Identifier: MIT
// select/set_select with EDDL index strings (spec 5.3) and the row gather select(A, B, indices).
#include <gtest/gtest.h>

#include <memory>
#include <numeric>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "hardware/registry.h"
#include "support/test_support.h"
#include "tensor/ops.h"

namespace eddl {

using Owned = std::unique_ptr<Tensor>;

namespace {
Tensor iota(const std::vector<int>& shape) {
  int n = 1;
  for (int d : shape) n *= d;
  std::vector<float> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0.0f);
  return Tensor(v, shape);
}
}  // namespace

TEST(TensorIndexing, SingleIndexKeepsTheDimension) {
  Tensor t = iota({3, 4});
  Owned row(t.select({"1"}));
  EXPECT_EQ(row->shape, (std::vector<int>{1, 4}));
  EXPECT_EQ(row->to_std(), (std::vector<float>{4, 5, 6, 7}));
  Owned col(t.select({":", "2"}));
  EXPECT_EQ(col->shape, (std::vector<int>{3, 1}));
  EXPECT_EQ(col->to_std(), (std::vector<float>{2, 6, 10}));
  Owned elem(t.select({"2", "3"}));
  EXPECT_EQ(elem->shape, (std::vector<int>{1, 1}));
  EXPECT_EQ(elem->to_std(), (std::vector<float>{11}));
}

TEST(TensorIndexing, RangesAreEndExclusiveAndNegativesCountFromTheEnd) {
  Tensor t = iota({3, 4, 2});
  Owned a(t.select({"0:2", "1:3"}));
  EXPECT_EQ(a->shape, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(a->to_std(), (std::vector<float>{2, 3, 4, 5, 10, 11, 12, 13}));
  Owned b(t.select({":1", "2:", "-1"}));
  EXPECT_EQ(b->shape, (std::vector<int>{1, 2, 1}));
  EXPECT_EQ(b->to_std(), (std::vector<float>{5, 7}));
  Owned c(t.select({"-2:", ":-2", ":"}));
  EXPECT_EQ(c->shape, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(c->to_std(), (std::vector<float>{8, 9, 10, 11, 16, 17, 18, 19}));
  Owned d(t.select({"-3"}));
  EXPECT_EQ(d->shape, (std::vector<int>{1, 4, 2}));
  EXPECT_EQ(d->to_std(), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(TensorIndexing, OutOfRangeAndMalformedIndicesAreErrors) {
  Tensor t = iota({3, 4});
  EXPECT_THROW(t.select({"3"}), ValueError);
  EXPECT_THROW(t.select({"-4"}), ValueError);
  EXPECT_THROW(t.select({"0:5"}), ValueError);
  EXPECT_THROW(t.select({"2:1"}), ValueError);
  EXPECT_THROW(t.select({":", ":", ":"}), ValueError);
  EXPECT_THROW(t.select({"a"}), ValueError);
  EXPECT_THROW(t.select({"0:2:1"}), ValueError);
  EXPECT_THROW(t.set_select({"9"}, 1.0f), ValueError);
}

TEST(TensorIndexing, SetSelectWithValueAndTensor) {
  Tensor t = iota({3, 4});
  t.set_select({"1", "1:3"}, -1.0f);
  EXPECT_EQ(t.to_std(), (std::vector<float>{0, 1, 2, 3, 4, -1, -1, 7, 8, 9, 10, 11}));
  Tensor block({100, 101, 102, 103}, {2, 2});
  t.set_select({"-2:", ":2"}, &block);
  EXPECT_EQ(t.to_std(), (std::vector<float>{0, 1, 2, 3, 100, 101, -1, 7, 102, 103, 10, 11}));
  Tensor flat({7, 8, 9}, std::vector<int>{3});
  t.set_select({":", "3"}, &flat);
  EXPECT_EQ(t.to_std(), (std::vector<float>{0, 1, 2, 7, 100, 101, -1, 8, 102, 103, 10, 9}));
  Tensor wrong({2});
  EXPECT_THROW(t.set_select({":", "3"}, &wrong), ValueError);
}

TEST(TensorIndexing, SelectRoundTripsOnRandomData) {
  Tensor t = test::random_tensor({4, 5, 6}, 99);
  Owned part(t.select({"1:3", ":", "-2:"}));
  EXPECT_EQ(part->shape, (std::vector<int>{2, 5, 2}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 5; ++j)
      for (int k = 0; k < 2; ++k) ASSERT_EQ(part->get_({i, j, k}), t.get_({i + 1, j, k + 4}));
  Tensor zeros_like_part({2, 5, 2});
  zeros_like_part.fill_(0.0f);
  t.set_select({"1:3", ":", "-2:"}, &zeros_like_part);
  Owned cleared(t.select({"1:3", ":", "-2:"}));
  EXPECT_EQ(cleared->to_std(), std::vector<float>(20, 0.0f));
}

TEST(TensorIndexing, StaticSelectGathersRows) {
  Tensor a = iota({4, 3});
  Tensor b({3, 3});
  Tensor::select(&a, &b, {3, 0, 1});
  EXPECT_EQ(b.to_std(), (std::vector<float>{9, 10, 11, 0, 1, 2, 3, 4, 5}));
  Tensor::select(&a, &b, {2, 2, 2});
  EXPECT_EQ(b.to_std(), (std::vector<float>{6, 7, 8, 6, 7, 8, 6, 7, 8}));
  EXPECT_THROW(Tensor::select(&a, &b, {0, 1, 4}), ValueError);
  EXPECT_THROW(Tensor::select(&a, &b, {0, -1, 2}), ValueError);
  EXPECT_THROW(Tensor::select(&a, &b, {0, 1}), ValueError);
}

}  // namespace eddl

namespace eddl {

// Host data gathered into a tensor on another device (a net's input on a GPU, every batch): the
// rows are gathered where the data is and transferred once. The FPGA backend (host memory in C
// simulation, but a device of its own for the dispatch) stands in for the GPU here.
TEST(GatherRows, IntoATensorOnAnotherDevice) {
  if (!hw::is_compiled(hw::DeviceKind::fpga)) GTEST_SKIP() << "this eddl was built without an FPGA backend";
  const std::string why = hw::backend_for(hw::Device{hw::DeviceKind::fpga, 0}).absent_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  const Tensor x = iota({5, 3});
  Tensor y({3, 3}, DEV_FPGA);
  ops::gather_rows(x, {4, 0, 1}, y);
  EXPECT_TRUE(test::all_close(y, {12, 13, 14, 0, 1, 2, 3, 4, 5}, 0.0f, 0.0f, "rows 4, 0, 1"));
}

}  // namespace eddl
