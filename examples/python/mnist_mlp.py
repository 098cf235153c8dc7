# SPDX-License-Identifier: MIT
"""1_mnist_mlp from Python: 784-1024-1024-1024-10 with LeakyReLu, trained with fit (the twin of
examples/nn/1_mnist/1_mnist_mlp.cpp; also used for the Python-overhead benchmark)."""
import time

from pyeddl import eddl

from example_data import load, parse_args


def main():
    args = parse_args(__doc__, epochs=5, batch=100)
    in_ = eddl.Input([784])
    layer = in_
    for _ in range(3):
        layer = eddl.LeakyReLu(eddl.Dense(layer, 1024))
    out = eddl.Softmax(eddl.Dense(layer, 10), -1)
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.sgd(0.01, 0.9), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(args.threads))
    eddl.summary(net)

    x_train, y_train, x_test, y_test = load(args.dataset, args.samples)
    t0 = time.perf_counter()
    eddl.fit(net, [x_train], [y_train], args.batch, args.epochs)
    seconds = time.perf_counter() - t0
    print(f"fit: {x_train.shape[0] * args.epochs / seconds:.1f} samples/s")
    eddl.evaluate(net, [x_test], [y_test])
    print(f"Test accuracy: {eddl.get_metrics(net)[0]:.4f}")


if __name__ == "__main__":
    main()
