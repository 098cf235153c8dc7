// SPDX-License-Identifier: MIT
// Tensor ops for eddl's own floors (layers, losses, optimizers, net): validated once here, then
// sent to the device through dispatch(). Outputs are preallocated by the caller, so a training step
// allocates nothing. The public Tensor methods are thin wrappers over these.
#pragma once

#include <cstdint>
#include <vector>

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"
#include "hardware/scalar_ops.h"

namespace eddl::ops {

/// y = op(x); same size. y may be x.
void unary(hw::UnaryOp op, const Tensor& x, Tensor& y, float a = 0.0f, float b = 0.0f);
/// dx += dy * op'(x, y).
void unary_backward(hw::UnaryOp op, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor& dx, float a = 0.0f,
                    float b = 0.0f);
/// y = op(alpha*a, beta*b) with NumPy broadcasting of a and b to y's shape. y may be a or b.
void binary(hw::BinaryOp op, const Tensor& a, const Tensor& b, Tensor& y, float alpha = 1.0f, float beta = 1.0f);
void fill(Tensor& y, float value);
/// y = x (same number of elements; any devices).
void copy(const Tensor& x, Tensor& y);
/// y = beta*y + reduce(x) over `axes` (normalised, distinct); y has x's shape without those axes
/// (or with extent 1 there), same number of elements either way.
void reduce(hw::ReduceOp op, const Tensor& x, const std::vector<int>& axes, Tensor& y, float beta = 0.0f);
/// Full reduction to one float (read back to the host).
float reduce_all(hw::ReduceOp op, const Tensor& x);
/// y = arg max/min of x along `axis` (y has x's elements divided by the axis extent).
void reduce_arg(hw::ArgReduceOp op, const Tensor& x, int axis, Tensor& y);
/// c = alpha * op(a) * op(b) + beta * c for 2-D views of a, b, c (leading dims folded into rows).
void gemm(const Tensor& a, bool trans_a, const Tensor& b, bool trans_b, Tensor& c, float alpha = 1.0f,
          float beta = 0.0f);
/// c = act(a * b + bias): the fused dense-layer forward. `bias` may be null; `act` identity = none.
void gemm_bias_activation(const Tensor& a, const Tensor& b, const Tensor* bias, hw::UnaryOp act, float act_a,
                          float act_b, Tensor& c);
void softmax(const Tensor& x, int axis, Tensor& y);
/// dx += softmax'(y) * dy.
void softmax_backward(const Tensor& y, const Tensor& dy, int axis, Tensor& dx);
/// Fills y from the global seeded stream (see Tensor::set_seed).
void fill_random(Tensor& y, hw::RandomDistribution dist, float a, float b);
/// fill_random for a call that a recorded step may repeat (dropout): run, it is fill_random; recorded,
/// it reserves stream positions for 2^24 calls and draws at the one `calls` (a one-element tensor
/// on y's device, raised by one with a kernel after each draw) points to, so every replay draws anew.
void fill_random_counted(Tensor& y, hw::RandomDistribution dist, float a, float b, Tensor& calls);
/// Fills y from an explicit seed (initializers with their own seed).
void fill_random_seeded(Tensor& y, hw::RandomDistribution dist, float a, float b, uint64_t seed);
/// y = x with dimensions reordered (y[i...] = x[perm...]).
void permute(const Tensor& x, const std::vector<int>& dims, Tensor& y);
/// Copies the rectangular block of x starting at `begin` with y's shape into y (same rank).
void copy_block_from(const Tensor& x, const std::vector<int>& begin, Tensor& y);
/// Copies x into the block of y starting at `begin` with x's shape (same rank).
void copy_block_into(const Tensor& x, const std::vector<int>& begin, Tensor& y);
/// Fills the block of y starting at `begin` with extents `extent`.
void fill_block(Tensor& y, const std::vector<int>& begin, const std::vector<int>& extent, float value);
/// y = x reversed along `axis` (same shape; y must not be x): one strided copy per index of the axis.
void reverse_axis(const Tensor& x, int axis, Tensor& y);
/// Copies rows `indices` of x (first axis) into consecutive rows of y; x and y may be on different
/// devices (gathered on x's, then transferred).
void gather_rows(const Tensor& x, const std::vector<int>& indices, Tensor& y);

void sgd_update(const hw::SgdParams& p, Tensor& w, const Tensor& g, Tensor& velocity);
/// Adam and Adamax read the step t from `device_step` (one float on w's device) when given, else
/// from p.step; the tensor joins the call's tensors (device check, kept alive by a recording).
void adam_update(const hw::AdamParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& v, Tensor& v_max,
                 const Tensor* device_step = nullptr);
void adamax_update(const hw::AdamaxParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& u,
                   const Tensor* device_step = nullptr);
void rmsprop_update(const hw::RmspropParams& p, Tensor& w, const Tensor& g, Tensor& mean_square);
void adagrad_update(const hw::AdagradParams& p, Tensor& w, const Tensor& g, Tensor& sum_square);
void adadelta_update(const hw::AdadeltaParams& p, Tensor& w, const Tensor& g, Tensor& mean_square,
                     Tensor& mean_delta);
void nadam_update(const hw::NadamParams& p, Tensor& w, const Tensor& g, Tensor& m, Tensor& v);

/// Next `count` counters of the global random stream (so every draw is reproducible from the seed).
uint64_t take_random_counters(uint64_t count);
uint64_t global_seed();

}  // namespace eddl::ops
