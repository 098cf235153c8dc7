// SPDX-License-Identifier: MIT
// A kernel that breaks every rule lint_hls.py enforces: the lint must reject it (WILL_FAIL test).
#include <vector>

extern "C" void k_bad(float* y, double n) {
#pragma HLS INTERFACE m_axi port = y offset = slave bundle = gmem0
  std::vector<float> scratch(4);
  float* heap = new float[4];
  if (n < 0) throw 1;
  k_bad(y, n - 1);
  delete[] heap;
}
