# SPDX-License-Identifier: MIT
"""GPU training throughput, PyTorch side: the same four networks as gpu_training.cpp, synthetic
data, SGD(0.01, 0.9), timed over whole steps after warm-up (torch.cuda.synchronize before the clock
stops). Prints "pytorch <net> gpu <samples/s>"."""
import argparse
import time

import torch
from torch import nn


def mlp():
    layers, width = [], 784
    for _ in range(3):
        layers += [nn.Linear(width, 1024), nn.LeakyReLU(0.01)]
        width = 1024
    return nn.Sequential(*layers, nn.Linear(1024, 10)), (784,), 100


def conv_bn():
    layers, channels = [], 1
    for filters in (16, 32, 64):
        layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.BatchNorm2d(filters), nn.ReLU(), nn.MaxPool2d(2)]
        channels = filters
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * 3 * 3, 10)), (1, 28, 28), 100


class Rnn(nn.Module):
    """8_mnist_rnn: Linear 32 + ReLU on every step (nn.Linear maps the last axis), nn.LSTM 128
    (cuDNN's fused LSTM), Linear 10 on the last step."""

    def __init__(self):
        super().__init__()
        self.step = nn.Sequential(nn.Linear(28, 32), nn.ReLU())
        self.lstm = nn.LSTM(32, 128, batch_first=True)
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        y, _ = self.lstm(self.step(x))
        return self.out(y[:, -1])


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.a = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                               nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.short = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        return torch.relu(self.a(x) + self.short(x))


def resnet18():
    layers, cin = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()], 64
    for stage, width in enumerate((64, 128, 256, 512)):
        layers += [Block(cin, width, 1 if stage == 0 else 2), Block(width, width, 1)]
        cin = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10)), (3, 32, 32), 128


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--net", choices=("mlp", "conv_bn", "rnn", "resnet18"), default="mlp")
    parser.add_argument("--steps", type=int, default=50)
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False  # the eddl side runs plain FP32 by default
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    if args.net == "rnn":
        model, shape, batch = Rnn(), (28, 28), 100
    else:
        model, shape, batch = {"mlp": mlp, "conv_bn": conv_bn, "resnet18": resnet18}[args.net]()
    device = torch.device("cuda")
    model = model.to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn((batch, *shape), device=device)
    y = torch.arange(batch, device=device) % 10

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    for _ in range(5):
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(args.steps):
        step()
    torch.cuda.synchronize()
    print(f"pytorch {args.net} gpu {batch * args.steps / (time.perf_counter() - start):.1f}")


if __name__ == "__main__":
    main()
