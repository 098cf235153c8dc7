# SPDX-License-Identifier: MIT
# Tensor <-> NumPy: copies in (any dtype and layout), copies out, zero-copy views observed both ways,
# and the Tensor methods checked against NumPy.
import gc

import numpy as np
import pytest

from pyeddl import _core
from pyeddl.tensor import DEV_CPU, Tensor


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8, np.bool_])
def test_fromarray_round_trip_any_dtype(dtype):
    a = (np.arange(24).reshape(2, 3, 4) % 7).astype(dtype)
    t = Tensor.fromarray(a)
    assert t.shape == [2, 3, 4] and t.ndim == 3 and t.size == 24
    out = t.getdata()
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, a.astype(np.float32))


def test_one_dimensional_integer_array_is_data_not_a_shape():
    # PyEDDL issue 10: Tensor(np.arange(6)) took the array for a shape and crashed.
    t = Tensor(np.arange(6))
    assert t.shape == [6]
    np.testing.assert_array_equal(t.getdata(), np.arange(6, dtype=np.float32))
    assert Tensor([2, 3]).shape == [2, 3]  # a list is still a shape


@pytest.mark.parametrize("make", [
    lambda a: a[:, ::2],              # strided columns
    lambda a: a.T,                    # transposed view
    lambda a: np.asfortranarray(a),   # Fortran order
    lambda a: a[::-1, 1:],            # negative strides
])
def test_non_contiguous_arrays_are_copied_in_logical_order(make):
    a = make(np.arange(48, dtype=np.float64).reshape(6, 8))
    t = Tensor.fromarray(a)
    assert t.shape == list(a.shape)
    np.testing.assert_array_equal(t.getdata(), a.astype(np.float32))


def test_scalar_array_and_empty_shapes():
    t = Tensor.fromarray(np.float32(3.5))
    assert t.shape == [1] and t.getdata()[0] == 3.5


def test_fromarray_copies():
    a = np.ones((3, 3), dtype=np.float32)
    t = Tensor.fromarray(a)
    a[0, 0] = 5
    assert t.getdata()[0, 0] == 1


def test_getdata_copies():
    t = Tensor.ones([2, 2])
    d = t.getdata()
    d[0, 0] = 9
    assert t.getdata()[0, 0] == 1


def test_zero_copy_view_aliases_both_ways():
    t = Tensor.fromarray(np.arange(12, dtype=np.float32).reshape(3, 4))
    view = np.array(t, copy=False)
    assert view.dtype == np.float32 and view.shape == (3, 4) and view.flags["C_CONTIGUOUS"]
    view[1, 2] = -7.0                       # NumPy writes, the tensor sees it
    assert t.getdata()[1, 2] == -7.0
    t.mult_(2.0)                            # the tensor changes, the view sees it
    assert view[1, 2] == -14.0 and view[2, 3] == 22.0
    assert np.shares_memory(view, np.asarray(memoryview(t)))


def test_view_keeps_memory_alive_after_the_tensor_goes():
    t = Tensor.full([1000], 3.0)
    view = np.array(t, copy=False)
    del t
    gc.collect()
    Tensor.full([1000], 5.0)  # reuse the freed allocation if it were freed
    assert (view == 3.0).all()


def test_view_follows_reshape():
    t = Tensor.fromarray(np.arange(6, dtype=np.float32))
    t.reshape_([2, 3])
    assert np.array(t, copy=False).shape == (2, 3)
    assert memoryview(t).strides == (12, 4)


def test_device_tensor_refuses_a_view():
    try:
        t = Tensor([2, 2], _core.eddl.DEV_GPU)
    except (NotImplementedError, ValueError, RuntimeError) as e:
        pytest.skip(f"no GPU in this build: {e}")
    with pytest.raises((BufferError, ValueError), match="CPU tensor"):
        np.array(t, copy=False)
    assert t.getdata().shape == (2, 2)


def test_unconvertible_input_raises_type_error():
    with pytest.raises(TypeError, match="float32"):
        Tensor.fromarray(np.array(["a", "b"], dtype=object))


def test_constructors_and_creation():
    assert Tensor().ndim == 0
    np.testing.assert_array_equal(Tensor([1.0, 2.0, 3.0, 4.0], [2, 2]).getdata(), [[1, 2], [3, 4]])
    np.testing.assert_array_equal(Tensor.zeros([2, 3]).getdata(), np.zeros((2, 3)))
    np.testing.assert_array_equal(Tensor.ones([2]).getdata(), [1, 1])
    np.testing.assert_array_equal(Tensor.full([2], 7.0).getdata(), [7, 7])
    np.testing.assert_allclose(Tensor.arange(0, 5, 1).getdata(), np.arange(5))
    np.testing.assert_allclose(Tensor.range(0, 4, 1).getdata(), np.arange(5))
    np.testing.assert_allclose(Tensor.linspace(0, 1, 5).getdata(), np.linspace(0, 1, 5), rtol=1e-6)
    np.testing.assert_allclose(Tensor.logspace(0, 2, 3).getdata(), [1, 10, 100], rtol=1e-5)
    np.testing.assert_array_equal(Tensor.eye(3).getdata(), np.eye(3))
    np.testing.assert_array_equal(Tensor.identity(2).getdata(), np.eye(2))
    Tensor.set_seed(7)
    u = Tensor.randu([1000]).getdata()
    assert 0 <= u.min() and u.max() < 1 and abs(u.mean() - 0.5) < 0.05
    n = Tensor.randn([4000]).getdata()
    assert abs(n.mean()) < 0.1 and abs(n.std() - 1) < 0.1
    assert Tensor.zeros_like(Tensor.ones([2, 5])).shape == [2, 5]
    assert Tensor.full_like(Tensor.ones([2]), 4.0).getdata()[1] == 4


