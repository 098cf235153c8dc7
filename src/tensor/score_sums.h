// SPDX-License-Identifier: MIT
// Batch scores summed on the device: what losses and metrics share. A score adds its batch value
// into a one-element tensor on the predictions' device with kernels only (add_value), so that a
// training step never waits to read it; value() is that sum read back, so the two cannot drift.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <typeinfo>

#include "eddl/tensor/tensor.h"
#include "hardware/kernel_params.h"

namespace eddl::scores {

/// Checks a batch's predictions Y (a non-empty batch dimension) and, when the score uses them,
/// targets T of Y's size; returns Y's elements per sample.
double check_batch(const std::string& who, const Tensor* T, const Tensor* Y, bool uses_target);
/// Checks that `sum` can take a batch value for predictions Y: one element, on Y's device (`who`
/// names the loss or metric in the message).
void check_sum(const std::string& who, const Tensor* Y, const Tensor* sum);
/// sum += reduce(x) over every element, on x's device (nothing read back).
void add_reduced(hw::ReduceOp op, const Tensor& x, Tensor* sum);
/// The generic value(): `add_value` into a zeroed one-element sum on Y's device, read back. While it
/// runs, in_generic_value(owner) is true on this thread.
float read_value(const void* owner, const Tensor* Y, const std::function<void(Tensor* sum)>& add_value);
/// Whether `owner`'s generic value() is running on this thread: a base add_value that would call
/// value() then knows that its class overrides neither, instead of the two calling each other forever.
bool in_generic_value(const void* owner);
/// Whether `type` is one of `own` (eddl's own classes, not a user's subclass of them).
bool is_one_of(const std::type_info& type, std::initializer_list<const std::type_info*> own);

}  // namespace eddl::scores
