// SPDX-License-Identifier: MIT
// Elementwise maths in its three flavours against float64 references, scalar and tensor arithmetic
// with broadcasting, EDDL's arithmetic statics and the small linear algebra (mult2D, matmul, trace).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <string>

#include "eddl/errors.h"
#include "eddl/tensor/tensor.h"
#include "support/test_support.h"

namespace eddl {

using Owned = std::unique_ptr<Tensor>;

namespace {

struct UnaryCase {
  std::string name;
  void (Tensor::*in_place)();
  Tensor* (Tensor::*returning)() const;
  void (*static_form)(Tensor*, Tensor*);
  std::function<double(double)> reference;
  float lo, hi;
};

std::vector<float> reference_of(const std::vector<float>& x, const std::function<double(double)>& f) {
  std::vector<float> out;
  for (float v : x) out.push_back(static_cast<float>(f(v)));
  return out;
}

}  // namespace

TEST(TensorMath, UnaryOpsInThreeFlavoursMatchFloat64) {
  const std::vector<UnaryCase> cases = {
      {"abs", &Tensor::abs_, &Tensor::abs, &Tensor::abs, [](double x) { return std::fabs(x); }, -3, 3},
      {"acos", &Tensor::acos_, &Tensor::acos, &Tensor::acos, [](double x) { return std::acos(x); }, -0.9f, 0.9f},
      {"asin", &Tensor::asin_, &Tensor::asin, &Tensor::asin, [](double x) { return std::asin(x); }, -0.9f, 0.9f},
      {"atan", &Tensor::atan_, &Tensor::atan, &Tensor::atan, [](double x) { return std::atan(x); }, -3, 3},
      {"ceil", &Tensor::ceil_, &Tensor::ceil, &Tensor::ceil, [](double x) { return std::ceil(x); }, -3, 3},
      {"cos", &Tensor::cos_, &Tensor::cos, &Tensor::cos, [](double x) { return std::cos(x); }, -3, 3},
      {"cosh", &Tensor::cosh_, &Tensor::cosh, &Tensor::cosh, [](double x) { return std::cosh(x); }, -3, 3},
      {"exp", &Tensor::exp_, &Tensor::exp, &Tensor::exp, [](double x) { return std::exp(x); }, -3, 3},
      {"floor", &Tensor::floor_, &Tensor::floor, &Tensor::floor, [](double x) { return std::floor(x); }, -3, 3},
      {"log", &Tensor::log_, &Tensor::log, &Tensor::log, [](double x) { return std::log(x); }, 0.1f, 5},
      {"log2", &Tensor::log2_, &Tensor::log2, &Tensor::log2, [](double x) { return std::log2(x); }, 0.1f, 5},
      {"log10", &Tensor::log10_, &Tensor::log10, &Tensor::log10, [](double x) { return std::log10(x); }, 0.1f, 5},
      {"neg", &Tensor::neg_, &Tensor::neg, &Tensor::neg, [](double x) { return -x; }, -3, 3},
      {"round", &Tensor::round_, &Tensor::round, &Tensor::round, [](double x) { return std::nearbyint(x); }, -3, 3},
      {"rsqrt", &Tensor::rsqrt_, &Tensor::rsqrt, &Tensor::rsqrt, [](double x) { return 1.0 / std::sqrt(x); }, 0.1f, 5},
      {"sigmoid", &Tensor::sigmoid_, &Tensor::sigmoid, &Tensor::sigmoid,
       [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, -5, 5},
      {"sin", &Tensor::sin_, &Tensor::sin, &Tensor::sin, [](double x) { return std::sin(x); }, -3, 3},
      {"sinh", &Tensor::sinh_, &Tensor::sinh, &Tensor::sinh, [](double x) { return std::sinh(x); }, -3, 3},
      {"sqr", &Tensor::sqr_, &Tensor::sqr, &Tensor::sqr, [](double x) { return x * x; }, -3, 3},
      {"sqrt", &Tensor::sqrt_, &Tensor::sqrt, &Tensor::sqrt, [](double x) { return std::sqrt(x); }, 0, 5},
      {"tan", &Tensor::tan_, &Tensor::tan, &Tensor::tan, [](double x) { return std::tan(x); }, -1.2f, 1.2f},
      {"tanh", &Tensor::tanh_, &Tensor::tanh, &Tensor::tanh, [](double x) { return std::tanh(x); }, -3, 3},
      {"trunc", &Tensor::trunc_, &Tensor::trunc, &Tensor::trunc, [](double x) { return std::trunc(x); }, -3, 3},
  };
  uint64_t seed = 100;
  for (const UnaryCase& c : cases) {
    Tensor x = test::random_tensor({3, 7}, ++seed, c.lo, c.hi);
    const std::vector<float> expected = reference_of(x.to_std(), c.reference);
    Owned returned((x.*c.returning)());
    EXPECT_TRUE(test::all_close(*returned, expected, 2e-6f, 1e-6f, c.name + "()"));
    Tensor out({3, 7});
    c.static_form(&x, &out);
    EXPECT_TRUE(test::all_close(out, expected, 2e-6f, 1e-6f, "static " + c.name));
    (x.*c.in_place)();
    EXPECT_TRUE(test::all_close(x, expected, 2e-6f, 1e-6f, c.name + "_()"));
  }
}

TEST(TensorMath, ParameterisedUnaryOps) {
  Tensor x({-2.0f, -0.5f, 0.0f, 0.5f, 4.0f}, std::vector<int>{5});
  Owned sign(x.sign());
  EXPECT_EQ(sign->to_std(), (std::vector<float>{-1, -1, 0, 1, 1}));
  Owned sign_zero(x.sign(7.0f));
  EXPECT_EQ(sign_zero->to_std(), (std::vector<float>{-1, -1, 7, 1, 1}));
  Owned clamped(x.clamp(-1.0f, 1.0f));
  EXPECT_EQ(clamped->to_std(), (std::vector<float>{-1, -0.5f, 0, 0.5f, 1}));
  Tensor static_out({5});
  Tensor::clamp(&x, &static_out, 0.0f, 0.5f);
  EXPECT_EQ(static_out.to_std(), (std::vector<float>{0, 0, 0, 0.5f, 0.5f}));
  Owned a(x.clone());
  a->clampmax_(0.5f);
  EXPECT_EQ(a->to_std(), (std::vector<float>{-2, -0.5f, 0, 0.5f, 0.5f}));
  Owned b(x.clone());
  b->clampmin_(-0.5f);
  EXPECT_EQ(b->to_std(), (std::vector<float>{-0.5f, -0.5f, 0, 0.5f, 4}));

  Tensor p({1.0f, 2.0f, 4.0f, 8.0f}, {2, 2});
  Owned rec(p.reciprocal());
  EXPECT_EQ(rec->to_std(), (std::vector<float>{1, 0.5f, 0.25f, 0.125f}));
  Owned inv(p.inv(2.0f));
  EXPECT_EQ(inv->to_std(), (std::vector<float>{2, 1, 0.5f, 0.25f}));
  Owned lg(p.logn(2.0f));
  EXPECT_TRUE(test::all_close(*lg, {0, 1, 2, 3}, 1e-6f, 1e-6f));
  Owned pw(p.pow(2.0f));
  EXPECT_EQ(pw->to_std(), (std::vector<float>{1, 4, 16, 64}));
  Tensor pw_static({2, 2});
  Tensor::pow(&p, &pw_static, 0.5f);
  EXPECT_TRUE(test::all_close(pw_static, {1.0f, std::sqrt(2.0f), 2.0f, std::sqrt(8.0f)}, 1e-6f, 0.0f));
  Owned pb(p.powb(3.0f));
  EXPECT_TRUE(test::all_close(*pb, {3, 9, 81, 6561}, 1e-6f, 0.0f));
  Owned md(p.mod(3.0f));
  EXPECT_EQ(md->to_std(), (std::vector<float>{1, 2, 1, 2}));

  Owned q(p.clone());
  q->reciprocal_();
  q->inv_(4.0f);
  EXPECT_EQ(q->to_std(), (std::vector<float>{4, 8, 16, 32}));
  q->sign_();
  q->logn_(10.0f);
  q->pow_(3.0f);
  q->powb_(2.0f);
  q->mod_(0.75f);
  EXPECT_EQ(q->to_std(), (std::vector<float>{0.25f, 0.25f, 0.25f, 0.25f}));
}

TEST(TensorMath, NormalizeRescalesToTheRange) {
  Tensor x({2.0f, 4.0f, 6.0f, 10.0f}, std::vector<int>{4});
  Owned n(x.normalize());
  EXPECT_TRUE(test::all_close(*n, {0.0f, 0.25f, 0.5f, 1.0f}, 1e-6f, 1e-7f));
  x.normalize_(-1.0f, 1.0f);
  EXPECT_TRUE(test::all_close(x, {-1.0f, -0.5f, 0.0f, 1.0f}, 1e-6f, 1e-7f));
  Tensor flat({3.0f, 3.0f}, std::vector<int>{2});
  flat.normalize_(5.0f, 6.0f);
  EXPECT_EQ(flat.to_std(), (std::vector<float>{5, 5}));
}

TEST(TensorMath, ScalarArithmeticInEveryFlavour) {
  Tensor x({1.0f, -2.0f, 3.0f, 6.0f}, {2, 2});
  Owned a(x.add(1.0f)), s(x.sub(1.0f)), m(x.mult(2.0f)), d(x.div(3.0f));
  EXPECT_EQ(a->to_std(), (std::vector<float>{2, -1, 4, 7}));
  EXPECT_EQ(s->to_std(), (std::vector<float>{0, -3, 2, 5}));
  EXPECT_EQ(m->to_std(), (std::vector<float>{2, -4, 6, 12}));
  EXPECT_EQ(d->to_std(), (std::vector<float>{1.0f / 3.0f, -2.0f / 3.0f, 1.0f, 2.0f}));
  Tensor out({2, 2});
  Tensor::add(&x, &out, 0.5f);
  EXPECT_EQ(out.to_std(), (std::vector<float>{1.5f, -1.5f, 3.5f, 6.5f}));
  Tensor::sub(&x, &out, 0.5f);
  EXPECT_EQ(out.to_std(), (std::vector<float>{0.5f, -2.5f, 2.5f, 5.5f}));
  Tensor::mult(&x, &out, -1.0f);
  EXPECT_EQ(out.to_std(), (std::vector<float>{-1, 2, -3, -6}));
  Tensor::div(&x, &out, 2.0f);
  EXPECT_EQ(out.to_std(), (std::vector<float>{0.5f, -1, 1.5f, 3}));
  x.add_(1.0f);
  x.mult_(3.0f);
  x.sub_(3.0f);
  x.div_(3.0f);
  EXPECT_EQ(x.to_std(), (std::vector<float>{1, -2, 3, 6}));
}

TEST(TensorMath, TensorArithmeticBroadcasts) {
  Tensor a({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor row({10, 20, 30}, std::vector<int>{3});
  Tensor col({100, 200}, {2, 1});
  Owned ar(a.add(&row));
  EXPECT_EQ(ar->to_std(), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  Owned ac(Tensor::sub(&a, &col));
  EXPECT_EQ(ac->to_std(), (std::vector<float>{-99, -98, -97, -196, -195, -194}));
  Owned outer(Tensor::mult(&col, &row));  // (2,1) x (3) -> (2,3)
  EXPECT_EQ(outer->shape, (std::vector<int>{2, 3}));
  EXPECT_EQ(outer->to_std(), (std::vector<float>{1000, 2000, 3000, 2000, 4000, 6000}));
  Owned q(a.div(&row));
  EXPECT_TRUE(test::all_close(*q, {0.1f, 0.1f, 0.1f, 0.4f, 0.25f, 0.2f}, 1e-6f, 0.0f));
  Tensor c({2, 3});
  Tensor::mult(&a, &row, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{10, 40, 90, 40, 100, 180}));
  Tensor::div(&c, &a, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{10, 20, 30, 10, 20, 30}));
  Tensor::add(&a, &a, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{2, 4, 6, 8, 10, 12}));
  Tensor::sub(&c, &a, &c);
  EXPECT_EQ(c.to_std(), a.to_std());
  c.mult_(&row);
  c.sub_(&row);
  c.div_(&row);
  c.add_(&col);
  EXPECT_EQ(c.to_std(), (std::vector<float>{100, 101, 102, 203, 204, 205}));
  // In place must not grow the tensor; incompatible shapes are errors.
  EXPECT_THROW(row.add_(&a), ValueError);
  Tensor bad({1, 2}, std::vector<int>{2});
  EXPECT_THROW(a.add(&bad), ValueError);
}

TEST(TensorMath, RandomArithmeticMatchesFloat64) {
  Tensor a = test::random_tensor({4, 5}, 31);
  Tensor b = test::random_tensor({4, 5}, 32, 0.5f, 2.0f);
  const auto va = a.to_std(), vb = b.to_std();
  std::vector<float> sum, prod, quot;
  for (size_t i = 0; i < va.size(); ++i) {
    sum.push_back(static_cast<float>(double(va[i]) + vb[i]));
    prod.push_back(static_cast<float>(double(va[i]) * vb[i]));
    quot.push_back(static_cast<float>(double(va[i]) / vb[i]));
  }
  Owned s(Tensor::add(&a, &b)), p(Tensor::mult(&a, &b)), q(Tensor::div(&a, &b));
  EXPECT_TRUE(test::all_close(*s, sum, 0, 0));
  EXPECT_TRUE(test::all_close(*p, prod, 0, 0));
  EXPECT_TRUE(test::all_close(*q, quot, 0, 0));
}

TEST(TensorMath, EddlArithmeticStatics) {
  Tensor a({1, 2, 3, 4}, {2, 2});
  Tensor b({10, 20, 30, 40}, {2, 2});
  Tensor c({1, 1, 1, 1}, {2, 2});
  Tensor::add(2.0f, &a, 0.5f, &b, &c, 0);
  EXPECT_EQ(c.to_std(), (std::vector<float>{7, 14, 21, 28}));
  Tensor::add(1.0f, &a, -1.0f, &b, &c, 1);
  EXPECT_EQ(c.to_std(), (std::vector<float>{-2, -4, -6, -8}));
  Tensor::add(1.0f, &c, 1.0f, &a, &c, 1);  // C aliases A while accumulating
  EXPECT_EQ(c.to_std(), (std::vector<float>{-3, -6, -9, -12}));
  Tensor::inc(&a, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{-2, -4, -6, -8}));
  Tensor::el_mult(&a, &b, &c, 0);
  EXPECT_EQ(c.to_std(), (std::vector<float>{10, 40, 90, 160}));
  Tensor::el_mult(&a, &a, &c, 1);
  EXPECT_EQ(c.to_std(), (std::vector<float>{11, 44, 99, 176}));
  Tensor::el_div(&b, &a, &c, 0);
  EXPECT_EQ(c.to_std(), (std::vector<float>{10, 10, 10, 10}));
  Tensor::el_div(&a, &a, &c, 1);
  EXPECT_EQ(c.to_std(), (std::vector<float>{11, 11, 11, 11}));
  Owned it(Tensor::interpolate(0.25f, &a, 0.75f, &b));
  EXPECT_EQ(it->to_std(), (std::vector<float>{7.75f, 15.5f, 23.25f, 31.0f}));
  Tensor wrong({3});
  EXPECT_THROW(Tensor::el_mult(&a, &b, &wrong, 0), ValueError);
}

TEST(TensorMath, MaximumMinimum) {
  Tensor a({-1, 5, 2, 8}, {2, 2});
  Tensor b({0, 6, 1, 9}, {2, 2});
  Owned mx(Tensor::maximum(&a, 2.0f)), mn(Tensor::minimum(&a, 2.0f));
  EXPECT_EQ(mx->to_std(), (std::vector<float>{2, 5, 2, 8}));
  EXPECT_EQ(mn->to_std(), (std::vector<float>{-1, 2, 2, 2}));
  Owned mxt(Tensor::maximum(&a, &b)), mnt(Tensor::minimum(&a, &b));
  EXPECT_EQ(mxt->to_std(), (std::vector<float>{0, 6, 2, 9}));
  EXPECT_EQ(mnt->to_std(), (std::vector<float>{-1, 5, 1, 8}));
  Tensor row({3, 4}, std::vector<int>{2});
  Owned br(Tensor::maximum(&a, &row));
  EXPECT_EQ(br->to_std(), (std::vector<float>{3, 5, 3, 8}));
}

TEST(TensorMath, Mult2DWithTransposesAndAccumulation) {
  Tensor a = test::random_tensor({3, 4}, 41);
  Tensor b = test::random_tensor({4, 5}, 42);
  const auto va = a.to_std(), vb = b.to_std();
  std::vector<float> expected(15);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) {
      double acc = 0;
      for (int k = 0; k < 4; ++k) acc += double(va[size_t(i * 4 + k)]) * vb[size_t(k * 5 + j)];
      expected[size_t(i * 5 + j)] = static_cast<float>(acc);
    }
  Tensor c({3, 5});
  Tensor::mult2D(&a, 0, &b, 0, &c, 0);
  EXPECT_TRUE(test::all_close(c, expected, 1e-5f, 1e-6f, "A*B"));
  Owned m(Tensor::matmul(&a, &b));
  EXPECT_TRUE(test::all_close(*m, expected, 1e-5f, 1e-6f, "matmul"));
  Tensor::mult2D(&a, 0, &b, 0, &c, 1);
  std::vector<float> twice;
  for (float v : expected) twice.push_back(2 * v);
  EXPECT_TRUE(test::all_close(c, twice, 1e-5f, 1e-6f, "A*B + C"));
  // (B^T A^T)^T = A B: compute B^T * A^T with both transposed flags.
  Tensor ct({5, 3});
  Tensor::mult2D(&b, 1, &a, 1, &ct, 0);
  std::vector<float> transposed(15);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 5; ++j) transposed[size_t(j * 3 + i)] = expected[size_t(i * 5 + j)];
  EXPECT_TRUE(test::all_close(ct, transposed, 1e-5f, 1e-6f, "B^T*A^T"));
  Tensor bad({3, 3});
  EXPECT_THROW(Tensor::mult2D(&a, 0, &b, 0, &bad, 0), ValueError);
  EXPECT_THROW(Tensor::matmul(&a, &a), ValueError);
  Tensor three_d({2, 2, 2});
  EXPECT_THROW(Tensor::matmul(&three_d, &b), ValueError);
}

