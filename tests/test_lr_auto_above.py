"""lr="auto": where a gradient-descent rule's first round is won by the bracket's highest rate on
unsaturated outputs, the second finalist is the probe one spacing above the bracket
(descend.training.pilot_above), trained from the initial state for the steps the rate below the
winner would have run, and picked only when clearly ahead."""

import sys

import pytest
import torch

import descend as ds
from descend.training.pilot_above import above_bracket, gd_family, winner_or_above

PILOTS = sys.modules["descend.training.pilots"]


def _isotropic_regression(n=16, d=4):
    """Centred orthogonal columns with X^T X / n = I: the mse Hessian is 2 I, so full-batch
    gradient descent contracts the error by |1 - 2 lr| per step (no noise: the minimum is 0)."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g)
    X, _ = torch.linalg.qr(X - X.mean(0))
    X = X * n**0.5
    return X, X @ torch.tensor([1.0, -2.0, 0.5, 3.0]) + 1.5


def _with_bracket(monkeypatch, rates):
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))


def test_gd_family_and_the_rate_above():
    w = torch.nn.Parameter(torch.zeros(1))
    assert gd_family(ds.optim.GD([w], lr=0.1)) and gd_family(torch.optim.SGD([w], lr=0.1, nesterov=True, momentum=0.9))
    assert not gd_family(torch.optim.Adam([w], lr=0.1)) and not gd_family(ds.optim.LARS([w], lr=0.1))
    assert above_bracket([0.02 * 3**i for i in range(6)]) == pytest.approx(0.02 * 3**6)


def test_winner_or_above_takes_the_probe_only_when_clearly_ahead():
    assert winner_or_above((0.1, 1.0), (0.3, 0.94), 0.05)[0] == 0.3
    assert winner_or_above((0.1, 1.0), (0.3, 0.96), 0.05)[0] == 0.1  # within 5%: the bracket's rate
    assert winner_or_above((0.1, 1.0), (0.3, float("inf")), 0.05)[0] == 0.1


def test_a_top_winner_runs_the_probe_above_the_bracket_at_the_same_cost(monkeypatch):
    """The winner continues from where the round stopped; the probe starts from the initial state
    and trains the H - p steps the rate below the winner would have; the cost is unchanged."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip):
        calls.append((lr, done, until))
        return 1.0 / lr  # the higher the rate, the lower the loss: the top wins, the probe is ahead

    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = _isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    probe = above_bracket(rates)
    assert probe == pytest.approx(0.64)
    assert calls[:6] == [(lr, 0, 23) for lr in rates]
    assert calls[6:] == [(rates[-1], 23, 80), (probe, 0, 80 - 23)]
    assert found.probe_above == (probe, 1.0 / probe) and found.probe_below is None and found.suggestion == probe
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23) and found.pilot_steps == 80
    assert "the probe above the bracket" in found.rule


def test_an_adaptive_rule_keeps_the_rate_below_the_top_winner(monkeypatch):
    """Adam's stable rate reads the preconditioned curvature: no probe above; the finalists are
    the top and the rate below it, both continuing from where the round stopped."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip):
        calls.append((lr, done, until))
        return 1.0 / lr

    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = _isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="adam", batch_size=None, budget=80)
    assert calls[6:] == [(rates[-2], 23, 80), (rates[-1], 23, 80)]
    assert found.probe_above is None and found.suggestion == rates[-1]


def test_past_the_stable_rate_the_probe_above_is_picked(monkeypatch):
    """Full-batch GD on a quadratic with Hessian 2 I (stable below 1, best at 0.5): over the
    bracket [0.02, 0.2] the top 0.2 wins (it contracts the error by 0.6 per step); the probe
    0.2^2/0.126 = 0.317 contracts by 0.365 per step and ends far lower in its 14 steps than
    0.2 in 20 (0.365^28 against 0.6^40 in the squared error): it is picked."""
    _with_bracket(monkeypatch, [float(v) for v in torch.logspace(0, 1, 6, base=10.0) * 0.02])
    X, y = _isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=20)
    assert found.probe_above[0] == pytest.approx(0.2 * 10**0.2)
    assert found.suggestion == pytest.approx(0.2 * 10**0.2)
    assert found.probe_above[1] < 0.1 * found.pilot_losses[-1]


def test_a_top_winner_near_the_best_rate_is_kept(monkeypatch):
    """Over [0.45/32, 0.45] (spacing 2), 0.45 contracts the error by 0.1 per step and wins; the
    probe 0.9 overshoots (|1 - 1.8| = 0.8 per step) and stays far behind: the top is kept."""
    _with_bracket(monkeypatch, [0.45 / 2**k for k in range(5, -1, -1)])
    X, y = _isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=20)
    assert found.suggestion == pytest.approx(0.45)
    assert found.probe_above[0] == pytest.approx(0.9) and "not clearly ahead" in found.rule
