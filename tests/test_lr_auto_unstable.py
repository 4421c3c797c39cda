"""lr="auto": where the first round is won by the lowest rate of a bracket that lies wholly above
the stable rate at the initial weights (descend.training.pilot_below.above_stable), the second
finalist is the probe below the bracket, as on saturated outputs, even where the outputs are not
saturated (mean squared error: c = 1)."""

import sys

import pytest
import torch

import descend as ds
from _lr_auto_problems import isotropic_regression
from descend.training.pilot_below import above_stable, constant_loss

PILOTS = sys.modules["descend.training.pilots"]
CURVATURE = sys.modules["descend.initial_curvature"]


def _lr_find(monkeypatch, rates):
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))
    X, y = isotropic_regression()
    return ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=20)


def test_above_stable_compares_the_bottom_with_the_capped_stable_rate():
    assert above_stable(1.05, 1.0, 10.0) and not above_stable(0.95, 1.0, 10.0)
    assert above_stable(1.05, 5.0, 1.0)  # eta_s capped at the ramp's last rate
    assert not above_stable(1.05, None, 10.0) and not above_stable(1.05, float("nan"), 10.0)
    assert not above_stable(1.05, 0.0, 10.0)


def test_a_bracket_above_the_stable_rate_runs_the_probe_below_it_on_unsaturated_outputs(monkeypatch):
    """Hessian 2 I, eta_s = 1: over [1.05, 4.2] every rate is unstable (|1 - 2.1| = 1.1 per step
    at the bottom, which grows the least and wins the round); the probe 1.05^2 / 4.2 = 0.2625
    contracts by |1 - 0.525| = 0.475 per step and is picked, far ahead of the bottom rate."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _lr_find(monkeypatch, rates)
    assert found.curvature_ratio == 1.0 and found.stable_lr == pytest.approx(1.0, rel=0.02)
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(0.2625)
    assert found.suggestion == pytest.approx(0.2625)
    assert found.probe_below[1] < 0.01 * found.pilot_losses[0]
    assert found.pilot_cost == 6 * 6 + 2 * (20 - 6)  # the cost of the round it replaces


def test_a_bracket_reaching_the_stable_rate_keeps_the_rate_above_a_bottom_winner(monkeypatch):
    """Over [0.5, 2] (bottom below eta_s = 1, outputs unsaturated) a bottom win keeps the two
    finalists: the winner 0.5 (one step to the minimum) and the rate above it; no probe. Both
    reach the minimum to float precision (pilot losses about 1e-14, unseeded), so which of the
    two (or, read within 5%, their geometric mean) is picked is float noise: the pick lies
    between them (asserting 0.5 failed about half the runs, at fdb49e1 too)."""
    rates = [0.5 * 4 ** (i / 5) for i in range(6)]
    found = _lr_find(monkeypatch, rates)
    assert found.probe_below is None and rates[0] <= found.suggestion <= rates[1]
    assert max(found.pilot_losses[:2]) < 1e-10


def _scripted(monkeypatch, rates, first):
    """Pilots whose losses are scripted: rate ``rates[i]`` reads ``first[i]`` at every call, any
    other rate (the probe below the bracket) reads 1e-3, its tail empty."""
    return _scripted_probe(monkeypatch, rates, first, 1e-3, [])


def test_the_constant_prediction_of_the_isotropic_regression_is_its_targets_variance():
    """y = X w + 1.5 with X^T X / n = I and centred columns: the mean predicts with the loss
    |w|^2 = 1 + 4 + 0.25 + 9 = 14.25."""
    X, y = isotropic_regression()
    mse = torch.nn.functional.mse_loss
    value = constant_loss(torch.nn.Linear(4, 1), (X, y[:, None]), mse)
    assert value == pytest.approx(14.25, rel=1e-4) and value == pytest.approx(float(y.var(unbiased=False)), rel=1e-4)


def test_a_round_above_the_stable_rate_that_no_pilot_won_over_the_constant_runs_the_probe(monkeypatch):
    """Over [1.05, 4.2] (eta_s = 1) the round is won by the second rate at 14.5, just above the
    constant prediction's 14.25: no rate in the bracket learns, the winner continues alone and the
    probe below the bracket is the second finalist (picked, far ahead), at the cost of the round
    it replaces."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8])
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(0.2625)
    assert found.suggestion == pytest.approx(0.2625)
    assert found.pilot_cost == 6 * 6 + 2 * (20 - 6)


