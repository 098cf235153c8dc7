// SPDX-License-Identifier: MIT
// Convolutions through cuDNN. Each ConvParams gets a plan once per device: tensor, filter and
// convolution descriptors, and for forward, backward data and backward filter the algorithm that
// cuDNN's timed search finds fastest (cudnnFind*, as PyTorch's cudnn.benchmark; a training net's
// shapes repeat, so the search is paid once) or, with EDDL_GPU_CONV_SEARCH=0, if the search fails,
// or during a graph capture, the one its heuristics rank first; restricted to plain FMA maths
// unless TF32 is allowed, for parity.
// cuDNN pads both ends of an axis alike; eddl's "same" with an odd total pads one more cell at the
// end, so such shapes convolve an explicitly zero-padded copy of x with no padding instead.
#include <array>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include "hardware/gpu/gpu_context.h"
#include "hardware/gpu/gpu_kernels.h"

namespace eddl::hw::gpu {

namespace {

// Every field of ConvParams plus the device, as a map key (the struct has padding bytes, so its
// raw memory is no key).
using PlanKey = std::array<int64_t, 27>;

PlanKey key_of(const ConvParams& p, int device) {
  PlanKey k{};
  size_t i = 0;
  k[i++] = device;
  k[i++] = p.spatial_rank;
  k[i++] = p.batch;
  k[i++] = p.in_channels;
  k[i++] = p.out_channels;
  k[i++] = p.groups;
  for (int a = 0; a < 3; ++a) {
    k[i++] = p.in[a];
    k[i++] = p.kernel[a];
    k[i++] = p.stride[a];
    k[i++] = p.dilation[a];
    k[i++] = p.pad_begin[a];
    k[i++] = p.pad_end[a];
    k[i++] = p.out[a];
  }
  return k;
}

struct ConvPlan {
  bool padded = false;       ///< x is convolved as an explicitly zero-padded copy
  int64_t padded_in[3] = {};  ///< extents of that copy
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnConvolutionFwdAlgo_t forward{};
  cudnnConvolutionBwdDataAlgo_t backward_data{};
  cudnnConvolutionBwdFilterAlgo_t backward_filter{};
  size_t forward_workspace = 0, backward_data_workspace = 0, backward_filter_workspace = 0;

