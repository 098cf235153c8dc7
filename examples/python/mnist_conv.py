# SPDX-License-Identifier: MIT
"""7_mnist_conv from Python: four Conv 3x3 + ReLu + MaxPool blocks, Dense, Softmax, rmsprop."""
from pyeddl import eddl

from example_data import load, parse_args


def main():
    args = parse_args(__doc__, epochs=1, batch=100)
    in_ = eddl.Input([784])
    layer = eddl.Reshape(in_, [1, 28, 28])
    for filters in (16, 32, 64, 128):
        layer = eddl.MaxPool(eddl.ReLu(eddl.Conv(layer, filters, [3, 3])), [2, 2], [2, 2], "same")
    layer = eddl.Reshape(layer, [-1])
    out = eddl.Softmax(eddl.Dense(layer, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.rmsprop(0.01), ["softmax_cross_entropy"], ["categorical_accuracy"],
               eddl.CS_CPU(args.threads, "full_mem"))
    eddl.summary(net)

    x_train, y_train, x_test, y_test = load(args.dataset, args.samples)
    eddl.fit(net, [x_train], [y_train], args.batch, args.epochs)
    eddl.evaluate(net, [x_test], [y_test])
    print(f"Test accuracy: {eddl.get_metrics(net)[0]:.4f}")


if __name__ == "__main__":
    main()
