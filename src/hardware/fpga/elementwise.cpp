// SPDX-License-Identifier: MIT
// Host wrappers of the elementwise and activation kernels.
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/fpga/staging.h"

namespace eddl::hw::fpga {

void fill(float value, Out y) {
  StagedOutput out(y);
  launch(FpgaKernel::k_fill, &k_fill, out.data(), as_int(y.numel(), "fill size"), value);
  out.commit();
}

void copy_strided(In x, Out y) {
  StagedInput in(x);
  StagedOutput out(y);
  launch(FpgaKernel::k_copy, &k_copy, in.data(), out.data(), as_int(y.numel(), "copy size"));
  out.commit();
}

void unary_map(UnaryOp op, UnaryArgs args, In x, Out y) {
  StagedInput in(x);
  StagedOutput out(y);
  launch(FpgaKernel::k_unary, &k_unary, in.data(), out.data(), as_int(y.numel(), "unary size"),
         static_cast<int>(op), args.a, args.b);
  out.commit();
}

void binary_map(BinaryOp op, BinaryArgs args, In a, In b, Out y) {
  // a and b come in y's shape; broadcast (stride 0) operands are expanded by the staging.
  StagedInput in_a(a);
  StagedInput in_b(b);
  StagedOutput out(y);
  launch(FpgaKernel::k_binary, &k_binary, in_a.data(), in_b.data(), out.data(), as_int(y.numel(), "binary size"),
         static_cast<int>(op), args.alpha, args.beta);
  out.commit();
}

}  // namespace eddl::hw::fpga
