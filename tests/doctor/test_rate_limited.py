"""A run still falling at least as fast as it first did (a straight-line crawl, or a loss
speeding up off a plateau) is held by its rate: under ``RAISE`` of headroom it is too small all
the same from ``ACCELERATING_RAISE`` up (session 14e), advised the useful ratio itself. A run
whose fall slowed down, as near a minimum, keeps the full ``RAISE``."""

from __future__ import annotations

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor._curves import Curves
from descend.doctor._progress import slow_progress
from descend.doctor._rate_limited import rate_limited
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import ACCELERATING_RAISE, NOT_SLOWING, ON_PLATEAU, RAISE

LR = 0.1
N = 200


def _run(loss: np.ndarray, headroom: float) -> Curves:
    """A full-batch GD run of ``N`` steps with two readings at ``TARGET / headroom``."""
    return full_batch_run(loss, lr=LR, stability=TARGET / headroom)


def _straight(fell: float) -> np.ndarray:
    return 1.0 - fell * np.arange(N) / (N - 1)


def _slowing() -> np.ndarray:
    # falls 5%+ of its level over the last quarter, but at a fraction of its first pace, onto
    # its floor (session 19: a fall still a quarter of its level at a quarter of its first pace,
    # as 0.1 + 0.9 exp(-t / 80) was, is a run cut short, _cut_short.py)
    return 0.3 + 0.7 * np.exp(-np.arange(N) / 40.0)


HEADROOM = (ACCELERATING_RAISE + RAISE) / 2


def test_the_thresholds_leave_a_band_below_raise():
    assert NOT_SLOWING >= 1 and 1 < ACCELERATING_RAISE < RAISE


def test_a_straight_line_fall_under_raise_is_too_small():
    found = slow_progress(_run(_straight(0.4), HEADROOM))
    assert found is not None and found.kind == "slow_progress"
    assert found.change == {"lr": pytest.approx(LR * HEADROOM, rel=0.01)}
    assert f"too small, by about {HEADROOM:.2g}x" in found.advice


def test_a_run_on_its_plateau_is_advised_the_useful_ratio_itself():
    # PLATEAU_SHARPENING would bring the advice back to about the run's own rate
    found = slow_progress(_run(_straight(0.5 * ON_PLATEAU), HEADROOM))
    assert found.change == {"lr": pytest.approx(LR * HEADROOM, rel=0.01)}
    assert "plateau" not in found.advice


def test_a_fall_that_slowed_down_needs_the_full_raise():
    assert slow_progress(_run(_slowing(), HEADROOM)) is None
    assert slow_progress(_run(_slowing(), 1.1 * RAISE)) is not None


def test_less_headroom_than_accelerating_raise_is_no_finding():
    assert slow_progress(_run(_straight(0.4), 0.9 * ACCELERATING_RAISE)) is None


def test_rate_limited_reads_headroom_pace_and_stall():
    assert rate_limited(ACCELERATING_RAISE, NOT_SLOWING, stalled=False)
    assert not rate_limited(ACCELERATING_RAISE, 0.9 * NOT_SLOWING, stalled=False)
    assert not rate_limited(0.99 * ACCELERATING_RAISE, 2.0, stalled=False)
    assert not rate_limited(RAISE, 2.0, stalled=True)
