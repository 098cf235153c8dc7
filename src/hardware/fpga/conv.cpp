// SPDX-License-Identifier: MIT
// Host wrapper of the direct convolution kernel: ConvParams become the kernel's scalars (1-D and
// 2-D convolutions already carry extent-1 leading axes).
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/fpga/staging.h"

namespace eddl::hw::fpga {

void conv_forward(ConvParams p, In x, In w, In bias, Out y) {
  StagedInput sx(x), sw(w), sb(bias);
  StagedOutput sy(y);
  const bool has_bias = bias.data != nullptr;
  launch(FpgaKernel::k_conv, &k_conv, sx.data(), sw.data(), has_bias ? sb.data() : sw.data(), sy.data(),
         as_int(p.batch, "conv batch"), as_int(p.in_channels, "conv in_channels"),
         as_int(p.out_channels, "conv out_channels"), as_int(p.groups, "conv groups"), as_int(p.in[0], "conv in"),
         as_int(p.in[1], "conv in"), as_int(p.in[2], "conv in"), as_int(p.out[0], "conv out"),
         as_int(p.out[1], "conv out"), as_int(p.out[2], "conv out"), as_int(p.kernel[0], "conv kernel"),
         as_int(p.kernel[1], "conv kernel"), as_int(p.kernel[2], "conv kernel"), as_int(p.stride[0], "conv stride"),
         as_int(p.stride[1], "conv stride"), as_int(p.stride[2], "conv stride"),
         as_int(p.dilation[0], "conv dilation"), as_int(p.dilation[1], "conv dilation"),
         as_int(p.dilation[2], "conv dilation"), as_int(p.pad_begin[0], "conv padding"),
         as_int(p.pad_begin[1], "conv padding"), as_int(p.pad_begin[2], "conv padding"), has_bias ? 1 : 0);
  sy.commit();
}

}  // namespace eddl::hw::fpga
