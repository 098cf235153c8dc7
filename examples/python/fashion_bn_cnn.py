# SPDX-License-Identifier: MIT
"""The seed program: Fashion-MNIST through a BatchNormalization CNN (Reshape, 4 x [Conv 3x3 ->
BatchNormalization(affine) -> ReLu] with MaxPool after the first three, GlobalAveragePool, Flatten,
Dense 10, Softmax), built with adam(0.001), then summary, fit and evaluate."""
from pyeddl import eddl

from example_data import load, parse_args


def main():
    args = parse_args(__doc__, epochs=1, batch=100, dataset="fashion")
    in_ = eddl.Input([784])
    layer = eddl.Reshape(in_, [1, 28, 28])
    for i, filters in enumerate((16, 32, 64, 64)):
        layer = eddl.ReLu(eddl.BatchNormalization(eddl.Conv(layer, filters, [3, 3]), True))
        if i < 3:
            layer = eddl.MaxPool(layer, [2, 2])
    layer = eddl.Flatten(eddl.GlobalAveragePool(layer))
    out = eddl.Softmax(eddl.Dense(layer, 10))
    net = eddl.Model([in_], [out])
    eddl.build(net, eddl.adam(0.001), ["softmax_cross_entropy"], ["categorical_accuracy"], eddl.CS_CPU())
    eddl.summary(net)

    x_train, y_train, x_test, y_test = load(args.dataset, args.samples)
    eddl.fit(net, [x_train], [y_train], args.batch, args.epochs)
    eddl.evaluate(net, [x_test], [y_test])
    print(f"Test accuracy: {eddl.get_metrics(net)[0]:.4f}")


if __name__ == "__main__":
    main()
