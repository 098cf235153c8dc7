// SPDX-License-Identifier: MIT
// Reference pooling kernels (plain loops, double accumulators): one loop nest over the three
// spatial axes of PoolParams serves 1-D, 2-D and 3-D pooling.
#include <algorithm>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {

// The unpadded part [begin, end) of the window of output index `o` along axis `a`.
struct Range {
  int64_t begin, end;
};
Range window(const PoolParams& p, int a, int64_t o) {
  const int64_t start = o * p.stride[a] - p.pad_begin[a];
  return {std::max<int64_t>(start, 0), std::min<int64_t>(start + p.kernel[a], p.in[a])};
}

int64_t plane_in(const PoolParams& p) { return p.in[0] * p.in[1] * p.in[2]; }
int64_t plane_out(const PoolParams& p) { return p.out[0] * p.out[1] * p.out[2]; }

// Calls f(plane, output offset in the plane, d, h, w windows) for every output element.
template <class F>
void for_each_window(const PoolParams& p, F f) {
  for (int64_t plane = 0; plane < p.batch * p.channels; ++plane) {
    for (int64_t od = 0; od < p.out[0]; ++od) {
      for (int64_t oh = 0; oh < p.out[1]; ++oh) {
        for (int64_t ow = 0; ow < p.out[2]; ++ow) {
          f(plane, (od * p.out[1] + oh) * p.out[2] + ow, window(p, 0, od), window(p, 1, oh), window(p, 2, ow));
        }
      }
    }
  }
}

}  // namespace

void maxpool_forward(PoolParams p, In x, Out y) {
  for_each_window(p, [&](int64_t plane, int64_t o, Range rd, Range rh, Range rw) {
    const float* in = x.data + plane * plane_in(p);
    float best = in[(rd.begin * p.in[1] + rh.begin) * p.in[2] + rw.begin];
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h)
        for (int64_t w = rw.begin; w < rw.end; ++w) best = std::max(best, in[(d * p.in[1] + h) * p.in[2] + w]);
    y.data[plane * plane_out(p) + o] = best;
  });
}

void maxpool_backward(PoolParams p, In x, In y, In dy, Out dx) {
  for_each_window(p, [&](int64_t plane, int64_t o, Range rd, Range rh, Range rw) {
    const float* in = x.data + plane * plane_in(p);
    const float best = y.data[plane * plane_out(p) + o];
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h)
        for (int64_t w = rw.begin; w < rw.end; ++w) {
          const int64_t at = (d * p.in[1] + h) * p.in[2] + w;
          if (in[at] == best) {
            dx.data[plane * plane_in(p) + at] += dy.data[plane * plane_out(p) + o];
            return;
          }
        }
  });
}

void avgpool_forward(PoolParams p, In x, Out y) {
  for_each_window(p, [&](int64_t plane, int64_t o, Range rd, Range rh, Range rw) {
    const float* in = x.data + plane * plane_in(p);
    double total = 0.0;
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h)
        for (int64_t w = rw.begin; w < rw.end; ++w) total += in[(d * p.in[1] + h) * p.in[2] + w];
    const int64_t count = (rd.end - rd.begin) * (rh.end - rh.begin) * (rw.end - rw.begin);
    y.data[plane * plane_out(p) + o] = static_cast<float>(total / static_cast<double>(count));
  });
}

void avgpool_backward(PoolParams p, In dy, Out dx) {
  for_each_window(p, [&](int64_t plane, int64_t o, Range rd, Range rh, Range rw) {
    const int64_t count = (rd.end - rd.begin) * (rh.end - rh.begin) * (rw.end - rw.begin);
    const double share = static_cast<double>(dy.data[plane * plane_out(p) + o]) / static_cast<double>(count);
    float* out = dx.data + plane * plane_in(p);
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h)
        for (int64_t w = rw.begin; w < rw.end; ++w) out[(d * p.in[1] + h) * p.in[2] + w] += static_cast<float>(share);
  });
}

}  // namespace eddl::hw::reference
