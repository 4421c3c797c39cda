"""Where the steps land along their own direction (Cockpit's α) and "too small": a rate whose
late steps already reach the minimum along them is not too small, where α is read without
mini-batch noise (full batches) or the readings bound no step (the absolute error, whose
Hessian is ~0)."""

from __future__ import annotations

import warnings

import numpy as np
import torch

import descend as ds
from descend.doctor._curves import Curves, from_history
from descend.doctor._progress import _slow_progress, steps_reach_minimum
from descend.doctor._stability import readings
from descend.doctor._thresholds import SATURATED


def _linear_data(n=200, seed=0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, 4, generator=g) * 3 + 1
    return X, X @ torch.tensor([1.0, -2.0, 0.5, 0.0]) + 0.3 * torch.randn(n, generator=g)


def _absolute_error_run(model: str, optimizer: str, lr: float, **settings):
    """A run on the absolute error, and its final loss over the whole training set."""
    X, y = _linear_data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = ds.train(model, (X, y), loss="mae", optimizer=optimizer, lr=lr, progress=False, device="cpu", seed=0,
                     instruments=True, **settings)  # fmt: skip
    with torch.no_grad():
        final = float((h.model(X).squeeze(-1) - y).abs().mean())
    return h, final


def _kinds(h) -> list[str]:
    return [d.kind for d in ds.diagnose(h)]


def test_full_batch_steps_past_the_minimum_along_them_are_not_called_too_small():
    # Full-batch GD on an MLP with the absolute error: the stability ratio reads ~0.03 at lr 0.03,
    # "headroom" by the sharpness, yet every late step lands past the minimum along its direction
    # and a third of the rate ends lower: the rate is too large, not too small.
    large, large_final = _absolute_error_run("mlp", "gd", 0.03, epochs=200)
    lower, lower_final = _absolute_error_run("mlp", "gd", 0.01, epochs=200)
    small, small_final = _absolute_error_run("mlp", "gd", 0.003, epochs=200)
    assert lower_final < large_final and lower_final < small_final
    c = from_history(large)
    before = _slow_progress(c)  # the finding without the check on where the steps land
    assert before is not None and before.change["lr"] > 0.03
    assert steps_reach_minimum(c) and "slow_progress" not in _kinds(large)
    assert steps_reach_minimum(from_history(lower)) and "slow_progress" not in _kinds(lower)
    # A rate too small still is: its steps stop short of the minimum along them (α < 0).
    assert not steps_reach_minimum(from_history(small)) and "slow_progress" in _kinds(small)


def test_mini_batch_steps_past_the_minimum_count_where_the_readings_bound_no_step():
    # SGD on a linear model with the absolute error: its Hessian is 0, every stability ratio
    # below SATURATED, so the readings give unlimited "headroom"; the steps land past the
    # minimum along them, and a tenth of the rate ends lower.
    large, large_final = _absolute_error_run("linear", "sgd", 0.3, batch_size=32, epochs=30)
    _, lower_final = _absolute_error_run("linear", "sgd", 0.03, batch_size=32, epochs=30)
    assert lower_final < large_final
    c = from_history(large)
    assert all(r.stability < SATURATED for r in readings(c))
    assert _slow_progress(c) is not None and _slow_progress(c).change["lr"] > 0.3
    assert steps_reach_minimum(c) and "slow_progress" not in _kinds(large)


def _curves(full_batch: bool, stability: float, alpha: list[float]) -> Curves:
    """A run of 100 plain steps at lr 0.1 with a reading every 10, each of ``stability`` and
    the next ``alpha``."""
    n = 100
    rows = [
        {"step": s, "sharpness": 20 * stability, "threshold": 20.0, "stability": stability, "alpha": a}
        for s, a in zip(range(10, n, 10), alpha)
    ]
    return Curves(loss=np.linspace(1.0, 0.5, n), grad_norm=np.ones(n), lr=np.full(n, 0.1), steps=np.arange(n),
                  converged=False, why_stopped="", full_batch=full_batch, plain_steps=True, instruments=rows)  # fmt: skip


def test_where_alpha_is_read_and_on_which_steps():
    late_past = [-1.0] * 4 + [0.2, -0.1, 0.3, 0.5, 0.1]  # median of the later half (5 of 9): 0.2
    late_short = [0.8] * 4 + [-0.2, -0.1, 0.3, -0.5, 0.1]  # ... -0.1, whatever the early steps did
    assert steps_reach_minimum(_curves(True, 0.3, late_past))
    assert not steps_reach_minimum(_curves(True, 0.3, late_short))
    # Mini-batch steps read on the probe batch land past its minimum by noise: only where the
    # readings bound no step (saturated) does α speak for them.
    assert not steps_reach_minimum(_curves(False, 0.3, late_past))
    assert steps_reach_minimum(_curves(False, 0.0, late_past))
    assert not steps_reach_minimum(_curves(False, 0.0, []))
