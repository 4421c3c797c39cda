"""lr="auto": the first round of pilots reads each pilot at its last step along its tail's trend
(descend.training.pilots.tail_level: a floor plus an exponential decay, scaled to the tail's
mean); the finalists and the probe below the bracket keep the tail's mean."""

import math
import sys

import pytest
import torch

import descend as ds
from descend.training.data import prepare
from descend.training.pilots import pilot_loss, probe_loss, tail_level

PILOTS = sys.modules["descend.training.pilots"]


def _isotropic_regression(n=16, d=4):
    """Centred orthogonal columns with X^T X / n = I and a bias: the mse Hessian is 2 I, so
    full-batch gradient descent at rate lr multiplies the loss by (1 - 2 lr)^2 per step (no
    noise: the minimum is 0)."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g)
    X, _ = torch.linalg.qr(X - X.mean(0))
    X = X * n**0.5
    return X, X @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 1.5


def _mse(out, y):
    return ((out[:, 0] - y) ** 2).mean()


def test_a_geometric_fall_is_read_at_its_last_step():
    """Full-batch GD at lr = 0.05 on the Hessian 2 I: the loss is L0 0.81^t exactly; a 40-step
    pilot's tail is steps 31-40, whose mean is about 3x the loss at step 40, and tail_level
    reads the loss at step 40 itself (to float32 rounding)."""
    X, y = _isotropic_regression()
    source = prepare((X, y), batch_size=16).train  # 16 rows: one full batch per epoch
    reads = {}
    for trend in (True, False):
        torch.manual_seed(0)
        model = torch.nn.Linear(4, 1)
        opt = torch.optim.SGD(model.parameters(), lr=0.05)
        start = probe_loss(model, opt, source.head(16), _mse)
        reads[trend] = pilot_loss(model, opt, source, _mse, source.head(16), 0.05, 0, 40, (None, None), trend=trend)
    read, mean, end = reads[True], reads[False], start * 0.81**40
    assert read == pytest.approx(end, rel=1e-3)
    assert mean == pytest.approx(end * sum(0.81**-k for k in range(10)) / 10, rel=1e-3)  # about 3.1x
    assert mean > 3 * read


def test_a_fall_towards_a_floor_is_read_near_its_end():
    """0.3 + e^{-0.08 t} over steps 31-40: its mean overstates the end (0.341) by 5.5%; the floor
    plus a decay reads it within 0.5%."""
    steps = list(range(31, 41))
    tail = [0.3 + math.exp(-0.08 * t) for t in steps]
    end = 0.3 + math.exp(-0.08 * 40)
    assert sum(tail) / len(tail) > 1.05 * end
    assert tail_level(tail, steps, 40) == pytest.approx(end, rel=5e-3)


def test_a_flat_or_rising_or_short_tail_is_read_by_its_mean():
    assert tail_level([1.0, 3.0] * 5, list(range(10)), 9) == 2.0  # ends high: no falling fit
    assert tail_level([1.0, 2.0, 3.0, 4.0, 5.0], [1, 2, 3, 4, 5], 5) == 3.0  # rising
    assert tail_level([3.0, 2.0, 1.0], [1, 2, 3], 3) == 2.0  # fewer than 4 losses
    assert tail_level([3.0, 2.0, 1.0, 0.0], [1, 2, 3, 4], 4) == 1.5  # a loss of 0


def test_a_constant_tail_reads_its_value():
    assert tail_level([0.7] * 8, list(range(8)), 7) == pytest.approx(0.7)


def test_only_the_first_round_reads_the_trend(monkeypatch):
    """Six pilots, 23 steps each of an 80-step budget, read along their trend; the two finalists
    continue to step 80 and are read by their tail's mean."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, trend=False):
        calls.append((lr, done, until, trend))
        return lr

    rates = [0.01 * 2**i for i in range(6)]
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = _isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    assert calls == [(lr, 0, 23, True) for lr in rates] + [(rates[0], 23, 80, False), (rates[1], 23, 80, False)]
    assert found.suggestion == rates[0]


def test_two_pilots_train_the_whole_budget_and_are_read_by_their_mean(monkeypatch):
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, trend=False):
        calls.append((done, until, trend))
        return lr

    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: ([0.01, 0.02], "a fixed bracket"))
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = _isotropic_regression()
    ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=30, pilots=2)
    assert calls == [(0, 30, False), (0, 30, False)]
