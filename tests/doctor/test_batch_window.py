"""A mini-batch run too short for epoch means is read on its per-step losses with one batch's
noise removed (_instability.py::_batch_noise_removed): a running median of at least 3 steps, the
end padded by reflection, so a run whose last batch alone is an outlier is not read as having
ended above its start, while a rise that lasted over the last batches still is."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import descend as ds
from descend.doctor._instability import _batch_noise_removed


def test_one_outlier_last_batch_is_removed_from_a_short_series():
    loss = np.array([1.44, 1.2, 1.0, 0.9, 0.95, 0.85, 0.9, 4.98])
    smoothed = _batch_noise_removed(loss)
    assert smoothed[0] == 1.44  # the start stays the first loss (the initial weights')
    assert smoothed[-1] == 0.9  # not the last batch's 4.98


def test_a_rise_that_lasted_over_the_last_batches_stays():
    assert _batch_noise_removed(np.array([1.0, 0.9, 3.0, 6.0, 9.0]))[-1] == 6.0


@pytest.mark.parametrize("n", [1, 2])
def test_a_series_under_three_steps_is_kept(n):
    loss = np.arange(1.0, n + 1.0)
    assert np.array_equal(_batch_noise_removed(loss), loss)


def test_a_linear_run_whose_last_batch_holds_an_outlier_is_no_divergence():
    """One epoch of 10 batches (640 rows, batch 64) at lr 1e-3; row 150's target is 30 and lands in
    the last batch (its loss 17.1 against the data's 3.54 at the initial weights): the run trained
    (val loss 1.95), so the doctor must not end it as a divergence (a tune trial pruned so)."""
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(800, 4)).astype("float32")
    y = (X.sum(1) / 2 + 0.3 * rng.normal(size=800)).astype("float32")
    y[150] = 30.0
    train, val = (X[:640], y[:640]), (X[640:], y[640:])
    h = ds.train(
        "linear", train, val_data=val, optimizer="adam", lr=1e-3, batch_size=64, epochs=1, seed=0, progress=False
    )
    assert h.steps["loss"][-1] > 4 * h.initial_data_loss  # the outlier batch is the last
    assert "divergence" not in [d.kind for d in ds.diagnose(h)]
