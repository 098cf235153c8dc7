// SPDX-License-Identifier: MIT
// Shape manipulation: reshape with -1, flatten, squeeze/unsqueeze, permutations up to rank 4,
// concat and stack on several axes, broadcast, and the errors for bad axes and shapes.
#include <gtest/gtest.h>

#include <memory>
#include <numeric>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

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

TEST(TensorManipulation, ReshapeCopiesAndInfersMinusOne) {
  Tensor t = iota({2, 3, 4});
  Owned r(t.reshape({4, -1}));
  EXPECT_EQ(r->shape, (std::vector<int>{4, 6}));
  EXPECT_EQ(r->to_std(), t.to_std());
  EXPECT_NE(r->ptr, t.ptr);
  Owned r2(Tensor::reshape(&t, {-1, 2, 3}));
  EXPECT_EQ(r2->shape, (std::vector<int>{4, 2, 3}));
  EXPECT_EQ(t.shape, (std::vector<int>{2, 3, 4}));
  EXPECT_THROW(t.reshape({5, -1}), ValueError);
  EXPECT_THROW(t.reshape({-1, -1}), ValueError);
  Owned f(t.flatten());
  EXPECT_EQ(f->shape, (std::vector<int>{24}));
  t.flatten_();
  EXPECT_EQ(t.shape, (std::vector<int>{24}));
  EXPECT_EQ(t.stride, (std::vector<int>{1}));
}

TEST(TensorManipulation, SqueezeAndUnsqueeze) {
  Tensor t = iota({1, 3, 1, 2});
  Owned all(t.squeeze());
  EXPECT_EQ(all->shape, (std::vector<int>{3, 2}));
  Owned one(t.squeeze(2));
  EXPECT_EQ(one->shape, (std::vector<int>{1, 3, 2}));
  EXPECT_EQ(one->to_std(), t.to_std());
  EXPECT_THROW(t.squeeze(1), ValueError);
  EXPECT_THROW(t.squeeze(4), ValueError);
  Tensor ones({1, 1});
  ones.squeeze_();
  EXPECT_EQ(ones.shape, (std::vector<int>{1}));
  Tensor u = iota({2, 3});
  Owned front(u.unsqueeze());
  EXPECT_EQ(front->shape, (std::vector<int>{1, 2, 3}));
  Owned back(u.unsqueeze(2));
  EXPECT_EQ(back->shape, (std::vector<int>{2, 3, 1}));
  Owned neg(u.unsqueeze(-1));
  EXPECT_EQ(neg->shape, (std::vector<int>{2, 3, 1}));
  EXPECT_THROW(u.unsqueeze(4), ValueError);
  u.unsqueeze_(1);
  EXPECT_EQ(u.shape, (std::vector<int>{2, 1, 3}));
  u.squeeze_(1);
  EXPECT_EQ(u.shape, (std::vector<int>{2, 3}));
}

TEST(TensorManipulation, PermuteRank4MatchesIndexArithmetic) {
  const std::vector<int> shape = {2, 3, 4, 5};
  Tensor t = iota(shape);
  const std::vector<int> dims = {2, 0, 3, 1};
  Owned p(t.permute(dims));
  EXPECT_EQ(p->shape, (std::vector<int>{4, 2, 5, 3}));
  const auto v = p->to_std();
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 5; ++c)
        for (int d = 0; d < 3; ++d) {
          // output (a, b, c, d) = input (b, d, a, c)
          const float expected = static_cast<float>(((b * 3 + d) * 4 + a) * 5 + c);
          ASSERT_EQ(v[size_t(((a * 2 + b) * 5 + c) * 3 + d)], expected) << a << b << c << d;
        }
  Owned ps(Tensor::permute(&t, {-1, 0, 1, 2}));
  EXPECT_EQ(ps->shape, (std::vector<int>{5, 2, 3, 4}));
  t.permute_(dims);
  EXPECT_EQ(t.shape, p->shape);
  EXPECT_EQ(t.stride, (std::vector<int>{30, 15, 3, 1}));
  EXPECT_EQ(t.to_std(), v);
  EXPECT_THROW(t.permute({0, 1, 2}), ValueError);
  EXPECT_THROW(t.permute({0, 0, 1, 2}), ValueError);
  EXPECT_THROW(t.permute({0, 1, 2, 4}), ValueError);
}

