# SPDX-License-Identifier: MIT
# The model API from Python: every eddl.h function reachable, PyEDDL's defaults, object lifetimes
# (a model outlives every Python reference to its parts and vice versa), exceptions with their
# messages, Python losses and metrics, and Ctrl-C during fit.
import gc
import os
import re
import signal
import threading
import time

import numpy as np
import pytest

from pyeddl import _core, eddl
from pyeddl.tensor import Tensor

from conftest import REPO

# Declared in eddl.h but deliberately not in pyeddl.eddl (none today).
NOT_BOUND = set()


def declared_functions(header):
    """Names of the free functions a public header declares (declarations start a line)."""
    names = set()
    for line in header.read_text().splitlines():
        m = re.match(r"^(?!typedef|using|class|struct|namespace|#|//|\s)[\w:<>,\s\*&]*?[\s\*&](\w+)\(", line)
        if m:
            names.add(m.group(1))
    return names


def test_every_eddl_h_function_is_bound():
    declared = declared_functions(REPO / "include/eddl/apis/eddl.h")
    declared |= {n for n in declared_functions(REPO / "include/eddl/datasets/datasets.h") if n.startswith("download_")}
    assert {"Model", "build", "fit", "Dense", "download_mnist"} <= declared
    missing = sorted(n for n in declared - NOT_BOUND if not hasattr(eddl, n))
    assert not missing, f"eddl.h functions missing from pyeddl.eddl: {missing}"


def test_constants_and_classes():
    assert (eddl.DEV_CPU, eddl.DEV_GPU, eddl.DEV_FPGA) == (0, 1000, 2000)
    assert (eddl.TRMODE, eddl.TSMODE, eddl.MAX_THREADS) == (1, 0, 1024)
    for name in ["Tensor", "Layer", "Net", "Loss", "Metric", "Optimizer", "SGD", "Adam", "RMSProp", "CompServ"]:
        assert hasattr(_core, name), name


def mlp(hidden=16, classes=3, name=""):
    in_ = eddl.Input([4])
    x = eddl.ReLu(eddl.Dense(in_, hidden))
    out = eddl.Softmax(eddl.Dense(x, classes))
    net = eddl.Model([in_], [out])
    if name:
        eddl.setName(net, name)
    return net


def toy_data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    labels = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0).astype(int)
    return Tensor.fromarray(x), Tensor.fromarray(np.eye(3, dtype=np.float32)[labels])


def quiet(net):
    net.verbosity_level = 0
    return net


def test_defaults_follow_pyeddl():
    net = mlp()
    eddl.build(net)  # o=None, lo=None, me=None, cs=None: sgd(0.001, 0.9) on the CPU
    assert net.isbuild and isinstance(net.optimizer, _core.SGD)
    assert net.optimizer.get_lr() == pytest.approx(0.001) and net.optimizer.mu == pytest.approx(0.9)
    cs = eddl.CS_GPU()
    assert cs.local_gpus == [1] and cs.lsb == 1 and cs.mem_level == 0
    assert eddl.CS_CPU(2, "low_mem").mem_level == 2
    assert eddl.CS_FPGA().local_fpgas == [1]
    assert eddl.adam().get_lr() == pytest.approx(0.01)
    assert eddl.rmsprop(0.05).get_lr() == pytest.approx(0.05)


def build_and_forget():
    """A model whose layers, optimizer and computing service lose every Python reference."""
    net = mlp(name="forgotten")
    eddl.build(net, eddl.adam(0.01), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(1))
    return net


def test_model_survives_dropped_references():
    net = quiet(build_and_forget())
    gc.collect()
    x, y = toy_data()
    eddl.fit(net, [x], [y], 16, 20)
    eddl.evaluate(net, [x], [y])
    assert eddl.get_metrics(net)[0] > 0.8
    assert [l.name for l in net.layers][0].startswith("input")


def test_layer_handles_keep_their_model_alive():
    net = mlp()
    eddl.build(net, eddl.sgd(0.1), ["mse"], ["mse"], eddl.CS_CPU(1))
    dense = eddl.getLayer(net, net.layers[1].name)
    opt = net.optimizer
    params = dense.params
    del net
    gc.collect()
    # Had the Net been deleted, these would point at freed memory.
    assert dense.getShape() == [16] and opt.get_lr() == pytest.approx(0.1)
    assert params[0].shape == [4, 16]
    np.array(params[0], copy=False)[:] = 0.5
    assert eddl.getParam(dense, 0).getdata().mean() == pytest.approx(0.5)


