# SPDX-License-Identifier: MIT
# The measurement every PyTorch training benchmark shares, mirroring bench_support.h: Fashion-MNIST
# loaded as the eddl programs load it, one epoch in a fixed shuffle with each step timed, test
# accuracy, a timed forward-only pass over the test set, and the RESULT line run.sh parses. Run the
# scripts through run.sh, which sets the OpenMP OpenBLAS (PyTorch at its best).
import argparse
import gzip
import statistics
import time

import numpy as np
import torch
from torch import nn

BATCH = 100
THREADS = 2
WARMUP_STEPS = 20
TIMED_PASSES = 3
SEED = 1234


def read_idx(path, magic, header_ints):
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = np.frombuffer(data, dtype=">u4", count=header_ints)
    if header[0] != magic:
        raise ValueError(f"{path}: magic {header[0]}, expected {magic}")
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints), header


def load_images(path):
    pixels, header = read_idx(path, 2051, 4)
    count, rows, cols = (int(v) for v in header[1:4])
    # The same plain division by 255 as the eddl programs, kept in float32 and done in place so that
    # loading holds one float copy of the images (peak RSS is one of the measured figures).
    images = pixels.reshape(count, rows * cols).astype(np.float32)
    images /= np.float32(255.0)
    return torch.from_numpy(images)


def load_labels(path):
    labels, _ = read_idx(path, 2049, 2)
    return torch.from_numpy(labels.astype(np.int64))


def glorot_init(model):
    """eddl's (and EDDL's) default for Dense and Conv: Glorot uniform weights, zero biases.

    PyTorch's default init is smaller and learns visibly slower in one epoch (the MLP reaches 0.81
    instead of 0.84), which would make the accuracy column compare initializers rather than
    libraries. Speed does not depend on it.
    """
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


def parse_args(description, networks=None):
    parser = argparse.ArgumentParser(description=description)
    if networks:
        parser.add_argument("--net", choices=networks, default=networks[0])
    parser.add_argument("--steps", type=int, default=-1, help="stop the epoch after N steps (smoke test)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()
    torch.manual_seed(SEED)  # before the model is built, so its initial weights are reproducible
    return args


def measure_and_report(model, args, label=""):
    """Trains `model` for one epoch with sgd(0.01, 0.9), measures, prints the RESULT line.

    The network's Softmax is folded into CrossEntropyLoss (log-softmax + NLL), the idiomatic and
    fastest PyTorch form of softmax + cross-entropy.
    """
    torch.set_num_threads(THREADS)
    x_train = load_images(f"{args.data}/train-images-idx3-ubyte.gz")
    y_train = load_labels(f"{args.data}/train-labels-idx1-ubyte.gz")
    x_test = load_images(f"{args.data}/t10k-images-idx3-ubyte.gz")
    y_test = load_labels(f"{args.data}/t10k-labels-idx1-ubyte.gz")
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    # One fresh shuffle without replacement, as the eddl programs do.
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
        # Timed like eddl's train_batch: gather the batch, forward, loss and accuracy, backward, update.
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

    print(f"RESULT framework=pytorch {label}train_sps={train_sps:.6g} infer_sps={infer_sps:.6g} "
          f"epoch_s={epoch_seconds:.6g} test_acc={test_accuracy:.4f} steps={num_steps} threads={THREADS}",
          flush=True)
