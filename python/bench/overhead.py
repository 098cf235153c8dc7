# SPDX-License-Identifier: MIT
"""Python overhead, measured in one run on one machine:
1. fit() of 1_mnist_mlp: the C++ example and examples/python/mnist_mlp.py, alternated --pairs
   times on the same data, epochs, batch and threads; samples/s from the secs/epoch that the
   (shared) C++ progress prints, medians compared.
2. Tensor.fromarray / getdata of a 100 MB float32 array against NumPy's own copy (memcpy).
Usage: PYTHONPATH=<build>/python /usr/bin/python3 python/bench/overhead.py --cpp <build>/examples/1_mnist_mlp
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

import pyeddl
from pyeddl.tensor import Tensor

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def epoch_seconds(command, cwd):
    # The child imports the same pyeddl as this script, whatever the working directory.
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(pyeddl.__file__))))
    out = subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
    return [float(s) for s in re.findall(r"([0-9.]+) secs/epoch", out)]


def fit_rates(args, workdir):
    flags = ["--epochs", str(args.epochs), "--batch", str(args.batch), "--dataset", args.dataset, "--threads",
             str(args.threads), "--samples", str(args.samples)]
    commands = {"C++": [args.cpp] + flags,
                "Python": [sys.executable, os.path.join(REPO, "examples/python/mnist_mlp.py")] + flags}
    n = Tensor.load(os.path.join(workdir, f"{args.dataset}_trX.bin")).shape[0]
    n = min(n, args.samples) if args.samples > 0 else n
    rates = {name: [] for name in commands}
    for _ in range(args.pairs):
        for name, command in commands.items():
            # The first epoch warms up caches and allocations; the rest are timed.
            rates[name] += [n / s for s in epoch_seconds(command, workdir)[1:]]
    return rates


def copy_rates(repeats=7, megabytes=100):
    a = np.random.default_rng(0).random(megabytes * 2**20 // 4, dtype=np.float32)
    gb = a.nbytes / 1e9

    def best(fn):
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return gb / statistics.median(times)

    t = Tensor.fromarray(a)
    return {"np.copy (memcpy reference)": best(lambda: np.copy(a)), "Tensor.fromarray": best(lambda: Tensor.fromarray(a)),
            "Tensor.getdata": best(lambda: t.getdata()), "np.array(t, copy=False)": best(lambda: np.array(t, copy=False))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpp", required=True, help="the built C++ example 1_mnist_mlp")
    parser.add_argument("--dataset", default="fashion")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=-1, help="train on the first N samples (-1: all)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="pyeddl-overhead-")
    subprocess.run([args.cpp, "--epochs", "0", "--dataset", args.dataset], cwd=workdir, check=True, capture_output=True)
    rates = fit_rates(args, workdir)
    cpp, py = statistics.median(rates["C++"]), statistics.median(rates["Python"])
    print(f"fit 1_mnist_mlp, {args.dataset} ({args.samples} samples), batch {args.batch}, {args.threads} threads, {args.pairs} pairs x "
          f"{args.epochs - 1} timed epochs")
    for name, values in rates.items():
        print(f"  {name:7s} median {statistics.median(values):9.1f} samples/s  (min {min(values):.1f}, max {max(values):.1f})")
    print(f"  Python / C++ = {py / cpp:.4f} ({(py / cpp - 1) * 100:+.2f}%) on medians; "
          f"{max(rates['Python']) / max(rates['C++']):.4f} on best epochs (the figure to trust on a busy machine)")
    print("100 MB float32 array, GB/s (median of 7):")
    for name, rate in copy_rates().items():
        print(f"  {name:28s} {rate:8.2f}")


if __name__ == "__main__":
    main()
