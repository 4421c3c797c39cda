"""Slow progress reads how far a mini-batch run fell from the data's loss at its initial weights
where train measured it (``History.initial_data_loss``), not from its first epoch's mean, whose
weights moved during that epoch (_progress.fall, session 27, doctor30)."""

from __future__ import annotations

import numpy as np

import descend as ds
from _built_history import built_history

N, BATCHES, LR = 200, 10, 0.01  # 20 epochs of 10 mini-batches


def _reading(step: int, stability: float) -> dict:
    return {
        "step": step,
        "sharpness": stability * 2.0 / LR,
        "threshold": 2.0 / LR,
        "stability": stability,
        "threshold_lr": 2.0,
        "gain": 1.0,
        "preconditioned": False,
    }


def _kinds(loss, start):
    h = built_history(loss, lr=LR, batches=BATCHES, instruments=[_reading(10, 0.01), _reading(N, 0.01)])
    h.initial_data_loss = start
    return [d.kind for d in ds.diagnose(h)]


def test_a_run_that_fell_most_of_its_way_in_the_first_epoch_is_not_on_a_plateau():
    # From the data's 1.0 to 0.36 within the first epoch (its mean 0.36), then 0.35 -> 0.32: 11% off
    # the first epoch's mean, a "plateau" 50x under the useful ratio; 68% off where it started.
    loss = np.r_[np.geomspace(1.0, 0.36, BATCHES), np.linspace(0.35, 0.32, N - BATCHES)]
    assert _kinds(loss, None) == ["slow_progress"]  # no start measured: read as before
    assert "slow_progress" not in _kinds(loss, 1.0)


def test_a_run_that_barely_moved_from_its_measured_start_is_still_too_small():
    loss = np.linspace(1.0, 0.97, N)
    assert _kinds(loss, 1.0) == ["slow_progress"]
