"""Session 19: a run the budget cut short, still taking a quarter of its level off over its last
quarter at a quarter of its first pace or more, is too small from ``CUT_SHORT_RAISE`` of
headroom, though under ``RAISE`` (_cut_short.py). A run that slowed into its floor, or with
less headroom, is no finding, and ``CUT_SHORT_RAISE = None`` restores the rule before."""

from __future__ import annotations

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor import _cut_short
from descend.doctor._curves import Curves, late_pace
from descend.doctor._loss_fall import last_quarter_fall
from descend.doctor._progress import slow_progress
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import ACCELERATING_RAISE, FIRST_PACE, NOT_SLOWING, RAISE

LR = 0.1
N = 200
HEADROOM = (_cut_short.CUT_SHORT_RAISE + ACCELERATING_RAISE) / 2  # 1.75: under both older bars


def _run(loss: np.ndarray, headroom: float) -> Curves:
    """A full-batch GD run of ``N`` steps with two readings at ``TARGET / headroom``."""
    return full_batch_run(loss, lr=LR, stability=TARGET / headroom)


def _steep() -> np.ndarray:
    # from 1 down to 0.2, geometric at a fixed rate: the last quarter still takes about half
    # of its level off, at about a third of the first quarter's pace per step (under NOT_SLOWING)
    return np.geomspace(1.0, 0.2, N)


def _floored() -> np.ndarray:
    # decays onto a floor of 0.3: the last quarter takes under a tenth of the level off
    return 0.3 + 0.7 * np.exp(-np.arange(N) / 40.0)


def test_the_built_curves_read_as_intended():
    assert last_quarter_fall(_steep()) >= _cut_short.CUT_SHORT_FALL
    assert FIRST_PACE <= late_pace(_steep()) < NOT_SLOWING
    assert last_quarter_fall(_floored()) < _cut_short.CUT_SHORT_FALL
    assert _cut_short.CUT_SHORT_RAISE < HEADROOM < ACCELERATING_RAISE < RAISE


def test_a_run_still_falling_steeply_is_too_small_under_raise():
    found = slow_progress(_run(_steep(), HEADROOM))
    assert found is not None and found.kind == "slow_progress"
    assert found.change == {"lr": pytest.approx(LR * HEADROOM, rel=0.01)}


def test_the_rule_before_finds_nothing(monkeypatch):
    assert not _cut_short.cut_short(HEADROOM, 0.5, 0.3, False, raise_=None)
    monkeypatch.setattr(_cut_short, "CUT_SHORT_RAISE", None)
    assert slow_progress(_run(_steep(), HEADROOM)) is None


def test_a_run_on_its_floor_or_with_less_headroom_is_no_finding():
    assert slow_progress(_run(_floored(), HEADROOM)) is None
    assert slow_progress(_run(_steep(), 0.9 * _cut_short.CUT_SHORT_RAISE)) is None
