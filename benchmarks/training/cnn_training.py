# SPDX-License-Identifier: MIT
# Training benchmark, PyTorch side, for the CNN and the BN-CNN: the same networks, data, optimizer,
# batch, threads and measurement as cnn_training.cpp, printing the same RESULT line. Run it through
# run.sh, which sets the OpenMP OpenBLAS (PyTorch at its best; its convolutions run on oneDNN).
import argparse
import statistics
import time

import torch
from torch import nn

from mlp_training import BATCH, SEED, THREADS, TIMED_PASSES, WARMUP_STEPS, load_images, load_labels

import numpy as np


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
    model = nn.Sequential(*layers)
    # eddl's default for Conv2D and Dense is Glorot uniform; the same here, so that the accuracy
    # column compares libraries rather than initializers.
    for module in model:
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


def main():
    parser = argparse.ArgumentParser(description="CNN training benchmark, PyTorch side")
    parser.add_argument("--net", choices=("cnn", "bncnn"), default="cnn")
    parser.add_argument("--steps", type=int, default=-1, help="stop the epoch after N steps (smoke test)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()

    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    x_train = load_images(f"{args.data}/train-images-idx3-ubyte.gz")
    y_train = load_labels(f"{args.data}/train-labels-idx1-ubyte.gz")
    x_test = load_images(f"{args.data}/t10k-images-idx3-ubyte.gz")
    y_test = load_labels(f"{args.data}/t10k-labels-idx1-ubyte.gz")

    model = build_model(args.net)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    order = torch.from_numpy(np.random.default_rng(SEED).permutation(len(x_train)))
    num_steps = len(x_train) // BATCH
    if args.steps > 0:
        num_steps = min(num_steps, args.steps)

    model.train()
    step_seconds = []
    epoch_start = time.perf_counter()
    for step in range(num_steps):
        rows = order[step * BATCH:(step + 1) * BATCH]
        t0 = time.perf_counter()
        xb = x_train[rows]
        yb = y_train[rows]
        optimizer.zero_grad(set_to_none=True)
        logits = model(xb)
        loss = criterion(logits, yb)
        loss.backward()
        optimizer.step()
        _ = loss.item(), (logits.argmax(1) == yb).sum().item()
        step_seconds.append(time.perf_counter() - t0)
    epoch_seconds = time.perf_counter() - epoch_start
    timed_steps = step_seconds[min(WARMUP_STEPS, num_steps - 1):]
    train_sps = BATCH / statistics.median(timed_steps)

    model.eval()
    test_batches = [x_test[b:b + BATCH].contiguous() for b in range(0, len(x_test) - BATCH + 1, BATCH)]
    with torch.inference_mode():
        correct = sum(int((model(xb).argmax(1) == y_test[i * BATCH:(i + 1) * BATCH]).sum())
                      for i, xb in enumerate(test_batches))
        test_accuracy = correct / (BATCH * len(test_batches))

        pass_seconds = []
        for pass_index in range(1 + TIMED_PASSES):
            t0 = time.perf_counter()
            for xb in test_batches:
                model(xb)
            if pass_index > 0:  # pass 0 warms up
                pass_seconds.append(time.perf_counter() - t0)
    infer_sps = BATCH * len(test_batches) / statistics.median(pass_seconds)

    print(f"RESULT framework=pytorch net={args.net} train_sps={train_sps:.6g} infer_sps={infer_sps:.6g} "
          f"epoch_s={epoch_seconds:.6g} test_acc={test_accuracy:.4f} steps={num_steps} threads={THREADS}",
          flush=True)


if __name__ == "__main__":
    main()
