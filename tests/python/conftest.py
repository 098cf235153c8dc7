# SPDX-License-Identifier: MIT
# Finds pyeddl: an installed package wins; otherwise the build tree's python/ folder
# ($PYEDDL_BUILD_DIR/python, or build/python at the repository root), so `pytest tests/python`
# runs right after `cmake --build build`.
import gzip
import os
import pathlib
import sys

import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def _add_build_tree():
    try:
        import pyeddl  # noqa: F401
        return
    except ImportError:
        pass
    build = pathlib.Path(os.environ.get("PYEDDL_BUILD_DIR", REPO / "build"))
    sys.path.insert(0, str(build / "python"))
    try:
        import pyeddl  # noqa: F401,F811
    except ImportError as e:
        pytest.exit(f"pyeddl is neither installed nor built in {build}/python ({e}); a build tree configured "
                    f"before EDDL_BUILD_PYTHON defaulted to ON needs: cmake -S . -B {build} -DEDDL_BUILD_PYTHON=ON",
                    returncode=1)


_add_build_tree()

FASHION_DIR = pathlib.Path(os.environ.get("EDDL_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))


def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


@pytest.fixture(scope="session")
def fashion():
    """Fashion-MNIST as float32 arrays: (x_train [N,784] in [0,1], y_train one-hot, x_test, y_test)."""
    files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
             "t10k-labels-idx1-ubyte.gz"]
    if not all((FASHION_DIR / f).exists() for f in files):
        pytest.skip(f"Fashion-MNIST not found in {FASHION_DIR} (apt-get install dataset-fashion-mnist)")
    xtr, ytr, xts, yts = (_read_idx(FASHION_DIR / f) for f in files)
    eye = np.eye(10, dtype=np.float32)
    return (xtr.reshape(-1, 784).astype(np.float32) / 255, eye[ytr],
            xts.reshape(-1, 784).astype(np.float32) / 255, eye[yts])