def test_layers_cannot_join_two_models():
    in_ = eddl.Input([2])
    out = eddl.Dense(in_, 2)
    eddl.Model([in_], [out])
    with pytest.raises(ValueError, match="already belongs to model"):
        eddl.Model([in_], [out])


def test_fine_grained_training_and_layer_tensors():
    net = mlp()
    eddl.build(net, eddl.sgd(0.1, 0.9), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(1))
    x, y = toy_data()
    eddl.reset_loss(net)
    for _ in range(30):
        eddl.train_batch(net, [x], [y], list(range(16)))
    eddl.train_batch(net, [x], [y])
    eddl.eval_batch(net, [x], [y])
    eddl.eval_batch(net, [x], [y], [0, 1, 2])
    assert len(eddl.get_losses(net)) == 1
    idx = eddl.random_indices(8, 64)
    assert len(set(idx)) == 8 and all(0 <= i < 64 for i in idx)
    xb, yb = Tensor.zeros([8, 4]), Tensor.zeros([8, 3])
    eddl.next_batch([x, y], [xb, yb])
    outs = eddl.forward(net, [xb])
    assert outs[0].name == net.lout[0].name
    eddl.zeroGrads(net)
    eddl.backward(net, [yb])
    eddl.update(net)
    eddl.forward(net, b=8)
    eddl.forward(net)
    eddl.backward(net)
    out = eddl.getOutput(outs[0])
    assert out.shape == [8, 3]
    np.testing.assert_allclose(out.getdata().sum(axis=1), 1.0, rtol=1e-5)
    dense = net.layers[1]
    assert eddl.getParam(dense, 0).shape == [4, 16]
    assert [p.shape for p in eddl.getParams(dense)] == [[4, 16], [16]]
    assert [g.shape for g in eddl.getGradients(dense)] == [[4, 16], [16]]
    assert eddl.getGradient(dense, 1).shape == [16]
    assert eddl.getDelta(dense).shape[1] == 16
    assert eddl.getInput(dense).shape == [8, 4]
    preds = eddl.predict(net, [x])
    assert preds[0].shape == [64, 3]
    params = eddl.get_parameters(net, deepcopy=True)
    assert [len(p) for p in params] == [0, 2, 0, 2, 0]
    params[1][0].fill_(0.25)
    eddl.set_parameters(net, params)
    assert eddl.getParam(dense, 0).getdata().max() == pytest.approx(0.25)
    live = eddl.get_parameters(net)
    live[1][0].fill_(0.5)
    assert eddl.getParam(dense, 0).getdata().min() == pytest.approx(0.5)
    eddl.setlr(net, [0.01, 0.9])
    assert net.optimizer.get_lr() == pytest.approx(0.01)
    eddl.toCPU(net, 1)
    assert eddl.predict(net, [x])[0].shape == [64, 3]
    eddl.set_mode(net, eddl.TSMODE)
    eddl.setTrainable(net, dense.name, False)
    assert not dense.trainable


def test_save_load_copy_and_utilities(tmp_path, capfd):
    a, b = mlp(), mlp()
    for net in (a, b):
        eddl.build(net, eddl.sgd(), ["mse"], ["mse"], eddl.CS_CPU(1))
    path = str(tmp_path / "w.bin")
    eddl.save(a, path, "legacy")  # EDDL's layout has no layer names, so it loads into a twin model
    eddl.load(b, path)
    np.testing.assert_array_equal(eddl.getParam(a.layers[1], 0).getdata(), eddl.getParam(b.layers[1], 0).getdata())
    eddl.copyParam(a.layers[3], b.layers[3])
    eddl.copyParam(a.layers[3], b.layers[3], 0)
    x, _ = toy_data(8)
    eddl.forward(a, [x])
    eddl.forward(b, [x])
    eddl.copyOutput(a.layers[1], b.layers[1])
    eddl.backward(a, [Tensor.zeros([8, 3])])
    eddl.copyDelta(a.layers[1], b.layers[1])
    eddl.copyGradient(a.layers[1], b.layers[1], 0)
    eddl.summary(a)
    eddl.print_loss(a, 1)
    eddl.plot(a, str(tmp_path / "model.pdf"))
    eddl.setlogfile(a, str(tmp_path / "log"))
    assert (tmp_path / "model.dot").exists()
    assert "Total params" in capfd.readouterr().out
    assert "Total params" in a.summary(False)
    assert eddl.getOut(a)[0].name == a.lout[0].name
    (tmp_path / "lines.txt").write_text("a\nb\n")
    assert eddl.read_txt_file(str(tmp_path / "lines.txt")) == ["a", "b"]
    assert eddl.exist(path) and not eddl.exist(str(tmp_path / "nope"))


