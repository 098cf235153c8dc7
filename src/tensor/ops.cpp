// SPDX-License-Identifier: MIT
// Validation and view-making for the internal ops; each ends in one dispatch().
#include "tensor/ops.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "hardware/check.h"
#include "tensor/dispatch.h"
#include "tensor/recording.h"
#include "tensor/shape.h"

namespace eddl::ops {

namespace {

std::vector<int64_t> wide(const std::vector<int>& s) { return std::vector<int64_t>(s.begin(), s.end()); }

void check_same_size(const Tensor& a, const Tensor& b, const char* op) {
  EDDL_CHECK(a.size == b.size, op << ": sizes differ, " << shape::to_string(a.shape) << " vs "
                                  << shape::to_string(b.shape));
}

// View of `t` read in `target` shape with broadcasting strides.
hw::View broadcast_view(const Tensor& t, const std::vector<int>& target) {
  hw::View v = view_as(t, wide(target));
  const std::vector<int64_t> strides = shape::broadcast_strides(t.shape, target);
  for (size_t d = 0; d < target.size(); ++d) v.strides[d] = strides[d];
  return v;
}

// 2-D view (rows = all leading dims folded) for GEMM operands.
hw::View matrix_view(const Tensor& t) {
  const int64_t cols = t.ndim == 0 ? 1 : t.shape[static_cast<size_t>(t.ndim - 1)];
  const int64_t rows = cols == 0 ? 0 : static_cast<int64_t>(t.size) / cols;
  return view_as(t, {rows, cols});
}

// A block view: `extent` elements from `begin` in t, with t's strides.
hw::View block_view(const Tensor& t, const std::vector<int>& begin, const std::vector<int>& extent) {
  EDDL_CHECK(begin.size() == static_cast<size_t>(t.ndim) && extent.size() == begin.size(),
             "block of rank " << begin.size() << " in a tensor of rank " << t.ndim);
  hw::View v = view(t);
  int64_t offset = 0;
  for (int d = 0; d < t.ndim; ++d) {
    const size_t i = static_cast<size_t>(d);
    EDDL_CHECK(begin[i] >= 0 && extent[i] >= 0 && begin[i] + extent[i] <= t.shape[i],
               "block [" << begin[i] << ", " << begin[i] + extent[i] << ") out of range for dimension " << d
                         << " of " << shape::to_string(t.shape));
    offset += static_cast<int64_t>(begin[i]) * v.strides[d];
    v.shape[d] = extent[i];
  }
  v.data = t.ptr + offset;
  return v;
}

std::atomic<uint64_t> g_seed{1234};
std::atomic<uint64_t> g_counter{0};

}  // namespace

void unary(hw::UnaryOp op, const Tensor& x, Tensor& y, float a, float b) {
  check_same_size(x, y, hw::unary_op_name(op));
  const hw::View vy = view_as(y, wide(y.shape));
  dispatch<hw::KernelId::unary_map>({&x, &y}, op, hw::UnaryArgs{a, b}, view_as(x, wide(y.shape)), vy);
}

void unary_backward(hw::UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx, float a,
                    float b) {
  check_same_size(x, dx, hw::unary_op_name(op));
  check_same_size(y, dx, hw::unary_op_name(op));
  check_same_size(dy, dx, hw::unary_op_name(op));
  const auto s = wide(dx.shape);
  dispatch<hw::KernelId::unary_backward>({&x, &y, &dy, &dx}, op, hw::UnaryArgs{a, b}, view_as(x, s), view_as(y, s),
                                         view_as(dy, s), view_as(dx, s));
}

void binary(hw::BinaryOp op, const Tensor& a, const Tensor& b, Tensor& y, float alpha, float beta) {
  const std::vector<int> target = shape::broadcast_shapes(a.shape, b.shape, hw::binary_op_name(op));
  EDDL_CHECK(y.shape == target,
             hw::binary_op_name(op) << ": output " << shape::to_string(y.shape) << " is not the broadcast shape "
                                    << shape::to_string(target) << " of " << shape::to_string(a.shape) << " and "
                                    << shape::to_string(b.shape));
  dispatch<hw::KernelId::binary_map>({&a, &b, &y}, op, hw::BinaryArgs{alpha, beta}, broadcast_view(a, target),
                                     broadcast_view(b, target), view_as(y, wide(target)));
}

void fill(Tensor& y, float value) { dispatch<hw::KernelId::fill>({&y}, value, view(y)); }

void copy(const Tensor& x, Tensor& y) {
  check_same_size(x, y, "copy");
  if (x.size == 0 || x.ptr == y.ptr) return;
  transfer(x, y);
}

void reduce(hw::ReduceOp op, const Tensor& x, const std::vector<int>& axes, Tensor& y, float beta) {
  std::vector<int64_t> kept = wide(x.shape);
  for (int axis : axes) {
    const int a = shape::normalize_axis(axis, x.ndim, "reduce");
    kept[static_cast<size_t>(a)] = 1;
  }
  EDDL_CHECK(shape::checked_numel64(kept) == static_cast<int64_t>(y.size),
             "reduce: output " << shape::to_string(y.shape) << " does not match the reduced shape of "
                               << shape::to_string(x.shape));
  dispatch<hw::KernelId::reduce>({&x, &y}, hw::ReduceParams{op, beta}, view(x), view_as(y, kept));
}

float reduce_all(hw::ReduceOp op, const Tensor& x) {
  if (x.size == 0) {
    // Empty sums are 0 and an empty product is 1, as in NumPy; max/min/mean have no value.
    EDDL_CHECK(op != hw::ReduceOp::max && op != hw::ReduceOp::min && op != hw::ReduceOp::mean,
               "max/min/mean of an empty tensor");
    return op == hw::ReduceOp::prod ? 1.0f : 0.0f;
  }
  Tensor out({1}, x.device);
  std::vector<int> axes(static_cast<size_t>(x.ndim));
  for (int d = 0; d < x.ndim; ++d) axes[static_cast<size_t>(d)] = d;
  reduce(op, x, axes, out, 0.0f);
  return out.to_std()[0];
}

void reduce_arg(hw::ArgReduceOp op, const Tensor& x, int axis, Tensor& y) {
  const int a = shape::normalize_axis(axis, x.ndim, "argmax/argmin");
  std::vector<int64_t> kept = wide(x.shape);
  kept[static_cast<size_t>(a)] = 1;
  EDDL_CHECK(shape::checked_numel64(kept) == static_cast<int64_t>(y.size),
             "argmax/argmin: output " << shape::to_string(y.shape) << " does not match input "
                                      << shape::to_string(x.shape) << " reduced on axis " << a);
  EDDL_CHECK(x.shape[static_cast<size_t>(a)] > 0, "argmax/argmin over an empty axis");
  dispatch<hw::KernelId::reduce_arg>({&x, &y}, hw::ArgReduceParams{op, a}, view(x), view_as(y, kept));
}

namespace {
void check_gemm(const hw::View& a, bool ta, const hw::View& b, bool tb, const hw::View& c) {
  const int64_t m = ta ? a.shape[1] : a.shape[0];
  const int64_t k = ta ? a.shape[0] : a.shape[1];
  const int64_t k2 = tb ? b.shape[1] : b.shape[0];
  const int64_t n = tb ? b.shape[0] : b.shape[1];
  EDDL_CHECK(k == k2 && c.shape[0] == m && c.shape[1] == n,
             "matrix multiply: op(A) is " << m << "x" << k << ", op(B) is " << k2 << "x" << n << ", C is "
                                          << c.shape[0] << "x" << c.shape[1]);
}
}  // namespace

void gemm(const Tensor& a, bool trans_a, const Tensor& b, bool trans_b, Tensor& c, float alpha, float beta) {
  const hw::View va = matrix_view(a), vb = matrix_view(b), vc = matrix_view(c);
  check_gemm(va, trans_a, vb, trans_b, vc);
  dispatch<hw::KernelId::gemm>({&a, &b, &c}, hw::GemmParams{trans_a, trans_b, alpha, beta}, va, vb, vc);
}

void gemm_bias_activation(const Tensor& a, const Tensor& b, const Tensor* bias, hw::UnaryOp act, float act_a,
                          float act_b, Tensor& c) {
  const hw::View va = matrix_view(a), vb = matrix_view(b), vc = matrix_view(c);
  check_gemm(va, false, vb, false, vc);
  hw::GemmEpilogue e;
  e.has_bias = bias != nullptr;
  e.has_activation = act != hw::UnaryOp::identity;
  e.activation = act;
  e.activation_args = {act_a, act_b};
  hw::View vbias;
  if (bias != nullptr) {
    EDDL_CHECK(static_cast<int64_t>(bias->size) == vc.shape[1],
               "bias of " << bias->size << " elements for " << vc.shape[1] << " output columns");
    vbias = view(*bias);
  }
  const Tensor& bias_or_c = bias != nullptr ? *bias : c;
  dispatch<hw::KernelId::gemm_epilogue>({&a, &b, &bias_or_c, &c}, hw::GemmParams{}, e, va, vb, vbias, vc);
}

void softmax(const Tensor& x, int axis, Tensor& y) {
  check_same_size(x, y, "softmax");
  const int a = shape::normalize_axis(axis, x.ndim, "softmax");
  dispatch<hw::KernelId::softmax_forward>({&x, &y}, a, view(x), view_as(y, wide(x.shape)));
}

void softmax_backward(const Tensor& y, const Tensor& dy, int axis, Tensor& dx) {
  check_same_size(y, dy, "softmax backward");
  check_same_size(y, dx, "softmax backward");
  const int a = shape::normalize_axis(axis, y.ndim, "softmax");
  const auto s = wide(y.shape);
  dispatch<hw::KernelId::softmax_backward>({&y, &dy, &dx}, a, view(y), view_as(dy, s), view_as(dx, s));
}

uint64_t take_random_counters(uint64_t count) { return g_counter.fetch_add(count); }
uint64_t global_seed() { return g_seed.load(); }

}  // namespace eddl::ops

