#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the built eddl into a temporary prefix, then builds and runs a consumer project that
# uses find_package(EDDL) (EDDL::eddl), and the same program through pkg-config.
set -euo pipefail
build_dir="$1"
source_dir="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" "$work/consumer/consumer"
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
g++ -O1 "$source_dir/consumer/main.cpp" -o "$work/consumer_pc" $(pkg-config --cflags --libs eddl) -fopenmp
LD_LIBRARY_PATH="$work/prefix/lib:${LD_LIBRARY_PATH:-}" "$work/consumer_pc"
echo "install: ok"
