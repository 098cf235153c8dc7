// SPDX-License-Identifier: MIT
// Comparisons (scalar and tensor, every flavour), logic ops, NaN/inf predicates, all/any, allclose
// and equivalent.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

using Owned = std::unique_ptr<Tensor>;

namespace {
struct CompareCase {
  const char* name;
  void (Tensor::*in_place)(float);
  Tensor* (Tensor::*with_scalar)(float) const;
  Tensor* (Tensor::*with_tensor)(Tensor*) const;
  void (*static_scalar)(Tensor*, Tensor*, float);
  void (*static_tensor)(Tensor*, Tensor*, Tensor*);
  std::vector<float> against_two;     // x = {1, 2, 3} compared with 2
  std::vector<float> against_tensor;  // x = {1, 2, 3} compared with {3, 2, 1}
};
}  // namespace

TEST(TensorComparison, EveryOperatorInEveryFlavour) {
  const std::vector<CompareCase> cases = {
      {"greater", &Tensor::greater_, &Tensor::greater, &Tensor::greater, &Tensor::greater, &Tensor::greater,
       {0, 0, 1}, {0, 0, 1}},
      {"greater_equal", &Tensor::greater_equal_, &Tensor::greater_equal, &Tensor::greater_equal,
       &Tensor::greater_equal, &Tensor::greater_equal, {0, 1, 1}, {0, 1, 1}},
      {"less", &Tensor::less_, &Tensor::less, &Tensor::less, &Tensor::less, &Tensor::less, {1, 0, 0}, {1, 0, 0}},
      {"less_equal", &Tensor::less_equal_, &Tensor::less_equal, &Tensor::less_equal, &Tensor::less_equal,
       &Tensor::less_equal, {1, 1, 0}, {1, 1, 0}},
      {"equal", &Tensor::equal_, &Tensor::equal, &Tensor::equal, &Tensor::equal, &Tensor::equal, {0, 1, 0},
       {0, 1, 0}},
      {"not_equal", &Tensor::not_equal_, &Tensor::not_equal, &Tensor::not_equal, &Tensor::not_equal,
       &Tensor::not_equal, {1, 0, 1}, {1, 0, 1}},
  };
  for (const CompareCase& c : cases) {
    SCOPED_TRACE(c.name);
    Tensor x({1, 2, 3}, std::vector<int>{3});
    Tensor y({3, 2, 1}, std::vector<int>{3});
    Owned s((x.*c.with_scalar)(2.0f));
    EXPECT_EQ(s->to_std(), c.against_two);
    Owned t((x.*c.with_tensor)(&y));
    EXPECT_EQ(t->to_std(), c.against_tensor);
    Tensor out({3});
    c.static_scalar(&x, &out, 2.0f);
    EXPECT_EQ(out.to_std(), c.against_two);
    c.static_tensor(&x, &y, &out);
    EXPECT_EQ(out.to_std(), c.against_tensor);
    (x.*c.in_place)(2.0f);
    EXPECT_EQ(x.to_std(), c.against_two);
  }
}

TEST(TensorComparison, TensorComparisonBroadcasts) {
  Tensor a({1, 5, 3, 4, 2, 6}, {2, 3});
  Tensor row({2, 4, 3}, std::vector<int>{3});
  Owned g(a.greater(&row));
  EXPECT_EQ(g->shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(g->to_std(), (std::vector<float>{0, 1, 0, 1, 0, 1}));
  Tensor wrong({1, 2}, std::vector<int>{2});
  EXPECT_THROW(a.less(&wrong), ValueError);
}

TEST(TensorComparison, AllAnyAndLogic) {
  Tensor ones({1, 2, -3}, std::vector<int>{3});
  Tensor some({0, 2, 0}, std::vector<int>{3});
  Tensor none({0, 0, 0}, std::vector<int>{3});
  EXPECT_TRUE(Tensor::all(&ones));
  EXPECT_FALSE(Tensor::all(&some));
  EXPECT_TRUE(Tensor::any(&some));
  EXPECT_FALSE(Tensor::any(&none));
  Tensor out({3});
  Tensor::logical_not(&some, &out);
  EXPECT_EQ(out.to_std(), (std::vector<float>{1, 0, 1}));
  Tensor a({0, 0, 1, 1}, std::vector<int>{4}), b({0, 1, 0, 1}, std::vector<int>{4}), c({4});
  Tensor::logical_and(&a, &b, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{0, 0, 0, 1}));
  Tensor::logical_or(&a, &b, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{0, 1, 1, 1}));
  Tensor::logical_xor(&a, &b, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{0, 1, 1, 0}));
}

TEST(TensorComparison, NanAndInfinityPredicates) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({1.0f, inf, -inf, nan}, std::vector<int>{4});
  Tensor out({4});
  Tensor::isfinite(&x, &out);
  EXPECT_EQ(out.to_std(), (std::vector<float>{1, 0, 0, 0}));
  Tensor::isinf(&x, &out);
  EXPECT_EQ(out.to_std(), (std::vector<float>{0, 1, 1, 0}));
  Tensor::isnan(&x, &out);
  EXPECT_EQ(out.to_std(), (std::vector<float>{0, 0, 0, 1}));
  EXPECT_TRUE(Tensor::anynan(&x));
  Tensor finite({1, 2}, std::vector<int>{2});
  EXPECT_FALSE(Tensor::anynan(&finite));
}

TEST(TensorComparison, AllcloseFollowsNumpy) {
  Tensor a = test::random_tensor({3, 4}, 5);
  Owned b(a.clone());
  EXPECT_TRUE(a.allclose(b.get()));
  b->add_(1e-3f);
  EXPECT_FALSE(a.allclose(b.get()));
  EXPECT_TRUE(a.allclose(b.get(), 0.0f, 2e-3f));
  Tensor big({1000.0f}, std::vector<int>{1}), near({1000.5f}, std::vector<int>{1});
  EXPECT_TRUE(big.allclose(&near, 1e-3f, 0.0f));
  EXPECT_FALSE(big.allclose(&near, 1e-4f, 0.0f));
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor x({inf, nan}, std::vector<int>{2}), y({inf, nan}, std::vector<int>{2});
  EXPECT_FALSE(x.allclose(&y));
  EXPECT_TRUE(x.allclose(&y, 1e-5f, 1e-8f, true));
  Tensor row({1, 2}, std::vector<int>{2});
  Tensor rows({1, 2, 1, 2}, {2, 2});
  EXPECT_TRUE(rows.allclose(&row));
  Tensor wrong({1, 2, 3}, std::vector<int>{3});
  EXPECT_THROW(rows.allclose(&wrong), ValueError);
}

TEST(TensorComparison, EquivalentNeedsTheSameShape) {
  Tensor a({1, 2, 3, 4}, {2, 2});
  Tensor b({1, 2, 3, 4}, std::vector<int>{4});
  Tensor c({1, 2, 3, 4.1f}, {2, 2});
  Owned same(a.clone());
  EXPECT_TRUE(Tensor::equivalent(&a, same.get()));
  EXPECT_FALSE(Tensor::equivalent(&a, &b, 1e-8f, 1e-5f, false, false));
  EXPECT_FALSE(Tensor::equivalent(&a, &c, 1e-8f, 1e-5f, false, false));
  EXPECT_TRUE(Tensor::equivalent(&a, &c, 0.2f, 0.0f, false, false));
}

}  // namespace eddl