TEST(TensorMath, TraceWithOffsets) {
  Tensor a({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, {3, 4});
  EXPECT_EQ(a.trace(), 1.0f + 6.0f + 11.0f);
  EXPECT_EQ(a.trace(1), 2.0f + 7.0f + 12.0f);
  EXPECT_EQ(a.trace(-1), 5.0f + 10.0f);
  EXPECT_EQ(a.trace(5), 0.0f);
  Tensor v({3});
  EXPECT_THROW(v.trace(), ValueError);
}

TEST(TensorMath, RowAndColumnSums) {
  Tensor a({1, 2, 3, 4, 5, 6}, {2, 3});
  Tensor cols({3});
  Tensor::reduce_sum2D(&a, &cols, 0, 0);
  EXPECT_EQ(cols.to_std(), (std::vector<float>{5, 7, 9}));
  Tensor::reduce_sum2D(&a, &cols, 0, 1);
  EXPECT_EQ(cols.to_std(), (std::vector<float>{10, 14, 18}));
  Tensor rows({2});
  Tensor::reduce_sum2D(&a, &rows, 1, 0);
  EXPECT_EQ(rows.to_std(), (std::vector<float>{6, 15}));
  EXPECT_THROW(Tensor::reduce_sum2D(&a, &rows, 0, 0), ValueError);
  Tensor bias({10, 20, 30}, {1, 3});
  Tensor c({2, 3});
  Tensor::sum2D_rowwise(&a, &bias, &c);
  EXPECT_EQ(c.to_std(), (std::vector<float>{11, 22, 33, 14, 25, 36}));
  EXPECT_THROW(Tensor::sum2D_rowwise(&a, &rows, &c), ValueError);
}

}  // namespace eddl
