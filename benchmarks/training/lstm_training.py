# SPDX-License-Identifier: MIT
# Training benchmark, PyTorch side: the 8_mnist_rnn network (28 steps of 28 pixels, Linear 32 + ReLU
# per step, nn.LSTM 128, Linear 10 on the last step) with the measurement of bench_support.py,
# beside lstm_training.cpp.
import torch
from torch import nn

from bench_support import measure_and_report, parse_args


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


if __name__ == "__main__":
    args = parse_args("LSTM training benchmark, PyTorch side")
    measure_and_report(MnistRnn(), args)
