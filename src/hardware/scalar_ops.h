// SPDX-License-Identifier: MIT
// Elementwise maths written once, for every device. Each op is a line in an X-list with its
// forward formula and its derivative; every backend runs these through one generic loop (an OpenMP
// loop on the CPU, a grid-stride kernel on the GPU, an HLS loop on the FPGA). Adding an activation
// means adding one line here.
#pragma once

#include <cmath>
#include <cstdint>

#ifdef __CUDACC__
#define EDDL_HOST_DEVICE __host__ __device__
#else
#define EDDL_HOST_DEVICE
#endif

namespace eddl::hw {

/// Scalar parameters of a unary op (alpha for leaky_relu, bounds for clamp, ...).
struct UnaryArgs {
  float a = 0.0f;
  float b = 0.0f;
};

// Unary ops: X(name, forward(x, a, b), derivative dy/dx (x, y, a, b)). `y` is the forward output,
// available to derivatives that are cheaper from it (sigmoid, tanh, exp). Ops without a useful
// derivative (rounding, comparisons) give 0, as autograd libraries do.
#define EDDL_UNARY_OPS(X)                                                                         \
  X(identity, x, 1.0f)                                                                            \
  X(abs, fabsf(x), (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f)))                                 \
  X(neg, -x, -1.0f)                                                                               \
  X(sqr, x * x, 2.0f * x)                                                                         \
  X(sqrt, sqrtf(x), 0.5f / y)                                                                     \
  X(rsqrt, 1.0f / sqrtf(x), -0.5f * y * y * y)                                                    \
  X(exp, expf(x), y)                                                                              \
  X(log, logf(x), 1.0f / x)                                                                       \
  X(log2, log2f(x), 1.0f / (x * 0.69314718056f))                                                  \
  X(log10, log10f(x), 1.0f / (x * 2.302585093f))                                                  \
  X(logn, logf(x) / logf(a), 1.0f / (x * logf(a)))                                                \
  X(sin, sinf(x), cosf(x))                                                                        \
  X(cos, cosf(x), -sinf(x))                                                                       \
  X(tan, tanf(x), 1.0f + y * y)                                                                   \
  X(asin, asinf(x), 1.0f / sqrtf(1.0f - x * x))                                                   \
  X(acos, acosf(x), -1.0f / sqrtf(1.0f - x * x))                                                  \
  X(atan, atanf(x), 1.0f / (1.0f + x * x))                                                        \
  X(sinh, sinhf(x), coshf(x))                                                                     \
  X(cosh, coshf(x), sinhf(x))                                                                     \
  X(tanh, tanhf(x), 1.0f - y * y)                                                                 \
  X(sigmoid, 1.0f / (1.0f + expf(-x)), y * (1.0f - y))                                            \
  X(ceil, ceilf(x), 0.0f)                                                                         \
  X(floor, floorf(x), 0.0f)                                                                       \
  X(round, rintf(x), 0.0f)                                                                        \
  X(trunc, truncf(x), 0.0f)                                                                       \
  X(sign, (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : a)), 0.0f)                                       \
  X(reciprocal, a / x, -a / (x * x))                                                              \
  X(add_scalar, x + a, 1.0f)                                                                      \
  X(mult_scalar, x * a, a)                                                                        \
  X(affine, x * a + b, a)                                                                         \
  X(pow_scalar, powf(x, a), a * powf(x, a - 1.0f))                                                \
  X(powb, powf(a, x), y * logf(a))                                                                \
  X(mod_scalar, fmodf(x, a), 1.0f)                                                                \
  X(clamp, (x < a ? a : (x > b ? b : x)), (x < a || x > b ? 0.0f : 1.0f))                         \
  X(relu, (x > 0.0f ? x : 0.0f), (x > 0.0f ? 1.0f : 0.0f))                                        \
  X(leaky_relu, (x > 0.0f ? x : a * x), (x > 0.0f ? 1.0f : a))                                    \
  X(thresholded_relu, (x > a ? x : 0.0f), (x > a ? 1.0f : 0.0f))                                  \
  X(elu, (x > 0.0f ? x : a * (expf(x) - 1.0f)), (x > 0.0f ? 1.0f : y + a))                        \
  X(selu, (x > 0.0f ? b * x : b * a * (expf(x) - 1.0f)), (x > 0.0f ? b : y + b * a))              \
  X(hard_sigmoid, (x < -2.5f ? 0.0f : (x > 2.5f ? 1.0f : 0.2f * x + 0.5f)),                       \
    (x < -2.5f || x > 2.5f ? 0.0f : 0.2f))                                                        \
  X(softplus, (x > 20.0f ? x : log1pf(expf(x))), 1.0f / (1.0f + expf(-x)))                        \
  X(softsign, x / (1.0f + fabsf(x)), 1.0f / ((1.0f + fabsf(x)) * (1.0f + fabsf(x))))              \
  X(greater_scalar, (x > a ? 1.0f : 0.0f), 0.0f)                                                  \
  X(greater_equal_scalar, (x >= a ? 1.0f : 0.0f), 0.0f)                                           \
  X(less_scalar, (x < a ? 1.0f : 0.0f), 0.0f)                                                     \
  X(less_equal_scalar, (x <= a ? 1.0f : 0.0f), 0.0f)                                              \
  X(equal_scalar, (x == a ? 1.0f : 0.0f), 0.0f)                                                   \
  X(not_equal_scalar, (x != a ? 1.0f : 0.0f), 0.0f)                                               \
  X(isnan, (x != x ? 1.0f : 0.0f), 0.0f)                                                          \
  X(isinf, (isinf(x) ? 1.0f : 0.0f), 0.0f)                                                        \
  X(isfinite, (isfinite(x) ? 1.0f : 0.0f), 0.0f)                                                  \
  X(logical_not, (x == 0.0f ? 1.0f : 0.0f), 0.0f)

