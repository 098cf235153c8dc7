// SPDX-License-Identifier: MIT
// Fast CPU pooling: (batch, channel) planes in parallel (windows never cross planes, so backward
// writes need no atomics), a specialised 2x2 stride-2 unpadded path (the common CNN pooling), and a
// generic window loop for everything else. Averages accumulate in double, as the reference does.
#include <algorithm>

#include "hardware/cpu/cpu_kernels.h"

namespace eddl::hw::cpu {

namespace {

struct Range {
  int64_t begin, end;
};
inline Range window(const PoolParams& p, int a, int64_t o) {
  const int64_t start = o * p.stride[a] - p.pad_begin[a];
  return {std::max<int64_t>(start, 0), std::min<int64_t>(start + p.kernel[a], p.in[a])};
}
inline int64_t count_of(Range d, Range h, Range w) {
  return (d.end - d.begin) * (h.end - h.begin) * (w.end - w.begin);
}

int64_t plane_in(const PoolParams& p) { return p.in[0] * p.in[1] * p.in[2]; }
int64_t plane_out(const PoolParams& p) { return p.out[0] * p.out[1] * p.out[2]; }
int64_t planes(const PoolParams& p) { return p.batch * p.channels; }
bool parallel(const PoolParams& p) { return planes(p) > 1 && planes(p) * plane_in(p) > kParallelGrain; }

// 2-D, 2x2 windows, stride 2, every window inside the input (no padding used, "same" on an odd
// extent excluded): no clipping needed.
bool is_2x2_stride_2(const PoolParams& p) {
  return p.in[0] == 1 && p.kernel[0] == 1 && p.kernel[1] == 2 && p.kernel[2] == 2 && p.stride[1] == 2 &&
         p.stride[2] == 2 && p.pad_begin[1] == 0 && p.pad_begin[2] == 0 && 2 * p.out[1] <= p.in[1] &&
         2 * p.out[2] <= p.in[2];
}

// Calls f(output offset, d, h, w windows) for every output element of one plane.
template <class F>
inline void for_each_window(const PoolParams& p, F&& f) {
  for (int64_t od = 0; od < p.out[0]; ++od) {
    const Range rd = window(p, 0, od);
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      const Range rh = window(p, 1, oh);
      for (int64_t ow = 0; ow < p.out[2]; ++ow) {
        f((od * p.out[1] + oh) * p.out[2] + ow, rd, rh, window(p, 2, ow));
      }
    }
  }
}

[[gnu::flatten]] void maxpool_plane(const PoolParams& p, const float* in, float* out) {
  const int64_t H = p.in[1], W = p.in[2];
  if (is_2x2_stride_2(p)) {
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      const float* r0 = in + 2 * oh * W;
      const float* r1 = r0 + W;
      float* o = out + oh * p.out[2];
      for (int64_t ow = 0; ow < p.out[2]; ++ow) {
        o[ow] = std::max(std::max(r0[2 * ow], r0[2 * ow + 1]), std::max(r1[2 * ow], r1[2 * ow + 1]));
      }
    }
    return;
  }
  for_each_window(p, [&](int64_t o, Range rd, Range rh, Range rw) {
    float best = in[(rd.begin * H + rh.begin) * W + rw.begin];
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h) {
        const float* row = in + (d * H + h) * W;
        for (int64_t w = rw.begin; w < rw.end; ++w) best = std::max(best, row[w]);
      }
    out[o] = best;
  });
}

[[gnu::flatten]] void maxpool_backward_plane(const PoolParams& p, const float* in, const float* y, const float* dy,
                                             float* dx) {
  const int64_t H = p.in[1], W = p.in[2];
  if (is_2x2_stride_2(p)) {
    // The generic loop below cost 6 ns per window (4 ms of a 35 ms CNN step at 28x28x32). Here
    // the first of the four cells that equals the maximum, in the reference's scan order, gets the
    // gradient; branch-free selects let the compiler vectorize, and untouched cells keep their
    // bits (no "+ 0.0f", which would turn -0 into +0).
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      const float* x0 = in + 2 * oh * W;
      const float* x1 = x0 + W;
      float* d0 = dx + 2 * oh * W;
      float* d1 = d0 + W;
      const float* best = y + oh * p.out[2];
      const float* g = dy + oh * p.out[2];
#pragma omp simd
      for (int64_t ow = 0; ow < p.out[2]; ++ow) {
        const float m = best[ow], grad = g[ow];
        const bool a = x0[2 * ow] == m;
        const bool b = !a && x0[2 * ow + 1] == m;
        const bool c = !a && !b && x1[2 * ow] == m;
        const bool d = !a && !b && !c && x1[2 * ow + 1] == m;
        d0[2 * ow] = a ? d0[2 * ow] + grad : d0[2 * ow];
        d0[2 * ow + 1] = b ? d0[2 * ow + 1] + grad : d0[2 * ow + 1];
        d1[2 * ow] = c ? d1[2 * ow] + grad : d1[2 * ow];
        d1[2 * ow + 1] = d ? d1[2 * ow + 1] + grad : d1[2 * ow + 1];
      }
    }
    return;
  }
  for_each_window(p, [&](int64_t o, Range rd, Range rh, Range rw) {
    const float best = y[o];
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h) {
        const int64_t row = (d * H + h) * W;
        for (int64_t w = rw.begin; w < rw.end; ++w) {
          if (in[row + w] == best) {
            dx[row + w] += dy[o];
            return;
          }
        }
      }
  });
}

