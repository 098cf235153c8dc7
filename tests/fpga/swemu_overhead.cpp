// SPDX-License-Identifier: MIT
// swemu_overhead: what XRT software emulation costs on top of the kernels, for docs/benchmarks.md
// ("FPGA"): opening the device and loading the xclbin (the device process starts), one xrt::run of
// a tiny kernel (set arguments, sync 64 bytes in and out, start, wait), and bo sync bandwidth in
// each direction. Run it under tests/fpga/run_swemu.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "hardware/fpga/fpga_backend.h"
#include "hardware/fpga/fpga_kernels.h"
#include "hardware/fpga/fpga_runtime.h"
#include "hardware/fpga/xrt_runtime.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

eddl::hw::View vector_view(const eddl::hw::Buffer& b, int64_t n) {
  eddl::hw::View v;
  v.data = static_cast<float*>(b.data());
  v.ndim = 1;
  v.shape[0] = n;
  v.strides[0] = 1;
  v.device = b.device();
  return v;
}

}  // namespace

int main() {
  using namespace eddl::hw;
  if (fpga::mode() != fpga::Mode::sw_emu) {
    std::fprintf(stderr, "swemu_overhead: run it in sw_emu (tests/fpga/run_swemu.sh)\n");
    return 2;
  }
  fpga::XrtDevice& device = fpga::XrtDevice::instance();
  if (!device.ok()) {
    std::fprintf(stderr, "%s\n", device.error().c_str());
    return 1;
  }
  std::printf("device open + xclbin load: %.1f ms\n", device.open_milliseconds());

  Backend& fpga = fpga_backend();
  auto tiny = fpga.allocate(16 * sizeof(float), 0);
  const View y = vector_view(*tiny, 16);
  const int runs = 2000;
  fpga::fill(0.0f, y);  // warm-up
  auto t = Clock::now();
  for (int i = 0; i < runs; ++i) fpga::fill(static_cast<float>(i), y);
  std::printf("one xrt::run of k_fill on 16 floats (args, 2 syncs, start, wait): %.0f us\n",
              seconds_since(t) / runs * 1e6);

  const size_t bytes = size_t{32} << 20;
  auto big = fpga.allocate(bytes, 0);
  std::fill_n(static_cast<char*>(big->data()), bytes, 1);
  double best_in = 1e9, best_out = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    t = Clock::now();
    device.sync_to_device(*big, bytes);
    best_in = std::min(best_in, seconds_since(t));
    t = Clock::now();
    device.sync_from_device(*big, bytes);
    best_out = std::min(best_out, seconds_since(t));
  }
  std::printf("bo sync of 32 MiB, best of 5: to device %.0f MB/s, from device %.0f MB/s\n",
              bytes / best_in / 1e6, bytes / best_out / 1e6);
  return 0;
}
