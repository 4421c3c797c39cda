"""lr="auto": where both finalists end the budget more than 5% above the pilot loss they read at
the first round's end (they blew up late), the pick is the bracket's rate just below the lower
finalist (descend.training.pilot_late), at no extra cost."""

import math
import sys

import pytest
import torch

import descend as ds
from _lr_auto_problems import isotropic_regression
from descend.training.pilot_late import below_late_finalists, blew_up_late, rises_late

PILOTS = sys.modules["descend.training.pilots"]
RATES = [0.01 * 2**i for i in range(6)]


def _find(monkeypatch, first, last):
    """lr_find with a fixed bracket and scripted pilot losses: ``first[i]`` at the first round's
    end, ``last[i]`` at the budget's end; returns the result and the pilot calls."""
    calls = []

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        calls.append((lr, done, until))
        i = RATES.index(lr)
        return first[i] if done == 0 else last[i]

    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(RATES), "a fixed bracket"))
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    return found, calls


def test_both_finalists_blowing_up_late_pick_the_rate_below_them(monkeypatch):
    """The round is won by RATES[4] (0.22), so the finalists are RATES[3] and RATES[4]; both end
    the budget far above their first-round loss (0.25 -> 14.4, 0.22 -> 73.7), as the raw kiln's
    RMSprop pilots did: the pick is RATES[2], at the cost of the round as before."""
    first = [1.6, 0.46, 0.26, 0.25, 0.22, 0.25]
    found, calls = _find(monkeypatch, first, [math.nan, math.nan, math.nan, 14.4, 73.7, math.nan])
    assert calls[6:] == [(RATES[3], 23, 80), (RATES[4], 23, 80)]
    assert found.suggestion == RATES[2] and "blew up late" in found.rule
    assert found.pilot_cost == 6 * 23 + 2 * (80 - 23)


def test_finalists_that_diverge_late_no_longer_leave_no_suggestion(monkeypatch):
    """Both finalists diverge in the second round (inf): before, 'every pilot run diverged' and
    lr="auto" fell back to the optimizer's default; the rate below them trained finite."""
    first = [1.6, 0.46, 0.26, 0.25, 0.22, 0.25]
    found, _ = _find(monkeypatch, first, [0, 0, 0, math.inf, math.inf, 0])
    assert found.suggestion == RATES[2]


def test_one_finalist_that_still_trains_keeps_the_final_choice(monkeypatch):
    """The lower finalist fell (0.25 -> 0.2): the finalists' ordinary choice, the lower loss."""
    first = [1.6, 0.46, 0.26, 0.25, 0.22, 0.25]
    found, _ = _find(monkeypatch, first, [0, 0, 0, 0.2, 73.7, 0])
    assert found.suggestion == RATES[3] and "blew up late" not in found.rule


def test_a_rise_within_five_percent_is_not_a_blow_up(monkeypatch):
    """A plateau: both finalists sit at 0.693 (+1%): the finalists' ordinary choice, which for two
    finalists within 5% of each other (the larger one's tail not rising) is their geometric mean
    (session 24; before, the smaller finalist)."""
    first = [0.70, 0.70, 0.70, 0.693, 0.692, 0.70]
    found, _ = _find(monkeypatch, first, [0, 0, 0, 0.70, 0.699, 0])
    assert found.suggestion == pytest.approx(math.sqrt(RATES[3] * RATES[4]), rel=1e-12)
    assert "blew up late" not in found.rule and "geometric mean" in found.rule


def test_a_larger_finalist_whose_tail_rises_late_keeps_the_smaller_one(monkeypatch):
    """The same tie, but the larger finalist's probe losses over its last stretch rise more than 5%
    from their first half to their second (as raw river discharge's Adam pilot did): its end-of-run
    loss tends to land on a spike, and the pick stays the smaller finalist."""
    first = [0.70, 0.70, 0.70, 0.693, 0.692, 0.70]
    last = [0, 0, 0, 0.70, 0.699, 0]

    def fake(module, opt, source, loss_fn, probe, lr, done, until, clip, tail_out=None):
        i = RATES.index(lr)
        if tail_out is not None and done > 0:
            tail_out.extend([0.6, 0.6, 0.8, 0.8] if i == 4 else [0.7, 0.7, 0.7, 0.7])
        return first[i] if done == 0 else last[i]

    monkeypatch.setattr(PILOTS, "_bracket", lambda found, pilots: (list(RATES), "a fixed bracket"))
    monkeypatch.setattr(PILOTS, "pilot_loss", fake)
    X, y = isotropic_regression()
    found = ds.lr_find(torch.nn.Linear(4, 1), (X, y), loss="mse", optimizer="sgd", batch_size=None, budget=80)
    assert found.suggestion == RATES[3] and "the smallest within 5%" in found.rule


def test_rises_late_compares_the_tail_halves_within_the_tie():
    assert rises_late([1.0, 1.0, 1.06, 1.06], 0.05) and not rises_late([1.0, 1.0, 1.04, 1.04], 0.05)
    assert not rises_late([2.0, 1.0, 1.0, 1.0], 0.05)  # falling
    assert not rises_late([0.5], 0.05) and not rises_late([], 0.05)  # no halves to compare
    assert rises_late([-1.0, -1.0, -0.9, -0.9], 0.05)  # within the tie of |first half|


def test_with_no_rate_below_the_finalists_the_final_choice_stands(monkeypatch):
    """The round is won by RATES[1]: the finalists are RATES[0] and RATES[1], and no bracket rate
    lies below them."""
    first = [0.30, 0.25, 0.5, 0.6, 0.7, 0.8]
    found, _ = _find(monkeypatch, first, [0.9, 5.0, 0, 0, 0, 0])
    assert found.suggestion == RATES[0] and "blew up late" not in found.rule


def test_blew_up_late_and_below_late_finalists():
    assert blew_up_late(1.0, 1.06, 0.05) and not blew_up_late(1.0, 1.04, 0.05)
    assert blew_up_late(-1.0, -0.9, 0.05) and not blew_up_late(-1.0, -0.96, 0.05)
    assert blew_up_late(1.0, math.inf, 0.05) and not blew_up_late(math.inf, math.inf, 0.05)
    first = [1.0, math.inf, 0.5, 0.4]
    assert below_late_finalists(first, [1.0, math.inf, 2.0, 3.0], [2, 3], 0.05) is None  # the rate below diverged
    assert below_late_finalists([1.0, 0.9, 0.5, 0.4], [1.0, 0.9, 2.0, 3.0], [2, 3], 0.05) == 1
    assert below_late_finalists([1.0, 0.9, 0.5, 0.4], [1.0, 0.9, 2.0, 3.0], [], 0.05) is None


@pytest.mark.parametrize("tie", [0.0, 0.05])
def test_equal_losses_are_no_rise(tie):
    assert not blew_up_late(0.5, 0.5, tie)
