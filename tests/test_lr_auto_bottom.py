"""lr="auto": where the step above the probe below the bracket would be the pick (no finalist beat the
constant prediction, the probe still falling), a bracket whose lowest rate ended its first round below
the constant prediction's loss picks that rate, under a rule that keeps a momentum
(descend.training.pilot_bottom)."""

import sys

import pytest
import torch

import descend as ds
from _lr_auto_problems import isotropic_regression
from descend.training.pilot_bottom import learned_below_constant, step_or_learned_bottom

PILOTS = sys.modules["descend.training.pilots"]


def _scripted(monkeypatch, optimizer, rates, first, bottom_tail, probe, probe_tail):
    """Pilots over the fixed bracket ``rates`` reading ``first``; the lowest rate's first leg hands
    ``bottom_tail`` to its caller, the probe below the bracket reads ``probe`` with ``probe_tail``."""
    values = dict(zip(rates, first))

    def pilot_loss(*a):
        tail_out = a[9] if len(a) > 9 else None
        if a[5] in values:
            if tail_out is not None and a[5] == rates[0] and a[6] == 0:
                tail_out.extend(bottom_tail)
            return values[a[5]]
        if tail_out is not None:
            tail_out.extend(probe_tail)
        return probe

    monkeypatch.setattr(PILOTS, "pilot_loss", pilot_loss)
    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(rates), "a fixed bracket"))
    X, y = isotropic_regression()
    return ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer=optimizer, batch_size=None, budget=20)


RATES = [4.2 * 4 ** (i / 5) for i in range(6)]  # wholly above heavy ball's eta_s = 1.9
FIRST = [15.0, 14.5, 5e7, 1e8, 2e8, 3e8]
PROBE_TAIL = [24.0, 22.0, 19.0, 17.0]  # first half's mean 23, second half's 18: still falling
LEARNED = [30.0, 20.0, 13.0, 12.0]  # mean 18.75, second half's 12.5 < 14.25


def test_a_bottom_that_ended_its_first_round_below_the_constant_is_the_pick_with_momentum(monkeypatch):
    """Heavy ball over [4.2, 16.8] (eta_s = 1.9): the round is won by the second rate at 14.5, above the
    constant prediction's 14.25, the winner ends at 14.5 and the probe 4.2^2 / 16.8 = 1.05 at 20, still
    falling: before session 28 the pick was one step above the probe, 1.05 * 4^(1/5) = 1.39. The lowest
    rate's first round averaged 15.0 over a tail whose second half averages 12.5 < 14.25: it learned,
    and is the pick, at the same cost."""
    found = _scripted(monkeypatch, "momentum", RATES, FIRST, LEARNED, 20.0, PROBE_TAIL)
    assert found.stable_lr == pytest.approx(1.9, rel=0.02)
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(1.05)
    assert found.suggestion == pytest.approx(4.2)
    assert "lowest rate, whose first round ended below the constant prediction" in found.rule
    assert found.pilot_cost == 6 * 6 + 2 * (20 - 6)


def test_a_bottom_whose_tail_ends_above_the_constant_leaves_the_step_above_the_probe(monkeypatch):
    """The same round, the lowest rate's tail [16, 15.5, 14.6, 14.4] (second half 14.5, above 14.25):
    the step above the probe stands."""
    found = _scripted(monkeypatch, "momentum", RATES, FIRST, [16.0, 15.5, 14.6, 14.4], 20.0, PROBE_TAIL)
    assert found.suggestion == pytest.approx(1.05 * 4 ** (1 / 5))
    assert "one bracket step above the probe" in found.rule


def test_without_a_momentum_the_step_above_the_probe_stands(monkeypatch):
    """Plain SGD (no momentum) over [1.05, 4.2] (eta_s = 1), the lowest rate's tail as in the first test:
    the step above the probe, 0.2625 * 4^(1/5)."""
    rates = [r / 4 for r in RATES]
    found = _scripted(monkeypatch, "sgd", rates, FIRST, LEARNED, 20.0, PROBE_TAIL)
    assert found.probe_below is not None and found.probe_below[0] == pytest.approx(0.2625)
    assert found.suggestion == pytest.approx(0.2625 * 4 ** (1 / 5))


def test_the_test_reads_the_second_half_of_the_tail():
    """An odd tail's second half is its larger half: [9, 9, 0.5] -> mean(9, 0.5) = 4.75."""
    assert learned_below_constant([9.0, 9.0, 0.5], 5.0) and not learned_below_constant([9.0, 9.0, 0.5], 4.0)
    assert step_or_learned_bottom([0.04, 0.1], 4e-4, 0.0, [], 1.0)[0] == pytest.approx(1e-3)
