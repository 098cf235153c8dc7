# SPDX-License-Identifier: MIT
"""pyeddl: Python bindings of eddl, compatible with PyEDDL.

``from pyeddl import eddl`` gives the model API (layers, build, fit ...), ``from pyeddl.tensor
import Tensor`` the tensor; ``pyeddl._core`` is the compiled module both are made from.
"""
from . import _core  # noqa: F401  (loads libeddl once, before the wrappers)
from . import eddl, tensor  # noqa: F401

__version__ = "2.0.0"
