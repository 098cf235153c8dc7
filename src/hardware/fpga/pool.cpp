// SPDX-License-Identifier: MIT
// Host wrappers of the pooling kernels.
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/fpga/staging.h"

namespace eddl::hw::fpga {

namespace {
template <class Fn>
void run_pool(FpgaKernel k, Fn fn, const PoolParams& p, In x, Out y) {
  StagedInput sx(x);
  StagedOutput sy(y);
  launch(k, fn, sx.data(), sy.data(), as_int(p.batch * p.channels, "pool planes"), as_int(p.in[0], "pool in"),
         as_int(p.in[1], "pool in"), as_int(p.in[2], "pool in"), as_int(p.out[0], "pool out"),
         as_int(p.out[1], "pool out"), as_int(p.out[2], "pool out"), p.kernel[0], p.kernel[1], p.kernel[2],
         p.stride[0], p.stride[1], p.stride[2], p.pad_begin[0], p.pad_begin[1], p.pad_begin[2]);
  sy.commit();
}
}  // namespace

void maxpool_forward(PoolParams params, In x, Out y) { run_pool(FpgaKernel::k_maxpool, &k_maxpool, params, x, y); }

void avgpool_forward(PoolParams params, In x, Out y) { run_pool(FpgaKernel::k_avgpool, &k_avgpool, params, x, y); }

}  // namespace eddl::hw::fpga
