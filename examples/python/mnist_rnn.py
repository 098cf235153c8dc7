# SPDX-License-Identifier: MIT
"""8_mnist_rnn from Python: each image as 28 steps of 28 pixels through an LSTM(128), Dense, Softmax."""
from pyeddl import eddl

from example_data import load, parse_args


def main():
    args = parse_args(__doc__, epochs=1, batch=100)
    in_ = eddl.Input([28])
    layer = eddl.LeakyReLu(eddl.Dense(in_, 32))
    layer = eddl.L2(eddl.LSTM(layer, 128), 0.001)
    out = eddl.Softmax(eddl.Dense(layer, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.rmsprop(0.001), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(args.threads))
    eddl.summary(net)

    x_train, y_train, x_test, y_test = load(args.dataset, args.samples)
    for x, y in ((x_train, y_train), (x_test, y_test)):
        x.reshape_([x.shape[0], 28, 28])
        y.reshape_([y.shape[0], 1, 10])
    eddl.fit(net, [x_train], [y_train], args.batch, args.epochs)
    eddl.evaluate(net, [x_test], [y_test])
    print(f"Test accuracy: {eddl.get_metrics(net)[0]:.4f}")


if __name__ == "__main__":
    main()
