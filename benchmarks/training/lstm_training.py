# SPDX-License-Identifier: MIT
# Training benchmark, PyTorch side: the same LSTM network (8_mnist_rnn: 28 steps of 28 pixels,
# Linear 32 + ReLU per step, nn.LSTM 128, Linear 10 on the last step), data, optimizer, batch,
# threads and measurement as lstm_training.cpp, printing the same RESULT line. Run it through run.sh, which sets the OpenMP
# OpenBLAS (PyTorch at its best, see /work/shared/reference/benchmarking.md).
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
    # The same plain division by 255 as the eddl program, kept in float32 and done in place so
    # that loading holds one float copy of the images (peak RSS is one of the measured figures).
    images = pixels.reshape(count, rows * cols).astype(np.float32)
    images /= np.float32(255.0)
    return torch.from_numpy(images)


def load_labels(path):
    labels, _ = read_idx(path, 2049, 2)
    return torch.from_numpy(labels.astype(np.int64))


class MnistRnn(nn.Module):
    """8_mnist_rnn: Dense 32 ReLu per step -> LSTM 128 -> Dense 10 on the last step."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(28, 32)
        self.lstm = nn.LSTM(32, 128, batch_first=True)
        self.head = nn.Linear(128, 10)
        # Glorot uniform as eddl's (and EDDL's) default, so accuracy compares libraries.
        for name, p in self.named_parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)
            else:
                nn.init.zeros_(p)

    def forward(self, x):
        h, _ = self.lstm(torch.relu(self.embed(x.view(-1, 28, 28))))
        return self.head(h[:, -1])


def build_model():
    return MnistRnn()


def main():
    parser = argparse.ArgumentParser(description="MLP training benchmark, PyTorch side")
    parser.add_argument("--steps", type=int, default=-1, help="stop the epoch after N steps (smoke test)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = parser.parse_args()

    torch.set_num_threads(THREADS)
    torch.manual_seed(SEED)
    x_train = load_images(f"{args.data}/train-images-idx3-ubyte.gz")
    y_train = load_labels(f"{args.data}/train-labels-idx1-ubyte.gz")
    x_test = load_images(f"{args.data}/t10k-images-idx3-ubyte.gz")
    y_test = load_labels(f"{args.data}/t10k-labels-idx1-ubyte.gz")

    model = build_model()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    # One fresh shuffle without replacement, as the eddl program does.
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

    print(f"RESULT framework=pytorch train_sps={train_sps:.6g} infer_sps={infer_sps:.6g} "
          f"epoch_s={epoch_seconds:.6g} test_acc={test_accuracy:.4f} steps={num_steps} threads={THREADS}",
          flush=True)


if __name__ == "__main__":
    main()
