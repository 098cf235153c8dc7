# SPDX-License-Identifier: MIT
# A short real training run from Python: the BN-CNN seed program on a Fashion-MNIST subset reaches
# a stated test accuracy, and an MLP on more data does too (skipped with a message without data).
import numpy as np
import pytest

from pyeddl import eddl
from pyeddl.tensor import Tensor


def subset(fashion, n_train, n_test):
    xtr, ytr, xts, yts = fashion
    return (Tensor.fromarray(xtr[:n_train]), Tensor.fromarray(ytr[:n_train]), Tensor.fromarray(xts[:n_test]),
            Tensor.fromarray(yts[:n_test]))


def test_mlp_reaches_80_percent_on_fashion_mnist(fashion):
    x, y, xt, yt = subset(fashion, 10000, 2000)
    in_ = eddl.Input([784])
    h = eddl.LeakyReLu(eddl.Dense(in_, 256))
    out = eddl.Softmax(eddl.Dense(h, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.adam(0.001), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU())
    net.verbosity_level = 0
    eddl.fit(net, [x], [y], 100, 4)
    eddl.evaluate(net, [xt], [yt])
    assert eddl.get_metrics(net)[0] > 0.80


def test_bn_cnn_seed_program_reaches_70_percent(fashion):
    x, y, xt, yt = subset(fashion, 3000, 1000)
    in_ = eddl.Input([784])
    layer = eddl.Reshape(in_, [1, 28, 28])
    for i, filters in enumerate([16, 32, 32, 32]):
        layer = eddl.ReLu(eddl.BatchNormalization(eddl.Conv(layer, filters, [3, 3]), True))
        if i < 3:
            layer = eddl.MaxPool(layer, [2, 2])
    layer = eddl.Flatten(eddl.GlobalAveragePool(layer))
    out = eddl.Softmax(eddl.Dense(layer, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.adam(0.001), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU())
    assert "Total params" in net.summary(False)
    net.verbosity_level = 0
    eddl.fit(net, [x], [y], 50, 2)
    eddl.evaluate(net, [xt], [yt])
    accuracy = eddl.get_metrics(net)[0]
    assert accuracy > 0.70, accuracy
    probs = eddl.predict(net, [xt])[0].getdata()
    assert probs.shape == (1000, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-4)
    assert (probs.argmax(1) == fashion[3][:1000].argmax(1)).mean() == pytest.approx(accuracy, abs=1e-6)
