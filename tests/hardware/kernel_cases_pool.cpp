// SPDX-License-Identifier: MIT
// Parity cases of the pooling kernels: batch 1, odd extents, 1-D/2-D/3-D, symmetric and asymmetric
// padding, the 2x2 stride-2 fast path, global windows, and max inputs with ties (first max wins).
#include <string>

#include "kernel_cases.h"

namespace eddl::hw::test {

namespace {

using Shape = std::vector<int64_t>;

struct PoolCase {
  std::string name;
  int rank;
  int64_t batch, channels;
  Shape in;                  // spatial extents, `rank` of them
  std::vector<int> kernel, stride, pad_begin, pad_end;
};

PoolParams params_of(const PoolCase& c) {
  PoolParams p;
  p.spatial_rank = c.rank;
  p.batch = c.batch;
  p.channels = c.channels;
  const int offset = 3 - c.rank;  // fewer axes are padded on the left with extent 1
  for (int a = 0; a < c.rank; ++a) {
    const size_t i = static_cast<size_t>(a);
    p.in[offset + a] = c.in[i];
    p.kernel[offset + a] = c.kernel[i];
    p.stride[offset + a] = c.stride[i];
    p.pad_begin[offset + a] = c.pad_begin[i];
    p.pad_end[offset + a] = c.pad_end[i];
    p.out[offset + a] = (c.in[i] + c.pad_begin[i] + c.pad_end[i] - c.kernel[i]) / c.stride[i] + 1;
  }
  return p;
}

Shape in_shape(const PoolParams& p) { return {p.batch, p.channels, p.in[0], p.in[1], p.in[2]}; }
Shape out_shape(const PoolParams& p) { return {p.batch, p.channels, p.out[0], p.out[1], p.out[2]}; }

const PoolCase kPoolCases[] = {
    {"2-D 2x2/2 batch 1 1x1x4x4", 2, 1, 1, {4, 4}, {2, 2}, {2, 2}, {0, 0}, {0, 0}},
    {"2-D 2x2/2 3x5x33x17 (odd: last row dropped)", 2, 3, 5, {33, 17}, {2, 2}, {2, 2}, {0, 0}, {0, 0}},
    {"2-D 2x2/2 8x16x32x32", 2, 8, 16, {32, 32}, {2, 2}, {2, 2}, {0, 0}, {0, 0}},
    {"2-D 2x2/2 same on odd 2x3x5x7 (last window clipped)", 2, 2, 3, {5, 7}, {2, 2}, {2, 2}, {0, 0}, {1, 1}},
    {"2-D 3x3/1 same 2x3x7x9", 2, 2, 3, {7, 9}, {3, 3}, {1, 1}, {1, 1}, {1, 1}},
    {"2-D 3x3/2 same asymmetric 2x3x8x10", 2, 2, 3, {8, 10}, {3, 3}, {2, 2}, {0, 0}, {1, 1}},
    {"2-D 2x2/1 same asymmetric 1x2x5x6", 2, 1, 2, {5, 6}, {2, 2}, {1, 1}, {0, 0}, {1, 1}},
    {"2-D 3x2/(2,1) same,none 2x2x9x7", 2, 2, 2, {9, 7}, {3, 2}, {2, 1}, {1, 0}, {1, 0}},
    {"2-D global 2x8x7x9", 2, 2, 8, {7, 9}, {7, 9}, {1, 1}, {0, 0}, {0, 0}},
    {"1-D k3/2 same 2x4x15", 1, 2, 4, {15}, {3}, {2}, {1}, {1}},
    {"1-D global batch 1 1x3x31", 1, 1, 3, {31}, {31}, {1}, {0}, {0}},
    {"3-D 2x2x2/2 2x3x5x6x7", 3, 2, 3, {5, 6, 7}, {2, 2, 2}, {2, 2, 2}, {0, 0, 0}, {0, 0, 0}},
    {"3-D 3x3x3/2 same asymmetric 1x2x6x5x8", 3, 1, 2, {6, 5, 8}, {3, 3, 3}, {2, 2, 2}, {0, 1, 0}, {1, 1, 1}},
};

constexpr Tolerance kAverage{1e-5f, 1e-6f};
// Overlapping windows add several dy into one dx, in an order a fast kernel may change.
constexpr Tolerance kRouted{1e-6f, 1e-6f};

}  // namespace

void add_pool_cases(std::vector<KernelCase>& cases) {
  for (const PoolCase& c : kPoolCases) {
    const PoolParams p = params_of(c);
    cases.push_back({KernelId::maxpool_forward, c.name, kExact, [p](CaseRunner& r) {
                       r.call<KernelId::maxpool_forward>(p, r.input(in_shape(p)), r.output(out_shape(p), "y"));
                     }});
    // Inputs on a 0.25 grid tie often, so the first-max rule is exercised.
    for (const Init init : {Init{-1.0f, 1.0f, 0.0f}, Init{-1.0f, 1.0f, 0.25f}}) {
      const std::string name = c.name + (init.step > 0.0f ? " with ties" : "");
      cases.push_back({KernelId::maxpool_backward, name, kRouted, [p, init](CaseRunner& r) {
                         const View x = r.input(in_shape(p), init);
                         const View y = r.output(out_shape(p), "y");
                         r.call<KernelId::maxpool_forward>(p, x, y);
                         r.call<KernelId::maxpool_backward>(p, x, y, r.input(out_shape(p)),
                                                            r.output(in_shape(p), "dx"));
                       }});
    }
    cases.push_back({KernelId::avgpool_forward, c.name, kAverage, [p](CaseRunner& r) {
                       r.call<KernelId::avgpool_forward>(p, r.input(in_shape(p)), r.output(out_shape(p), "y"));
                     }});
    cases.push_back({KernelId::avgpool_backward, c.name, kAverage, [p](CaseRunner& r) {
                       r.call<KernelId::avgpool_backward>(p, r.input(out_shape(p)), r.output(in_shape(p), "dx"));
                     }});
  }
}

}  // namespace eddl::hw::test