TEST(TensorManipulation, MoveaxisSwapaxisTranspose) {
  Tensor t = iota({2, 3, 4});
  Owned m(t.moveaxis(0, 2));
  EXPECT_EQ(m->shape, (std::vector<int>{3, 4, 2}));
  EXPECT_EQ(m->get_({1, 2, 1}), t.get_({1, 1, 2}));
  Owned m2(t.moveaxis(-1, 0));
  EXPECT_EQ(m2->shape, (std::vector<int>{4, 2, 3}));
  EXPECT_EQ(m2->get_({3, 1, 2}), t.get_({1, 2, 3}));
  Owned s(t.swapaxis(0, -1));
  EXPECT_EQ(s->shape, (std::vector<int>{4, 3, 2}));
  EXPECT_EQ(s->get_({3, 1, 0}), t.get_({0, 1, 3}));
  Owned c(t.clone());
  c->moveaxis_(2, 0);
  EXPECT_EQ(c->to_std(), m2->to_std());
  c->swapaxis_(0, 2);
  EXPECT_EQ(c->shape, (std::vector<int>{3, 2, 4}));
  EXPECT_THROW(t.moveaxis(3, 0), ValueError);
  EXPECT_THROW(t.swapaxis(0, -4), ValueError);

  Tensor a({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor b({3, 2});
  Tensor::transpose(&a, &b, {});
  EXPECT_EQ(b.to_std(), (std::vector<float>{1, 4, 2, 5, 3, 6}));
  Tensor sq({1, 2, 3, 4}, {2, 2});
  Tensor::transpose(&sq, &sq, {1, 0});
  EXPECT_EQ(sq.to_std(), (std::vector<float>{1, 3, 2, 4}));
  Tensor wrong({2, 3});
  EXPECT_THROW(Tensor::transpose(&a, &wrong, {}), ValueError);
}

TEST(TensorManipulation, ConcatOnSeveralAxes) {
  Tensor a = iota({2, 2});
  Tensor b({10, 11, 12, 13, 14, 15}, {3, 2});
  Owned c0(Tensor::concat({&a, &b}));
  EXPECT_EQ(c0->shape, (std::vector<int>{5, 2}));
  EXPECT_EQ(c0->to_std(), (std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13, 14, 15}));
  Tensor c({20, 21, 22, 23, 24, 25}, {2, 3});
  Owned c1(Tensor::concat({&a, &c}, 1));
  EXPECT_EQ(c1->shape, (std::vector<int>{2, 5}));
  EXPECT_EQ(c1->to_std(), (std::vector<float>{0, 1, 20, 21, 22, 2, 3, 23, 24, 25}));
  // Rank 3, middle axis, three inputs, into a given output.
  Tensor x = iota({2, 1, 2}), y = iota({2, 2, 2}), z = iota({2, 1, 2});
  Tensor out({2, 4, 2});
  Tensor* returned = Tensor::concat({&x, &y, &z}, 1, &out);
  EXPECT_EQ(returned, &out);
  EXPECT_EQ(out.to_std(), (std::vector<float>{0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 2, 3}));
  EXPECT_THROW(Tensor::concat({&a, &c}, 0), ValueError);
  EXPECT_THROW(Tensor::concat({&a, &b}, 2), ValueError);
  EXPECT_THROW(Tensor::concat({}), ValueError);
  Tensor bad_out({2, 3, 2});
  EXPECT_THROW(Tensor::concat({&x, &y, &z}, 1, &bad_out), ValueError);
  Tensor rank3 = iota({2, 2, 1});
  EXPECT_THROW(Tensor::concat({&a, &rank3}), ValueError);
}

TEST(TensorManipulation, StackOnEveryAxis) {
  Tensor a({1, 2, 3, 4}, {2, 2});
  Tensor b({5, 6, 7, 8}, {2, 2});
  Owned s0(Tensor::stack({&a, &b}));
  EXPECT_EQ(s0->shape, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(s0->to_std(), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8}));
  Owned s1(Tensor::stack({&a, &b}, 1));
  EXPECT_EQ(s1->shape, (std::vector<int>{2, 2, 2}));
  EXPECT_EQ(s1->to_std(), (std::vector<float>{1, 2, 5, 6, 3, 4, 7, 8}));
  Owned s2(Tensor::stack({&a, &b, &a}, 2));
  EXPECT_EQ(s2->shape, (std::vector<int>{2, 2, 3}));
  EXPECT_EQ(s2->to_std(), (std::vector<float>{1, 5, 1, 2, 6, 2, 3, 7, 3, 4, 8, 4}));
  EXPECT_EQ(a.shape, (std::vector<int>{2, 2}));
  Tensor c({1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_THROW(Tensor::stack({&a, &c}), ValueError);
  EXPECT_THROW(Tensor::stack({&a, &b}, 3), ValueError);
}

TEST(TensorManipulation, BroadcastFollowsNumpy) {
  Tensor row({1, 2, 3}, std::vector<int>{3});
  Tensor target({2, 3});
  Owned b(Tensor::broadcast(&row, &target));
  EXPECT_EQ(b->shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(b->to_std(), (std::vector<float>{1, 2, 3, 1, 2, 3}));
  Tensor col({7, 8}, {2, 1});
  Tensor big({3, 2, 2});
  Owned c(Tensor::broadcast(&col, &big));
  EXPECT_EQ(c->to_std(), (std::vector<float>{7, 7, 8, 8, 7, 7, 8, 8, 7, 7, 8, 8}));
  Tensor wrong({2, 4});
  EXPECT_THROW(Tensor::broadcast(&row, &wrong), ValueError);
  Tensor smaller({1, 3});
  EXPECT_THROW(Tensor::broadcast(&target, &smaller), ValueError);
}

}  // namespace eddl