def test_methods_match_numpy():
    rng = np.random.default_rng(0)
    a = rng.uniform(0.5, 2.0, size=(3, 4)).astype(np.float32)
    b = rng.uniform(0.5, 2.0, size=(3, 4)).astype(np.float32)
    ta, tb = Tensor.fromarray(a), Tensor.fromarray(b)
    close = lambda t, ref: np.testing.assert_allclose(t.getdata(), ref, rtol=1e-5, atol=1e-6)  # noqa: E731
    close(ta + tb, a + b)
    close(ta - tb, a - b)
    close(ta * tb, a * b)
    close(ta / tb, a / b)
    close(2.0 - ta, 2.0 - a)
    close(2.0 / ta, 2.0 / a)
    close(3.0 * ta, 3.0 * a)
    close(-ta, -a)
    close(ta.add(1.5), a + 1.5)
    close(ta.sqrt(), np.sqrt(a))
    close(ta.exp(), np.exp(a))
    close(ta.log(), np.log(a))
    close(ta.pow(2.0), a ** 2)
    close(ta.clamp(0.8, 1.2), np.clip(a, 0.8, 1.2))
    c = Tensor.zeros([3, 4])
    Tensor.add(ta, tb, c)                   # EDDL's static form: C = A + B
    close(c, a + b)
    Tensor.exp(ta, c)
    close(c, np.exp(a))
    t = ta.clone()
    t.sub_(tb)
    close(t, a - b)
    t += 1.0
    close(t, a - b + 1)
    assert abs(ta.sum() - a.sum()) < 1e-4
    assert abs(ta.mean() - a.mean()) < 1e-5
    assert ta.max() == a.max() and ta.min() == a.min() and ta.argmax() == a.argmax()
    close(ta.sum([1], False), a.sum(axis=1))
    close(ta.mean([0], True), a.mean(axis=0, keepdims=True))
    close(ta.greater(1.0), (a > 1.0).astype(np.float32))
    close(Tensor.matmul(ta, tb.permute([1, 0])), a @ b.T)
    close(ta @ tb.permute([1, 0]), a @ b.T)
    close(Tensor.mult2D(ta, tb.permute([1, 0])), a @ b.T)
    assert ta.allclose(ta.clone())


def test_shape_and_indexing():
    a = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    t = Tensor.fromarray(a)
    np.testing.assert_array_equal(t.select(["1", "0:2"]).getdata(), a[1:2, 0:2])
    np.testing.assert_array_equal(t.select([":", "-1"]).getdata(), a[:, -1:])
    np.testing.assert_array_equal(t.permute([2, 0, 1]).getdata(), a.transpose(2, 0, 1))
    np.testing.assert_array_equal(t.reshape([6, 4]).getdata(), a.reshape(6, 4))
    u = t.clone()
    u.set_select(["0"], 0.0)
    assert u.getdata()[0].sum() == 0 and u.getdata()[1].sum() == a[1].sum()
    u.flatten_()
    assert u.getShape() == [24] and u.numel() == 24
    u.unsqueeze_(0)
    assert u.shape == [1, 24]
    u.squeeze_()
    assert u.shape == [24]
    np.testing.assert_array_equal(Tensor.concat([t, t], 1).getdata(), np.concatenate([a, a], 1))
    np.testing.assert_array_equal(Tensor.stack([t, t]).getdata(), np.stack([a, a]))
    out = Tensor.zeros([2, 6, 4])
    assert Tensor.concat([t, t], 1, out) is out
    rows = Tensor.zeros([2, 3, 4])
    Tensor.select(t, rows, [1, 0])
    np.testing.assert_array_equal(rows.getdata(), a[[1, 0]])


def test_save_and_load(tmp_path):
    a = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    t = Tensor.fromarray(a)
    for name in ["t.bin", "t.npy"]:
        t.save(str(tmp_path / name))
        np.testing.assert_array_equal(Tensor.load(str(tmp_path / name)).getdata(), a)
    np.testing.assert_array_equal(Tensor.load_partial(str(tmp_path / "t.bin"), 1, 3).getdata(), a[1:3])
    np.testing.assert_array_equal(np.load(tmp_path / "t.npy"), a)


def test_info_print_repr(capfd):
    t = Tensor.fromarray(np.array([[1.5, 2.0]], dtype=np.float32))
    t.info()
    t.print()
    out = capfd.readouterr().out
    assert "shape:" in out and "(1, 2)" in out and "1.5" in out
    assert repr(t) == "<Tensor shape=(1, 2) device=CPU>"
    assert t.device == DEV_CPU and t.isCPU() and not t.isGPU() and t.getDeviceName() == "CPU"
