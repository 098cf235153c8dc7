# SPDX-License-Identifier: MIT
# The offline wheel: python/setup.py packs the already-built module (reusing the CMake build tree the
# suite runs against), the wheel holds the package, _core and libeddl, and it imports on its own.
import os
import pathlib
import subprocess
import sys
import zipfile

import pytest

import pyeddl
from conftest import REPO


def test_wheel_builds_offline_and_imports(tmp_path):
    core_dir = pathlib.Path(pyeddl._core.__file__).resolve().parent
    build_dir = core_dir.parent.parent
    if not (build_dir / "CMakeCache.txt").exists():
        pytest.skip(f"pyeddl is not imported from a CMake build tree ({core_dir})")
    env = dict(os.environ, PYEDDL_CMAKE_BUILD_DIR=str(build_dir))
    subprocess.run([sys.executable, "setup.py", "-q", "egg_info", "--egg-base", str(tmp_path), "build", "--build-base",
                    str(tmp_path / "build"), "bdist_wheel", "--dist-dir", str(tmp_path / "dist"), "--bdist-dir",
                    str(tmp_path / "bdist")], cwd=REPO / "python", env=env, check=True, capture_output=True)
    wheels = list((tmp_path / "dist").glob("pyeddl-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    for expected in ["pyeddl/__init__.py", "pyeddl/eddl.py", "pyeddl/tensor.py", "pyeddl/libeddl.so.2"]:
        assert expected in names
    assert any(n.startswith("pyeddl/_core") and n.endswith(".so") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheels[0]).extractall(site)
    code = ("import pyeddl, numpy as np; from pyeddl.tensor import Tensor; "
            "assert pyeddl.__file__.startswith(%r); print(Tensor.fromarray(np.ones(3)).getdata().sum())" % str(site))
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(site)),
                         check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "3.0"
