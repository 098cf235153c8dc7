# SPDX-License-Identifier: MIT
# Recurrent layers against PyTorch's (python3-torch, installed here to cross-check; skipped where
# it is missing): the same weights give the same outputs, forward and bidirectional, for LSTM and
# GRU. EDDL keeps one weight matrix per gate, transposed ({in, units}), in its own gate order, and
# one bias per gate (PyTorch's b_ih + b_hh, except GRU's n gate, whose hidden bias stays apart).
import numpy as np
import pytest

from pyeddl import eddl
from pyeddl.tensor import Tensor

torch = pytest.importorskip("torch")


def set_param(p, value):
    np.array(p, copy=False)[...] = value


def load_lstm_direction(params, lstm, suffix, units):
    # PyTorch's rows: i, f, g, o; EDDL's params: Wix, Wfx, Wox, Wcx, Wih, Wfh, Woh, Wch, biases i, f, o, c.
    w_ih = getattr(lstm, "weight_ih_l0" + suffix).detach().numpy()
    w_hh = getattr(lstm, "weight_hh_l0" + suffix).detach().numpy()
    bias = (getattr(lstm, "bias_ih_l0" + suffix) + getattr(lstm, "bias_hh_l0" + suffix)).detach().numpy()
    rows = {g: slice(k * units, (k + 1) * units) for k, g in enumerate("ifgo")}
    for k, g in enumerate("ifog"):
        set_param(params[k], w_ih[rows[g]].T)
        set_param(params[4 + k], w_hh[rows[g]].T)
        set_param(params[8 + k], bias[rows[g]])


def load_gru_direction(params, gru, suffix, units):
    # PyTorch's rows: r, z, n; EDDL's params: Wz_x, Wr_x, Wn_x, Uz_h, Ur_h, Un_h, bias_z, bias_r, bias_n, bias_n_hidden.
    w_ih = getattr(gru, "weight_ih_l0" + suffix).detach().numpy()
    w_hh = getattr(gru, "weight_hh_l0" + suffix).detach().numpy()
    b_ih = getattr(gru, "bias_ih_l0" + suffix).detach().numpy()
    b_hh = getattr(gru, "bias_hh_l0" + suffix).detach().numpy()
    rows = {g: slice(k * units, (k + 1) * units) for k, g in enumerate("rzn")}
    for k, g in enumerate("zrn"):
        set_param(params[k], w_ih[rows[g]].T)
        set_param(params[3 + k], w_hh[rows[g]].T)
    set_param(params[6], b_ih[rows["z"]] + b_hh[rows["z"]])
    set_param(params[7], b_ih[rows["r"]] + b_hh[rows["r"]])
    set_param(params[8], b_ih[rows["n"]])
    set_param(params[9], b_hh[rows["n"]])


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_same_weights_give_pytorchs_outputs(kind, bidirectional):
    batch, steps, features, units = 3, 7, 5, 6
    torch.manual_seed(11)
    reference = (torch.nn.LSTM if kind == "LSTM" else torch.nn.GRU)(
        features, units, batch_first=True, bidirectional=bidirectional)
    x = np.random.default_rng(12).standard_normal((batch, steps, features)).astype(np.float32)
    with torch.no_grad():
        _, h_n = reference(torch.from_numpy(x))
    if kind == "LSTM":
        h_n = h_n[0]
    # h_n: [directions, batch, units]: the forward state after the last step and the reverse
    # state after reading back to the first, which is what EDDL's last-step output concatenates.
    expected = np.concatenate([h_n[d].numpy() for d in range(h_n.shape[0])], axis=1)

    inp = eddl.Input([features])
    layer = eddl.LSTM(inp, units, bidirectional=bidirectional) if kind == "LSTM" else \
        eddl.GRU(inp, units, bidirectional=bidirectional)
    net = eddl.Model([inp], [layer])
    eddl.build(net, eddl.sgd(0.01), ["mse"], ["none"], eddl.CS_CPU(1))
    load = load_lstm_direction if kind == "LSTM" else load_gru_direction
    params = layer.params
    per_direction = len(params) // (2 if bidirectional else 1)
    load(params[:per_direction], reference, "", units)
    if bidirectional:
        load(params[per_direction:], reference, "_reverse", units)
    out = eddl.predict(net, [Tensor.fromarray(x)])[0].getdata()
    assert out.shape == (batch, units * (2 if bidirectional else 1))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)
    assert np.abs(out).mean() > 0.05
