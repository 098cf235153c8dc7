#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a training benchmark: eddl (<net>_training.cpp) and PyTorch (<net>_training.py) interleaved
# A B A B A B, each under /usr/bin/time -v for peak RSS, and prints a table of medians with ratios.
# Usage: benchmarks/training/run.sh [--quick] [--pairs N] [--mem full_mem|low_mem] [--net] mlp|lstm|cnn|bncnn|all
#   (--quick: 1 pair, 120 steps; lstm: 8_mnist_rnn; cnn, bncnn: cnn_training.*; --mem: eddl's, cnn/bncnn)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
build_dir="${EDDL_BENCH_BUILD_DIR:-$repo_root/build-bench}"
threads=2
pairs=3
steps_args=()
net=mlp
mem=full_mem

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) pairs=1; steps_args=(--steps 120); shift ;;
    --pairs) pairs="$2"; shift 2 ;;
    --net) net="$2"; shift 2 ;;
    --mem) mem="$2"; shift 2 ;;
    mlp|lstm|cnn|bncnn|all) net="$1"; shift ;;
    -h|--help) sed -n '3,6p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (use --quick, --pairs N, --mem MODE or a network name)" >&2; exit 2 ;;
  esac
done

# Build the eddl side if needed (the cmake target links the shared library `eddl`).
if [[ ! -f "$build_dir/build.ninja" && ! -f "$build_dir/Makefile" ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  cmake -S "$repo_root" -B "$build_dir" "${generator[@]}" "${launcher[@]}" \
    -DEDDL_BUILD_TESTS=OFF -DEDDL_BUILD_EXAMPLES=OFF
fi
case "$net" in
  mlp|lstm|cnn|bncnn) nets=("$net") ;;
  all) nets=(mlp lstm cnn bncnn) ;;
  *) echo "unknown network $net (mlp, lstm, cnn, bncnn or all)" >&2; exit 2 ;;
esac
# The CNN and the BN-CNN share one program per side, which takes --net.
program_of() { case "$1" in cnn|bncnn) echo cnn ;; *) echo "$1" ;; esac; }
targets=()
for n in "${nets[@]}"; do targets+=("eddl_benchmark_$(program_of "$n")"); done
cmake --build "$build_dir" --target "${targets[@]}" -- -j2

# Both peers get the same thread count. PyTorch runs at its best: the OpenMP build of OpenBLAS
# (the default pthread one fights PyTorch's own OpenMP threads and is several times slower).
run_eddl() {
  OMP_NUM_THREADS=$threads /usr/bin/time -v -o "$1.time" "$eddl_bin" "${net_args[@]}" "${eddl_args[@]}" \
    "${steps_args[@]}" >"$1.out" 2>"$1.err"
}
run_pytorch() {
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OMP_NUM_THREADS=$threads \
    /usr/bin/time -v -o "$1.time" /usr/bin/python3 "$script_dir/${program}_training.py" "${net_args[@]}" \
    "${steps_args[@]}" >"$1.out" 2>"$1.err"
}

for net in "${nets[@]}"; do
program="$(program_of "$net")"
eddl_bin="$build_dir/benchmarks/training/eddl_benchmark_$program"
net_args=()
eddl_args=()
if [[ "$program" == cnn ]]; then
  net_args=(--net "$net")
  eddl_args=(--mem "$mem")
fi
log_dir="$build_dir/benchmarks/training/runs-$(date +%Y%m%d-%H%M%S)-$net"
mkdir -p "$log_dir"

for ((pair = 1; pair <= pairs; ++pair)); do
  for framework in eddl pytorch; do
    base="$log_dir/${framework}_$pair"
    # The machine is shared: record the load beside every run so noisy figures can be told apart.
    cut -d' ' -f1 /proc/loadavg >"$base.load"
    echo "pair $pair/$pairs: $framework (load $(cat "$base.load"))" >&2
    "run_$framework" "$base"
  done
done

# The library measured is the working tree as built, so say which commit and whether src/ differs.
revision="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$repo_root" status --porcelain -- src include 2>/dev/null)" ]]; then
  revision="$revision + uncommitted changes in src/ or include/"
fi

/usr/bin/python3 - "$log_dir" "$pairs" "$threads" "$revision" "$net" "$mem" <<'EOF'
import os, platform, re, statistics, subprocess, sys

log_dir, pairs, threads, revision, net, mem = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
runs = {"eddl": [], "pytorch": []}
for framework in runs:
    for pair in range(1, pairs + 1):
        base = os.path.join(log_dir, f"{framework}_{pair}")
        out = open(base + ".out").read()
        match = re.search(r"^RESULT .*$", out, re.M)
        if not match:
            sys.exit(f"no RESULT line in {base}.out")
        fields = dict(kv.split("=", 1) for kv in match.group(0).split()[1:])
        rss_kib = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(base + ".time").read())
        fields["rss_mib"] = int(rss_kib.group(1)) / 1024
        fields["load"] = float(open(base + ".load").read())
        runs[framework].append(fields)

def values(framework, key):
    return [float(r[key]) for r in runs[framework]]

def cell(framework, key, fmt):
    v = values(framework, key)
    med = fmt.format(statistics.median(v))
    return med if len(v) == 1 else f"{med} ({fmt.format(min(v))}-{fmt.format(max(v))})"

rows = [("training samples/s", "train_sps", "{:.0f}", True),
        ("inference samples/s", "infer_sps", "{:.0f}", True),
        ("epoch wall time s", "epoch_s", "{:.2f}", False),
        ("test accuracy", "test_acc", "{:.4f}", None),
        ("peak RSS MiB", "rss_mib", "{:.0f}", False)]
cpu = next((l.split(":", 1)[1].strip() for l in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
            if l.startswith("Model name")), platform.processor())
loads = [r["load"] for f in runs for r in runs[f]]
title = {"mlp": "MLP 784-3x1024-10", "lstm": "8_mnist_rnn (Dense 32 ReLu, LSTM 128, Dense 10; 28 steps)",
         "cnn": "CNN 3x(Conv 3x3 same 32/64/128, ReLu, MaxPool 2), Dense 10",
         "bncnn": "BN-CNN 4x(Conv 3x3 same 32/64/128/256, BatchNorm, ReLu), 3 MaxPool, GlobalAvgPool, Dense 10"}[net]
cs = f'CS_CPU({threads}, "{mem}")' if net in ("cnn", "bncnn") else f"CS_CPU({threads})"
print(f"\n{title} on Fashion-MNIST, batch 100, {threads} threads (OMP_NUM_THREADS={threads}, {cs}, "
      f"torch.set_num_threads({threads})), PyTorch with OpenMP OpenBLAS")
print(f"{pairs} interleaved pair(s), steps per run {runs['eddl'][0]['steps']}; nproc {os.cpu_count()}; {cpu}")
print(f"eddl at {revision}; 1-min load before the runs: {min(loads):.2f}-{max(loads):.2f}")
print(f"logs in {log_dir}\n")
print("| figure | eddl | PyTorch | eddl / PyTorch |")
print("|---|---|---|---|")
for label, key, fmt, higher_is_better in rows:
    ratio = statistics.median(values("eddl", key)) / statistics.median(values("pytorch", key))
    ratio_text = "-" if higher_is_better is None else f"{ratio:.2f}"  # a ratio of accuracies says little
    print(f"| {label} | {cell('eddl', key, fmt)} | {cell('pytorch', key, fmt)} | {ratio_text} |")
print("\nMedians, with (min-max) over the runs where there are several.")
EOF
done
