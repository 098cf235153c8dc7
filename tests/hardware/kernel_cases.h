// SPDX-License-Identifier: MIT
// The parity table's vocabulary: a KernelCase builds seeded operands on one backend, calls one
// kernel and hands back its outputs; the same case run on a backend and on cpu-reference must agree
// within the case's tolerance. kernel_cases() is the table (kernel_cases.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hardware/backend.h"

namespace eddl::hw::test {

/// |got - expected| <= atol + rtol * |expected|; both zero means bit-exact equality.
struct Tolerance {
  float rtol = 0.0f;
  float atol = 0.0f;
  bool is_exact() const { return rtol == 0.0f && atol == 0.0f; }
};
constexpr Tolerance kExact{0.0f, 0.0f};

/// How an operand's values are drawn: uniform in [lo, hi), rounded to multiples of `step` when
/// step > 0 (comparison and logical ops need ties and zeros to be meaningful).
struct Init {
  float lo = -1.0f;
  float hi = 1.0f;
  float step = 0.0f;
};

/// Thrown by CaseRunner::call when the backend's table has no entry for the kernel.
struct KernelMissing {};

/// One output of a run, copied back to the host (the whole storage, so writes outside the view
/// are caught too).
struct CaseOutput {
  std::string name;
  std::vector<float> values;
};

/// Builds operands for one case on one backend. Operands are drawn from a counter seeded by the
/// case, so the same case body gives the same inputs on every backend.
class CaseRunner {
 public:
  CaseRunner(Backend& backend, uint64_t seed);

  /// `n` host values drawn from the case's stream (also for values a case computes itself).
  std::vector<float> random(int64_t n, Init init = {});
  /// Storage of `numel` elements on the backend, filled with `values`, seen as a 1-D view.
  /// `output_name` non-empty marks it as an output to compare.
  View storage(const std::vector<float>& values, const std::string& output_name = "");
  /// A contiguous input of `shape` with random values.
  View input(const std::vector<int64_t>& shape, Init init = {});
  /// A contiguous input with the given values.
  View input_values(const std::vector<int64_t>& shape, const std::vector<float>& values);
  /// A contiguous output of `shape`, pre-filled with random values (so that a kernel that adds
  /// into it, or forgets an element, differs from the reference).
  View output(const std::vector<int64_t>& shape, const std::string& name, Init init = {});

  /// Calls kernel `id` of the backend's table; throws KernelMissing when the slot is empty.
  template <KernelId id, class... Args>
  void call(Args&&... args) {
    const auto fn = KernelSlot<id>::get(backend_.kernels());
    if (fn == nullptr) throw KernelMissing{};
    fn(std::forward<Args>(args)...);
    backend_.synchronize(0);
  }

  /// The outputs, in the order they were created.
  std::vector<CaseOutput> outputs();

 private:
  struct Operand {
    std::shared_ptr<Buffer> buffer;
    int64_t numel = 0;
    std::string output_name;
  };
  Backend& backend_;
  uint64_t state_;
  std::vector<Operand> operands_;
};

/// A view of `base`'s storage with another shape, strides (in elements) and offset: transposes,
/// broadcasts (stride 0) and sub-blocks.
View reshape(const View& base, const std::vector<int64_t>& shape, const std::vector<int64_t>& strides,
             int64_t offset = 0);

struct KernelCase {
  KernelId kernel;
  std::string name;
  Tolerance tolerance;
  std::function<void(CaseRunner&)> body;
};

/// The parity table: every KernelId has at least one case (test_parity.cpp checks it).
const std::vector<KernelCase>& kernel_cases();

/// Family tables, each in its own kernel_cases_<family>.cpp.
void add_conv_cases(std::vector<KernelCase>& cases);
void add_pool_cases(std::vector<KernelCase>& cases);
void add_normalization_cases(std::vector<KernelCase>& cases);
void add_resample_cases(std::vector<KernelCase>& cases);
void add_recurrent_cases(std::vector<KernelCase>& cases);

/// A stable seed for a case (FNV-1a of kernel and case name).
uint64_t case_seed(const KernelCase& kc);

}  // namespace eddl::hw::test
