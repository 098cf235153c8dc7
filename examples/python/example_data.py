# SPDX-License-Identifier: MIT
"""Shared by the Python examples: command-line flags and EDDL's dataset files as tensors."""
import argparse

from pyeddl import eddl
from pyeddl.tensor import Tensor


def parse_args(description, epochs, batch, dataset="mnist"):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dataset", choices=["mnist", "fashion", "cifar"], default=dataset)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch", "--batch-size", dest="batch", type=int, default=batch)
    parser.add_argument("--samples", type=int, default=-1, help="train on the first N samples only")
    parser.add_argument("--threads", type=int, default=-1, help="CPU threads (-1: all cores)")
    return parser.parse_args()


def load(dataset, samples=-1):
    """(x_train, y_train, x_test, y_test) scaled to [0, 1]; `dataset` is mnist, fashion or cifar."""
    {"mnist": eddl.download_mnist, "fashion": eddl.download_fashion_mnist, "cifar": eddl.download_cifar10}[dataset]()
    x_train, y_train, x_test, y_test = (Tensor.load(f"{dataset}_{part}.bin") for part in ("trX", "trY", "tsX", "tsY"))
    if 0 < samples < x_train.shape[0]:
        x_train, y_train = x_train.select([f"0:{samples}"]), y_train.select([f"0:{samples}"])
    x_train.div_(255.0)
    x_test.div_(255.0)
    return x_train, y_train, x_test, y_test
