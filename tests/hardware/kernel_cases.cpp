// SPDX-License-Identifier: MIT
// THE parity table: for every kernel of kernel_list.h, cases covering batch 1, odd sizes and sizes
// that are not multiples of a vector width (16 floats), strided and broadcast views, every op of the
// map kernels and every option of the parameter structs, each with its tolerance. Inputs stay in
// the op's domain (log of positives, variances >= 0) and are never all zeros.
#include "kernel_cases.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace eddl::hw::test {

namespace {

using Shape = std::vector<int64_t>;
using Cases = std::vector<KernelCase>;

// Float against a double-accumulating reference: a few ulps for elementwise maths (vectorised
// libm differs by up to 4 ulp), more for sums whose float rounding grows with their length.
constexpr Tolerance kElementwise{1e-5f, 1e-6f};
constexpr Tolerance kReduction{1e-5f, 1e-5f};

std::string shape_name(const Shape& s) {
  std::ostringstream os;
  for (size_t i = 0; i < s.size(); ++i) os << (i ? "x" : "") << s[i];
  return os.str();
}

// ---- elementwise ------------------------------------------------------------------------------

// Inputs inside each op's domain, and the scalar arguments the op reads.
Init unary_domain(UnaryOp op) {
  switch (op) {
    case UnaryOp::sqrt:
    case UnaryOp::rsqrt:
    case UnaryOp::log:
    case UnaryOp::log2:
    case UnaryOp::log10:
    case UnaryOp::logn:
    case UnaryOp::pow_scalar:
      return {0.1f, 4.0f};
    case UnaryOp::reciprocal:
      return {0.5f, 2.0f};
    case UnaryOp::asin:
    case UnaryOp::acos:
      return {-0.9f, 0.9f};
    case UnaryOp::tan:
      return {-1.2f, 1.2f};
    case UnaryOp::exp:
    case UnaryOp::sinh:
    case UnaryOp::cosh:
    case UnaryOp::ceil:
    case UnaryOp::floor:
    case UnaryOp::round:
    case UnaryOp::trunc:
    case UnaryOp::mod_scalar:
      return {-3.0f, 3.0f};
    case UnaryOp::hard_sigmoid:
      return {-4.0f, 4.0f};
    case UnaryOp::softplus:
      return {-5.0f, 25.0f};  // both sides of the x > 20 shortcut
    case UnaryOp::greater_scalar:
    case UnaryOp::greater_equal_scalar:
    case UnaryOp::less_scalar:
    case UnaryOp::less_equal_scalar:
    case UnaryOp::equal_scalar:
    case UnaryOp::not_equal_scalar:
      return {-1.0f, 1.0f, 0.25f};  // ties with a = 0.25 occur
    case UnaryOp::logical_not:
    case UnaryOp::sign:
      return {-1.0f, 1.0f, 0.5f};  // zeros occur
    default:
      return {-2.0f, 2.0f};
  }
}

UnaryArgs unary_args(UnaryOp op) {
  switch (op) {
    case UnaryOp::logn:
      return {2.5f, 0.0f};
    case UnaryOp::reciprocal:
      return {1.5f, 0.0f};
    case UnaryOp::add_scalar:
      return {0.3f, 0.0f};
    case UnaryOp::mult_scalar:
      return {-1.7f, 0.0f};
    case UnaryOp::affine:
      return {2.0f, -0.5f};
    case UnaryOp::pow_scalar:
      return {2.5f, 0.0f};
    case UnaryOp::powb:
      return {1.7f, 0.0f};
    case UnaryOp::mod_scalar:
      return {0.7f, 0.0f};
    case UnaryOp::clamp:
      return {-0.5f, 0.5f};
    case UnaryOp::leaky_relu:
      return {0.01f, 0.0f};
    case UnaryOp::thresholded_relu:
      return {0.2f, 0.0f};
    case UnaryOp::elu:
      return {1.0f, 0.0f};
    case UnaryOp::selu:
      return {1.6732632f, 1.0507010f};
    case UnaryOp::sign:
      return {0.0f, 0.0f};
    default:
      return {0.25f, 0.0f};  // the comparisons' threshold
  }
}

const UnaryOp kAllUnaryOps[] = {
#define EDDL_X(name, fwd, grad) UnaryOp::name,
    EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
};
const BinaryOp kAllBinaryOps[] = {
#define EDDL_X(name, f) BinaryOp::name,
    EDDL_BINARY_OPS(EDDL_X)
#undef EDDL_X
};

void add_fill_cases(Cases& cases) {
  for (const Shape& s : {Shape{1}, Shape{7, 33}, Shape{100, 1024}}) {
    cases.push_back({KernelId::fill, shape_name(s), kExact,
                     [s](CaseRunner& r) { r.call<KernelId::fill>(0.5f, r.output(s, "y")); }});
  }
  cases.push_back({KernelId::fill, "every other column of 7x66", kExact, [](CaseRunner& r) {
                     const View storage = r.output({7 * 66}, "y");
                     r.call<KernelId::fill>(-2.0f, reshape(storage, {7, 33}, {66, 2}));
                   }});
}

void add_copy_cases(Cases& cases) {
  cases.push_back({KernelId::copy_strided, "contiguous 7x33", kExact, [](CaseRunner& r) {
                     r.call<KernelId::copy_strided>(r.input({7, 33}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "transpose of 33x7", kExact, [](CaseRunner& r) {
                     const View x = r.input({33 * 7});
                     r.call<KernelId::copy_strided>(reshape(x, {7, 33}, {1, 7}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "transpose of 1024x100", kExact, [](CaseRunner& r) {
                     const View x = r.input({1024 * 100});
                     r.call<KernelId::copy_strided>(reshape(x, {100, 1024}, {1, 100}), r.output({100, 1024}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "row broadcast 33 -> 7x33", kExact, [](CaseRunner& r) {
                     const View x = r.input({33});
                     r.call<KernelId::copy_strided>(reshape(x, {7, 33}, {0, 1}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "column broadcast 7 -> 7x33", kExact, [](CaseRunner& r) {
                     const View x = r.input({7});
                     r.call<KernelId::copy_strided>(reshape(x, {7, 33}, {1, 0}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "into a 7x33 block of 7x40 at offset 3", kExact, [](CaseRunner& r) {
                     const View y = r.output({7 * 40}, "y");
                     r.call<KernelId::copy_strided>(r.input({7, 33}), reshape(y, {7, 33}, {40, 1}, 3));
                   }});
  cases.push_back({KernelId::copy_strided, "permute 4x5x6 -> 6x4x5", kExact, [](CaseRunner& r) {
                     const View x = r.input({4 * 5 * 6});
                     r.call<KernelId::copy_strided>(reshape(x, {6, 4, 5}, {1, 30, 6}), r.output({6, 4, 5}, "y"));
                   }});
  cases.push_back({KernelId::copy_strided, "batch 1: 1x1", kExact, [](CaseRunner& r) {
                     r.call<KernelId::copy_strided>(r.input({1, 1}), r.output({1, 1}, "y"));
                   }});
}

void add_unary_map_cases(Cases& cases) {
  for (UnaryOp op : kAllUnaryOps) {
    cases.push_back(
        {KernelId::unary_map, std::string(unary_op_name(op)) + " 7x33", kElementwise, [op](CaseRunner& r) {
           r.call<KernelId::unary_map>(op, unary_args(op), r.input({7, 33}, unary_domain(op)), r.output({7, 33}, "y"));
         }});
  }
  const UnaryOp leaky = UnaryOp::leaky_relu;
  for (const Shape& s : {Shape{1, 1}, Shape{1, 1024}, Shape{100, 1024}}) {
    cases.push_back({KernelId::unary_map, "leaky_relu " + shape_name(s), kElementwise, [s, leaky](CaseRunner& r) {
                       r.call<KernelId::unary_map>(leaky, unary_args(leaky), r.input(s), r.output(s, "y"));
                     }});
  }
  cases.push_back(
      {KernelId::unary_map, "sigmoid 100x1024", kElementwise, [](CaseRunner& r) {
         r.call<KernelId::unary_map>(UnaryOp::sigmoid, UnaryArgs{}, r.input({100, 1024}), r.output({100, 1024}, "y"));
       }});
  cases.push_back({KernelId::unary_map, "exp in place 100x1000", kElementwise, [](CaseRunner& r) {
                     const View y = r.output({100, 1000}, "y");
                     r.call<KernelId::unary_map>(UnaryOp::exp, UnaryArgs{}, y, y);
                   }});
  cases.push_back(
      {KernelId::unary_map, "relu of a transposed 33x7", kElementwise, [](CaseRunner& r) {
         const View x = r.input({33 * 7});
         r.call<KernelId::unary_map>(UnaryOp::relu, UnaryArgs{}, reshape(x, {7, 33}, {1, 7}), r.output({7, 33}, "y"));
       }});
  cases.push_back(
      {KernelId::unary_map, "tanh into every other column", kElementwise, [](CaseRunner& r) {
         const View y = r.output({7 * 66}, "y");
         r.call<KernelId::unary_map>(UnaryOp::tanh, UnaryArgs{}, r.input({7, 33}), reshape(y, {7, 33}, {66, 2}));
       }});
}

// y is the forward output of x, as the contract promises the kernel.
void run_unary_backward(CaseRunner& r, UnaryOp op, const Shape& s, bool transposed_x) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  const UnaryArgs args = unary_args(op);
  const std::vector<float> x = r.random(n, unary_domain(op));
  std::vector<float> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) y[i] = unary_forward(op, x[i], args.a, args.b);
  View xv = r.input_values(s, x);
  View yv = r.input_values(s, y);
  if (transposed_x) {  // the same values read through swapped strides (x and y alike)
    const Shape t{s[1], s[0]};
    xv = reshape(xv, t, {1, s[1]});
    yv = reshape(yv, t, {1, s[1]});
    r.call<KernelId::unary_backward>(op, args, xv, yv, r.input(t), r.output(t, "dx"));
    return;
  }
  r.call<KernelId::unary_backward>(op, args, xv, yv, r.input(s), r.output(s, "dx"));
}

void add_unary_backward_cases(Cases& cases) {
  for (UnaryOp op : kAllUnaryOps) {
    cases.push_back(
        {KernelId::unary_backward, std::string(unary_op_name(op)) + " 7x33", kElementwise, [op](CaseRunner& r) {
           run_unary_backward(r, op, {7, 33}, false);
         }});
  }
  for (const Shape& s : {Shape{1, 1}, Shape{1, 1024}, Shape{100, 1024}}) {
    cases.push_back({KernelId::unary_backward, "leaky_relu " + shape_name(s), kElementwise,
                     [s](CaseRunner& r) { run_unary_backward(r, UnaryOp::leaky_relu, s, false); }});
  }
  cases.push_back({KernelId::unary_backward, "sigmoid transposed 33x7", kElementwise, [](CaseRunner& r) {
                     run_unary_backward(r, UnaryOp::sigmoid, {33, 7}, true);
                   }});
}

Init binary_domain_a(BinaryOp op) {
  switch (op) {
    case BinaryOp::pow:
      return {0.1f, 2.0f};
    case BinaryOp::mod:
      return {-3.0f, 3.0f};
    case BinaryOp::greater:
    case BinaryOp::greater_equal:
    case BinaryOp::less:
    case BinaryOp::less_equal:
    case BinaryOp::equal:
    case BinaryOp::not_equal:
      return {-1.0f, 1.0f, 0.25f};
    case BinaryOp::logical_and:
    case BinaryOp::logical_or:
    case BinaryOp::logical_xor:
      return {-1.0f, 1.0f, 0.5f};
    default:
      return {-1.0f, 1.0f};
  }
}

Init binary_domain_b(BinaryOp op) {
  switch (op) {
    case BinaryOp::div:
    case BinaryOp::mod:
      return {0.5f, 2.0f};
    case BinaryOp::pow:
      return {-2.0f, 2.0f};
    default:
      return binary_domain_a(op);
  }
}

void add_binary_map_cases(Cases& cases) {
  for (BinaryOp op : kAllBinaryOps) {
    cases.push_back(
        {KernelId::binary_map, std::string(binary_op_name(op)) + " 7x33", kElementwise, [op](CaseRunner& r) {
           r.call<KernelId::binary_map>(op, BinaryArgs{}, r.input({7, 33}, binary_domain_a(op)),
                                        r.input({7, 33}, binary_domain_b(op)), r.output({7, 33}, "y"));
         }});
  }
  cases.push_back({KernelId::binary_map, "add alpha 0.5 beta -2 7x33", kElementwise, [](CaseRunner& r) {
                     r.call<KernelId::binary_map>(BinaryOp::add, BinaryArgs{0.5f, -2.0f}, r.input({7, 33}),
                                                  r.input({7, 33}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "sub alpha -1 beta 3 1x1024", kElementwise, [](CaseRunner& r) {
                     r.call<KernelId::binary_map>(BinaryOp::sub, BinaryArgs{-1.0f, 3.0f}, r.input({1, 1024}),
                                                  r.input({1, 1024}), r.output({1, 1024}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "mult 100x1024", kElementwise, [](CaseRunner& r) {
                     r.call<KernelId::binary_map>(BinaryOp::mult, BinaryArgs{}, r.input({100, 1024}),
                                                  r.input({100, 1024}), r.output({100, 1024}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "add bias row broadcast 100x1024", kElementwise, [](CaseRunner& r) {
                     const View b = r.input({1024});
                     r.call<KernelId::binary_map>(BinaryOp::add, BinaryArgs{}, r.input({100, 1024}),
                                                  reshape(b, {100, 1024}, {0, 1}), r.output({100, 1024}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "div by column broadcast 7x33", kElementwise, [](CaseRunner& r) {
                     const View b = r.input({7}, {0.5f, 2.0f});
                     r.call<KernelId::binary_map>(BinaryOp::div, BinaryArgs{}, r.input({7, 33}),
                                                  reshape(b, {7, 33}, {1, 0}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "sub from a broadcast scalar 7x33", kElementwise, [](CaseRunner& r) {
                     const View a = r.input({1});
                     r.call<KernelId::binary_map>(BinaryOp::sub, BinaryArgs{}, reshape(a, {7, 33}, {0, 0}),
                                                  r.input({7, 33}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "maximum middle broadcast 4x5x6", kElementwise, [](CaseRunner& r) {
                     const View b = r.input({4 * 6});
                     r.call<KernelId::binary_map>(BinaryOp::maximum, BinaryArgs{}, r.input({4, 5, 6}),
                                                  reshape(b, {4, 5, 6}, {6, 0, 1}), r.output({4, 5, 6}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "mult transposed a 7x33", kElementwise, [](CaseRunner& r) {
                     const View a = r.input({33 * 7});
                     r.call<KernelId::binary_map>(BinaryOp::mult, BinaryArgs{}, reshape(a, {7, 33}, {1, 7}),
                                                  r.input({7, 33}), r.output({7, 33}, "y"));
                   }});
  cases.push_back({KernelId::binary_map, "add in place y = a 100x1000", kElementwise, [](CaseRunner& r) {
                     const View y = r.output({100, 1000}, "y");
                     r.call<KernelId::binary_map>(BinaryOp::add, BinaryArgs{}, y, r.input({100, 1000}), y);
                   }});
}

// ---- reductions -------------------------------------------------------------------------------

const char* reduce_op_name(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum:
      return "sum";
    case ReduceOp::mean:
      return "mean";
    case ReduceOp::max:
      return "max";
    case ReduceOp::min:
      return "min";
    case ReduceOp::prod:
      return "prod";
    case ReduceOp::sum_abs:
      return "sum_abs";
    case ReduceOp::sum_sq:
      return "sum_sq";
  }
  return "?";
}

void add_reduce_cases(Cases& cases) {
  struct Pattern {
    const char* name;
    Shape y;
  };
  const Pattern patterns[] = {{"leading", {1, 6, 7}},        {"trailing", {5, 6, 1}},    {"middle", {5, 1, 7}},
                              {"first and last", {1, 6, 1}}, {"leading two", {1, 1, 7}}, {"all", {1, 1, 1}}};
  const ReduceOp ops[] = {ReduceOp::sum,  ReduceOp::mean,    ReduceOp::max,   ReduceOp::min,
                          ReduceOp::prod, ReduceOp::sum_abs, ReduceOp::sum_sq};
  for (ReduceOp op : ops) {
    // Products of values near 1 stay representable.
    const Init domain = op == ReduceOp::prod ? Init{0.8f, 1.25f} : Init{};
    for (const Pattern& p : patterns) {
      for (float beta : {0.0f, 1.0f}) {
        const std::string name = std::string(reduce_op_name(op)) + " 5x6x7 -> " + shape_name(p.y) + " (" + p.name +
                                 ") beta " + (beta == 0.0f ? "0" : "1");
        const Shape y = p.y;
        cases.push_back(
            {KernelId::reduce, name, kReduction, [op, domain, y, beta](CaseRunner& r) {
               r.call<KernelId::reduce>(ReduceParams{op, beta}, r.input({5, 6, 7}, domain), r.output(y, "y"));
             }});
      }
    }
    cases.push_back(
        {KernelId::reduce, std::string(reduce_op_name(op)) + " of a transposed 7x5 over rows", kReduction,
         [op, domain](CaseRunner& r) {
           const View x = r.input({7 * 5}, domain);
           r.call<KernelId::reduce>(ReduceParams{op, 0.0f}, reshape(x, {5, 7}, {1, 5}), r.output({1, 7}, "y"));
         }});
  }
  for (float beta : {0.0f, 1.0f}) {
    const std::string b = beta == 0.0f ? " beta 0" : " beta 1";
    cases.push_back(
        {KernelId::reduce, "sum columns 100x1024 (bias gradient)" + b, {1e-5f, 1e-4f}, [beta](CaseRunner& r) {
           r.call<KernelId::reduce>(ReduceParams{ReduceOp::sum, beta}, r.input({100, 1024}), r.output({1, 1024}, "y"));
         }});
    cases.push_back(
        {KernelId::reduce, "sum rows 100x1024" + b, {1e-5f, 1e-4f}, [beta](CaseRunner& r) {
           r.call<KernelId::reduce>(ReduceParams{ReduceOp::sum, beta}, r.input({100, 1024}), r.output({100, 1}, "y"));
         }});
  }
  cases.push_back(
      {KernelId::reduce, "max columns batch 1: 1x10", kReduction, [](CaseRunner& r) {
         r.call<KernelId::reduce>(ReduceParams{ReduceOp::max, 0.0f}, r.input({1, 10}), r.output({1, 10}, "y"));
       }});
  cases.push_back(
      {KernelId::reduce, "mean into a strided y", kReduction, [](CaseRunner& r) {
         const View y = r.output({2 * 7}, "y");
         r.call<KernelId::reduce>(ReduceParams{ReduceOp::mean, 0.0f}, r.input({5, 7}), reshape(y, {1, 7}, {14, 2}));
       }});
}

void add_reduce_arg_cases(Cases& cases) {
  for (ArgReduceOp op : {ArgReduceOp::argmax, ArgReduceOp::argmin}) {
    const std::string op_name = op == ArgReduceOp::argmax ? "argmax" : "argmin";
    for (int axis = 0; axis < 3; ++axis) {
      Shape y{5, 6, 7};
      y[static_cast<size_t>(axis)] = 1;
      cases.push_back(
          {KernelId::reduce_arg, op_name + " 5x6x7 axis " + std::to_string(axis), kExact, [op, axis, y](CaseRunner& r) {
             r.call<KernelId::reduce_arg>(ArgReduceParams{op, axis}, r.input({5, 6, 7}), r.output(y, "y"));
           }});
    }
    cases.push_back({KernelId::reduce_arg, op_name + " batch 1: 1x10 axis 1", kExact, [op](CaseRunner& r) {
                       r.call<KernelId::reduce_arg>(ArgReduceParams{op, 1}, r.input({1, 10}), r.output({1, 1}, "y"));
                     }});
    cases.push_back(
        {KernelId::reduce_arg, op_name + " 100x10 axis 1", kExact, [op](CaseRunner& r) {
           r.call<KernelId::reduce_arg>(ArgReduceParams{op, 1}, r.input({100, 10}), r.output({100, 1}, "y"));
         }});
    cases.push_back(
        {KernelId::reduce_arg, op_name + " transposed 10x33 axis 1", kExact, [op](CaseRunner& r) {
           const View x = r.input({10 * 33});
           r.call<KernelId::reduce_arg>(ArgReduceParams{op, 1}, reshape(x, {33, 10}, {1, 33}), r.output({33, 1}, "y"));
         }});
  }
}

// ---- GEMM -------------------------------------------------------------------------------------

// Float GEMMs round each partial sum (blocked, in any order): allow an error growing with k.
Tolerance gemm_tolerance(int64_t k, float alpha) {
  return {1e-5f, 2e-7f * static_cast<float>(k) * std::fmax(1.0f, std::fabs(alpha)) + 1e-5f};
}

struct GemmShape {
  int64_t m, n, k;
};

std::string gemm_name(const GemmShape& s, const GemmParams& p) {
  std::ostringstream os;
  os << (p.trans_a ? "t" : "n") << (p.trans_b ? "t" : "n") << " " << s.m << "x" << s.n << "x" << s.k << " alpha "
     << p.alpha << " beta " << p.beta;
  return os.str();
}

void run_gemm(CaseRunner& r, const GemmShape& s, const GemmParams& p, const GemmEpilogue* epilogue) {
  const View a = r.input(p.trans_a ? Shape{s.k, s.m} : Shape{s.m, s.k});
  const View b = r.input(p.trans_b ? Shape{s.n, s.k} : Shape{s.k, s.n});
  const View c = r.output({s.m, s.n}, "c");
  if (epilogue == nullptr) return r.call<KernelId::gemm>(p, a, b, c);
  const View bias = epilogue->has_bias ? r.input({s.n}) : View{};
  r.call<KernelId::gemm_epilogue>(p, *epilogue, a, b, bias, c);
}

void add_gemm_cases(Cases& cases) {
  const GemmShape shapes[] = {{1, 1, 1}, {1, 10, 784}, {7, 13, 5}, {17, 33, 65}, {64, 48, 96}, {100, 10, 129}};
  for (const GemmShape& s : shapes) {
    for (int t = 0; t < 4; ++t) {
      const GemmParams p{(t & 1) != 0, (t & 2) != 0, 1.0f, 0.0f};
      cases.push_back({KernelId::gemm, gemm_name(s, p), gemm_tolerance(s.k, p.alpha),
                       [s, p](CaseRunner& r) { run_gemm(r, s, p, nullptr); }});
      for (const auto& [alpha, beta] : {std::pair{0.5f, 1.0f}, std::pair{-1.5f, 0.25f}}) {
        const GemmParams q{p.trans_a, p.trans_b, alpha, beta};
        cases.push_back({KernelId::gemm, gemm_name(s, q), gemm_tolerance(s.k, alpha),
                         [s, q](CaseRunner& r) { run_gemm(r, s, q, nullptr); }});
      }
    }
  }
  // The MLP's shapes at batch 100: forward, dX = dY * W^T, dW = X^T * dY (accumulated, beta 1).
  const std::pair<GemmShape, GemmParams> mlp[] = {
      {{100, 1024, 784}, {false, false, 1.0f, 0.0f}},
      {{100, 784, 1024}, {false, true, 1.0f, 0.0f}},
      {{784, 1024, 100}, {true, false, 1.0f, 1.0f}},
  };
  for (const auto& [s, p] : mlp) {
    cases.push_back({KernelId::gemm, "mlp " + gemm_name(s, p), gemm_tolerance(s.k, p.alpha),
                     [s = s, p = p](CaseRunner& r) { run_gemm(r, s, p, nullptr); }});
  }
}

void add_gemm_epilogue_cases(Cases& cases) {
  struct Variant {
    const char* name;
    GemmEpilogue epilogue;
  };
  const Variant variants[] = {
      {"plain", {false, false, UnaryOp::identity, {}}},
      {"bias", {true, false, UnaryOp::identity, {}}},
      {"relu", {false, true, UnaryOp::relu, {}}},
      {"bias+relu", {true, true, UnaryOp::relu, {}}},
      {"bias+leaky_relu", {true, true, UnaryOp::leaky_relu, {0.01f, 0.0f}}},
      {"bias+sigmoid", {true, true, UnaryOp::sigmoid, {}}},
      {"bias+tanh", {true, true, UnaryOp::tanh, {}}},
      {"bias+elu", {true, true, UnaryOp::elu, {1.0f, 0.0f}}},
  };
  const GemmShape shapes[] = {{1, 10, 784}, {7, 13, 5}, {17, 33, 65}, {100, 1024, 784}};
  for (const GemmShape& s : shapes) {
    for (const Variant& v : variants) {
      const GemmParams p{};
      const GemmEpilogue e = v.epilogue;
      cases.push_back({KernelId::gemm_epilogue, std::string(v.name) + " " + gemm_name(s, p), gemm_tolerance(s.k, 1.0f),
                       [s, p, e](CaseRunner& r) { run_gemm(r, s, p, &e); }});
    }
  }
  const GemmEpilogue bias_leaky{true, true, UnaryOp::leaky_relu, {0.01f, 0.0f}};
  for (int t = 0; t < 4; ++t) {
    for (float beta : {0.0f, 1.0f}) {
      if (t == 0 && beta == 0.0f) continue;  // already in the loop above
      const GemmParams p{(t & 1) != 0, (t & 2) != 0, t == 3 ? 0.5f : 1.0f, beta};
      const GemmShape s{17, 33, 65};
      cases.push_back({KernelId::gemm_epilogue, "bias+leaky_relu " + gemm_name(s, p), gemm_tolerance(s.k, p.alpha),
                       [s, p, bias_leaky](CaseRunner& r) { run_gemm(r, s, p, &bias_leaky); }});
    }
  }
}

// ---- softmax ----------------------------------------------------------------------------------

void add_softmax_cases(Cases& cases) {
  const std::pair<Shape, int> shapes[] = {{{1, 10}, 1},   {{100, 10}, 1}, {{2, 1000}, 1}, {{64, 3}, 0},
                                          {{3, 5, 7}, 0}, {{3, 5, 7}, 1}, {{3, 5, 7}, 2}};
  for (const auto& [s, axis] : shapes) {
    const std::string name = shape_name(s) + " axis " + std::to_string(axis);
    cases.push_back({KernelId::softmax_forward, name, {1e-5f, 1e-7f}, [s = s, axis = axis](CaseRunner& r) {
                       r.call<KernelId::softmax_forward>(axis, r.input(s, {-5.0f, 5.0f}), r.output(s, "y"));
                     }});
    cases.push_back(
        {KernelId::softmax_backward, name, {1e-5f, 1e-6f}, [s = s, axis = axis](CaseRunner& r) {
           r.call<KernelId::softmax_backward>(axis, r.input(s, {0.0f, 1.0f}), r.input(s), r.output(s, "dx"));
         }});
  }
}

// ---- random -----------------------------------------------------------------------------------

void add_fill_random_cases(Cases& cases) {
  struct Variant {
    const char* name;
    RandomParams params;
    Shape shape;
  };
  const Variant variants[] = {
      {"uniform [-1, 2) 1000", {RandomDistribution::uniform, -1.0f, 2.0f, 7, 0}, {1000}},
      {"uniform 100x1024 offset 7", {RandomDistribution::uniform, 0.0f, 1.0f, 11, 7}, {100, 1024}},
      {"normal (0.5, 2) 33x65 offset 12345", {RandomDistribution::normal, 0.5f, 2.0f, 3, 12345}, {33, 65}},
      {"normal 100x1024", {RandomDistribution::normal, 0.0f, 1.0f, 5, 0}, {100, 1024}},
      {"bernoulli 0.3 batch 1: 1x17", {RandomDistribution::bernoulli, 0.3f, 0.0f, 9, 100}, {1, 17}},
      {"bernoulli 0.8 100x1024", {RandomDistribution::bernoulli, 0.8f, 0.0f, 13, 1}, {100, 1024}},
  };
  // Uniform and Bernoulli draws are bit-exact on every device (the same counter bits, one
  // multiply). Normal draws go through logf/cosf, which no libm rounds correctly everywhere, so
  // devices may differ by an ulp or two.
  constexpr Tolerance kFewUlps{4e-7f, 1e-6f};
  for (const Variant& v : variants) {
    const Tolerance tolerance = v.params.distribution == RandomDistribution::normal ? kFewUlps : kExact;
    cases.push_back({KernelId::fill_random, v.name, tolerance, [p = v.params, s = v.shape](CaseRunner& r) {
                       r.call<KernelId::fill_random>(p, r.output(s, "y"));
                     }});
  }
  // The call count read from device memory (RandomParams::device_calls, what a recorded dropout
  // replays): element i draws from offset + calls * n + i on every backend alike.
  const Variant counted[] = {
      {"uniform 1000 after 3 calls (device count)", {RandomDistribution::uniform, 0.0f, 1.0f, 21, 5}, {1000}},
      {"bernoulli 0.8 100x1024 after 2 calls (device count)", {RandomDistribution::bernoulli, 0.8f, 0.0f, 23, 0},
       {100, 1024}},
  };
  float calls = 3.0f;
  for (const Variant& v : counted) {
    cases.push_back({KernelId::fill_random, v.name, kExact, [p = v.params, s = v.shape, calls](CaseRunner& r) {
                       RandomParams q = p;
                       q.device_calls = r.storage({calls}).data;
                       r.call<KernelId::fill_random>(q, r.output(s, "y"));
                     }});
    calls = 2.0f;
  }
}

// ---- optimizers -------------------------------------------------------------------------------

// 1 element, an odd size, and one past the parallel grain of the fast loops.
const int64_t kOptimizerSizes[] = {1, 17, 40001};
constexpr Tolerance kOptimizer{1e-5f, 1e-6f};
const Init kVariance{0.0f, 0.01f};
const Init kMoment{-0.1f, 0.1f};

// A device-step case draws its operands once and stores them twice: one step with t by value, the
// same step with t read from a one-element tensor on the backend (AdamParams::device_step, what a
// recorded step replays). The by-value step gets 0 there: a backend that ignored device_step would
// divide by the bias correction 1 - beta^0 = 0 and miss the reference.
template <class Params>
Params reading_device_step(Params p, CaseRunner& r) {
  p.device_step = r.storage({static_cast<float>(p.step)}).data;
  p.step = 0;
  return p;
}

// Each output "x (device step)" must equal "x" of the same run within `tol`: the step count read
// from device memory gives what the same count by value gives, on every backend (the reference
// too). Throws, which fails the case on every runner.
void expect_device_step_matches(CaseRunner& r, const Tolerance& tol) {
  const std::vector<CaseOutput> outs = r.outputs();
  for (const CaseOutput& twin : outs) {
    const std::string suffix = " (device step)";
    const size_t at = twin.name.size() - suffix.size();
    if (twin.name.size() <= suffix.size() || twin.name.compare(at, suffix.size(), suffix) != 0) continue;
    const std::string base = twin.name.substr(0, at);
    for (const CaseOutput& by_value : outs) {
      if (by_value.name != base) continue;
      for (size_t i = 0; i < twin.values.size(); ++i) {
        const float got = twin.values[i], expected = by_value.values[i];
        if (!(std::fabs(got - expected) <= tol.atol + tol.rtol * std::fabs(expected))) {
          std::ostringstream os;
          os << "device_step: output " << base << "[" << i << "] is " << got << " with t in device memory, "
             << expected << " with t by value";
          throw std::runtime_error(os.str());
        }
      }
    }
  }
}

void add_optimizer_cases(Cases& cases) {
  for (int64_t n : kOptimizerSizes) {
    const std::string size = " n " + std::to_string(n);
    const SgdParams sgds[] = {
        {0.01f, 0.0f, 0.0f, false}, {0.01f, 0.9f, 0.0f, false}, {0.1f, 0.9f, 1e-4f, true}, {0.05f, 0.0f, 1e-2f, false}};
    for (const SgdParams& p : sgds) {
      std::ostringstream name;
      name << "lr " << p.lr << " momentum " << p.momentum << " wd " << p.weight_decay << (p.nesterov ? " nesterov" : "")
           << size;
      cases.push_back({KernelId::sgd_update, name.str(), kOptimizer, [p, n](CaseRunner& r) {
                         r.call<KernelId::sgd_update>(p, r.output({n}, "w"), r.input({n}),
                                                      r.output({n}, "velocity", kMoment));
                       }});
    }
    const AdamParams adams[] = {{0.001f, 0.9f, 0.999f, 1e-8f, 0.0f, false, 1},
                                {0.01f, 0.9f, 0.999f, 1e-8f, 1e-2f, false, 10},
                                {0.001f, 0.8f, 0.99f, 1e-7f, 0.0f, true, 3}};
    for (const AdamParams& p : adams) {
      std::ostringstream name;
      name << "lr " << p.lr << " step " << p.step << " wd " << p.weight_decay << (p.amsgrad ? " amsgrad" : "") << size;
      cases.push_back({KernelId::adam_update, name.str(), kOptimizer, [p, n](CaseRunner& r) {
                         r.call<KernelId::adam_update>(p, r.output({n}, "w"), r.input({n}), r.output({n}, "m", kMoment),
                                                       r.output({n}, "v", kVariance),
                                                       r.output({n}, "v_max", kVariance));
                       }});
      cases.push_back({KernelId::adam_update, name.str() + " device step", kOptimizer, [p, n](CaseRunner& r) {
                         const std::vector<float> w = r.random(n), g = r.random(n), m = r.random(n, kMoment),
                                                  v = r.random(n, kVariance), v_max = r.random(n, kVariance);
                         r.call<KernelId::adam_update>(p, r.storage(w, "w"), r.storage(g), r.storage(m, "m"),
                                                       r.storage(v, "v"), r.storage(v_max, "v_max"));
                         r.call<KernelId::adam_update>(reading_device_step(p, r), r.storage(w, "w (device step)"),
                                                       r.storage(g), r.storage(m, "m (device step)"),
                                                       r.storage(v, "v (device step)"),
                                                       r.storage(v_max, "v_max (device step)"));
                         expect_device_step_matches(r, kOptimizer);
                       }});
    }
    cases.push_back({KernelId::adamax_update, "step 2 wd 1e-3" + size, kOptimizer, [n](CaseRunner& r) {
                       const AdamaxParams p{0.002f, 0.9f, 0.999f, 1e-8f, 1e-3f, 2};
                       r.call<KernelId::adamax_update>(p, r.output({n}, "w"), r.input({n}), r.output({n}, "m", kMoment),
                                                       r.output({n}, "u", {0.0f, 0.5f}));
                     }});
    cases.push_back({KernelId::adamax_update, "step 2 wd 1e-3 device step" + size, kOptimizer, [n](CaseRunner& r) {
                       const AdamaxParams p{0.002f, 0.9f, 0.999f, 1e-8f, 1e-3f, 2};
                       const std::vector<float> w = r.random(n), g = r.random(n), m = r.random(n, kMoment),
                                                u = r.random(n, {0.0f, 0.5f});
                       r.call<KernelId::adamax_update>(p, r.storage(w, "w"), r.storage(g), r.storage(m, "m"),
                                                       r.storage(u, "u"));
                       r.call<KernelId::adamax_update>(reading_device_step(p, r), r.storage(w, "w (device step)"),
                                                       r.storage(g), r.storage(m, "m (device step)"),
                                                       r.storage(u, "u (device step)"));
                       expect_device_step_matches(r, kOptimizer);
                     }});
    cases.push_back({KernelId::rmsprop_update, "rho 0.9 wd 1e-3" + size, kOptimizer, [n](CaseRunner& r) {
                       const RmspropParams p{0.001f, 0.9f, 1e-8f, 1e-3f};
                       r.call<KernelId::rmsprop_update>(p, r.output({n}, "w"), r.input({n}),
                                                        r.output({n}, "mean_square", kVariance));
                     }});
    cases.push_back({KernelId::adagrad_update, "lr 0.01" + size, kOptimizer, [n](CaseRunner& r) {
                       const AdagradParams p{0.01f, 1e-8f, 0.0f};
                       r.call<KernelId::adagrad_update>(p, r.output({n}, "w"), r.input({n}),
                                                        r.output({n}, "sum_square", {0.0f, 1.0f}));
                     }});
    cases.push_back({KernelId::adadelta_update, "rho 0.95 wd 1e-3" + size, kOptimizer, [n](CaseRunner& r) {
                       const AdadeltaParams p{1.0f, 0.95f, 1e-6f, 1e-3f};
                       r.call<KernelId::adadelta_update>(p, r.output({n}, "w"), r.input({n}),
                                                         r.output({n}, "mean_square", kVariance),
                                                         r.output({n}, "mean_delta", kVariance));
                     }});
    cases.push_back({KernelId::nadam_update, "step 3" + size, kOptimizer, [n](CaseRunner& r) {
                       // mu_t = beta_1 (1 - 0.5 * 0.96^(0.004 t)) for t = 3, 4 and the product over t <= 3.
                       auto mu = [](int t) {
                         return 0.9f * (1.0f - 0.5f * std::pow(0.96f, 0.004f * static_cast<float>(t)));
                       };
                       const NadamParams p{0.002f, 0.9f, 0.999f, 1e-8f, mu(3), mu(4), mu(1) * mu(2) * mu(3), 3};
                       r.call<KernelId::nadam_update>(p, r.output({n}, "w"), r.input({n}), r.output({n}, "m", kMoment),
                                                      r.output({n}, "v", kVariance));
                     }});
  }
}

Cases build_cases() {
  Cases cases;
  add_fill_cases(cases);
  add_copy_cases(cases);
  add_unary_map_cases(cases);
  add_unary_backward_cases(cases);
  add_binary_map_cases(cases);
  add_reduce_cases(cases);
  add_reduce_arg_cases(cases);
  add_gemm_cases(cases);
  add_gemm_epilogue_cases(cases);
  add_softmax_cases(cases);
  add_fill_random_cases(cases);
  add_optimizer_cases(cases);
  add_conv_cases(cases);
  add_pool_cases(cases);
  add_normalization_cases(cases);
  add_resample_cases(cases);
  add_recurrent_cases(cases);
  return cases;
}

}  // namespace

const std::vector<KernelCase>& kernel_cases() {
  static const std::vector<KernelCase> cases = build_cases();
  return cases;
}

}  // namespace eddl::hw::test
