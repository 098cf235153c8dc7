// SPDX-License-Identifier: MIT
// Host wrapper of the batch normalisation (inference) kernel; x is read as [batch, channels,
// spatial] as in the reference.
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/kernels/hls_compat.h"
#include "hardware/fpga/staging.h"

namespace eddl::hw::fpga {

void batchnorm_forward_inference(BatchNormParams p, In x, In gamma, In beta, In running_mean, In running_var,
                                 Out y) {
  EDDL_CHECK_AS(NotSupportedError, x.shape[1] <= EDDL_HLS_MAX_CHANNELS,
                "fpga: batchnorm over " << x.shape[1] << " channels; the kernel holds at most "
                                        << EDDL_HLS_MAX_CHANNELS << " on chip");
  StagedInput sx(x), sg(gamma), sb(beta), sm(running_mean), sv(running_var);
  StagedOutput sy(y);
  const bool has_gamma = gamma.data != nullptr, has_beta = beta.data != nullptr;
  launch(FpgaKernel::k_batchnorm_inference, &k_batchnorm_inference, sx.data(), has_gamma ? sg.data() : sm.data(),
         has_beta ? sb.data() : sm.data(), sm.data(), sv.data(), sy.data(), as_int(x.shape[0], "batchnorm batch"),
         as_int(x.shape[1], "batchnorm channels"), as_int(x.shape[2], "batchnorm spatial"), p.epsilon,
         has_gamma ? 1 : 0, has_beta ? 1 : 0);
  sy.commit();
}

}  // namespace eddl::hw::fpga