def test_every_layer_factory_and_decorator():
    in_ = eddl.Input([2, 3, 4])
    x = eddl.Reshape(in_, [6, 4])
    x = eddl.Permute(x, [1, 0])
    x = eddl.Unsqueeze(x, 0)
    x = eddl.Squeeze(x, 0)
    x = eddl.Flatten(x)
    x = eddl.Identity(eddl.Bypass(x, "noop"))
    x = eddl.Dropout(x, 0.1)
    x = eddl.GlorotNormal(eddl.Dense(x, 8))
    for act in (eddl.Sigmoid, eddl.HardSigmoid, eddl.ReLu, eddl.ThresholdedReLu, eddl.LeakyReLu, eddl.Elu,
                eddl.Selu, eddl.Exponential, eddl.Softplus, eddl.Softsign, eddl.Tanh, eddl.Linear):
        x = act(x)
    x = eddl.Activation(x, "leaky_relu", [0.2])
    for deco in (eddl.GlorotUniform, eddl.HeUniform, eddl.HeNormal, eddl.RandomNormal, eddl.RandomUniform,
                 eddl.Constant):
        x = deco(eddl.Dense(x, 8))
    x = eddl.L1L2(eddl.L1(eddl.L2(eddl.Dense(x, 4), 0.01), 0.01), 0.01, 0.01)
    out = eddl.Softmax(x, -1, "probs")
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.nadam(), ["categorical_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(1))
    assert out.name == "probs" and out.getShape() == [4]
    y = eddl.predict(net, [Tensor.randn([3, 2, 3, 4])])[0]
    np.testing.assert_allclose(y.getdata().sum(axis=1), 1.0, rtol=1e-5)
    for opt in (eddl.adadelta(), eddl.adagrad(), eddl.adamax()):
        assert opt.get_lr() > 0


def test_exceptions_carry_their_messages(tmp_path):
    with pytest.raises(ValueError, match=r"3 losses given for 1 outputs"):
        eddl.build(mlp(), eddl.sgd(), ["mse"] * 3, ["mse"] * 3, eddl.CS_CPU())
    with pytest.raises(ValueError, match="unknown|known"):
        eddl.getLoss("no_such_loss")
    with pytest.raises(OSError, match="does not exist"):
        Tensor.load(str(tmp_path / "missing.bin"))
    (tmp_path / "bad.bin").write_bytes(b"\x02\x00")
    with pytest.raises(OSError, match="bad.bin"):
        Tensor.load(str(tmp_path / "bad.bin"))
    with pytest.raises(ValueError, match="mem"):
        eddl.CS_CPU(1, "lots_of_mem")
    net = mlp()
    with pytest.raises(ValueError, match="not built"):
        eddl.fit(net, [Tensor.zeros([4, 4])], [Tensor.zeros([4, 3])], 2, 1)
    eddl.build(net, eddl.sgd(), ["mse"], ["mse"], eddl.CS_CPU(1))
    with pytest.raises(ValueError, match=r"does not fit layer"):
        eddl.fit(net, [Tensor.zeros([4, 5])], [Tensor.zeros([4, 3])], 2, 1)
    with pytest.raises(TypeError, match="a loss is a name or a Loss"):
        mlp().build(eddl.sgd(), [3], ["mse"], eddl.CS_CPU())
    with pytest.raises(NotImplementedError):
        eddl.build(mlp(), eddl.sgd(), ["mse"], ["mse"], eddl.CS_GPU([1]))
    with pytest.raises(ValueError, match="shape"):
        Tensor.ones([2, 3]).reshape_([4])


class PyMSE(_core.Loss):
    """Mean squared error written in Python (the value summed over the batch, delta / batch)."""

    def __init__(self):
        _core.Loss.__init__(self, "py_mse")
        self.calls = 0

    def value(self, t, y):
        self.calls += 1
        diff = y.getdata() - t.getdata()
        return float((diff ** 2).sum() / (t.size / t.shape[0]))

    def delta(self, t, y, d):
        grad = 2 * (y.getdata() - t.getdata()) / (t.size / t.shape[0]) / t.shape[0]
        np.array(d, copy=False)[...] = grad


class PyAccuracy(_core.Metric):
    def __init__(self):
        _core.Metric.__init__(self, "py_accuracy")

    def value(self, t, y):
        return float((t.getdata().argmax(-1) == y.getdata().argmax(-1)).sum())


def test_python_loss_and_metric_train_like_the_builtins():
    x, y = toy_data(128)
    results = {}
    for kind in ("python", "builtin"):
        Tensor.set_seed(3)
        net = quiet(mlp())
        if kind == "python":
            loss = PyMSE()
            net.build(eddl.sgd(0.05, 0.9), [loss], [PyAccuracy()], eddl.CS_CPU(1))
        else:
            net.build(eddl.sgd(0.05, 0.9), ["mse"], [eddl.getMetric("categorical_accuracy")], eddl.CS_CPU(1))
        eddl.fit(net, [x], [y], 16, 15)
        eddl.evaluate(net, [x], [y])
        results[kind] = (eddl.get_losses(net)[0], eddl.get_metrics(net)[0])
    assert loss.calls > 100
    assert results["python"][1] > 0.8
    assert results["python"][0] == pytest.approx(results["builtin"][0], rel=1e-3, abs=1e-5)
    assert results["python"][1] == pytest.approx(results["builtin"][1])


class PyMSEOnDevice(_core.Loss):
    """The same MSE as PyMSE, summed with add_value (the Net's per-batch call) from built-in ops."""

    def __init__(self):
        _core.Loss.__init__(self, "py_mse_on_device")
        self.inner = eddl.getLoss("mse")
        self.calls = 0

    def add_value(self, t, y, total):
        self.calls += 1
        self.inner.add_value(t, y, total)

    def delta(self, t, y, d):
        self.inner.delta(t, y, d)


def test_add_value_sums_into_a_tensor_and_matches_value():
    t = Tensor.fromarray(np.array([[0, 1, 0], [1, 0, 0]], dtype=np.float32))
    y = Tensor.fromarray(np.array([[0.2, 0.7, 0.1], [0.6, 0.3, 0.1]], dtype=np.float32))
    total = Tensor.zeros([1])
    mse = eddl.getLoss("mse")
    mse.add_value(t, y, total)
    mse.add_value(t, y, total)
    assert total.getdata()[0] == pytest.approx(2 * 0.4 / 3, rel=1e-6)
    assert mse.value(t, y) == pytest.approx(0.4 / 3, rel=1e-6)
    # A Python loss overriding add_value only: the Net and value() both go through it.
    custom = PyMSEOnDevice()
    assert custom.value(t, y) == pytest.approx(0.4 / 3, rel=1e-6)
    x, yy = toy_data(64)
    net = quiet(mlp())
    net.build(eddl.sgd(0.05), [custom], [PyAccuracy()], eddl.CS_CPU(1))
    eddl.fit(net, [x], [yy], 16, 1)
    assert custom.calls == 1 + 4
    assert eddl.get_losses(net)[0] > 0


def test_python_loss_lives_as_long_as_the_model():
    def make():
        net = quiet(mlp())
        net.build(eddl.sgd(0.05), [PyMSE()], [PyAccuracy()], eddl.CS_CPU(1))
        return net
    net = make()
    gc.collect()
    x, y = toy_data()
    eddl.fit(net, [x], [y], 16, 1)


def test_fit_releases_the_gil():
    x, y = toy_data(4096)
    net = quiet(mlp(hidden=256))
    eddl.build(net, eddl.sgd(0.01), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(1))
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    thread = threading.Thread(target=count)
    thread.start()
    t0 = time.time()
    eddl.fit(net, [x], [y], 32, 30)
    elapsed = time.time() - t0
    stop.set()
    thread.join()
    assert len(ticks) > 0.3 * elapsed * 1000 / 2, "the Python thread hardly ran while fit held the GIL"


def test_ctrl_c_interrupts_fit_between_batches():
    x, y = toy_data(8192)
    net = quiet(mlp(hidden=512))
    eddl.build(net, eddl.sgd(0.01), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(1))
    # A process started in the background by a non-interactive shell (as CI may start the suite)
    # inherits SIGINT ignored, and then Python never turns it into KeyboardInterrupt: install
    # Python's own handler for the duration of the test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
        t0 = time.time()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            eddl.fit(net, [x], [y], 8, 1000)
        assert time.time() - t0 < 10
    finally:
        signal.signal(signal.SIGINT, previous)
    eddl.fit(net, [x], [y], 64, 1)  # the model is still usable
