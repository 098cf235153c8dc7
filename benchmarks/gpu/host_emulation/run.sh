#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the kernels of a .cu file of the CUDA backend on the host, for a machine with no GPU: the
# launches (<<<...>>>) are stripped, shim/ stands in for gpu_context.h and loops.cuh (host memory,
# sequential grid-stride loops, a naive cublasSgemm), and the parity table's cases for those
# kernels run against cpu-reference under AddressSanitizer. Checks index maths, GEMM operands and
# leading dimensions, masks and "adds into"; not races or device numerics (the GPU parity run does).
# Usage: benchmarks/gpu/host_emulation/run.sh [build dir holding src/libeddl.so, default build-gpu]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
build_dir="${1:-$repo_root/build-gpu}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

sed 's/<<<[^>]*>>>//' "$repo_root/src/hardware/gpu/recurrent.cu" > "$work/recurrent_on_host.cpp"
cases="$repo_root/tests/hardware"
compile() {
  c++ -std=c++17 -O1 -g "$@" -iquote "$here/shim" -I"$repo_root/src" -I"$repo_root/include" -I"$cases" \
    "$work/recurrent_on_host.cpp" "$here/recurrent_parity.cpp" "$cases/case_runner.cpp" "$cases"/kernel_cases*.cpp \
    -L"$build_dir/src" -leddl -Wl,-rpath,"$build_dir/src" -o "$work/recurrent_parity"
}
# Under AddressSanitizer where the toolchain has it (out-of-bounds indexing shows at once).
compile -fsanitize=address,undefined -fno-sanitize-recover=undefined 2>/dev/null || compile
"$work/recurrent_parity"
