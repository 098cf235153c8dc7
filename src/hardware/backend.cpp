// SPDX-License-Identifier: MIT
// What every backend gets unless it knows better: compiled calls that are simply run in order.
#include "hardware/backend.h"

#include <utility>

namespace eddl::hw {

namespace {

class CallsInOrder final : public CompiledCalls {
 public:
  explicit CallsInOrder(std::vector<BoundCall> calls) : calls_(std::move(calls)) {}
  void run() override {
    for (const BoundCall& call : calls_) call();
  }

 private:
  std::vector<BoundCall> calls_;
};

}  // namespace

std::unique_ptr<CompiledCalls> Backend::compile(std::vector<BoundCall> calls, int index) {
  (void)index;
  return std::make_unique<CallsInOrder>(std::move(calls));
}

}  // namespace eddl::hw
