#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs the CUDA backend's kernels (every .cu file but conv.cu, which is cuDNN) on the host, for a
# machine with no GPU: rewrite_launches.py turns each launch into a host call, shim/ stands in for
# gpu_context.h (host memory, launches as in emulated_launch.h: threads in turn, or real threads at
# a barrier where a file uses __syncthreads; a naive cublasSgemm), and the parity table's cases for
# those kernels run against cpu-reference under AddressSanitizer. Checks index maths, GEMM operands
# and leading dimensions, broadcasting, block trees, masks and "adds into"; not races or device
# numerics (the GPU parity run does).
# Usage: benchmarks/gpu/host_emulation/run.sh [build dir holding src/libeddl.so, default build-gpu]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../../.." && pwd)"
build_dir="${1:-$repo_root/build-gpu}"
# Another copy of the .cu files (to check that a deliberate error is caught, say).
sources="${EDDL_GPU_SOURCES:-$repo_root/src/hardware/gpu}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

units=()
for unit in elementwise random reductions softmax gemm optimizers pool normalization recurrent; do
  /usr/bin/env python3 "$here/rewrite_launches.py" "$sources/$unit.cu" "$work/${unit}_on_host.cpp"
  units+=("$work/${unit}_on_host.cpp")
done
cases="$repo_root/tests/hardware"
compile() {
  c++ -std=c++17 -O2 -g -march=native -ffp-contract=fast -pthread "$@" -iquote "$here/shim" -I"$here/shim_system" -I"$repo_root/src" -I"$repo_root/include" -I"$cases" \
    "${units[@]}" "$here/parity_on_host.cpp" "$cases/case_runner.cpp" "$cases"/kernel_cases*.cpp \
    -L"$build_dir/src" -leddl -Wl,-rpath,"$build_dir/src" -o "$work/parity_on_host"
}
# Under AddressSanitizer where the toolchain has it (out-of-bounds indexing shows at once). FMA
# contraction on, as nvcc's default --fmad=true and the library's -O3 -march=native build: the exact
# cases (fill_random's uniform draws a + (b - a) u) differ in the last bit without it.
if [[ "${EDDL_EMULATION_SANITIZER:-address}" == thread ]]; then
  # ThreadSanitizer instead: a missing __syncthreads in a block-level kernel shows as a data race.
  compile -fsanitize=thread
else
  compile -fsanitize=address,undefined -fno-sanitize-recover=undefined || compile
fi
"$work/parity_on_host"
