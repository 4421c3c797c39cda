"""An exact "little left" reading on a run whose loss has no finite minimum nearby (cross-entropy
on separable data: the gradient norm falls in proportion to the loss) does not veto "too small";
on a run near a finite minimum (the gradient norm falls as the square root of the loss's excess)
it still does (_no_minimum.py)."""

from __future__ import annotations

import numpy as np
from _built_runs import full_batch_run

from descend.doctor._loss_fall import share_left
from descend.doctor._no_minimum import gradient_slope, no_minimum_nearby
from descend.doctor._progress import slow_progress
from descend.doctor._thresholds import LITTLE_LEFT, NO_MINIMUM_SLOPE

LR, STEPS, LEFT = 0.1, 200, 0.05
T = np.arange(STEPS, dtype=float)


def _run(loss: np.ndarray, grad_norm: np.ndarray, exact: bool = True):
    """Full-batch plain steps at ``LR``, 50x below the useful stability ratio (headroom), still
    falling; the last reading measured exactly ``LEFT`` of the probe loss left to fall."""
    c = full_batch_run(loss, lr=LR, stability=0.01, grad_norm=grad_norm)
    c.instruments[-1].update(probe_loss=float(loss[-1]), decrease=LEFT * float(loss[-1]), decrease_exact=float(exact))
    return c


def _separable():
    loss = 0.7 / (1 + T / 10)  # GD on separable logistic data: the loss falls as 1/t
    return loss, 0.8 * loss  # |g| ∝ loss


def _finite_minimum():
    loss = 0.5 + 0.5 * np.exp(-T / 60)  # falling towards a minimum at 0.5, still 7% over its last quarter
    return loss, np.sqrt(loss - 0.5)  # |g|² ∝ the excess over it


def test_the_bar_sits_between_separable_cross_entropy_and_what_little_left_predicts():
    assert 1.0 < NO_MINIMUM_SLOPE < 1 / (2 * LITTLE_LEFT)


def test_a_run_with_no_finite_minimum_and_little_left_read_exactly_is_too_small():
    c = _run(*_separable())
    assert share_left(c) == (LEFT, STEPS, True)
    assert abs(gradient_slope(c) - 1.0) < 1e-6 and no_minimum_nearby(c)
    found = slow_progress(c)
    assert found is not None and found.kind == "slow_progress"
    assert "the loss can still fall by about 5% of its level" in found.evidence


def test_a_run_near_a_finite_minimum_with_little_left_is_still_vetoed():
    c = _run(*_finite_minimum())
    assert gradient_slope(c) > 1 / (2 * LITTLE_LEFT) and not no_minimum_nearby(c)
    assert slow_progress(c) is None
    c.instruments[-1]["decrease_exact"] = 0.0  # the same run read as a lower bound: the veto was what held it
    assert slow_progress(c) is not None


def test_a_mini_batch_run_or_a_flat_loss_gives_no_slope():
    c = _run(*_separable())
    c.full_batch = False
    assert gradient_slope(c) is None and not no_minimum_nearby(c)
    flat = _run(np.full(STEPS, 0.7), np.full(STEPS, 0.5))
    assert gradient_slope(flat) is None
