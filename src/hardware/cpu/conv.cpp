// SPDX-License-Identifier: MIT
// Convolutions on oneDNN's convolution primitives (the library PyTorch uses for CPU convolutions):
// forward with the bias fused, backward data, backward weights; 1-D/2-D/3-D, groups, dilation and
// asymmetric padding natively. Our tensors are plain NC[D]HW, but every operand is given to the
// primitive in the layout oneDNN picks (format_tag::any: blocked nChw16c and friends), converted by
// cached reorders before and after: on the MNIST CNN's shapes (bench_conv, batch 100, 2 threads)
// the blocked jit kernels with their reorders run 3-10x faster than oneDNN's plain-layout path,
// which is im2col + GEMM (e.g. 16->32 at 14x14: forward 143 against 51 GFLOP/s, backward data 287
// against 37, 1->16 backward weights 83 against 9). Outputs that the contract "adds into" leave
// through a reorder with a sum post-op, so they cost no extra pass. Everything is built once per
// (ConvParams, pass) and cached, as DESIGN.md rule 3 asks.
#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>
#include <vector>

#include "hardware/cpu/cpu_kernels.h"
#include "hardware/cpu/reference/reference_kernels.h"

namespace eddl::hw::cpu {

namespace {

using dnnl::memory;
using Tag = memory::format_tag;

enum class Pass { forward, forward_bias, backward_input, backward_weight };

using ConvKey = std::array<int64_t, 28>;

constexpr int64_t kMaxDirectExtent = 4096;  ///< keeps a padded plane per thread small

ConvKey key_of(const ConvParams& p, Pass pass) {
  ConvKey k{};
  size_t i = 0;
  for (int64_t v : {int64_t{p.spatial_rank}, p.batch, p.in_channels, p.out_channels, p.groups}) k[i++] = v;
  for (const int64_t* a : {p.in, p.out, p.kernel, p.stride, p.dilation, p.pad_begin, p.pad_end})
    for (int d = 0; d < 3; ++d) k[i++] = a[d];
  k[i] = static_cast<int64_t>(pass);
  return k;
}

dnnl::engine& engine() {
  static dnnl::engine cpu_engine(dnnl::engine::kind::cpu, 0);
  return cpu_engine;
}

// Plain descriptors of our tensors and the geometry in oneDNN's terms.
struct Descriptors {
  memory::desc src, weights, bias, dst;
  memory::dims strides, dilates, pad_l, pad_r;
};

Descriptors descriptors_of(const ConvParams& p) {
  const int r = p.spatial_rank;
  const Tag activation_tag = r == 1 ? Tag::ncw : r == 2 ? Tag::nchw : Tag::ncdhw;
  // Grouped weights are [groups, out/groups, in/groups, k...]: the same memory as our [out,
  // in/groups, k...], since out channels are numbered group by group.
  const Tag weights_tag = p.groups == 1 ? (r == 1   ? Tag::oiw
                                           : r == 2 ? Tag::oihw
                                                    : Tag::oidhw)
                                        : (r == 1   ? Tag::goiw
                                           : r == 2 ? Tag::goihw
                                                    : Tag::goidhw);
  memory::dims src{p.batch, p.in_channels}, dst{p.batch, p.out_channels}, weights;
  if (p.groups == 1) {
    weights = {p.out_channels, p.in_channels};
  } else {
    weights = {p.groups, p.out_channels / p.groups, p.in_channels / p.groups};
  }
  Descriptors d;
  for (int a = 3 - r; a < 3; ++a) {
    src.push_back(p.in[a]);
    dst.push_back(p.out[a]);
    weights.push_back(p.kernel[a]);
    d.strides.push_back(p.stride[a]);
    d.dilates.push_back(p.dilation[a] - 1);  // oneDNN counts the gaps: 0 = dense
    d.pad_l.push_back(p.pad_begin[a]);
    d.pad_r.push_back(p.pad_end[a]);
  }
  const auto f32 = memory::data_type::f32;
  d.src = memory::desc(src, f32, activation_tag);
  d.dst = memory::desc(dst, f32, activation_tag);
  d.weights = memory::desc(weights, f32, weights_tag);
  d.bias = memory::desc({p.out_channels}, f32, Tag::x);
  return d;
}

// One operand as the caller holds it (`user`, plain, pointed at the caller's buffer per call) and
// as the primitive reads or writes it (`inner`). When the two differ, `convert` runs before the
// primitive (inputs) or after it (outputs; with a sum post-op when the kernel adds into the
// output).
struct Operand {
  memory user;
  memory inner;
  dnnl::reorder convert;
  bool direct = true;
};

Operand input_operand(const memory::desc& user_md, const memory::desc& primitive_md) {
  Operand o;
  o.user = memory(user_md, engine(), DNNL_MEMORY_NONE);
  if (primitive_md == user_md) {
    o.inner = o.user;
    return o;
  }
  o.direct = false;
  o.inner = memory(primitive_md, engine());
  o.convert = dnnl::reorder(o.user, o.inner);
  return o;
}

Operand output_operand(const memory::desc& user_md, const memory::desc& primitive_md, bool accumulate) {
  Operand o;
  o.user = memory(user_md, engine(), DNNL_MEMORY_NONE);
  if (primitive_md == user_md && !accumulate) {
    o.inner = o.user;
    return o;
  }
  o.direct = false;
  o.inner = memory(primitive_md, engine());
  dnnl::primitive_attr attr;
  if (accumulate) {
    dnnl::post_ops ops;
    ops.append_sum(1.0f);
    attr.set_post_ops(ops);
  }
  o.convert = dnnl::reorder(dnnl::reorder::primitive_desc(engine(), primitive_md, engine(), user_md, attr));
  return o;
}

// A primitive with its operands: inputs[] are converted before it runs, the output after.
struct ConvPrimitive {
  dnnl::primitive primitive;
  std::vector<std::pair<int, Operand>> inputs;
  std::pair<int, Operand> output;
  memory scratchpad;  ///< points at the shared buffer when the primitive needs one
  size_t scratchpad_bytes = 0;
};

dnnl::primitive_attr user_scratchpad() {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

// The same extents in the layout oneDNN prefers for the primitive (blocked, e.g. nChw16c).
memory::desc any_layout(const memory::desc& md) { return memory::desc(md.dims(), memory::data_type::f32, Tag::any); }

dnnl::convolution_forward::primitive_desc forward_pd(const Descriptors& d, bool with_bias) {
  const memory::desc any_weights = any_layout(d.weights);
  const memory::desc src = any_layout(d.src), dst = any_layout(d.dst);
  const auto desc =
      with_bias
          ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, src,
                                            any_weights, d.bias, dst, d.strides, d.dilates, d.pad_l, d.pad_r)
          : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, src,
                                            any_weights, dst, d.strides, d.dilates, d.pad_l, d.pad_r);
  return dnnl::convolution_forward::primitive_desc(desc, user_scratchpad(), engine());
}

void set_scratchpad(ConvPrimitive& c, const memory::desc& md) {
  c.scratchpad_bytes = md.get_size();
  if (c.scratchpad_bytes > 0) c.scratchpad = memory(md, engine(), DNNL_MEMORY_NONE);
}

ConvPrimitive make_primitive(const ConvParams& p, Pass pass) {
  const Descriptors d = descriptors_of(p);
  const memory::desc any_weights = any_layout(d.weights);
  ConvPrimitive c;
  switch (pass) {
    case Pass::forward:
    case Pass::forward_bias: {
      const bool with_bias = pass == Pass::forward_bias;
      const auto pd = forward_pd(d, with_bias);
      c.primitive = dnnl::convolution_forward(pd);
      c.inputs.emplace_back(DNNL_ARG_SRC, input_operand(d.src, pd.src_desc()));
      c.inputs.emplace_back(DNNL_ARG_WEIGHTS, input_operand(d.weights, pd.weights_desc()));
      if (with_bias) c.inputs.emplace_back(DNNL_ARG_BIAS, input_operand(d.bias, pd.bias_desc()));
      c.output = {DNNL_ARG_DST, output_operand(d.dst, pd.dst_desc(), false)};
      set_scratchpad(c, pd.scratchpad_desc());
      break;
    }
    case Pass::backward_input: {
      const auto desc =
          dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, any_layout(d.src), any_weights,
                                                any_layout(d.dst), d.strides, d.dilates, d.pad_l, d.pad_r);
      const auto pd =
          dnnl::convolution_backward_data::primitive_desc(desc, user_scratchpad(), engine(), forward_pd(d, false));
      c.primitive = dnnl::convolution_backward_data(pd);
      c.inputs.emplace_back(DNNL_ARG_DIFF_DST, input_operand(d.dst, pd.diff_dst_desc()));
      c.inputs.emplace_back(DNNL_ARG_WEIGHTS, input_operand(d.weights, pd.weights_desc()));
      c.output = {DNNL_ARG_DIFF_SRC, output_operand(d.src, pd.diff_src_desc(), true)};
      set_scratchpad(c, pd.scratchpad_desc());
      break;
    }
    case Pass::backward_weight: {
      const auto desc =
          dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, any_layout(d.src), any_weights,
                                                   any_layout(d.dst), d.strides, d.dilates, d.pad_l, d.pad_r);
      const auto pd =
          dnnl::convolution_backward_weights::primitive_desc(desc, user_scratchpad(), engine(), forward_pd(d, false));
      c.primitive = dnnl::convolution_backward_weights(pd);
      c.inputs.emplace_back(DNNL_ARG_SRC, input_operand(d.src, pd.src_desc()));
      c.inputs.emplace_back(DNNL_ARG_DIFF_DST, input_operand(d.dst, pd.diff_dst_desc()));
      c.output = {DNNL_ARG_DIFF_WEIGHTS, output_operand(d.weights, pd.diff_weights_desc(), true)};
      set_scratchpad(c, pd.scratchpad_desc());
      break;
    }
  }
  return c;
}

