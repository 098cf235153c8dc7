// SPDX-License-Identifier: MIT
// Creation and filling: constant tensors, ranges (sizes per EDDL's spec 5.2), eye, random fills.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

using Owned = std::unique_ptr<Tensor>;

TEST(TensorCreate, ConstantTensorsAndLikes) {
  Owned z(Tensor::zeros({2, 3}));
  EXPECT_EQ(z->shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(z->to_std(), std::vector<float>(6, 0.0f));
  Owned o(Tensor::ones({4}));
  EXPECT_EQ(o->to_std(), std::vector<float>(4, 1.0f));
  Owned f(Tensor::full({2, 2}, 3.5f));
  EXPECT_EQ(f->to_std(), std::vector<float>(4, 3.5f));
  Tensor src = test::random_tensor({3, 1, 2}, 11);
  Owned e(Tensor::empty_like(&src));
  EXPECT_EQ(e->shape, src.shape);
  Owned zl(Tensor::zeros_like(&src)), ol(Tensor::ones_like(&src)), fl(Tensor::full_like(&src, -2.0f));
  EXPECT_EQ(zl->to_std(), std::vector<float>(6, 0.0f));
  EXPECT_EQ(ol->to_std(), std::vector<float>(6, 1.0f));
  EXPECT_EQ(fl->to_std(), std::vector<float>(6, -2.0f));
  EXPECT_EQ(fl->shape, src.shape);
  Owned em(Tensor::empty({5, 2}));
  EXPECT_EQ(em->size, 10u);
  EXPECT_THROW(Tensor::zeros_like(nullptr), ValueError);
}

TEST(TensorCreate, ArangeExcludesEnd) {
  Owned a(Tensor::arange(0.0f, 5.0f));
  EXPECT_EQ(a->to_std(), (std::vector<float>{0, 1, 2, 3, 4}));
  Owned b(Tensor::arange(1.0f, 2.0f, 0.25f));  // ceil(1 / 0.25) = 4
  EXPECT_EQ(b->to_std(), (std::vector<float>{1.0f, 1.25f, 1.5f, 1.75f}));
  Owned c(Tensor::arange(0.0f, 1.0f, 0.3f));  // ceil(3.33) = 4
  EXPECT_TRUE(test::all_close(*c, {0.0f, 0.3f, 0.6f, 0.9f}, 1e-6f, 1e-6f));
  Owned d(Tensor::arange(5.0f, 1.0f, -2.0f));  // ceil(2) = 2
  EXPECT_EQ(d->to_std(), (std::vector<float>{5, 3}));
  Owned zero_step(Tensor::arange(0.0f, 3.0f, 0.0f));  // step 0 is taken as 1
  EXPECT_EQ(zero_step->to_std(), (std::vector<float>{0, 1, 2}));
  Owned empty(Tensor::arange(3.0f, 1.0f));
  EXPECT_EQ(empty->size, 0u);
}

TEST(TensorCreate, RangeIncludesEnd) {
  Owned a(Tensor::range(0.0f, 5.0f));
  EXPECT_EQ(a->to_std(), (std::vector<float>{0, 1, 2, 3, 4, 5}));
  Owned b(Tensor::range(1.0f, 2.0f, 0.3f));  // floor(3.33) + 1 = 4
  EXPECT_TRUE(test::all_close(*b, {1.0f, 1.3f, 1.6f, 1.9f}, 1e-6f, 1e-6f));
  Owned c(Tensor::range(2.0f, -2.0f, -2.0f));
  EXPECT_EQ(c->to_std(), (std::vector<float>{2, 0, -2}));
}

TEST(TensorCreate, LinspaceLogspaceGeomspace) {
  Owned l(Tensor::linspace(0.0f, 1.0f, 5));
  EXPECT_EQ(l->to_std(), (std::vector<float>{0.0f, 0.25f, 0.5f, 0.75f, 1.0f}));
  Owned one(Tensor::linspace(3.0f, 7.0f, 1));
  EXPECT_EQ(one->to_std(), (std::vector<float>{3.0f}));
  Owned def(Tensor::linspace(-1.0f, 1.0f));
  EXPECT_EQ(def->size, 100u);
  Owned lg(Tensor::logspace(0.0f, 3.0f, 4));
  EXPECT_TRUE(test::all_close(*lg, {1.0f, 10.0f, 100.0f, 1000.0f}, 1e-6f, 0.0f));
  Owned lg2(Tensor::logspace(0.0f, 4.0f, 3, 2.0f));
  EXPECT_TRUE(test::all_close(*lg2, {1.0f, 4.0f, 16.0f}, 1e-6f, 0.0f));
  Owned g(Tensor::geomspace(1.0f, 1000.0f, 4));
  EXPECT_TRUE(test::all_close(*g, {1.0f, 10.0f, 100.0f, 1000.0f}, 1e-5f, 0.0f));
  Owned gn(Tensor::geomspace(-2.0f, -32.0f, 3));
  EXPECT_TRUE(test::all_close(*gn, {-2.0f, -8.0f, -32.0f}, 1e-6f, 0.0f));
  EXPECT_THROW(Tensor::geomspace(0.0f, 1.0f, 3), ValueError);
  EXPECT_THROW(Tensor::geomspace(-1.0f, 1.0f, 3), ValueError);
  EXPECT_THROW(Tensor::linspace(0.0f, 1.0f, -1), ValueError);
}

TEST(TensorCreate, EyeAndIdentity) {
  Owned e(Tensor::eye(3));
  EXPECT_EQ(e->to_std(), (std::vector<float>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  Owned up(Tensor::eye(3, 1));
  EXPECT_EQ(up->to_std(), (std::vector<float>{0, 1, 0, 0, 0, 1, 0, 0, 0}));
  Owned down(Tensor::eye(3, -2));
  EXPECT_EQ(down->to_std(), (std::vector<float>{0, 0, 0, 0, 0, 0, 1, 0, 0}));
  Owned id(Tensor::identity(2));
  EXPECT_EQ(id->to_std(), (std::vector<float>{1, 0, 0, 1}));
  EXPECT_THROW(Tensor::eye(-1), ValueError);
}

TEST(TensorCreate, RandomTensorsAreSeededAndInRange) {
  Tensor::set_seed(42);
  Owned u(Tensor::randu({1000}));
  Tensor::set_seed(42);
  Owned u2(Tensor::randu({1000}));
  EXPECT_EQ(u->to_std(), u2->to_std());
  EXPECT_GE(u->min(), 0.0f);
  EXPECT_LT(u->max(), 1.0f);
  EXPECT_NEAR(u->mean(), 0.5f, 0.05f);
  Owned n(Tensor::randn({4000}));
  EXPECT_NEAR(n->mean(), 0.0f, 0.1f);
  EXPECT_NEAR(n->std(), 1.0f, 0.1f);
  EXPECT_NE(u->to_std(), n->to_std());
}

TEST(TensorCreate, FillFlavours) {
  Tensor t = test::random_tensor({2, 3}, 5);
  Owned f(t.fill(7.0f));
  EXPECT_EQ(f->to_std(), std::vector<float>(6, 7.0f));
  EXPECT_NE(t.to_std(), std::vector<float>(6, 7.0f));
  t.fill_(2.0f);
  EXPECT_EQ(t.to_std(), std::vector<float>(6, 2.0f));
  Tensor::fill(&t, -1.0f);
  EXPECT_EQ(t.to_std(), std::vector<float>(6, -1.0f));
}

TEST(TensorCreate, RandomFillsHonourTheirRanges) {
  Tensor::set_seed(7);
  Tensor t({5000});
  t.fill_rand_uniform_(3.0f);
  EXPECT_GE(t.min(), 0.0f);
  EXPECT_LT(t.max(), 3.0f);
  EXPECT_NEAR(t.mean(), 1.5f, 0.1f);
  t.fill_rand_signed_uniform_(2.0f);
  EXPECT_GE(t.min(), -2.0f);
  EXPECT_LT(t.max(), 2.0f);
  EXPECT_LT(t.min(), -1.5f);
  EXPECT_NEAR(t.mean(), 0.0f, 0.1f);
  t.fill_rand_normal_(5.0f, 0.5f);
  EXPECT_NEAR(t.mean(), 5.0f, 0.05f);
  EXPECT_NEAR(t.std(), 0.5f, 0.05f);
  t.fill_rand_binary_(0.3f);
  for (float v : t.to_std()) EXPECT_TRUE(v == 0.0f || v == 1.0f);
  EXPECT_NEAR(t.mean(), 0.3f, 0.03f);
  EXPECT_THROW(t.fill_rand_binary_(1.5f), ValueError);
}

}  // namespace eddl
