# SPDX-License-Identifier: MIT
# Training benchmark, PyTorch side, for the CNN and the BN-CNN: the same networks as
# cnn_training.cpp with the measurement of bench_support.py (PyTorch's convolutions run on oneDNN).
from torch import nn

from bench_support import glorot_init, measure_and_report, parse_args


def conv_bn_relu(channels_in, filters):
    # eddl's BatchNormalization(momentum 0.99, epsilon 0.001) keeps 0.99 of the running statistics
    # per step; PyTorch's momentum is the other share.
    return [nn.Conv2d(channels_in, filters, 3, padding=1, bias=False),
            nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01), nn.ReLU()]


def build_model(which):
    layers = [nn.Unflatten(1, (1, 28, 28))]
    if which == "cnn":
        channels = 1
        for filters in (32, 64, 128):
            layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
            channels = filters
        layers += [nn.Flatten(), nn.Linear(128 * 3 * 3, 10)]
    else:
        channels = 1
        for filters in (32, 64, 128):
            layers += conv_bn_relu(channels, filters) + [nn.MaxPool2d(2)]
            channels = filters
        layers += conv_bn_relu(128, 256) + [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(256, 10)]
    return glorot_init(nn.Sequential(*layers))


if __name__ == "__main__":
    args = parse_args("CNN training benchmark, PyTorch side", networks=("cnn", "bncnn"))
    measure_and_report(build_model(args.net), args, label=f"net={args.net} ")