// Runs the cached primitive for (p, pass) with `inputs` in the order make_primitive lists them. One
// lock covers lookup and execution: operands and the scratchpad are shared between calls.
void execute(const ConvParams& p, Pass pass, std::initializer_list<const float*> inputs, float* output) {
  static std::mutex mutex;
  static std::map<ConvKey, ConvPrimitive> cache;  // a model has a handful of shapes; entries live forever
  static std::vector<unsigned char> scratchpad;
  static dnnl::stream stream(engine());
  const std::lock_guard<std::mutex> lock(mutex);
  const ConvKey key = key_of(p, pass);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, make_primitive(p, pass)).first;
  ConvPrimitive& c = it->second;
  if (scratchpad.size() < c.scratchpad_bytes) scratchpad.resize(c.scratchpad_bytes);

  std::unordered_map<int, memory> args;
  size_t i = 0;
  for (const float* data : inputs) {
    auto& [arg, operand] = c.inputs[i++];
    operand.user.set_data_handle(const_cast<float*>(data));  // oneDNN takes non-const handles, only reads
    if (!operand.direct) operand.convert.execute(stream, operand.user, operand.inner);
    args.emplace(arg, operand.inner);
  }
  auto& [out_arg, out] = c.output;
  out.user.set_data_handle(output);
  args.emplace(out_arg, out.inner);
  if (c.scratchpad_bytes > 0) {
    c.scratchpad.set_data_handle(scratchpad.data());
    args.emplace(DNNL_ARG_SCRATCHPAD, c.scratchpad);
  }
  c.primitive.execute(stream, args);
  if (!out.direct) out.convert.execute(stream, out.inner, out.user);
  stream.wait();
}

