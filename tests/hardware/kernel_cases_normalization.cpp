// SPDX-License-Identifier: MIT
// Parity cases of the normalization kernels: [batch, channels, spatial] layouts from 2-D inputs
// (spatial 1) to images, batch 1, odd sizes, affine or not, running stats present or skipped, and
// backward through the batch statistics or through constants (inference).
#include <string>

#include "kernel_cases.h"

namespace eddl::hw::test {

namespace {

using Shape = std::vector<int64_t>;

struct Layout {
  const char* name;
  Shape x;  // [batch, channels, spatial]
};

const Layout kLayouts[] = {
    {"2-D input 4x3x1", {4, 3, 1}},
    {"batch 1 1x7x33", {1, 7, 33}},
    {"odd 3x5x49", {3, 5, 49}},
    {"layer-norm shape 1x6x35", {1, 6, 35}},
    {"images 8x16x64", {8, 16, 64}},
};

// Sums of M products in float against double: relative error grows with M.
constexpr Tolerance kNormalization{2e-4f, 2e-5f};

Shape channel_shape(const Shape& x) { return {x[1]}; }

}  // namespace

void add_normalization_cases(std::vector<KernelCase>& cases) {
  for (const Layout& l : kLayouts) {
    const Shape x = l.x, c = channel_shape(l.x);
    for (const bool affine : {true, false}) {
      const std::string name = std::string(l.name) + (affine ? " affine" : "");
      cases.push_back({KernelId::batchnorm_forward_train, name, kNormalization, [x, c, affine](CaseRunner& r) {
                         const View vx = r.input(x, {-2.0f, 3.0f});
                         const View gamma = affine ? r.input(c, {0.5f, 1.5f}) : View{};
                         const View beta = affine ? r.input(c) : View{};
                         const View y = r.output(x, "y");
                         const View mean = r.output(c, "batch_mean");
                         const View invstd = r.output(c, "batch_invstd");
                         const View running_mean = r.output(c, "running_mean");
                         const View running_var = r.output(c, "running_var", {0.5f, 2.0f});
                         r.call<KernelId::batchnorm_forward_train>(BatchNormParams{0.001f, 0.9f, true}, vx, gamma,
                                                                   beta, y, mean, invstd, running_mean, running_var);
                       }});
      cases.push_back(
          {KernelId::batchnorm_forward_inference, name, kNormalization, [x, c, affine](CaseRunner& r) {
             const View vx = r.input(x, {-2.0f, 3.0f});
             const View gamma = affine ? r.input(c, {0.5f, 1.5f}) : View{};
             const View beta = affine ? r.input(c) : View{};
             r.call<KernelId::batchnorm_forward_inference>(BatchNormParams{1e-5f, 0.99f, true}, vx, gamma, beta,
                                                           r.input(c), r.input(c, {0.1f, 2.0f}), r.output(x, "y"));
           }});
      for (const bool batch_stats : {true, false}) {
        cases.push_back({KernelId::batchnorm_backward, name + (batch_stats ? " batch stats" : " fixed stats"),
                         kNormalization, [x, c, affine, batch_stats](CaseRunner& r) {
                           const View vx = r.input(x, {-2.0f, 3.0f});
                           const View gamma = affine ? r.input(c, {0.5f, 1.5f}) : View{};
                           const View dy = r.input(x);
                           const View mean = r.input(c, {0.0f, 1.0f});
                           const View invstd = r.input(c, {0.3f, 2.0f});
                           const View dx = r.output(x, "dx");
                           const View dgamma = affine ? r.output(c, "dgamma") : View{};
                           const View dbeta = affine ? r.output(c, "dbeta") : View{};
                           r.call<KernelId::batchnorm_backward>(BatchNormParams{0.001f, 0.99f, batch_stats}, vx,
                                                                gamma, dy, mean, invstd, dx, dgamma, dbeta);
                         }});
      }
    }
  }
  cases.push_back({KernelId::batchnorm_forward_train, "no running stats 2x3x10", kNormalization, [](CaseRunner& r) {
                     const Shape x{2, 3, 10}, c{3};
                     r.call<KernelId::batchnorm_forward_train>(BatchNormParams{}, r.input(x), View{}, View{},
                                                               r.output(x, "y"), r.output(c, "batch_mean"),
                                                               r.output(c, "batch_invstd"), View{}, View{});
                   }});
  cases.push_back({KernelId::batchnorm_backward, "no dx, only parameter gradients 5x4x9", kNormalization,
                   [](CaseRunner& r) {
                     const Shape x{5, 4, 9}, c{4};
                     r.call<KernelId::batchnorm_backward>(BatchNormParams{}, r.input(x), r.input(c), r.input(x),
                                                          r.input(c), r.input(c, {0.3f, 2.0f}), View{},
                                                          r.output(c, "dgamma"), r.output(c, "dbeta"));
                   }});
}

}  // namespace eddl::hw::test
