# SPDX-License-Identifier: MIT
"""1_cifar_conv from Python: four [Conv 3x3 -> BatchNormalization -> ReLu -> MaxPool] blocks,
GlobalMaxPool, Dense, Softmax, adam."""
from pyeddl import eddl

from example_data import load, parse_args


def block(layer, filters):
    return eddl.MaxPool(eddl.ReLu(eddl.BatchNormalization(eddl.Conv(layer, filters, [3, 3]), True)), [2, 2])


def main():
    args = parse_args(__doc__, epochs=1, batch=100, dataset="cifar")
    in_ = eddl.Input([3, 32, 32])
    layer = in_
    for filters in (32, 64, 128, 256):
        layer = block(layer, filters)
    layer = eddl.Flatten(eddl.GlobalMaxPool(layer))
    out = eddl.Softmax(eddl.Dense(layer, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.adam(0.001), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU(args.threads))
    eddl.summary(net)

    x_train, y_train, x_test, y_test = load(args.dataset, args.samples)
    eddl.fit(net, [x_train], [y_train], args.batch, args.epochs)
    eddl.evaluate(net, [x_test], [y_test])
    print(f"Test accuracy: {eddl.get_metrics(net)[0]:.4f}")


if __name__ == "__main__":
    main()
