// SPDX-License-Identifier: MIT
// CS_FPGA end to end in the mode EDDL_FPGA_MODE selects: C simulation by default, XRT software
// emulation in the fpga-swemu CTest runs (run_swemu.sh). The BN-CNN of 12_mnist_conv_bn trained a
// few steps on CS_FPGA (backward and update on the CPU) and on CS_CPU from the same weights agrees,
// then in inference its convolutions, batch norms, activations, pools and Dense run on the FPGA
// kernels and agree with the CPU; summary() names both devices. In sw_emu the device must open,
// and a kernel on a slice of a buffer (a bo at an offset) writes that slice only. With
// EDDL_FPGA_MODE=hw (no board here) building on CS_FPGA fails with a message naming the fix.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "eddl/apis/eddl.h"
#include "hardware/fpga/fpga_backend.h"
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/swemu/swemu_heap_bug.h"
#include "support/test_support.h"

namespace eddl {
namespace {

using hw::fpga::FpgaKernel;

layer conv_bn_relu(layer l, int filters) {
  return ReLu(BatchNormalization(Conv2D(l, filters, {3, 3}, {1, 1}, "same", false), true));
}

// examples/nn/1_mnist/12_mnist_conv_bn.cpp's network.
model mnist_conv_bn() {
  layer in = Input({784});
  layer l = Reshape(in, {1, 28, 28});
  l = MaxPool2D(conv_bn_relu(l, 32), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 64), {2, 2}, {2, 2});
  l = MaxPool2D(conv_bn_relu(l, 128), {2, 2}, {2, 2});
  l = conv_bn_relu(l, 256);
  l = Flatten(GlobalAveragePool2D(l));
  layer out = Softmax(Dense(l, 10));
  return Model({in}, {out});
}

Tensor* labels(int rows, uint64_t seed) {
  std::vector<float> y(static_cast<size_t>(rows) * 10, 0.0f);
  const std::vector<float> u = test::random_values(rows, seed, 0.0f, 10.0f);
  for (int i = 0; i < rows; ++i) y[static_cast<size_t>(i) * 10 + static_cast<size_t>(u[static_cast<size_t>(i)])] = 1.0f;
  return new Tensor(y, {rows, 10});
}

std::vector<std::vector<float>> parameters(model net) {
  std::vector<std::vector<float>> all;
  for (Layer* l : net->layers) {
    for (Tensor* p : getParams(l)) all.push_back(p->to_std());
  }
  return all;
}

// The figure docs/benchmarks.md quotes for whole-network agreement.
float max_abs_difference(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
  float worst = 0.0f;
  for (size_t t = 0; t < a.size(); ++t) {
    for (size_t i = 0; i < a[t].size(); ++i) worst = std::max(worst, std::fabs(a[t][i] - b[t][i]));
  }
  return worst;
}

#define SKIP_UNLESS_RUNNABLE()                                                                      \
  if (!hw::fpga::runnable()) GTEST_SKIP() << hw::fpga::absent_reason()

TEST(FpgaNet, BnCnnTrainsOnTheCpuAndInfersOnTheFpgaLikeCsCpu) {
  SKIP_UNLESS_RUNNABLE();
  model cpu_net = mnist_conv_bn();
  model fpga_net = mnist_conv_bn();
  build(cpu_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_CPU(2));
  build(fpga_net, sgd(0.05f, 0.9f), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_FPGA({1}));
  for (size_t i = 0; i < cpu_net->layers.size(); ++i) {
    if (!getParams(cpu_net->layers[i]).empty()) copyParam(cpu_net->layers[i], fpga_net->layers[i]);
  }
  const int batch = 8;
  // Training: layers with backward kernels only on the CPU train there (Reshape stays on the FPGA,
  // so its output and delta cross devices every step).
  for (int step = 0; step < 3; ++step) {
    Tensor x = test::random_tensor({batch, 784}, 300 + static_cast<uint64_t>(step));
    Tensor* y = labels(batch, 400 + static_cast<uint64_t>(step));
    train_batch(cpu_net, {&x}, {y});
    train_batch(fpga_net, {&x}, {y});
    delete y;
  }
  const auto expected = parameters(cpu_net);
  const auto got = parameters(fpga_net);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t p = 0; p < got.size(); ++p) {
    EXPECT_TRUE(test::all_close(got[p], expected[p], 1e-5f, 1e-5f, "trained parameter " + std::to_string(p)));
  }
  std::cout << "[ agreement ] " << hw::fpga::mode_name(hw::fpga::mode())
            << ": max |FPGA - CPU| over the trained parameters: " << max_abs_difference(got, expected) << "\n";

