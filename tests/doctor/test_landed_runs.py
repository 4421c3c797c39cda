"""A run whose last step landed at or past the minimum along its own direction (Cockpit's α >= 0)
is not too small, whatever headroom the stability ratio leaves (session 16,
``descend.doctor._landed``): a longer step along that direction climbs the far side. A step
that lands short (α < 0) keeps the call, and an early overshoot (the first reading) does not
silence a run whose last step lands short."""

from __future__ import annotations

import numpy as np
from _built_runs import full_batch_run

from descend.doctor._curves import Curves
from descend.doctor._landed import landed_past_minimum
from descend.doctor._progress import slow_progress
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import RAISE

LR = 0.1
N = 200
HEADROOM = 10 * RAISE  # the stability ratio leaves far more than RAISE


def _run(first_alpha: float, last_alpha: float) -> Curves:
    """A full-batch GD run still falling in a straight line (40% off its start), both readings
    ``HEADROOM`` below the useful ratio, its steps landing at ``first_alpha`` then ``last_alpha``."""
    c = full_batch_run(1.0 - 0.4 * np.arange(N) / (N - 1), lr=LR, stability=TARGET / HEADROOM)
    c.instruments[0]["alpha"], c.instruments[1]["alpha"] = first_alpha, last_alpha
    return c


def test_a_step_that_lands_short_with_headroom_is_too_small():
    found = slow_progress(_run(-0.9, -0.9))
    assert found is not None and found.kind == "slow_progress"
    assert found.change["lr"] > RAISE * LR


def test_a_last_step_at_or_past_the_minimum_along_its_direction_is_not_too_small():
    for alpha in (0.0, 0.5, 3.0):
        assert landed_past_minimum(_run(-0.9, alpha)) == alpha
        assert slow_progress(_run(-0.9, alpha)) is None


def test_an_early_overshoot_does_not_silence_a_last_step_that_lands_short():
    assert landed_past_minimum(_run(2.0, -0.5)) is None
    assert slow_progress(_run(2.0, -0.5)) is not None


def test_a_run_without_an_alpha_reading_keeps_the_call():
    c = _run(-0.9, -0.9)
    for row in c.instruments:
        del row["alpha"]
    assert landed_past_minimum(c) is None
    assert slow_progress(c) is not None
