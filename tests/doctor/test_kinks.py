"""A run whose readings measured no curvature (a loss piecewise linear in the weights): the
curvature its plain full-batch steps imply measures the kinks they cross, so its curve's pace
decides whether the rate held it (_kinks.py)."""

from __future__ import annotations

import numpy as np
from _built_runs import full_batch_run

from descend.doctor._progress import slow_progress

LR, STEPS = 1e-3, 200


def _run(loss: np.ndarray):
    """Full-batch plain steps at ``LR`` whose readings measured a curvature of 0, each step's
    fall two thirds of the linear prediction ``LR |g|²`` (the kinks it crossed): the steps imply
    a curvature ``2 (1/3) / LR``."""
    drops = loss[:-1] - loss[1:]
    grad_norm = np.sqrt(np.r_[drops, drops[-1]] * 1.5 / LR)
    return full_batch_run(loss, lr=LR, stability=0.0, grad_norm=grad_norm)


def test_a_run_that_slowed_by_itself_is_not_too_small_where_no_curvature_was_measured():
    # Fell from 1 toward 0.1 and flattened: the last quarter falls at about 1e-3 of the first's pace.
    loss = 0.1 + 0.9 * np.exp(-np.arange(STEPS) / 20)
    assert slow_progress(_run(loss)) is None


def test_a_run_still_falling_at_its_first_pace_is_still_too_small():
    loss = np.linspace(1.0, 0.6, STEPS)  # a straight line: late pace 1
    found = slow_progress(_run(loss))
    assert found is not None and found.kind == "slow_progress"
    assert "lowered it 1.00 times as fast as the first" in found.evidence