  // Inference: forward kernels exist on the FPGA for every layer but Softmax.
  set_mode(cpu_net, TSMODE);
  set_mode(fpga_net, TSMODE);
  const std::string table = fpga_net->summary(false);
  EXPECT_NE(table.find("FPGA"), std::string::npos) << table;
  EXPECT_NE(table.find("CPU"), std::string::npos) << table;
  for (Layer* l : fpga_net->layers) {
    const bool on_cpu = l->type_name() == "input" || l->name.find("softmax") != std::string::npos;
    EXPECT_EQ(l->dev, on_cpu ? DEV_CPU : DEV_FPGA) << l->name;
  }
  const int64_t conv_before = hw::fpga::launches(FpgaKernel::k_conv);
  const int64_t bn_before = hw::fpga::launches(FpgaKernel::k_batchnorm_inference);
  const int64_t gemm_before = hw::fpga::launches(FpgaKernel::k_gemm);
  Tensor x = test::random_tensor({batch, 784}, 500);
  cpu_net->forward({&x});
  fpga_net->forward({&x});
  EXPECT_EQ(hw::fpga::launches(FpgaKernel::k_conv) - conv_before, 4);
  EXPECT_EQ(hw::fpga::launches(FpgaKernel::k_batchnorm_inference) - bn_before, 4);
  EXPECT_EQ(hw::fpga::launches(FpgaKernel::k_gemm) - gemm_before, 1);
  const std::vector<float> want = cpu_net->lout[0]->output->to_std();
  const std::vector<float> have = fpga_net->lout[0]->output->to_std();
  EXPECT_TRUE(test::all_close(have, want, 1e-4f, 1e-5f, "softmax output"));
  std::cout << "[ agreement ] " << hw::fpga::mode_name(hw::fpga::mode())
            << ": max |FPGA - CPU| over the inference softmax output: " << max_abs_difference({have}, {want}) << "\n";
  delete cpu_net;
  delete fpga_net;
}

// The fpga-swemu runs must not pass by skipping: the emulated device has to open.
TEST(FpgaSwEmu, DeviceOpens) {
  if (hw::fpga::mode() != hw::fpga::Mode::sw_emu) {
    GTEST_SKIP() << "runs in the fpga-swemu tests (EDDL_FPGA_MODE=sw_emu); this run is "
                 << hw::fpga::mode_name(hw::fpga::mode());
  }
  ASSERT_TRUE(hw::fpga::runnable()) << hw::fpga::absent_reason();
  EXPECT_EQ(hw::fpga_backend().device_count(), 1);
}

// A kernel argument in the middle of a buffer: the runtime passes the bo at that offset, syncs it
// in and back, and the rest of the buffer keeps its host-side values.
TEST(FpgaSwEmu, KernelOnASliceWritesOnlyThatSlice) {
  SKIP_UNLESS_RUNNABLE();
  hw::Backend& fpga = hw::fpga_backend();
  const int64_t n = 1000, begin = 123, count = 77;
  std::shared_ptr<hw::Buffer> buffer = fpga.allocate(n * sizeof(float), 0);
  std::vector<float> host = test::random_values(n, 7);
  fpga.copy_from_host(host.data(), buffer->data(), n * sizeof(float), 0);
  hw::View slice;
  slice.data = static_cast<float*>(buffer->data()) + begin;
  slice.ndim = 1;
  slice.shape[0] = count;
  slice.strides[0] = 1;
  slice.device = buffer->device();
  const int64_t fills_before = hw::fpga::launches(FpgaKernel::k_fill);
  hw::fpga::fill(2.5f, slice);
  EXPECT_EQ(hw::fpga::launches(FpgaKernel::k_fill) - fills_before, 1);
  std::vector<float> got(static_cast<size_t>(n));
  fpga.copy_to_host(buffer->data(), got.data(), n * sizeof(float), 0);
  for (int64_t i = 0; i < n; ++i) {
    const float want = i >= begin && i < begin + count ? 2.5f : host[static_cast<size_t>(i)];
    ASSERT_EQ(got[static_cast<size_t>(i)], want) << "index " << i;
  }
}

// Run as fpga_swemu_heap_fix_missing (sw_emu without the preload): with Debian's buggy
// libxrt_swemu the backend refuses before XRT can crash, and the message names the preload.
TEST(FpgaSwEmu, WithoutTheHeapFixTheErrorNamesIt) {
  if (hw::fpga::mode() != hw::fpga::Mode::sw_emu || !hw::fpga::xrt_built_in()) {
    GTEST_SKIP() << "runs as fpga_swemu_heap_fix_missing (EDDL_FPGA_MODE=sw_emu in a build with XRT)";
  }
  if (dlsym(RTLD_DEFAULT, eddl_swemu_heap_bug::kActiveSymbol) != nullptr) GTEST_SKIP() << "the preload is loaded";
  const bool runnable = hw::fpga::runnable();  // loads the shim
  void* shim = dlopen(eddl_swemu_heap_bug::kShim, RTLD_NOW | RTLD_NOLOAD);
  if (shim == nullptr || !eddl_swemu_heap_bug::is_buggy(dlsym(shim, eddl_swemu_heap_bug::kAllocVoid))) {
    GTEST_SKIP() << "this libxrt_swemu does not have the Debian heap bug";
  }
  EXPECT_FALSE(runnable);
  const std::string why = hw::fpga::absent_reason();
  EXPECT_NE(why.find("LD_PRELOAD="), std::string::npos) << why;
  EXPECT_NE(why.find("libeddl_swemu_heap_fix.so"), std::string::npos) << why;
}

TEST(FpgaNet, NoDeviceIsAClearError) {
  if (hw::fpga::mode() != hw::fpga::Mode::hw) {
    GTEST_SKIP() << "runs as fpga_no_device (EDDL_FPGA_MODE=hw); this run is " << hw::fpga::mode_name(hw::fpga::mode());
  }
  model net = mnist_conv_bn();
  try {
    build(net, sgd(), {"softmax_cross_entropy"}, {"categorical_accuracy"}, CS_FPGA({1}));
    ADD_FAILURE() << "building on an absent FPGA did not throw";
  } catch (const NotSupportedError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no FPGA device"), std::string::npos) << what;
    EXPECT_NE(what.find("EDDL_FPGA_MODE=csim"), std::string::npos) << what;
  }
  delete net;
}

}  // namespace
}  // namespace eddl