[[gnu::flatten]] void avgpool_plane(const PoolParams& p, const float* in, float* out) {
  const int64_t H = p.in[1], W = p.in[2];
  if (is_2x2_stride_2(p)) {
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      const float* r0 = in + 2 * oh * W;
      const float* r1 = r0 + W;
      float* o = out + oh * p.out[2];
      for (int64_t ow = 0; ow < p.out[2]; ++ow) {
        // Four floats summed in double then rounded once: the reference's value exactly.
        const double total = static_cast<double>(r0[2 * ow]) + r0[2 * ow + 1] + r1[2 * ow] + r1[2 * ow + 1];
        o[ow] = static_cast<float>(total * 0.25);
      }
    }
    return;
  }
  for_each_window(p, [&](int64_t o, Range rd, Range rh, Range rw) {
    double total = 0.0;
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h) {
        const float* row = in + (d * H + h) * W;
        for (int64_t w = rw.begin; w < rw.end; ++w) total += row[w];
      }
    out[o] = static_cast<float>(total / static_cast<double>(count_of(rd, rh, rw)));
  });
}

[[gnu::flatten]] void avgpool_backward_plane(const PoolParams& p, const float* dy, float* dx) {
  const int64_t H = p.in[1], W = p.in[2];
  if (is_2x2_stride_2(p)) {
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      float* r0 = dx + 2 * oh * W;
      float* r1 = r0 + W;
      const float* g = dy + oh * p.out[2];
      for (int64_t ow = 0; ow < p.out[2]; ++ow) {
        const float share = static_cast<float>(static_cast<double>(g[ow]) / 4.0);
        r0[2 * ow] += share;
        r0[2 * ow + 1] += share;
        r1[2 * ow] += share;
        r1[2 * ow + 1] += share;
      }
    }
    return;
  }
  for_each_window(p, [&](int64_t o, Range rd, Range rh, Range rw) {
    const float share = static_cast<float>(static_cast<double>(dy[o]) / static_cast<double>(count_of(rd, rh, rw)));
    for (int64_t d = rd.begin; d < rd.end; ++d)
      for (int64_t h = rh.begin; h < rh.end; ++h) {
        float* row = dx + (d * H + h) * W;
        for (int64_t w = rw.begin; w < rw.end; ++w) row[w] += share;
      }
  });
}

}  // namespace

void maxpool_forward(PoolParams p, In x, Out y) {
  const int64_t n = planes(p), in_size = plane_in(p), out_size = plane_out(p);
#pragma omp parallel for if (parallel(p))
  for (int64_t plane = 0; plane < n; ++plane) maxpool_plane(p, x.data + plane * in_size, y.data + plane * out_size);
}

void maxpool_backward(PoolParams p, In x, In y, In dy, Out dx) {
  const int64_t n = planes(p), in_size = plane_in(p), out_size = plane_out(p);
#pragma omp parallel for if (parallel(p))
  for (int64_t plane = 0; plane < n; ++plane) {
    maxpool_backward_plane(p, x.data + plane * in_size, y.data + plane * out_size, dy.data + plane * out_size,
                           dx.data + plane * in_size);
  }
}

void avgpool_forward(PoolParams p, In x, Out y) {
  const int64_t n = planes(p), in_size = plane_in(p), out_size = plane_out(p);
#pragma omp parallel for if (parallel(p))
  for (int64_t plane = 0; plane < n; ++plane) avgpool_plane(p, x.data + plane * in_size, y.data + plane * out_size);
}

void avgpool_backward(PoolParams p, In dy, Out dx) {
  const int64_t n = planes(p), in_size = plane_in(p), out_size = plane_out(p);
#pragma omp parallel for if (parallel(p))
  for (int64_t plane = 0; plane < n; ++plane) {
    avgpool_backward_plane(p, dy.data + plane * out_size, dx.data + plane * in_size);
  }
}

}  // namespace eddl::hw::cpu
