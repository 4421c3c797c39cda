"""Fixtures of the per-example tests: real training runs, one with deliberately flipped labels."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from _example_records import N_FLIPPED, blobs, moved_to_next_class

import descend as ds

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def noisy_run():
    """An MLP trained for real on blobs with N_FLIPPED labels moved to the next class:
    (history, flipped indices, clean labels)."""
    X, y = blobs()
    rng = np.random.default_rng(1)
    noisy, flipped = moved_to_next_class(y, N_FLIPPED, 3, rng)
    h = ds.train(
        "mlp", (X, noisy), lr=0.01, batch_size=16, epochs=12, tol=None, instruments=False,
        progress=False, track_examples=True,
    )  # fmt: skip
    return h, flipped, y


@pytest.fixture(scope="session")
def clean_run():
    X, y = blobs(seed=2)
    return ds.train(
        "mlp", (X, y), lr=0.01, batch_size=16, epochs=12, tol=None, instruments=False,
        progress=False, track_examples=True,
    )  # fmt: skip
