// SPDX-License-Identifier: MIT
// Fast CPU pooling: (batch, channel) planes in parallel (windows never cross planes, so backward
// writes need no atomics), a specialised 2x2 stride-2 unpadded path (the common CNN pooling), and a
// generic window loop for everything else. Averages accumulate in double, as the reference does.
#include <algorithm>
#include <cstdint>
#if defined(__AVX512F__) && defined(__BMI2__)
#include <immintrin.h>
#endif

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

// One row of 2x2 windows: x0/x1 and d0/d1 are the two input rows, m the maxima, g their gradients.
inline void maxpool_backward_2x2_row(const float* x0, const float* x1, const float* m, const float* g, float* d0,
                                     float* d1, int64_t n) {
  int64_t o = 0;
#if defined(__AVX512F__) && defined(__BMI2__)
  // 16 windows at a time: deinterleave even and odd columns, pick the first match per window with
  // mask logic, and add the gradient under the re-interleaved masks (a scalar loop with gathers and
  // scatters was 2.6 ms on 100x32x28x28; the rows of 14 windows fit one masked step).
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
  const __m512i low = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i high = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  for (; o < n; o += 16) {
    const int64_t count = n - o < 16 ? n - o : 16;
    const __mmask16 k = static_cast<__mmask16>((1u << count) - 1u);
    const uint32_t cells = count == 16 ? 0xFFFFFFFFu : (1u << (2 * count)) - 1u;
    const __mmask16 klo = static_cast<__mmask16>(cells), khi = static_cast<__mmask16>(cells >> 16);
    const int64_t c = 2 * o;
    const __m512 a0 = _mm512_maskz_loadu_ps(klo, x0 + c), b0 = _mm512_maskz_loadu_ps(khi, x0 + c + 16);
    const __m512 a1 = _mm512_maskz_loadu_ps(klo, x1 + c), b1 = _mm512_maskz_loadu_ps(khi, x1 + c + 16);
    const __m512 best = _mm512_maskz_loadu_ps(k, m + o);
    const __m512 grad = _mm512_maskz_loadu_ps(k, g + o);
    const __mmask16 ke0 = _mm512_mask_cmp_ps_mask(k, _mm512_permutex2var_ps(a0, even, b0), best, _CMP_EQ_OQ);
    __mmask16 taken = ke0;
    const __mmask16 ko0 =
        _mm512_mask_cmp_ps_mask(static_cast<__mmask16>(k & ~taken), _mm512_permutex2var_ps(a0, odd, b0), best,
                                _CMP_EQ_OQ);
    taken |= ko0;
    const __mmask16 ke1 =
        _mm512_mask_cmp_ps_mask(static_cast<__mmask16>(k & ~taken), _mm512_permutex2var_ps(a1, even, b1), best,
                                _CMP_EQ_OQ);
    taken |= ke1;
    const __mmask16 ko1 =
        _mm512_mask_cmp_ps_mask(static_cast<__mmask16>(k & ~taken), _mm512_permutex2var_ps(a1, odd, b1), best,
                                _CMP_EQ_OQ);
    // Cell masks in memory order: window i's even cell is bit 2i, its odd cell bit 2i + 1.
    const uint32_t row0 = _pdep_u32(ke0, 0x55555555u) | _pdep_u32(ko0, 0xAAAAAAAAu);
    const uint32_t row1 = _pdep_u32(ke1, 0x55555555u) | _pdep_u32(ko1, 0xAAAAAAAAu);
    const __m512 glo = _mm512_permutex2var_ps(grad, low, grad), ghi = _mm512_permutex2var_ps(grad, high, grad);
    for (int r = 0; r < 2; ++r) {
      float* d = (r == 0 ? d0 : d1) + c;
      const uint32_t bits = r == 0 ? row0 : row1;
      const __mmask16 lo = static_cast<__mmask16>(bits), hi = static_cast<__mmask16>(bits >> 16);
      if (lo != 0) _mm512_mask_storeu_ps(d, lo, _mm512_add_ps(_mm512_maskz_loadu_ps(lo, d), glo));
      if (hi != 0) _mm512_mask_storeu_ps(d + 16, hi, _mm512_add_ps(_mm512_maskz_loadu_ps(hi, d + 16), ghi));
    }
  }
#endif
  for (; o < n; ++o) {
    const float best = m[o];
    float* cell = x0[2 * o] == best       ? d0 + 2 * o
                  : x0[2 * o + 1] == best ? d0 + 2 * o + 1
                  : x1[2 * o] == best     ? d1 + 2 * o
                  : x1[2 * o + 1] == best ? d1 + 2 * o + 1
                                          : nullptr;
    if (cell != nullptr) *cell += g[o];
  }
}

[[gnu::flatten]] void maxpool_backward_plane(const PoolParams& p, const float* in, const float* y, const float* dy,
                                             float* dx) {
  const int64_t H = p.in[1], W = p.in[2];
  if (is_2x2_stride_2(p)) {
    // The generic loop below cost 6 ns per window (3.8 ms of a 35 ms CNN step at 100x32x28x28);
    // here the first of the four cells that equals the maximum, in the reference's scan order,
    // gets the gradient, and the other cells keep their bits.
    for (int64_t oh = 0; oh < p.out[1]; ++oh) {
      maxpool_backward_2x2_row(in + 2 * oh * W, in + (2 * oh + 1) * W, y + oh * p.out[2], dy + oh * p.out[2],
                               dx + 2 * oh * W, dx + (2 * oh + 1) * W, p.out[2]);
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
