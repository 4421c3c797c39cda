"""The rate "too small" advises for a run still on its plateau (session 14c): its readings
measured the flat start, and λ_max rises to meet the rate once the run leaves it (progressive
sharpening), so the advised rate aims ``PLATEAU_SHARPENING`` times below the useful ratio. Not
for an adaptive rule, whose preconditioned reading the advice already undershoots, nor for
``minimize``'s fixed objectives, which do not sharpen."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from _built_runs import full_batch_run

import descend as ds
from descend import functions as F
from descend.doctor._curves import Curves
from descend.doctor._progress import slow_progress
from descend.doctor._stability import TARGET
from descend.doctor._thresholds import ON_PLATEAU, PLATEAU_SHARPENING

LR = 0.1
BELOW = 100.0  # the steps' effective stability ratio is TARGET / BELOW


def _run(fell: float, adaptive: bool = False) -> Curves:
    """A full-batch run of 200 steps whose loss fell by ``fell`` of its start, still falling
    in a straight line, with two readings at ``TARGET / BELOW`` (plain steps, or Adam's
    preconditioned sharpness against its threshold)."""
    loss = 1.0 - fell * np.arange(200) / 199
    return full_batch_run(loss, lr=LR, stability=TARGET / BELOW, adaptive=adaptive)


def test_a_run_still_on_its_plateau_is_advised_a_rate_below_the_useful_ratio():
    found = slow_progress(_run(fell=0.5 * ON_PLATEAU))
    assert found.kind == "slow_progress"
    assert found.change == {"lr": pytest.approx(LR * BELOW / PLATEAU_SHARPENING, rel=0.01)}
    assert f"too small, by about {BELOW / PLATEAU_SHARPENING:.2g}x" in found.advice
    assert "for the sharpening ahead of a run still on its plateau" in found.advice


def test_a_run_that_left_its_plateau_is_advised_the_useful_ratio():
    found = slow_progress(_run(fell=0.4))
    assert found.change == {"lr": pytest.approx(LR * BELOW, rel=0.01)}
    assert "plateau" not in found.advice


def test_an_adaptive_rule_on_its_plateau_is_advised_the_useful_ratio():
    found = slow_progress(_run(fell=0.5 * ON_PLATEAU, adaptive=True))
    assert found.change == {"lr": pytest.approx(LR * BELOW, rel=0.01)}
    assert "plateau" not in found.advice


def test_minimize_on_a_fixed_objective_is_advised_the_useful_ratio():
    # GD on f = |x|^2 / 2 (L = 1) at lr 1e-4 falls 2% in 200 steps, but a fixed objective does
    # not sharpen: the rate at the useful ratio, 1 / L.
    res = ds.minimize(F.quadratic(1.0), torch.tensor([1.0, 1.0], dtype=torch.float64), lr=1e-4, max_iter=200)
    (d,) = res.diagnoses
    assert d.kind == "slow_progress" and "plateau" not in d.advice
    assert float(re.search(r"try lr=([0-9.e+-]+)", d.advice).group(1)) == pytest.approx(1.0, rel=1e-3)
