// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

TEST(TensorCore, ConstructsFromDataRowMajor) {
  Tensor t({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(t.ndim, 2);
  EXPECT_EQ(t.size, 6u);
  EXPECT_EQ(t.stride, (std::vector<int>{3, 1}));
  EXPECT_EQ(t.ptr[4], 5.0f);
  EXPECT_TRUE(t.isCPU());
}

TEST(TensorCore, RejectsOverflowingAndNegativeShapes) {
  EXPECT_THROW(Tensor({-1, 3}), ValueError);
  EXPECT_THROW(Tensor({1 << 30, 1 << 30, 1 << 30}), ValueError);
}

TEST(TensorCore, ReshapeInfersOneDimensionAnywhere) {
  Tensor t = test::random_tensor({2, 3, 4}, 1);
  t.reshape_({-1, 4});
  EXPECT_EQ(t.shape, (std::vector<int>{6, 4}));
  t.reshape_({2, -1, 3});
  EXPECT_EQ(t.shape, (std::vector<int>{2, 4, 3}));
  EXPECT_THROW(t.reshape_({5, -1}), ValueError);
}

TEST(TensorCore, CloneCopiesValues) {
  Tensor t = test::random_tensor({3, 5}, 2);
  std::unique_ptr<Tensor> c(t.clone());
  EXPECT_TRUE(test::all_close(*c, t.to_std(), 0, 0));
  EXPECT_NE(c->ptr, t.ptr);
}

TEST(TensorCore, GpuWithoutCudaIsAClearError) {
  EXPECT_THROW(Tensor({2, 2}, DEV_GPU), NotSupportedError);
}

}  // namespace eddl