enum class UnaryOp {
#define EDDL_X(name, fwd, grad) name,
  EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
};

/// Forward formula of `op` (switch so that device code needs no function pointers).
EDDL_HOST_DEVICE inline float unary_forward(UnaryOp op, float x, float a, float b) {
  using std::isfinite;
  using std::isinf;
  const float y = 0.0f;  // not used by forward formulas; keeps the X-list uniform
  (void)y;
  switch (op) {
#define EDDL_X(name, fwd, grad) \
  case UnaryOp::name: return (fwd);
    EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
  }
  return 0.0f;
}

/// dy/dx of `op` at input x with forward output y.
EDDL_HOST_DEVICE inline float unary_derivative(UnaryOp op, float x, float y, float a, float b) {
  (void)x;
  (void)y;
  (void)a;
  (void)b;
  switch (op) {
#define EDDL_X(name, fwd, grad) \
  case UnaryOp::name: return (grad);
    EDDL_UNARY_OPS(EDDL_X)
#undef EDDL_X
  }
  return 0.0f;
}

const char* unary_op_name(UnaryOp op);

/// Parameters of a binary op: y = f(alpha * a, beta * b) for add/sub; alpha, beta ignored by others.
struct BinaryArgs {
  float alpha = 1.0f;
  float beta = 1.0f;
};

// Binary ops: X(name, f(a, b)).
#define EDDL_BINARY_OPS(X)                    \
  X(add, a + b)                               \
  X(sub, a - b)                               \
  X(mult, a * b)                              \
  X(div, a / b)                               \
  X(pow, powf(a, b))                          \
  X(maximum, (a > b ? a : b))                 \
  X(minimum, (a < b ? a : b))                 \
  X(mod, fmodf(a, b))                         \
  X(greater, (a > b ? 1.0f : 0.0f))           \
  X(greater_equal, (a >= b ? 1.0f : 0.0f))    \
  X(less, (a < b ? 1.0f : 0.0f))              \
  X(less_equal, (a <= b ? 1.0f : 0.0f))       \
  X(equal, (a == b ? 1.0f : 0.0f))            \
  X(not_equal, (a != b ? 1.0f : 0.0f))        \
  X(logical_and, ((a != 0.0f && b != 0.0f) ? 1.0f : 0.0f)) \
  X(logical_or, ((a != 0.0f || b != 0.0f) ? 1.0f : 0.0f))  \
  X(logical_xor, (((a != 0.0f) != (b != 0.0f)) ? 1.0f : 0.0f))

enum class BinaryOp {
#define EDDL_X(name, f) name,
  EDDL_BINARY_OPS(EDDL_X)
#undef EDDL_X
};

/// f(alpha * a, beta * b).
EDDL_HOST_DEVICE inline float binary_forward(BinaryOp op, float a, float b, BinaryArgs s) {
  a *= s.alpha;
  b *= s.beta;
  switch (op) {
#define EDDL_X(name, f) \
  case BinaryOp::name: return (f);
    EDDL_BINARY_OPS(EDDL_X)
#undef EDDL_X
  }
  return 0.0f;
}

const char* binary_op_name(BinaryOp op);

/// Counter-based random numbers (splitmix64 of seed and element index): the same values on every
/// device and thread count, so a seeded run is reproducible wherever it runs.
EDDL_HOST_DEVICE inline uint64_t random_bits(uint64_t seed, uint64_t counter) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + counter * 0xBF58476D1CE4E5B9ULL + 0x94D049BB133111EBULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Uniform in [0, 1) with 24 random bits.
EDDL_HOST_DEVICE inline float random_uniform01(uint64_t seed, uint64_t counter) {
  return static_cast<float>(random_bits(seed, counter) >> 40) * (1.0f / 16777216.0f);
}

/// Standard normal by Box-Muller on two uniforms of the same counter.
EDDL_HOST_DEVICE inline float random_normal01(uint64_t seed, uint64_t counter) {
  const uint64_t bits = random_bits(seed, counter);
  const float u1 = (static_cast<float>(bits >> 40) + 1.0f) * (1.0f / 16777217.0f);  // (0, 1]
  const float u2 = static_cast<float>((bits >> 8) & 0xFFFFFFu) * (1.0f / 16777216.0f);
  return sqrtf(-2.0f * logf(u1)) * cosf(6.283185307179586f * u2);
}

}  // namespace eddl::hw