// Seeding lives with the stream it controls.
void Tensor::set_seed(uint64_t seed) {
  eddl::ops::g_seed.store(seed);
  eddl::ops::g_counter.store(0);
}

namespace eddl::ops {

void fill_random(Tensor& y, hw::RandomDistribution dist, float a, float b) {
  // The stream's position is taken on the host: a replay would draw the same numbers again.
  if (active_recording() != nullptr) {
    throw RecordingError("fill_random draws new numbers at every call; a recorded step would repeat the recorded "
                         "draws (fill_random_counted is the recordable form)");
  }
  hw::RandomParams p{dist, a, b, global_seed(), take_random_counters(y.size)};
  dispatch<hw::KernelId::fill_random>({&y}, p, view(y));
}

void fill_random_counted(Tensor& y, hw::RandomDistribution dist, float a, float b, Tensor& calls) {
  EDDL_CHECK(calls.size == 1 && calls.device == y.device,
             "fill_random_counted: the call count must be one element on the output's device");
  if (active_recording() == nullptr) return fill_random(y, dist, a, b);
  // A float counts calls exactly to 2^24; each has its own y.size positions of the stream.
  constexpr uint64_t kCountedCalls = uint64_t{1} << 24;
  hw::RandomParams p{dist, a, b, global_seed(), take_random_counters(y.size * kCountedCalls), calls.ptr};
  dispatch<hw::KernelId::fill_random>({&y, &calls}, p, view(y));
  unary(hw::UnaryOp::add_scalar, calls, calls, 1.0f);
}

void fill_random_seeded(Tensor& y, hw::RandomDistribution dist, float a, float b, uint64_t seed) {
  hw::RandomParams p{dist, a, b, seed, 0};
  dispatch<hw::KernelId::fill_random>({&y}, p, view(y));
}

void permute(const Tensor& x, const std::vector<int>& dims, Tensor& y) {
  EDDL_CHECK(static_cast<int>(dims.size()) == x.ndim,
             "permute: " << dims.size() << " dimensions given for a tensor of rank " << x.ndim);
  std::vector<bool> seen(dims.size(), false);
  const hw::View source = view(x);
  hw::View vx = source;
  std::vector<int64_t> out_shape(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) {
    const int d = shape::normalize_axis(dims[i], x.ndim, "permute");
    EDDL_CHECK(!seen[static_cast<size_t>(d)], "permute: dimension " << d << " repeated in the permutation");
    seen[static_cast<size_t>(d)] = true;
    out_shape[i] = x.shape[static_cast<size_t>(d)];
    vx.shape[i] = x.shape[static_cast<size_t>(d)];
    vx.strides[i] = source.strides[d];
  }
  check_same_size(x, y, "permute");
  dispatch<hw::KernelId::copy_strided>({&x, &y}, vx, view_as(y, out_shape));
}

void copy_block_from(const Tensor& x, const std::vector<int>& begin, Tensor& y) {
  EDDL_CHECK(x.ndim == y.ndim, "block copy: ranks differ");
  dispatch<hw::KernelId::copy_strided>({&x, &y}, block_view(x, begin, y.shape), view(y));
}

void copy_block_into(const Tensor& x, const std::vector<int>& begin, Tensor& y) {
  EDDL_CHECK(x.ndim == y.ndim, "block copy: ranks differ");
  dispatch<hw::KernelId::copy_strided>({&x, &y}, view(x), block_view(y, begin, x.shape));
}

void fill_block(Tensor& y, const std::vector<int>& begin, const std::vector<int>& extent, float value) {
  dispatch<hw::KernelId::fill>({&y}, value, block_view(y, begin, extent));
}

void reverse_axis(const Tensor& x, int axis, Tensor& y) {
  EDDL_CHECK(x.shape == y.shape, "reverse: shapes " << shape::to_string(x.shape) << " and "
                                                    << shape::to_string(y.shape) << " differ");
  EDDL_CHECK(axis >= 0 && axis < x.ndim, "reverse: axis " << axis << " out of range for rank " << x.ndim);
  EDDL_CHECK(x.ptr != y.ptr || x.size == 0, "reverse: the output must not be the input");
  const int n = x.shape[static_cast<size_t>(axis)];
  std::vector<int> extent = x.shape;
  extent[static_cast<size_t>(axis)] = 1;
  std::vector<int> from(static_cast<size_t>(x.ndim), 0), to = from;
  for (int i = 0; i < n; ++i) {
    from[static_cast<size_t>(axis)] = i;
    to[static_cast<size_t>(axis)] = n - 1 - i;
    dispatch<hw::KernelId::copy_strided>({&x, &y}, block_view(x, from, extent), block_view(y, to, extent));
  }
}

void gather_rows(const Tensor& x, const std::vector<int>& indices, Tensor& y) {
  EDDL_CHECK(x.ndim >= 1 && y.ndim >= 1 && y.shape[0] == static_cast<int>(indices.size()),
             "gather rows: " << indices.size() << " indices for an output of " << shape::to_string(y.shape));
  const int64_t row = x.shape[0] == 0 ? 0 : static_cast<int64_t>(x.size) / x.shape[0];
  EDDL_CHECK(static_cast<int64_t>(y.size) == row * static_cast<int64_t>(indices.size()),
             "gather rows: rows of " << shape::to_string(x.shape) << " do not fit " << shape::to_string(y.shape));
  if (x.device != y.device) {
    // Host data into a device's input (every batch a net on a GPU trains on): gathered where the
    // data is, then one transfer.
    Tensor gathered(y.shape, x.device);
    gather_rows(x, indices, gathered);
    transfer(gathered, y);
    return;
  }
  // Consecutive index runs become one strided copy each: one dispatch per run, not per row.
  size_t i = 0;
  while (i < indices.size()) {
    size_t j = i + 1;
    while (j < indices.size() && indices[j] == indices[j - 1] + 1) ++j;
    EDDL_CHECK(indices[i] >= 0 && indices[j - 1] < x.shape[0],
               "gather rows: index out of range [0, " << x.shape[0] << ")");
    hw::View src = view_as(x, {static_cast<int64_t>(j - i), row});
    src.data = x.ptr + static_cast<int64_t>(indices[i]) * row;
    hw::View dst = view_as(y, {static_cast<int64_t>(j - i), row});
    dst.data = y.ptr + static_cast<int64_t>(i) * row;
    dispatch<hw::KernelId::copy_strided>({&x, &y}, src, dst);
    i = j;
  }
}

namespace {
void check_param(const Tensor& w, const Tensor& other, const char* what) {
  EDDL_CHECK(w.size == other.size, "optimizer: " << what << " has " << other.size << " elements, the parameter "
                                                 << w.size);
}
}  // namespace

void sgd_update(const hw::SgdParams& p, Tensor& w, const Tensor& g, Tensor& velocity) {
  check_param(w, g, "gradient");
  dispatch<hw::KernelId::sgd_update>({&w, &g, &velocity}, p, view(w), view(g), view(velocity));
}

void adam_update(const hw::AdamParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& v, Tensor& v_max,
                 const Tensor* device_step) {
  check_param(w, g, "gradient");
  check_param(w, m, "first moment");
  check_param(w, v, "second moment");
  hw::AdamParams q = p;
  q.device_step = device_step != nullptr ? device_step->ptr : nullptr;
  dispatch<hw::KernelId::adam_update>({&w, &g, &m, &v, &v_max, device_step}, q, view(w), view(g), view(m), view(v),
                                      view(v_max));
}

void adamax_update(const hw::AdamaxParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& u,
                   const Tensor* device_step) {
  check_param(w, g, "gradient");
  hw::AdamaxParams q = p;
  q.device_step = device_step != nullptr ? device_step->ptr : nullptr;
  dispatch<hw::KernelId::adamax_update>({&w, &g, &m, &u, device_step}, q, view(w), view(g), view(m), view(u));
}

void rmsprop_update(const hw::RmspropParams& p, Tensor& w, const Tensor& g, Tensor& mean_square) {
  check_param(w, g, "gradient");
  dispatch<hw::KernelId::rmsprop_update>({&w, &g, &mean_square}, p, view(w), view(g), view(mean_square));
}

void adagrad_update(const hw::AdagradParams& p, Tensor& w, const Tensor& g, Tensor& sum_square) {
  check_param(w, g, "gradient");
  dispatch<hw::KernelId::adagrad_update>({&w, &g, &sum_square}, p, view(w), view(g), view(sum_square));
}

void adadelta_update(const hw::AdadeltaParams& p, Tensor& w, const Tensor& g, Tensor& mean_square,
                     Tensor& mean_delta) {
  check_param(w, g, "gradient");
  dispatch<hw::KernelId::adadelta_update>({&w, &g, &mean_square, &mean_delta}, p, view(w), view(g),
                                          view(mean_square), view(mean_delta));
}

void nadam_update(const hw::NadamParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& v) {
  check_param(w, g, "gradient");
  dispatch<hw::KernelId::nadam_update>({&w, &g, &m, &v}, p, view(w), view(g), view(m), view(v));
}

}  // namespace eddl::ops
