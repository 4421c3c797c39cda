"""lr="auto": where the first round is won by the bracket's lowest rate and the initial outputs
are saturated, the second finalist is the probe below the bracket
(descend.training.pilot_below), trained from the initial state for the steps the rate above the
winner would have run, and picked only when clearly ahead. The quadratic problems here have
unsaturated outputs (mean squared error: c = 1), so the mechanics tests declare them saturated."""

import sys

import pytest
import torch

import descend as ds
from _lr_auto_problems import isotropic_regression
from descend.training.pilot_below import below_bracket, saturated, winner_or_below

PILOTS = sys.modules["descend.training.pilots"]


def _with_bracket(monkeypatch, rates, saturated_outputs=True):
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))
    if saturated_outputs:
        monkeypatch.setattr(PILOTS, "saturated", lambda c: True)


def test_saturated_reads_the_curvature_ratio():
    assert saturated(0.0) and saturated(0.3) and not saturated(0.5) and not saturated(1.0)


def test_on_unsaturated_outputs_a_bottom_winner_keeps_the_rate_above_it(monkeypatch):
    """Mean squared error (c = 1): a bottom win is no sign of saturation, and the finalists are
    the winner and the rate above it, both continuing from where the round stopped."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        calls.append((lr, done, until))
        return lr

    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates, saturated_outputs=False)
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    assert found.curvature_ratio == 1.0
    assert calls[6:] == [(rates[0], 23, 80), (rates[1], 23, 80)]
    assert found.probe_below is None and found.suggestion == rates[0]


def test_below_bracket_mirrors_the_bracket_below_its_lowest_rate():
    rates = [0.02 * 3**i for i in range(6)]
    assert below_bracket(rates) == pytest.approx(rates[0] / (rates[-1] / rates[0]))


def test_winner_or_below_takes_the_probe_only_when_clearly_ahead():
    assert winner_or_below((0.1, 1.0), (0.001, 0.94), 0.05)[0] == 0.001
    assert winner_or_below((0.1, 1.0), (0.001, 0.96), 0.05)[0] == 0.1  # within 5%: the bracket's rate
    assert winner_or_below((0.1, 1.0), (0.001, float("inf")), 0.05)[0] == 0.1


def test_a_bottom_winner_runs_the_probe_below_the_bracket_at_the_same_cost(monkeypatch):
    """The winner continues from where the round stopped; the probe starts from the initial state
    and trains the H - p steps the rate above the winner would have; the cost is unchanged."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        calls.append((lr, done, until))
        return lr  # the lower the rate, the lower the loss: the bottom wins, the probe is ahead

    rates = [0.01 * 2**i for i in range(6)]
    _with_bracket(monkeypatch, rates)
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    probe = below_bracket(rates)
    assert calls[:6] == [(lr, 0, 23) for lr in rates]
    assert calls[6:] == [(rates[0], 23, 80), (probe, 0, 80 - 23)]
    assert found.candidates == rates and found.probe_below == (probe, probe) and found.suggestion == probe
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23) and found.pilot_steps == 80
    assert "the probe below the bracket" in found.rule


def test_on_a_bracket_above_the_stable_rate_the_probe_below_it_is_picked(monkeypatch):
    """Full-batch GD on a quadratic with Hessian 2 I: over [0.95, 3.8] only the bottom rate
    converges (|1 - 1.9| = 0.9 per step), every other diverges; the probe 0.95^2/3.8 = 0.2375
    contracts by 0.525 per step and ends far lower in its 14 steps than the bottom rate in 20."""
    _with_bracket(monkeypatch, [float(v) for v in torch.logspace(0, 1, 6, base=4.0) * 0.95])
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=20)
    assert found.suggestion == pytest.approx(0.2375)
    assert found.probe_below[1] < 0.01 * found.pilot_losses[0]


def test_a_bottom_winner_at_the_best_rate_is_kept(monkeypatch):
    """Over [0.5, 2], 0.5 reaches the minimum in one step (|1 - 2 lr| = 0); the probe 0.125
    contracts by 0.75 per step and stays behind: the bracket's bottom rate is kept."""
    _with_bracket(monkeypatch, [float(v) for v in torch.logspace(0, 1, 6, base=4.0) * 0.5])
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=20)
    assert found.suggestion == pytest.approx(0.5)
    assert found.probe_below[0] == pytest.approx(0.125) and "not clearly ahead" in found.rule