def test_a_round_above_the_stable_rate_won_below_the_constant_keeps_its_finalists(monkeypatch):
    """The same bracket, the second rate's pilot at 14.0, below the constant prediction's 14.25:
    no probe, the two finalists are the winner and the rate below it."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted(monkeypatch, rates, [15.0, 14.0, 5e7, 1e8, 2e8, 3e8])
    assert found.probe_below is None and found.suggestion == pytest.approx(rates[1])


def test_the_constant_prediction_leaves_each_submodule_in_its_own_mode():
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 1))
    model[1].eval()  # a frozen norm inside a training model
    x, y = torch.randn(16, 3), torch.randn(16)
    constant_loss(model, (x, y), lambda out, t: ((out[:, 0] - t) ** 2).mean())
    assert model.training and model[0].training and not model[1].training and model[2].training


def _scripted_probe(monkeypatch, rates, first, probe, tail):
    """As ``_scripted``, with the probe below the bracket reading ``probe`` and handing ``tail`` (the
    probe losses its pilot loss averages) to the caller's list."""
    values = dict(zip(rates, first))

    def pilot_loss(*a):
        if a[5] in values:
            return values[a[5]]
        if len(a) > 9 and a[9] is not None:
            a[9].extend(tail)
        return probe

    monkeypatch.setattr(PILOTS, "pilot_loss", pilot_loss)
    return _lr_find(monkeypatch, rates)


def test_a_probe_still_falling_where_neither_finalist_beat_the_constant_moves_one_step_up(monkeypatch):
    """Over [1.05, 4.2] (eta_s = 1) the round is won by the second rate at 14.5, above the constant
    prediction's 14.25 (the probe branch); the winner ends at 14.5 and the probe 0.2625 at 20,
    neither below 14.25, and the probe's tail still falls (first half's mean 23, second half's 18,
    27% > 5%): the pick is one bracket step above the probe, 0.2625 * 4^(1/5), at the same cost."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted_probe(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8], 20.0, [24.0, 22.0, 19.0, 17.0])
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(0.2625)
    assert found.suggestion == pytest.approx(0.2625 * 4 ** (1 / 5))
    assert "one bracket step above the probe" in found.rule
    assert found.pilot_cost == 6 * 6 + 2 * (20 - 6)


def test_on_saturated_outputs_a_still_falling_probe_leaves_the_pick_to_winner_or_below(monkeypatch):
    """The first test's round with the outputs saturated (c = 0.01 < 1/2): the probe still falls and
    neither finalist beat the constant prediction, but on saturated outputs the step above the probe
    is not taken; winner_or_below picks the winner (the probe, at 20, is not ahead of 14.5)."""
    monkeypatch.setattr(CURVATURE, "output_curvature_ratio", lambda *a, **k: 0.01)
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted_probe(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8], 20.0, [24.0, 22.0, 19.0, 17.0])
    assert found.curvature_ratio == 0.01 and found.probe_below is not None
    assert found.suggestion == pytest.approx(rates[1])
    assert "one bracket step above the probe" not in found.rule


def test_a_probe_that_no_longer_falls_leaves_the_pick_to_winner_or_below(monkeypatch):
    """The same round, the probe's tail flat (within 5%): the winner, the probe not clearly ahead."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted_probe(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8], 20.0, [20.0, 20.2, 19.9, 20.0])
    assert found.probe_below is not None and found.suggestion == pytest.approx(rates[1])


def test_a_probe_still_falling_below_the_constant_leaves_the_pick_to_winner_or_below(monkeypatch):
    """The same round, the probe at 13.0, below the constant prediction's 14.25, still falling: a
    finalist learned, so winner_or_below picks (the probe, clearly ahead of 14.5)."""
    rates = [1.05 * 4 ** (i / 5) for i in range(6)]
    found = _scripted_probe(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8], 13.0, [15.0, 14.0, 12.5, 12.0])
    assert found.suggestion == pytest.approx(0.2625)


def test_the_step_above_a_probe_far_below_a_wide_bracket_is_no_lower_than_the_bracket_floor(monkeypatch):
    """A bracket spanning 1000x, [2, 2000] (its top where the range test's sweep ended, not at a reading),
    over eta_s = 1, the round won by its second rate above the constant prediction, the probe 2^2/2000 =
    0.002 still falling and above the constant: the step above the probe, 0.002 * 1000^(1/5) = 0.008,
    lies below the lowest rate the bracket keeps, c eta_s / 64 = 1/64 (c = 1 for mse): the pick is that floor."""
    rates = [2.0 * 1000 ** (i / 5) for i in range(6)]
    found = _scripted_probe(monkeypatch, rates, [15.0, 14.5, 5e7, 1e8, 2e8, 3e8], 20.0, [24.0, 22.0, 19.0, 17.0])
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(0.002)
    assert found.curvature_ratio == 1.0 and found.stable_lr == pytest.approx(1.0, rel=0.02)
    assert 0.002 * 1000 ** (1 / 5) < found.stable_lr / 64
    assert found.suggestion == pytest.approx(found.stable_lr / 64)
    assert "one bracket step above the probe" in found.rule
