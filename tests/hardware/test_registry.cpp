// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "eddl/errors.h"
#include "hardware/registry.h"

namespace eddl::hw {

TEST(Registry, ReferenceBackendIsCompleteByConstruction) {
  for (int k = 0; k < kKernelCount; ++k) {
    EXPECT_TRUE(reference_backend().supports(static_cast<KernelId>(k))) << kernel_name(static_cast<KernelId>(k));
  }
}

TEST(Registry, CpuBackendIsComplete) {
  for (int k = 0; k < kKernelCount; ++k) {
    EXPECT_TRUE(cpu_backend().supports(static_cast<KernelId>(k))) << kernel_name(static_cast<KernelId>(k));
  }
}

TEST(Registry, DeviceCodesRoundTrip) {
  EXPECT_EQ(device_code(device_from_code(0)), 0);
  EXPECT_EQ(device_code(device_from_code(1003)), 1003);
  EXPECT_EQ(device_code(device_from_code(2001)), 2001);
  EXPECT_EQ(device_name(device_from_code(1003)), "GPU:3");
  EXPECT_THROW(device_from_code(-5), ValueError);
  EXPECT_THROW(device_from_code(5000), ValueError);
}

TEST(Registry, MissingBackendIsAClearError) {
  if (is_compiled(DeviceKind::gpu)) GTEST_SKIP() << "this build has CUDA";
  try {
    backend_for(Device{DeviceKind::gpu, 0});
    FAIL() << "expected NotSupportedError";
  } catch (const NotSupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("EDDL_WITH_CUDA"), std::string::npos) << e.what();
  }
}

}  // namespace eddl::hw
