"""A training run still falling at its first pace whose last reading sits below the useful ratio
has not sharpened to the edge of stability: too small by its rate, whatever its peak reading
(session 15), advised the rate that puts that last reading at the edge. A run that slowed down,
or whose last reading is at the useful ratio or above, is no finding from this rule."""

from __future__ import annotations

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor._below_the_edge import EDGE, below_the_edge
from descend.doctor._curves import Curves
from descend.doctor._progress import slow_progress
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import NOT_SLOWING, STILL_FALLING

LR = 0.1
N = 200


def _run(loss: np.ndarray, first: float, last: float) -> Curves:
    """A full-batch GD run of ``N`` steps whose first reading (step 10) is at effective ratio
    ``first`` (the peak, when larger) and its last at ``last``."""
    c = full_batch_run(loss, lr=LR, stability=first)
    row = dict(c.instruments[-1])
    row.update(stability=last, sharpness=last * row["threshold"])
    c.instruments[-1] = row
    return c


def _accelerating() -> np.ndarray:
    # speeding up off a start: the last quarter falls faster per step than the first
    t = np.arange(N) / (N - 1)
    return 1.0 - 0.2 * t - 0.4 * t**2


def _slowing() -> np.ndarray:
    return 0.1 + 0.9 * np.exp(-np.arange(N) / 80.0)


def test_a_run_below_the_edge_still_speeding_up_is_too_small_whatever_its_peak():
    # the first reading (the peak) sits above the useful ratio: no headroom by the peak
    found = slow_progress(_run(_accelerating(), first=2 * TARGET, last=0.3))
    assert found is not None and found.kind == "slow_progress"
    assert found.change == {"lr": pytest.approx(LR * EDGE / 0.3, rel=0.01)}
    assert "below the edge of stability" in found.advice


def test_the_advice_at_least_doubles_the_rate():
    found = slow_progress(_run(_accelerating(), first=2 * TARGET, last=0.99 * TARGET))
    assert found.change["lr"] >= 2 * LR


def test_a_last_reading_at_the_useful_ratio_or_a_slowing_fall_is_no_finding():
    assert slow_progress(_run(_accelerating(), first=2 * TARGET, last=TARGET)) is None
    assert slow_progress(_run(_slowing(), first=2 * TARGET, last=0.3)) is None


def test_below_the_edge_reads_last_ratio_pace_fall_and_stall():
    assert below_the_edge(0.9 * TARGET, NOT_SLOWING, STILL_FALLING, stalled=False)
    assert not below_the_edge(TARGET, NOT_SLOWING, STILL_FALLING, stalled=False)
    assert not below_the_edge(0.9 * TARGET, 0.9 * NOT_SLOWING, STILL_FALLING, stalled=False)
    assert not below_the_edge(0.9 * TARGET, NOT_SLOWING, 0.9 * STILL_FALLING, stalled=False)
    assert not below_the_edge(0.9 * TARGET, NOT_SLOWING, STILL_FALLING, stalled=True)
    assert not below_the_edge(0.0, NOT_SLOWING, STILL_FALLING, stalled=False)
