// SPDX-License-Identifier: MIT
// Host wrappers of the GEMM kernel (plain and with the Dense epilogue).
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/fpga/staging.h"

namespace eddl::hw::fpga {

namespace {
void run_gemm(const GemmParams& p, const GemmEpilogue& e, In a, In b, In bias, Out c) {
  StagedInput sa(a), sb(b), sbias(bias);
  StagedOutput sc(c);
  const bool has_bias = e.has_bias && bias.data != nullptr;
  const int64_t k = p.trans_a ? a.shape[0] : a.shape[1];
  // An absent bias is never read; the A buffer stands in so no argument is a null pointer.
  launch(FpgaKernel::k_gemm, &k_gemm, sa.data(), sb.data(), has_bias ? sbias.data() : sa.data(), sc.data(),
         as_int(c.shape[0], "gemm rows"), as_int(c.shape[1], "gemm columns"), as_int(k, "gemm depth"),
         p.trans_a ? 1 : 0, p.trans_b ? 1 : 0, p.alpha, p.beta, has_bias ? 1 : 0, e.has_activation ? 1 : 0,
         static_cast<int>(e.activation), e.activation_args.a, e.activation_args.b);
  sc.commit();
}
}  // namespace

void gemm(GemmParams params, In a, In b, Out c) { run_gemm(params, GemmEpilogue{}, a, b, View{}, c); }

void gemm_epilogue(GemmParams params, GemmEpilogue epilogue, In a, In b, In bias, Out c) {
  run_gemm(params, epilogue, a, b, bias, c);
}

}  // namespace eddl::hw::fpga
