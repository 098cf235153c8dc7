// SPDX-License-Identifier: MIT
// Reference convolutions: plain loops over every output and kernel tap, double accumulators. One
// loop nest serves 1-D, 2-D and 3-D by treating missing leading spatial axes as extent 1.
#include <vector>

#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::reference {

namespace {

// The three spatial axes of a view with 1 or 2 spatial axes padded on the left (extent 1,
// stride 0), so every tensor reads as [n, c, d, h, w] whatever its rank.
struct Strides5 {
  int64_t s[5] = {0, 0, 0, 0, 0};
  explicit Strides5(const View& v) {
    s[0] = v.strides[0];
    s[1] = v.strides[1];
    const int spatial = v.ndim - 2;
    for (int a = 0; a < spatial; ++a) s[2 + (3 - spatial) + a] = v.strides[2 + a];
  }
  int64_t at(int64_t n, int64_t c, int64_t d, int64_t h, int64_t w) const {
    return n * s[0] + c * s[1] + d * s[2] + h * s[3] + w * s[4];
  }
};

// The spatial geometry of ConvParams, read as three axes (d, h, w) for every rank.
struct Geometry {
  int64_t in[3], out[3], kernel[3], stride[3], dilation[3], pad[3];
  explicit Geometry(const ConvParams& p) {
    for (int a = 0; a < 3; ++a) {
      in[a] = p.in[a];
      out[a] = p.out[a];
      kernel[a] = p.kernel[a];
      stride[a] = p.stride[a];
      dilation[a] = p.dilation[a];
      pad[a] = p.pad_begin[a];
    }
  }
  // Input coordinate of output `o` and tap `k` on axis `a`; false when it falls in the padding.
  bool input_index(int a, int64_t o, int64_t k, int64_t& i) const {
    i = o * stride[a] - pad[a] + k * dilation[a];
    return i >= 0 && i < in[a];
  }
};

// One (output, kernel tap) pair that reads an input element: batch n, output channel oc, input
// channel ic (c inside its group), output o[], tap k[] and input i[] coordinates.
struct Tap {
  int64_t n, oc, ic, c;
  int64_t o[3], k[3], i[3];
};

// Calls f(tap) for every pair (padding skipped): the one loop nest of all three kernels.
template <class F>
void for_each_tap(const ConvParams& p, F&& f) {
  const Geometry g(p);
  const int64_t out_per_group = p.out_channels / p.groups;
  const int64_t in_per_group = p.in_channels / p.groups;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const int64_t group = oc / out_per_group;
      for (int64_t od = 0; od < g.out[0]; ++od)
        for (int64_t oh = 0; oh < g.out[1]; ++oh)
          for (int64_t ow = 0; ow < g.out[2]; ++ow)
            for (int64_t c = 0; c < in_per_group; ++c)
              for (int64_t kd = 0; kd < g.kernel[0]; ++kd) {
                int64_t id;
                if (!g.input_index(0, od, kd, id)) continue;
                for (int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                  int64_t ih;
                  if (!g.input_index(1, oh, kh, ih)) continue;
                  for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    int64_t iw;
                    if (!g.input_index(2, ow, kw, iw)) continue;
                    f(Tap{n, oc, group * in_per_group + c, c, {od, oh, ow}, {kd, kh, kw}, {id, ih, iw}});
                  }
                }
              }
    }
}

}  // namespace

