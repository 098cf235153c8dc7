// SPDX-License-Identifier: MIT
// The convolutional half of eddl.h: factories only, every check is in the layers.
#include "eddl/apis/eddl.h"
#include "hardware/check.h"

namespace eddl {

layer Conv(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides, string padding,
           bool use_bias, int groups, const vector<int>& dilation_rate, string name) {
  return new LConv(parent, filters, kernel_size, strides, padding, {}, groups, dilation_rate, use_bias, name);
}

layer Conv2D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides, string padding,
             bool use_bias, int groups, const vector<int>& dilation_rate, string name) {
  return Conv(parent, filters, kernel_size, strides, padding, use_bias, groups, dilation_rate, name);
}

layer Conv1D(layer parent, int filters, vector<int> kernel_size, vector<int> strides, string padding, bool use_bias,
             int groups, const vector<int> dilation_rate, string name) {
  return new LConv1D(parent, filters, kernel_size, strides, padding, {}, groups, dilation_rate, use_bias, name);
}

layer Conv3D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides, string padding,
             bool use_bias, int groups, const vector<int>& dilation_rate, string name) {
  return new LConv3D(parent, filters, kernel_size, strides, padding, {}, groups, dilation_rate, use_bias, name);
}

layer ConvT2D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides, string padding,
              bool use_bias, int groups, const vector<int>& dilation_rate, string name) {
  return new LConvT2D(parent, filters, kernel_size, strides, padding, {}, groups, dilation_rate, use_bias, name);
}

layer ConvT3D(layer parent, int filters, const vector<int>& kernel_size, const vector<int>& strides, string padding,
              bool use_bias, int groups, const vector<int>& dilation_rate, string name) {
  return new LConvT3D(parent, filters, kernel_size, strides, padding, {}, groups, dilation_rate, use_bias, name);
}

layer PointwiseConv2D(layer parent, int filters, const vector<int>& strides, bool use_bias, int groups,
                      const vector<int>& dilation_rate, string name) {
  return new LConv(parent, filters, {1, 1}, strides, "none", {}, groups, dilation_rate, use_bias, name);
}

layer PointwiseConv(layer parent, int filters, const vector<int>& strides, bool use_bias, int groups,
                    const vector<int>& dilation_rate, string name) {
  return PointwiseConv2D(parent, filters, strides, use_bias, groups, dilation_rate, name);
}

layer DepthwiseConv2D(layer parent, const vector<int>& kernel_size, const vector<int>& strides, string padding,
                      bool use_bias, const vector<int>& dilation_rate, string name) {
  EDDL_CHECK(parent != nullptr, "DepthwiseConv2D: parent layer is null");
  const vector<int> shape = parent->getShape();
  EDDL_CHECK(shape.size() == 3, "DepthwiseConv2D " << name << ": expects a 4-D input (batch, channels, height, "
                                                      "width), got "
                                                   << shape.size() + 1 << "-D");
  const int channels = shape[0];
  return new LConv(parent, channels, kernel_size, strides, padding, {}, channels, dilation_rate, use_bias, name);
}

}  // namespace eddl