// A CNN's first layer: one input channel, 3x3, stride 1, no dilation, one cell of padding per side,
// plain contiguous tensors. oneDNN writes nChw16c there and the reorder back to NCHW doubles the
// traffic of a memory-bound layer (1->32 at 28x28, batch 100: 0.61 ms convolution + 0.57 ms
// reorder forward; 0.24 + 0.59 for the weight gradient). These loops read and write NCHW once.
bool is_single_channel_3x3(const ConvParams& p, std::initializer_list<const View*> views) {
  if (p.spatial_rank != 2 || p.in_channels != 1 || p.groups != 1 || p.batch == 0 || p.out_channels == 0) return false;
  for (int a = 1; a < 3; ++a) {
    if (p.kernel[a] != 3 || p.stride[a] != 1 || p.dilation[a] != 1 || p.pad_begin[a] != 1 || p.pad_end[a] != 1 ||
        p.out[a] != p.in[a] || p.in[a] > kMaxDirectExtent) {
      return false;
    }
  }
  for (const View* v : views) {
    if (v->data != nullptr && !v->is_contiguous()) return false;
  }
  return true;
}

// Sample n's plane with a zero border: plane[(h + 1) * (W + 2) + w + 1] = x[h][w].
void pad_plane(const float* x, int64_t H, int64_t W, float* plane) {
  const int64_t PW = W + 2;
  std::fill(plane, plane + (H + 2) * PW, 0.0f);
  for (int64_t h = 0; h < H; ++h) std::copy(x + h * W, x + (h + 1) * W, plane + (h + 1) * PW + 1);
}

void single_channel_forward(const ConvParams& p, const float* x, const float* w, const float* bias, float* y) {
  const int64_t H = p.in[1], W = p.in[2], PW = W + 2, C = p.out_channels;
#pragma omp parallel if (p.batch * C * H * W > kParallelGrain)
  {
    std::vector<float> plane(static_cast<size_t>((H + 2) * PW));
#pragma omp for schedule(static)
    for (int64_t n = 0; n < p.batch; ++n) {
      pad_plane(x + n * H * W, H, W, plane.data());
      for (int64_t c = 0; c < C; ++c) {
        const float* k = w + c * 9;
        const float b = bias != nullptr ? bias[c] : 0.0f;
        float* out = y + (n * C + c) * H * W;
        for (int64_t h = 0; h < H; ++h) {
          const float* r0 = plane.data() + h * PW;
          const float* r1 = r0 + PW;
          const float* r2 = r1 + PW;
          float* o = out + h * W;
#pragma omp simd
          for (int64_t j = 0; j < W; ++j) {
            o[j] = b + k[0] * r0[j] + k[1] * r0[j + 1] + k[2] * r0[j + 2] + k[3] * r1[j] + k[4] * r1[j + 1] +
                   k[5] * r1[j + 2] + k[6] * r2[j] + k[7] * r2[j + 1] + k[8] * r2[j + 2];
          }
        }
      }
    }
  }
}

