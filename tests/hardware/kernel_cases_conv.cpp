// SPDX-License-Identifier: MIT
// Parity cases of the convolution kernels: every geometry runs forward (with and without bias),
// backward input and backward weight. 1-D, 2-D, 3-D, batch 1, odd extents, strides, dilation,
// groups (depthwise included), asymmetric padding, and the shapes of the MNIST CNN.
#include <string>

#include "kernel_cases.h"

namespace eddl::hw::test {

namespace {

using Shape = std::vector<int64_t>;

struct ConvCase {
  std::string name;
  int rank;
  int64_t batch, in_channels, out_channels, groups;
  Shape in, kernel, stride, dilation, pad_begin, pad_end;  // `rank` entries each
};

ConvParams params_of(const ConvCase& c) {
  ConvParams p;
  p.spatial_rank = c.rank;
  p.batch = c.batch;
  p.in_channels = c.in_channels;
  p.out_channels = c.out_channels;
  p.groups = c.groups;
  const int offset = 3 - c.rank;  // fewer axes sit at the end, the leading ones keep extent 1
  for (int a = 0; a < c.rank; ++a) {
    const size_t i = static_cast<size_t>(a);
    const int j = offset + a;
    p.in[j] = c.in[i];
    p.kernel[j] = c.kernel[i];
    p.stride[j] = c.stride[i];
    p.dilation[j] = c.dilation[i];
    p.pad_begin[j] = c.pad_begin[i];
    p.pad_end[j] = c.pad_end[i];
    p.out[j] = (c.in[i] + c.pad_begin[i] + c.pad_end[i] - (c.kernel[i] - 1) * c.dilation[i] - 1) / c.stride[i] + 1;
  }
  return p;
}

Shape spatial_shape(const ConvParams& p, int64_t lead0, int64_t lead1, const int64_t* extents) {
  Shape s{lead0, lead1};
  for (int a = 3 - p.spatial_rank; a < 3; ++a) s.push_back(extents[a]);
  return s;
}
Shape x_shape(const ConvParams& p) { return spatial_shape(p, p.batch, p.in_channels, p.in); }
Shape y_shape(const ConvParams& p) { return spatial_shape(p, p.batch, p.out_channels, p.out); }
Shape w_shape(const ConvParams& p) { return spatial_shape(p, p.out_channels, p.in_channels / p.groups, p.kernel); }

// Each output is a sum of `terms` float products, summed in any order by a fast kernel.
Tolerance conv_tolerance(int64_t terms) { return {1e-5f, 2e-7f * static_cast<float>(terms) + 1e-5f}; }

const ConvCase kConvCases[] = {
    {"1-D k3 same 2x3->4 L11", 1, 2, 3, 4, 1, {11}, {3}, {1}, {1}, {1}, {1}},
    {"1-D k3 s2 d2 asymmetric 1x2->3 L15", 1, 1, 2, 3, 1, {15}, {3}, {2}, {2}, {1}, {2}},
    {"1-D k5 groups 3 3x6->9 L20", 1, 3, 6, 9, 3, {20}, {5}, {1}, {1}, {0}, {0}},
    {"2-D k3 same batch 1 1x1->1 4x4", 2, 1, 1, 1, 1, {4, 4}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
    {"2-D k3 s2 same asymmetric 2x3->5 8x10", 2, 2, 3, 5, 1, {8, 10}, {3, 3}, {2, 2}, {1, 1}, {0, 0}, {1, 1}},
    {"2-D k3 valid odd 3x2->7 13x11", 2, 3, 2, 7, 1, {13, 11}, {3, 3}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
    {"2-D k3 d2 same 2x3->4 9x9", 2, 2, 3, 4, 1, {9, 9}, {3, 3}, {1, 1}, {2, 2}, {2, 2}, {2, 2}},
    {"2-D k5x3 s(3,2) explicit pads (0,2)/(2,1) 2x3->2 17x9", 2, 2, 3, 2, 1, {17, 9}, {5, 3}, {3, 2}, {1, 1},
     {0, 2}, {2, 1}},
    {"2-D k3 groups 2 2x4->6 7x7", 2, 2, 4, 6, 2, {7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
    {"2-D k3 depthwise 2x8->8 9x9", 2, 2, 8, 8, 8, {9, 9}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
    {"2-D k3 depthwise s2 d2 2x5->10 11x12", 2, 2, 5, 10, 5, {11, 12}, {3, 3}, {2, 2}, {2, 2}, {2, 1}, {2, 2}},
    {"2-D 1x1 pointwise 3x16->8 5x7", 2, 3, 16, 8, 1, {5, 7}, {1, 1}, {1, 1}, {1, 1}, {0, 0}, {0, 0}},
    {"2-D k2 s1 same (pad at the end) 2x3->4 6x5", 2, 2, 3, 4, 1, {6, 5}, {2, 2}, {1, 1}, {1, 1}, {0, 0}, {1, 1}},
    {"3-D k3 same 2x2->3 5x6x7", 3, 2, 2, 3, 1, {5, 6, 7}, {3, 3, 3}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
    {"3-D k3 s2 groups 2 asymmetric 1x4->6 6x5x8", 3, 1, 4, 6, 2, {6, 5, 8}, {3, 3, 3}, {2, 2, 2}, {1, 1, 1},
     {0, 1, 0}, {1, 1, 1}},
    {"3-D k(1,3,2) d(1,2,1) 2x3->2 4x9x6", 3, 2, 3, 2, 1, {4, 9, 6}, {1, 3, 2}, {1, 1, 2}, {1, 2, 1}, {0, 2, 0},
     {0, 2, 1}},
    {"mnist cnn 1->16 28x28 batch 4", 2, 4, 1, 16, 1, {28, 28}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
    {"mnist cnn 16->32 14x14 batch 4", 2, 4, 16, 32, 1, {14, 14}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
    {"mnist cnn 32->64 7x7 batch 3", 2, 3, 32, 64, 1, {7, 7}, {3, 3}, {1, 1}, {1, 1}, {1, 1}, {1, 1}},
};

int64_t kernel_volume(const ConvParams& p) { return p.kernel[0] * p.kernel[1] * p.kernel[2]; }
int64_t out_volume(const ConvParams& p) { return p.out[0] * p.out[1] * p.out[2]; }

}  // namespace

void add_conv_cases(std::vector<KernelCase>& cases) {
  for (const ConvCase& c : kConvCases) {
    const ConvParams p = params_of(c);
    const int64_t per_output = p.in_channels / p.groups * kernel_volume(p);
    // Each input element receives at most (out_channels/groups) * ceil(k/s) per axis terms.
    const int64_t per_input = p.out_channels / p.groups * kernel_volume(p);
    const int64_t per_weight = p.batch * out_volume(p);
    cases.push_back({KernelId::conv_forward, c.name + " with bias", conv_tolerance(per_output), [p](CaseRunner& r) {
                       const View x = r.input(x_shape(p)), w = r.input(w_shape(p)), b = r.input({p.out_channels});
                       r.call<KernelId::conv_forward>(p, x, w, b, r.output(y_shape(p), "y"));
                     }});
    cases.push_back({KernelId::conv_forward, c.name + " no bias", conv_tolerance(per_output), [p](CaseRunner& r) {
                       const View x = r.input(x_shape(p)), w = r.input(w_shape(p));
                       r.call<KernelId::conv_forward>(p, x, w, View{}, r.output(y_shape(p), "y"));
                     }});
    cases.push_back({KernelId::conv_backward_input, c.name, conv_tolerance(per_input), [p](CaseRunner& r) {
                       const View dy = r.input(y_shape(p)), w = r.input(w_shape(p));
                       r.call<KernelId::conv_backward_input>(p, dy, w, r.output(x_shape(p), "dx"));
                     }});
    cases.push_back({KernelId::conv_backward_weight, c.name, conv_tolerance(per_weight), [p](CaseRunner& r) {
                       const View x = r.input(x_shape(p)), dy = r.input(y_shape(p));
                       r.call<KernelId::conv_backward_weight>(p, x, dy, r.output(w_shape(p), "dw"));
                     }});
  }
}

}  // namespace eddl::hw::test
