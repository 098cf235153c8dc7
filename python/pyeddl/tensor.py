# SPDX-License-Identifier: MIT
"""pyeddl.tensor: the Tensor class and device constants, as in PyEDDL.

``Tensor`` is ``pyeddl._core.Tensor`` itself (not a subclass), so tensors returned by any call
(predict, getOutput, select ...) are instances of it and have every method. NumPy interop:
``Tensor.fromarray(a)`` and ``Tensor(a)`` copy, ``t.getdata()`` copies back, and
``np.array(t, copy=False)`` is a zero-copy view of a CPU tensor.
"""
from . import _core

Tensor = _core.Tensor

DEV_CPU = _core.eddl.DEV_CPU
DEV_GPU = _core.eddl.DEV_GPU
DEV_FPGA = _core.eddl.DEV_FPGA

__all__ = ["Tensor", "DEV_CPU", "DEV_GPU", "DEV_FPGA"]