void conv_forward(ConvParams p, In x, In w, In bias, Out y) {
  const Strides5 xs(x), ws(w), ys(y);
  const Geometry g(p);
  std::vector<double> acc(static_cast<size_t>(y.numel()), 0.0);
  // acc is y in row-major [n, oc, od, oh, ow] order.
  auto acc_index = [&](int64_t n, int64_t oc, int64_t od, int64_t oh, int64_t ow) {
    return static_cast<size_t>((((n * p.out_channels + oc) * g.out[0] + od) * g.out[1] + oh) * g.out[2] + ow);
  };
  for_each_tap(p, [&](const Tap& t) {
    acc[acc_index(t.n, t.oc, t.o[0], t.o[1], t.o[2])] +=
        static_cast<double>(x.data[xs.at(t.n, t.ic, t.i[0], t.i[1], t.i[2])]) *
        static_cast<double>(w.data[ws.at(t.oc, t.c, t.k[0], t.k[1], t.k[2])]);
  });
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oc = 0; oc < p.out_channels; ++oc) {
      const double b = bias.data != nullptr ? static_cast<double>(bias.data[oc * bias.strides[0]]) : 0.0;
      for (int64_t od = 0; od < g.out[0]; ++od)
        for (int64_t oh = 0; oh < g.out[1]; ++oh)
          for (int64_t ow = 0; ow < g.out[2]; ++ow)
            y.data[ys.at(n, oc, od, oh, ow)] = static_cast<float>(acc[acc_index(n, oc, od, oh, ow)] + b);
    }
}

void conv_backward_input(ConvParams p, In dy, In w, Out dx) {
  const Strides5 dys(dy), ws(w), dxs(dx);
  const Geometry g(p);
  std::vector<double> acc(static_cast<size_t>(dx.numel()), 0.0);
  auto acc_index = [&](int64_t n, int64_t ic, int64_t id, int64_t ih, int64_t iw) {
    return static_cast<size_t>((((n * p.in_channels + ic) * g.in[0] + id) * g.in[1] + ih) * g.in[2] + iw);
  };
  for_each_tap(p, [&](const Tap& t) {
    acc[acc_index(t.n, t.ic, t.i[0], t.i[1], t.i[2])] +=
        static_cast<double>(dy.data[dys.at(t.n, t.oc, t.o[0], t.o[1], t.o[2])]) *
        static_cast<double>(w.data[ws.at(t.oc, t.c, t.k[0], t.k[1], t.k[2])]);
  });
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t ic = 0; ic < p.in_channels; ++ic)
      for (int64_t id = 0; id < g.in[0]; ++id)
        for (int64_t ih = 0; ih < g.in[1]; ++ih)
          for (int64_t iw = 0; iw < g.in[2]; ++iw) {
            float& out = dx.data[dxs.at(n, ic, id, ih, iw)];
            out = static_cast<float>(static_cast<double>(out) + acc[acc_index(n, ic, id, ih, iw)]);
          }
}

void conv_backward_weight(ConvParams p, In x, In dy, Out dw) {
  const Strides5 xs(x), dys(dy), dws(dw);
  const Geometry g(p);
  const int64_t in_per_group = p.in_channels / p.groups;
  std::vector<double> acc(static_cast<size_t>(dw.numel()), 0.0);
  auto acc_index = [&](int64_t oc, int64_t c, int64_t kd, int64_t kh, int64_t kw) {
    return static_cast<size_t>((((oc * in_per_group + c) * g.kernel[0] + kd) * g.kernel[1] + kh) * g.kernel[2] + kw);
  };
  for_each_tap(p, [&](const Tap& t) {
    acc[acc_index(t.oc, t.c, t.k[0], t.k[1], t.k[2])] +=
        static_cast<double>(x.data[xs.at(t.n, t.ic, t.i[0], t.i[1], t.i[2])]) *
        static_cast<double>(dy.data[dys.at(t.n, t.oc, t.o[0], t.o[1], t.o[2])]);
  });
  for (int64_t oc = 0; oc < p.out_channels; ++oc)
    for (int64_t c = 0; c < in_per_group; ++c)
      for (int64_t kd = 0; kd < g.kernel[0]; ++kd)
        for (int64_t kh = 0; kh < g.kernel[1]; ++kh)
          for (int64_t kw = 0; kw < g.kernel[2]; ++kw) {
            float& out = dw.data[dws.at(oc, c, kd, kh, kw)];
            out = static_cast<float>(static_cast<double>(out) + acc[acc_index(oc, c, kd, kh, kw)]);
          }
}

}  // namespace eddl::hw::reference
