"""lr="auto": where the first round is won by the bracket's top rate, the rule takes plain
gradient steps and the range test never blew up, the second finalist is the probe above the
bracket (descend.training.pilot_above), trained from the initial state for the steps the rate
below the winner would have run, and picked only when clearly ahead."""

import sys

import pytest
import torch

import descend as ds
from descend.training.pilot_above import above_bracket, plain_gradient, winner_or_above

PILOTS = sys.modules["descend.training.pilots"]


def _flat_regression(scale, n=16, d=4):
    """A model without intercept on centred orthogonal columns with X^T X / n = scale^2 I: the mse Hessian is 2 scale^2 I, so
    full-batch gradient descent contracts the error by |1 - 2 scale^2 lr| per step and is
    stable up to lr = 1 / scale^2 (no noise: the minimum is 0)."""
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, d, generator=g)
    X, _ = torch.linalg.qr(X - X.mean(0))
    X = X * n**0.5 * scale
    return X, X @ torch.tensor([1.0, -2.0, 0.5, 3.0])


def _with_bracket(monkeypatch, rates):
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))


def _find(X, y, optimizer="sgd", budget=80):
    return ds.lr_find(
        torch.nn.Linear(4, 1, bias=False), (X, y), loss="mse", optimizer=optimizer, batch_size=None, budget=budget
    )


def test_above_bracket_mirrors_the_bracket_above_its_top_below_the_ramps_last_rate():
    assert above_bracket([0.01, 0.03, 0.1], 100.0) == pytest.approx(1.0)
    assert above_bracket([0.1, 0.3, 1.0], 10.0) == pytest.approx(10 / 3)  # the mirror, 10, capped
    assert above_bracket([1.0, 2.0, 4.0], 10.0) is None  # the cap is below the top: no probe


def test_plain_gradient_rules_are_gd_sgd_and_momentum():
    w = torch.nn.Parameter(torch.zeros(3))
    assert plain_gradient(torch.optim.SGD([w], lr=0.1))
    assert plain_gradient(torch.optim.SGD([w], lr=0.1, momentum=0.9, nesterov=True))
    assert plain_gradient(ds.optim.build("gd", [w], lr=0.1))
    assert not plain_gradient(torch.optim.Adam([w], lr=0.1))
    assert not plain_gradient(torch.optim.RMSprop([w], lr=0.1))


def test_winner_or_above_takes_the_probe_only_when_clearly_ahead():
    assert winner_or_above((0.1, 1.0), (1.0, 0.94), 0.05)[0] == 1.0
    assert winner_or_above((0.1, 1.0), (1.0, 0.96), 0.05)[0] == 0.1  # within 5%: the bracket's rate
    assert winner_or_above((0.1, 1.0), (1.0, float("inf")), 0.05)[0] == 0.1


def test_a_top_winner_runs_the_probe_above_the_bracket_at_the_same_cost(monkeypatch):
    """The winner continues from where the round stopped; the probe starts from the initial state
    and trains the H - p steps the rate below the winner would have; the cost is unchanged."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip):
        calls.append((lr, done, until))
        return 1 / lr  # the higher the rate, the lower the loss: the top wins, the probe is ahead

    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    found = _find(*_flat_regression(0.1))
    assert found.blowup_lr is None
    probe = above_bracket(rates, found.lrs[-1])
    assert calls[:6] == [(lr, 0, 23) for lr in rates]
    assert calls[6:] == [(rates[-1], 23, 80), (probe, 0, 80 - 23)]
    assert found.probe_above == (probe, 1 / probe) and found.suggestion == probe and found.probe_below is None
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23) and found.pilot_steps == 80
    assert "the probe above the bracket" in found.rule


def test_on_a_flat_quadratic_the_probe_above_the_bracket_is_picked(monkeypatch):
    """Full-batch GD on a quadratic with Hessian 0.02 I, stable up to lr = 100: the ramp to 10
    never blows up, the bracket [0.01, 0.32] crawls (|1 - 0.02 lr| >= 0.9936 per step), and the
    probe min(0.32^2 / 0.01, 10 / 3) contracts by 0.933 per step: far lower in fewer steps."""
    _with_bracket(monkeypatch, [0.01 * 2**i for i in range(6)])
    found = _find(*_flat_regression(0.1))
    assert found.suggestion == pytest.approx(10 / 3)
    assert found.probe_above[1] < 0.01 * found.pilot_losses[-1]


def test_a_probe_above_that_diverges_leaves_the_top_rate(monkeypatch):
    """The pilots' losses fall with the rate, but the probe above the bracket diverges: the
    top rate, the round's winner, is kept."""
    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", lambda *a: 1 / a[5] if a[5] <= rates[-1] else float("inf"))
    found = _find(*_flat_regression(0.1))
    assert found.probe_above is not None and found.probe_above[1] == float("inf")
    assert found.suggestion == rates[-1] and "not clearly ahead" in found.rule


def test_no_probe_above_for_an_adaptive_rule_or_after_a_blow_up(monkeypatch):
    """Adam's top win leaves the finalists as before (the winner and the rate below it); so does
    SGD's where the ramp blew up (Hessian 2 I: unstable above lr = 1, the ramp runs to 10)."""
    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", lambda *a: 1 / a[5])
    adam = _find(*_flat_regression(0.1), optimizer="adam")
    assert adam.probe_above is None and adam.suggestion == rates[-1]
    blown = _find(*_flat_regression(1.0))
    assert blown.blowup_lr is not None
    assert blown.probe_above is None and blown.suggestion == rates[-1]