  ~ConvPlan() {
    if (x) cudnnDestroyTensorDescriptor(x);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (bias) cudnnDestroyTensorDescriptor(bias);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
  }
};

// A packed NCHW / NCDHW tensor descriptor; 1-D and 2-D convolutions use 4 dims (cuDNN's fastest
// kernels are 2-D), 3-D ones 5.
void set_tensor(cudnnTensorDescriptor_t desc, int dims, int64_t n, int64_t c, const int64_t* spatial) {
  int shape[5], strides[5];
  shape[0] = static_cast<int>(n);
  shape[1] = static_cast<int>(c);
  for (int a = 0; a < dims - 2; ++a) shape[2 + a] = static_cast<int>(spatial[3 - (dims - 2) + a]);
  strides[dims - 1] = 1;
  for (int d = dims - 2; d >= 0; --d) strides[d] = strides[d + 1] * shape[d + 1];
  EDDL_CUDA_CHECK(cudnnSetTensorNdDescriptor(desc, CUDNN_DATA_FLOAT, dims, shape, strides));
}

// The first ranked algorithm that succeeded and uses the allowed maths.
template <class Perf>
const Perf& pick(const Perf* ranked, int count, const char* what) {
  const cudnnMathType_t wanted = tf32_allowed() ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH;
  for (int i = 0; i < count; ++i) {
    if (ranked[i].status == CUDNN_STATUS_SUCCESS && ranked[i].mathType == wanted) return ranked[i];
  }
  for (int i = 0; i < count; ++i) {
    if (ranked[i].status == CUDNN_STATUS_SUCCESS) return ranked[i];
  }
  EDDL_CHECK_AS(NotSupportedError, false, "cuDNN has no " << what << " algorithm for this convolution");
  return ranked[0];
}

// Whether plans time cuDNN's algorithms (default) rather than take its heuristics' first.
bool conv_search_allowed() {
  static const bool allowed = [] {
    const char* v = std::getenv("EDDL_GPU_CONV_SEARCH");
    return v == nullptr || std::strcmp(v, "0") != 0;
  }();
  return allowed;
}

std::unique_ptr<ConvPlan> make_plan(const ConvParams& p, DeviceState& s) {
  cudnnHandle_t handle = cudnn_handle(s);
  // The search runs every algorithm and waits for the device, which a graph capture forbids.
  cudaStreamCaptureStatus capture = cudaStreamCaptureStatusNone;
  EDDL_CUDA_CHECK(cudaStreamIsCapturing(s.stream, &capture));
  const bool search = conv_search_allowed() && capture == cudaStreamCaptureStatusNone;
  auto plan = std::make_unique<ConvPlan>();
  const int dims = p.spatial_rank == 3 ? 5 : 4;
  const int spatial = dims - 2;
  int pads[3], strides[3], dilations[3];
  for (int a = 0; a < 3; ++a) {
    plan->padded = plan->padded || p.pad_begin[a] != p.pad_end[a];
    plan->padded_in[a] = p.in[a] + p.pad_begin[a] + p.pad_end[a];
  }
  for (int a = 0; a < spatial; ++a) {
    const int axis = 3 - spatial + a;
    pads[a] = plan->padded ? 0 : static_cast<int>(p.pad_begin[axis]);
    strides[a] = static_cast<int>(p.stride[axis]);
    dilations[a] = static_cast<int>(p.dilation[axis]);
  }
  EDDL_CUDA_CHECK(cudnnCreateTensorDescriptor(&plan->x));
  EDDL_CUDA_CHECK(cudnnCreateTensorDescriptor(&plan->y));
  EDDL_CUDA_CHECK(cudnnCreateTensorDescriptor(&plan->bias));
  EDDL_CUDA_CHECK(cudnnCreateFilterDescriptor(&plan->w));
  EDDL_CUDA_CHECK(cudnnCreateConvolutionDescriptor(&plan->conv));
  set_tensor(plan->x, dims, p.batch, p.in_channels, plan->padded ? plan->padded_in : p.in);
  set_tensor(plan->y, dims, p.batch, p.out_channels, p.out);
  const int64_t ones[3] = {1, 1, 1};
  set_tensor(plan->bias, dims, 1, p.out_channels, ones);
  int filter[5] = {static_cast<int>(p.out_channels), static_cast<int>(p.in_channels / p.groups), 1, 1, 1};
  for (int a = 0; a < spatial; ++a) filter[2 + a] = static_cast<int>(p.kernel[3 - spatial + a]);
  EDDL_CUDA_CHECK(cudnnSetFilterNdDescriptor(plan->w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, dims, filter));
  EDDL_CUDA_CHECK(cudnnSetConvolutionNdDescriptor(plan->conv, spatial, pads, strides, dilations,
                                                  CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
  EDDL_CUDA_CHECK(cudnnSetConvolutionGroupCount(plan->conv, static_cast<int>(p.groups)));
  EDDL_CUDA_CHECK(cudnnSetConvolutionMathType(plan->conv, tf32_allowed() ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH));

  int out_dims[5];
  EDDL_CUDA_CHECK(cudnnGetConvolutionNdForwardOutputDim(plan->conv, plan->x, plan->w, dims, out_dims));
  for (int a = 0; a < spatial; ++a) {
    EDDL_CHECK(out_dims[2 + a] == p.out[3 - spatial + a],
               "conv on GPU: cuDNN computes output extent " << out_dims[2 + a] << " on spatial axis " << a
                                                            << " where ConvParams says " << p.out[3 - spatial + a]);
  }

  constexpr int kMaxAlgos = 16;
  int found = 0;
  cudnnConvolutionFwdAlgoPerf_t fwd[kMaxAlgos];
  if (!search || cudnnFindConvolutionForwardAlgorithm(handle, plan->x, plan->w, plan->conv, plan->y, kMaxAlgos,
                                                      &found, fwd) != CUDNN_STATUS_SUCCESS || found == 0) {
    EDDL_CUDA_CHECK(
        cudnnGetConvolutionForwardAlgorithm_v7(handle, plan->x, plan->w, plan->conv, plan->y, kMaxAlgos, &found, fwd));
  }
  const auto& f = pick(fwd, found, "forward");
  plan->forward = f.algo;
  plan->forward_workspace = f.memory;
  cudnnConvolutionBwdDataAlgoPerf_t bwd_data[kMaxAlgos];
  if (!search || cudnnFindConvolutionBackwardDataAlgorithm(handle, plan->w, plan->y, plan->conv, plan->x, kMaxAlgos,
                                                           &found, bwd_data) != CUDNN_STATUS_SUCCESS || found == 0) {
    EDDL_CUDA_CHECK(cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, plan->w, plan->y, plan->conv, plan->x,
                                                                kMaxAlgos, &found, bwd_data));
  }
  const auto& bd = pick(bwd_data, found, "backward-data");
  plan->backward_data = bd.algo;
  plan->backward_data_workspace = bd.memory;
  cudnnConvolutionBwdFilterAlgoPerf_t bwd_filter[kMaxAlgos];
  if (!search || cudnnFindConvolutionBackwardFilterAlgorithm(handle, plan->x, plan->y, plan->conv, plan->w, kMaxAlgos,
                                                             &found, bwd_filter) != CUDNN_STATUS_SUCCESS ||
      found == 0) {
    EDDL_CUDA_CHECK(cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, plan->x, plan->y, plan->conv, plan->w,
                                                                  kMaxAlgos, &found, bwd_filter));
  }
  const auto& bf = pick(bwd_filter, found, "backward-filter");
  plan->backward_filter = bf.algo;
  plan->backward_filter_workspace = bf.memory;
  return plan;
}

const ConvPlan& plan_for(const ConvParams& p, DeviceState& s) {
  static std::mutex mutex;
  static std::map<PlanKey, std::unique_ptr<ConvPlan>> plans;
  const PlanKey key = key_of(p, s.index);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = plans.find(key);
  if (it == plans.end()) it = plans.emplace(key, make_plan(p, s)).first;
  return *it->second;
}

// The interior of a zero-padded copy of x: a strided view of it in x's shape.
View interior(float* padded, const ConvParams& p, const int64_t* padded_in, const View& like) {
  View v = like;
  v.data = padded;
  const int spatial = like.ndim - 2;
  int64_t stride = 1;
  int64_t offset = 0;
  for (int d = like.ndim - 1; d >= 0; --d) {
    v.strides[d] = stride;
    if (d >= 2) {
      const int axis = 3 - spatial + (d - 2);
      offset += p.pad_begin[axis] * stride;
      stride *= padded_in[axis];
    } else {
      stride *= like.shape[d];
    }
  }
  v.data += offset;
  return v;
}

int64_t padded_numel(const ConvParams& p, const ConvPlan& plan) {
  return p.batch * p.in_channels * plan.padded_in[0] * plan.padded_in[1] * plan.padded_in[2];
}

// A zero-padded copy of x in scratch memory.
void pad_input(const ConvParams& p, const ConvPlan& plan, DeviceState& s, In x, const Scratch& padded) {
  EDDL_CUDA_CHECK(cudaMemsetAsync(padded.data(), 0, padded.bytes(), s.stream));
  copy_strided(x, interior(padded.floats(), p, plan.padded_in, x));
}

}  // namespace

void conv_forward(ConvParams p, In x, In w, In bias, Out y) {
  DeviceState& s = state_of(y);
  const ConvPlan& plan = plan_for(p, s);
  cudnnHandle_t handle = cudnn_handle(s);
  const float one = 1.0f, zero = 0.0f;
  Scratch padded(s, plan.padded ? static_cast<size_t>(padded_numel(p, plan)) * sizeof(float) : 0);
  if (plan.padded) pad_input(p, plan, s, x, padded);
  Scratch workspace(s, plan.forward_workspace);
  EDDL_CUDA_CHECK(cudnnConvolutionForward(handle, &one, plan.x, plan.padded ? padded.data() : x.data, plan.w, w.data,
                                          plan.conv, plan.forward, workspace.data(), workspace.bytes(), &zero, plan.y,
                                          y.data));
  if (bias.data != nullptr) {
    EDDL_CHECK(bias.ndim == 0 || bias.strides[0] == 1 || bias.shape[0] == 1, "conv_forward on GPU: bias must be contiguous");
    EDDL_CUDA_CHECK(cudnnAddTensor(handle, &one, plan.bias, bias.data, &one, plan.y, y.data));
  }
}

void conv_backward_input(ConvParams p, In dy, In w, Out dx) {
  DeviceState& s = state_of(dx);
  const ConvPlan& plan = plan_for(p, s);
  cudnnHandle_t handle = cudnn_handle(s);
  const float one = 1.0f, zero = 0.0f;
  Scratch workspace(s, plan.backward_data_workspace);
  if (!plan.padded) {
    // beta = 1: cuDNN adds into dx, as the contract asks.
    EDDL_CUDA_CHECK(cudnnConvolutionBackwardData(handle, &one, plan.w, w.data, plan.y, dy.data, plan.conv,
                                                 plan.backward_data, workspace.data(), workspace.bytes(), &one, plan.x,
                                                 dx.data));
    return;
  }
  // The gradient of the padded copy, of which dx takes the interior.
  Scratch padded(s, static_cast<size_t>(padded_numel(p, plan)) * sizeof(float));
  EDDL_CUDA_CHECK(cudnnConvolutionBackwardData(handle, &one, plan.w, w.data, plan.y, dy.data, plan.conv,
                                               plan.backward_data, workspace.data(), workspace.bytes(), &zero, plan.x,
                                               padded.data()));
  binary_map(BinaryOp::add, BinaryArgs{}, dx, interior(padded.floats(), p, plan.padded_in, dx), dx);
}

void conv_backward_weight(ConvParams p, In x, In dy, Out dw) {
  DeviceState& s = state_of(dw);
  const ConvPlan& plan = plan_for(p, s);
  cudnnHandle_t handle = cudnn_handle(s);
  const float one = 1.0f;
  Scratch padded(s, plan.padded ? static_cast<size_t>(padded_numel(p, plan)) * sizeof(float) : 0);
  if (plan.padded) pad_input(p, plan, s, x, padded);
  Scratch workspace(s, plan.backward_filter_workspace);
  EDDL_CUDA_CHECK(cudnnConvolutionBackwardFilter(handle, &one, plan.x, plan.padded ? padded.data() : x.data, plan.y,
                                                 dy.data, plan.conv, plan.backward_filter, workspace.data(),
                                                 workspace.bytes(), &one, plan.w, dw.data));
}

}  // namespace eddl::hw::gpu
