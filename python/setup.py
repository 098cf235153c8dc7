# SPDX-License-Identifier: MIT
# The offline wheel: setuptools drives CMake (target _core, which builds libeddl too) and packs
# pyeddl/*.py, _core, libeddl.so.2 (found through _core's $ORIGIN rpath) and, in CUDA builds,
# libeddl_gpu.so. No network:
#   cd python && /usr/bin/python3 setup.py bdist_wheel          # -> python/dist/pyeddl-*.whl
#   /usr/bin/python3 -m pip wheel --no-build-isolation --no-deps python/
# PYEDDL_CMAKE_BUILD_DIR reuses an existing CMake build tree (default: <repo>/build-wheel).
import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent.parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = pathlib.Path(os.environ.get("PYEDDL_CMAKE_BUILD_DIR", ROOT / "build-wheel")).resolve()
        if not (build_dir / "CMakeCache.txt").exists():
            subprocess.check_call(["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                                   "-DEDDL_BUILD_PYTHON=ON", "-DEDDL_BUILD_TESTS=OFF", "-DEDDL_BUILD_EXAMPLES=OFF",
                                   "-DEDDL_BUILD_BENCHMARKS=OFF", f"-DPython_EXECUTABLE={sys.executable}"])
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_core", "-j", str(os.cpu_count() or 1)])
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        core = next((build_dir / "python" / "pyeddl").glob("_core*.so"))
        shutil.copy2(core, target)
        shutil.copy2((build_dir / "src" / "libeddl.so.2").resolve(), target.parent / "libeddl.so.2")
        gpu_module = build_dir / "src" / "libeddl_gpu.so"  # the CUDA backend, loaded by libeddl on demand
        if gpu_module.exists():
            shutil.copy2(gpu_module, target.parent / "libeddl_gpu.so")


setup(
    name="pyeddl",
    version="2.0.0",
    description="Python bindings of eddl, an EDDL-compatible deep learning library (PyEDDL-compatible API)",
    license="MIT",
    packages=["pyeddl"],
    ext_modules=[Extension("pyeddl._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    install_requires=["numpy"],
    python_requires=">=3.9",
    zip_safe=False,
)
