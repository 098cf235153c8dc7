#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command for a GPU machine: builds eddl with CUDA, runs the GPU tests (kernel parity against
# cpu-reference and the 20-step training parity), then the training benchmark of each network on
# the GPU beside PyTorch on the same GPU (rnn is 8_mnist_rnn's LSTM network against nn.LSTM), plus
# the MLP and the LSTM network on the CPU, and prints a Markdown table; with two or more GPUs, also
# data parallel over all of them (--gpus K) against one.
# Usage: benchmarks/gpu/run.sh [--steps N] [--skip-tests]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_dir="${EDDL_GPU_BUILD_DIR:-$repo_root/build-gpu-bench}"
steps=50
run_tests=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --steps) steps="$2"; shift 2 ;;
    --skip-tests) run_tests=0; shift ;;
    *) sed -n '3,8p' "$0"; exit 2 ;;
  esac
done

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
cmake -S "$repo_root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEDDL_WITH_CUDA=ON \
  -DEDDL_BUILD_EXAMPLES=OFF -DEDDL_BUILD_PYTHON=OFF -DEDDL_BUILD_BENCHMARKS=ON >/dev/null
ninja -C "$build_dir" eddl_gpu test_hardware test_net test_tensor eddl_benchmark_gpu

if [[ $run_tests == 1 ]]; then
  "$build_dir/tests/hardware/test_hardware" --gtest_filter='Parity/*_on_cuda:Registry.*'
  "$build_dir/tests/net/test_net" --gtest_filter='Gpu*:Replicas.Gpu*:RecordedSteps.*:ModelClone.TwoGpus*'
  "$build_dir/tests/tensor/test_tensor" --gtest_filter='Recording.*'
fi

bench="$build_dir/benchmarks/gpu/eddl_benchmark_gpu"
# eddl's column is with recorded steps (one CUDA graph per training step, the default on a GPU);
# "one by one" launches every kernel from the host (EDDL_RECORDED_STEPS=0), to show what the graph saves.
printf '\n| network | batch | eddl GPU (samples/s) | eddl GPU, kernels one by one | PyTorch GPU (samples/s) | eddl / PyTorch |\n|---|---|---|---|---|---|\n'
for net in mlp conv_bn rnn resnet18; do
  ours=$("$bench" --net "$net" --steps "$steps" 2>/dev/null | awk '{print $4}') || ours="unsupported"
  eager=$(EDDL_RECORDED_STEPS=0 "$bench" --net "$net" --steps "$steps" 2>/dev/null | awk '{print $4}') || eager="failed"
  theirs=$(python3 "$repo_root/benchmarks/gpu/gpu_training.py" --net "$net" --steps "$steps" | awk '{print $4}')
  batch=$([[ $net == resnet18 ]] && echo 128 || echo 100)
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
  printf '| %s | %s | %s | %s | %s | %s |\n' "$net" "$batch" "${ours:-failed}" "${eager:-failed}" "$theirs" "$ratio"
done
cpu=$("$bench" --net mlp --steps 20 --cpu 2>/dev/null | awk '{print $4}')
printf '\nMLP on the CPU of this machine: %s samples/s (target: GPU >= 5x this)\n' "$cpu"
cpu_rnn=$("$bench" --net rnn --steps 20 --cpu 2>/dev/null | awk '{print $4}')
printf 'LSTM network (rnn) on the CPU of this machine: %s samples/s\n' "$cpu_rnn"

# Several GPUs: data parallel through replicas (net/replicas.h; host average after every batch),
# the same batch split over the GPUs, against one GPU.
gpu_count=$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | wc -l) || gpu_count=0
if (( gpu_count >= 2 )); then
  printf '\n| network | eddl 1 GPU (samples/s) | eddl %d GPUs, replicas (samples/s) | speed-up |\n|---|---|---|---|\n' "$gpu_count"
  for net in mlp conv_bn rnn resnet18; do
    one=$("$bench" --net "$net" --steps "$steps" 2>/dev/null | awk '{print $4}') || one="failed"
    many=$("$bench" --net "$net" --steps "$steps" --gpus "$gpu_count" 2>/dev/null | awk '{print $4}') || many="failed"
    ratio=$(awk -v a="$many" -v b="$one" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
    printf '| %s | %s | %s | %s |\n' "$net" "$one" "$many" "$ratio"
  done
fi
