# SPDX-License-Identifier: MIT
# Training benchmark, PyTorch side: the 1_mnist_mlp network (784-1024-1024-1024-10, LeakyReLU) with
# the measurement of bench_support.py, beside mlp_training.cpp.
from torch import nn

from bench_support import glorot_init, measure_and_report, parse_args


def build_model():
    layers = []
    width = 784
    for _ in range(3):
        layers += [nn.Linear(width, 1024), nn.LeakyReLU(0.01)]
        width = 1024
    layers.append(nn.Linear(width, 10))
    return glorot_init(nn.Sequential(*layers))


if __name__ == "__main__":
    args = parse_args("MLP training benchmark, PyTorch side")  # seeds torch before the model exists
    measure_and_report(build_model(), args)
