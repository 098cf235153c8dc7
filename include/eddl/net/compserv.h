// SPDX-License-Identifier: MIT
// CompServ: where a model runs (EDDL's computing service): which devices, how many CPU threads,
// how many batches between replica syncs, and the memory level. Plain data; the Net acts on it.
#pragma once

#include <string>
#include <vector>

class CompServ {
 public:
  std::string type = "local";  ///< "local" (EDDL's "distributed" is not offered)
  std::string hw = "cpu";      ///< "cpu", "gpu" or "fpga"
  std::vector<std::string> hw_supported;
  int threads_arg = -1;  ///< as given (-1 = all cores)
  int local_threads = 1;
  std::vector<int> local_gpus;   ///< on/off mask per GPU index
  std::vector<int> local_fpgas;  ///< on/off mask per FPGA index
  int lsb = 1;                   ///< local sync batches (several devices)
  bool isshared = false;
  int mem_level = 0;  ///< 0 full_mem, 1 mid_mem, 2 low_mem

  /// threads = -1 uses every core; gpus/fpgas are on/off masks; mem is 0, 1 or 2.
  CompServ(int threads, const std::vector<int>& gpus, const std::vector<int>& fpgas, int lsb = 1, int mem = 0);
  CompServ* share();
  CompServ* clone();
  /// The EDDL device code of the first selected device (DEV_CPU, DEV_GPU + i, DEV_FPGA + i).
  int first_device() const;
};

/// "full_mem" -> 0, "mid_mem" -> 1, "low_mem" -> 2; anything else throws eddl::ValueError.
int parse_mem_level(const std::string& mem);