// dw[c] += sum over samples and positions of dy[n][c] * the 3x3 neighbourhood; filters are split
// between threads so that each weight has one writer. Per-sample sums are float, totals double.
void single_channel_backward_weight(const ConvParams& p, const float* x, const float* dy, float* dw) {
  const int64_t H = p.in[1], W = p.in[2], PW = W + 2, C = p.out_channels;
  std::vector<float> planes(static_cast<size_t>(p.batch * (H + 2) * PW));
#pragma omp parallel for schedule(static) if (p.batch * H * W > kParallelGrain)
  for (int64_t n = 0; n < p.batch; ++n) pad_plane(x + n * H * W, H, W, planes.data() + n * (H + 2) * PW);
#pragma omp parallel for schedule(static) if (p.batch * C * H * W > kParallelGrain)
  for (int64_t c = 0; c < C; ++c) {
    double total[9] = {};
    for (int64_t n = 0; n < p.batch; ++n) {
      const float* plane = planes.data() + n * (H + 2) * PW;
      const float* g = dy + (n * C + c) * H * W;
      float acc[9] = {};
      for (int64_t h = 0; h < H; ++h) {
        const float* r0 = plane + h * PW;
        const float* r1 = r0 + PW;
        const float* r2 = r1 + PW;
        const float* gr = g + h * W;
        float a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0;
#pragma omp simd reduction(+ : a0, a1, a2, a3, a4, a5, a6, a7, a8)
        for (int64_t j = 0; j < W; ++j) {
          const float v = gr[j];
          a0 += v * r0[j];
          a1 += v * r0[j + 1];
          a2 += v * r0[j + 2];
          a3 += v * r1[j];
          a4 += v * r1[j + 1];
          a5 += v * r1[j + 2];
          a6 += v * r2[j];
          a7 += v * r2[j + 1];
          a8 += v * r2[j + 2];
        }
        const float row[9] = {a0, a1, a2, a3, a4, a5, a6, a7, a8};
        for (int k = 0; k < 9; ++k) acc[k] += row[k];
      }
      for (int k = 0; k < 9; ++k) total[k] += acc[k];
    }
    for (int k = 0; k < 9; ++k) dw[c * 9 + k] += static_cast<float>(total[k]);
  }
}

// oneDNN's plain layouts need contiguous tensors; empty shapes have nothing to compute.
bool onednn_can_run(const ConvParams& p, std::initializer_list<const View*> views) {
  if (p.batch == 0 || p.in_channels == 0 || p.out_channels == 0) return false;
  for (const View* v : views) {
    if (v->data != nullptr && (!v->is_contiguous() || v->numel() == 0)) return false;
  }
  return true;
}

}  // namespace

void conv_forward(ConvParams p, In x, In w, In bias, Out y) {
  if (is_single_channel_3x3(p, {&x, &w, &bias, &y})) return single_channel_forward(p, x.data, w.data, bias.data, y.data);
  if (!onednn_can_run(p, {&x, &w, &bias, &y})) return reference::conv_forward(p, x, w, bias, y);
  if (bias.data != nullptr) return execute(p, Pass::forward_bias, {x.data, w.data, bias.data}, y.data);
  execute(p, Pass::forward, {x.data, w.data}, y.data);
}

void conv_backward_input(ConvParams p, In dy, In w, Out dx) {
  if (!onednn_can_run(p, {&dy, &w, &dx})) return reference::conv_backward_input(p, dy, w, dx);
  execute(p, Pass::backward_input, {dy.data, w.data}, dx.data);
}

void conv_backward_weight(ConvParams p, In x, In dy, Out dw) {
  if (is_single_channel_3x3(p, {&x, &dy, &dw})) return single_channel_backward_weight(p, x.data, dy.data, dw.data);
  if (!onednn_can_run(p, {&x, &dy, &dw})) return reference::conv_backward_weight(p, x, dy, dw);
  execute(p, Pass::backward_weight, {x.data, dy.data}, dw.data);
}

}  // namespace eddl::hw::cpu
