// SPDX-License-Identifier: MIT
#include "eddl/net/compserv.h"

#include <thread>

#include "eddl/tensor/tensor.h"
#include "hardware/check.h"

namespace {
int first_on(const std::vector<int>& mask) {
  for (size_t i = 0; i < mask.size(); ++i) {
    if (mask[i] != 0) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

CompServ::CompServ(int threads, const std::vector<int>& gpus, const std::vector<int>& fpgas, int lsb_, int mem)
    : threads_arg(threads), local_gpus(gpus), local_fpgas(fpgas), lsb(lsb_), mem_level(mem) {
  EDDL_CHECK(lsb_ >= 0, "CompServ: local sync batches (lsb) must be >= 0, got " << lsb_);
  EDDL_CHECK(mem >= 0 && mem <= 2, "CompServ: memory level must be 0 (full_mem), 1 (mid_mem) or 2 (low_mem), got "
                                       << mem);
  const unsigned cores = std::thread::hardware_concurrency();
  local_threads = threads > 0 ? threads : static_cast<int>(cores == 0 ? 1 : cores);
  hw_supported = {"cpu"};
  if (first_on(gpus) >= 0) hw = "gpu";
  else if (first_on(fpgas) >= 0) hw = "fpga";
  else hw = "cpu";
}

CompServ* CompServ::share() {
  isshared = true;
  return this;
}

CompServ* CompServ::clone() { return new CompServ(threads_arg, local_gpus, local_fpgas, lsb, mem_level); }

int CompServ::first_device() const {
  if (hw == "gpu") return DEV_GPU + first_on(local_gpus);
  if (hw == "fpga") return DEV_FPGA + first_on(local_fpgas);
  return 0;
}

int parse_mem_level(const std::string& mem) {
  if (mem == "full_mem") return 0;
  if (mem == "mid_mem") return 1;
  if (mem == "low_mem") return 2;
  EDDL_CHECK(false, "unknown memory level '" << mem << "' (expected full_mem, mid_mem or low_mem)");
}
