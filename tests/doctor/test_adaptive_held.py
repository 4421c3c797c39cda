"""Session 19: an adaptive run whose preconditioned sharpness never passed its limit (headroom
``ADAPTIVE_HELD_FROM`` or more), still falling at least as fast as it first did and taking a
quarter of its level off in its last quarter, is too small, advised ``ACCELERATING_RAISE`` times
its rate (_adaptive_held.py). The same curve under plain steps, or past the limit, is no finding,
and ``ADAPTIVE_HELD_FROM = None`` restores the rule before."""

from __future__ import annotations

import numpy as np
import pytest
from _built_runs import full_batch_run

from descend.doctor import _adaptive_held
from descend.doctor._curves import Curves, late_pace
from descend.doctor._cut_short import CUT_SHORT_FALL, CUT_SHORT_RAISE
from descend.doctor._progress import last_quarter_fall, slow_progress
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import ACCELERATING_RAISE, NOT_SLOWING

LR = 1e-3
N = 200
HEADROOM = 0.7  # under every older bar (CUT_SHORT_RAISE 1.5), over the limit's 0.5


def _run(loss: np.ndarray, headroom: float, adaptive: bool = True) -> Curves:
    """A full-batch run of ``N`` steps with two readings at ``TARGET / headroom``."""
    return full_batch_run(loss, lr=LR, stability=TARGET / headroom, adaptive=adaptive)


def _accelerating() -> np.ndarray:
    # from 1 down to 0.2 along a parabola: the fall per step grows, the last quarter the fastest
    return 1.0 - 0.8 * (np.arange(N) / (N - 1)) ** 2


def test_the_built_curve_reads_as_intended():
    assert last_quarter_fall(_accelerating()) >= CUT_SHORT_FALL
    assert late_pace(_accelerating()) >= NOT_SLOWING
    assert _adaptive_held.ADAPTIVE_HELD_FROM < HEADROOM < CUT_SHORT_RAISE


def test_an_adaptive_run_still_accelerating_is_too_small():
    found = slow_progress(_run(_accelerating(), HEADROOM))
    assert found is not None and found.kind == "slow_progress"
    assert found.change == {"lr": pytest.approx(LR * ACCELERATING_RAISE, rel=0.01)}


def test_plain_steps_or_a_run_past_its_limit_is_no_finding():
    assert slow_progress(_run(_accelerating(), HEADROOM, adaptive=False)) is None
    assert slow_progress(_run(_accelerating(), 0.8 * _adaptive_held.ADAPTIVE_HELD_FROM)) is None


def test_the_rule_before_finds_nothing(monkeypatch):
    assert not _adaptive_held.adaptive_held(True, HEADROOM, 0.5, 1.5, False, from_=None)
    monkeypatch.setattr(_adaptive_held, "ADAPTIVE_HELD_FROM", None)
    assert slow_progress(_run(_accelerating(), HEADROOM)) is None
