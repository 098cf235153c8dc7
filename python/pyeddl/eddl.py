# SPDX-License-Identifier: MIT
"""pyeddl.eddl: EDDL's model API with PyEDDL's Python names and defaults.

Everything comes from ``pyeddl._core.eddl`` (compiled, with keyword arguments and Python defaults);
this module adds the few functions whose Python form differs from C++ in more than defaults.
"""
from . import _core

_eddl = _core.eddl

globals().update({name: getattr(_eddl, name) for name in dir(_eddl) if not name.startswith("_")})

if hasattr(_eddl, "BatchNormalization"):
    def BatchNormalization(parent, affine=True, momentum=0.9, epsilon=0.00001, name=""):
        """PyEDDL's order and defaults (affine first; momentum 0.9, epsilon 1e-5), unlike C++."""
        return _eddl.BatchNormalization(parent, affine, momentum, epsilon, name)

if hasattr(_eddl, "LayerNormalization"):
    def LayerNormalization(parent, affine=True, epsilon=0.00001, name=""):
        """PyEDDL's order and defaults (affine first)."""
        return _eddl.LayerNormalization(parent, affine, epsilon, name)


def __dir__():
    return sorted(name for name in globals() if not name.startswith("_"))
