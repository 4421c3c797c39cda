"""lr="auto": where the first-round pilot whose tail has the lowest median is another than the
round's winner (the lowest mean), the finalists are those two, not the winner and the rate below it
(descend.training.pilot_median), at the cost of the round as before."""

import sys

import torch

import descend as ds
from _lr_auto_problems import isotropic_regression

PILOTS = sys.modules["descend.training.pilots"]
RATES = [0.01 * 2**i for i in range(6)]


def _find(monkeypatch, tails, last):
    """lr_find with a fixed bracket and scripted pilots: ``tails[i]``, the probe losses of pilot i's
    first round (its pilot loss their mean), ``last[i]`` its loss at the budget's end; returns the
    result and the pilot calls."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        calls.append((lr, done, until))
        i = RATES.index(lr)
        if done > 0:
            return last[i]
        if tail_out is not None:
            tail_out.extend(tails[i])
        return sum(tails[i]) / len(tails[i])

    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(RATES), "a fixed bracket"))
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    return found, calls


def test_a_spiky_tail_with_the_lowest_median_goes_on_beside_the_winner(monkeypatch):
    """RATES[3] has the lowest mean (0.25), RATES[4] the lowest median (0.1: its tail holds one spike,
    mean 0.3), as NAdam's larger rates on raw scales read: the finalists are RATES[3] and RATES[4]
    (before: RATES[2] and RATES[3]), and RATES[4], lowest over the whole budget, is the pick."""
    tails = [[1.6] * 4, [0.46] * 4, [0.26] * 4, [0.25] * 4, [0.1, 0.1, 0.1, 0.9], [0.9] * 4]
    found, calls = _find(monkeypatch, tails, [0, 0, 0.2, 0.15, 0.05, 0])
    assert calls[6:] == [(RATES[3], 23, 80), (RATES[4], 23, 80)]
    assert found.suggestion == RATES[4] and "the lowest pilot loss" in found.rule
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23)


def test_where_the_medians_agree_the_finalists_are_the_winner_and_the_rate_below(monkeypatch):
    tails = [[1.6] * 4, [0.46] * 4, [0.26] * 4, [0.25] * 4, [0.3, 0.3, 0.3, 0.3], [0.9] * 4]
    found, calls = _find(monkeypatch, tails, [0, 0, 0.2, 0.15, 0.05, 0])
    assert calls[6:] == [(RATES[2], 23, 80), (RATES[3], 23, 80)]
    assert found.suggestion == RATES[3]


def test_a_median_winner_below_the_mean_winner_goes_on_too(monkeypatch):
    """The median's winner may lie below the mean's: RATES[1] holds 0.2 but one reading of 2.0 lifts
    its mean to 0.65; RATES[3] wins by the mean (0.25): the finalists are RATES[1] and RATES[3]."""
    tails = [[1.6] * 4, [0.2, 0.2, 0.2, 2.0], [0.26] * 4, [0.25] * 4, [0.3] * 4, [0.9] * 4]
    found, calls = _find(monkeypatch, tails, [0, 0.1, 0, 0.15, 0, 0])
    assert calls[6:] == [(RATES[1], 23, 80), (RATES[3], 23, 80)]
    assert found.suggestion == RATES[1]
