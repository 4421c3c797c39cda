"""plateau (reduce-on-plateau): torch's ReduceLROnPlateau's rates, thresholds that tell rel from
abs, negative losses (where torch's rel test errs), NaN and infinite metrics counted bad, tensor
and NumPy metrics, and composition with a base schedule."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler as L

from _schedules import observe_all, our_lrs, torch_lrs
from descend.schedules import cosine, plateau

# Flat stretches whose improvements are about 1% (more than abs 1e-3, less than rel 2%).
LOSSES = [
    1.0,
    0.8,
    0.79,
    0.782,
    0.775,
    0.9,
    0.77,
    0.6,
    0.5,
    0.499,
    0.4985,
    0.6,
    0.6,
    0.498,
    0.497,
    0.3,
    0.3,
    0.31,
    0.2999,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
    0.3,
]


@pytest.mark.parametrize("threshold_mode, threshold", [("rel", 0.02), ("abs", 1e-3)])
@pytest.mark.parametrize("cooldown", [0, 1])
def test_plateau_matches_reduce_lr_on_plateau(threshold_mode, threshold, cooldown):
    kw = dict(factor=0.5, patience=1, threshold=threshold, threshold_mode=threshold_mode, cooldown=cooldown)
    theirs = torch_lrs(lambda o: L.ReduceLROnPlateau(o, min_lr=[0.1 / 64, 0.025 / 64], **kw), len(LOSSES), LOSSES)
    ours = our_lrs(plateau(0.1, min_lr=0.1 / 64, **kw), len(LOSSES), LOSSES)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    assert ours[-1][0] < 0.1  # reductions happened ...


def test_plateau_thresholds_make_a_difference():
    # ... and the loss sequence tells rel from abs apart.
    runs = [
        our_lrs(plateau(0.1, factor=0.5, patience=1, threshold=t, threshold_mode=m), len(LOSSES), LOSSES)
        for m, t in [("rel", 0.02), ("abs", 1e-3)]
    ]
    assert runs[0] != runs[1]


def test_plateau_rel_threshold_with_negative_losses():
    """A loss that gets worse from -1.0 to -0.95 is no improvement. torch's rel test,
    metric < best * (1 - threshold) = -0.9, calls it one and never reduces the lr."""
    worse = [-1.0, -0.95, -0.9, -0.85, -0.8, -0.75]
    theirs = torch_lrs(lambda o: L.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.1), len(worse), worse)
    assert [lr for lr, _ in theirs] == [0.1] * 6  # the known torch misbehaviour
    ours = plateau(0.1, factor=0.5, patience=2, threshold=0.1)
    lrs = [observe_all(ours, [m])(0) for m in worse]
    assert lrs == [0.1, 0.1, 0.1, 0.05, 0.05, 0.05]  # 3 bad epochs > patience 2
    assert ours.best == -1.0
    # A 5% gain is below the 10% threshold; a 20% gain (|best| * 0.1 = 0.1) is an improvement.
    s = observe_all(plateau(0.1, threshold=0.1), [-1.0, -1.05])
    assert (s.best, s.bad_epochs) == (-1.0, 1)
    observe_all(s, [-1.2])
    assert (s.best, s.bad_epochs) == (-1.2, 0)
    # mode="max" with negative scores: -0.95 beats -1.0 by 5%, not by 10%; -0.85 does.
    s = observe_all(plateau(0.1, mode="max", threshold=0.1), [-1.0, -0.95])
    assert (s.best, s.bad_epochs) == (-1.0, 1)
    observe_all(s, [-0.85])
    assert s.best == -0.85


def test_plateau_ignores_nan_and_counts_it_bad():
    s = observe_all(plateau(0.1, patience=0), [math.nan, 1.0])
    assert (s.best, s.scale) == (1.0, 0.1)


@pytest.mark.parametrize("mode", ["min", "max"])
def test_plateau_counts_infinite_metrics_bad_and_never_best(mode):
    """A diverged loss (inf) is a bad epoch, never the best, so later finite ones still improve."""
    s = observe_all(plateau(0.1, mode=mode, patience=1), [math.inf, -math.inf])
    assert (s.best, s.bad_epochs, s.scale) == (None, 0, 0.1)
    better = 2.0 if mode == "max" else 0.5
    observe_all(s, [1.0, math.inf, -math.inf, better])
    assert (s.best, s.bad_epochs, s.scale) == (better, 0, pytest.approx(0.01))


def test_plateau_takes_one_element_tensors_and_numpy_scalars():
    s = observe_all(
        plateau(0.1), [torch.tensor(3.0), np.float32(2.0), np.array([1.0]), torch.tensor([[0.5]], requires_grad=True)]
    )
    assert s.best == 0.5 and isinstance(s.best, float)


def test_plateau_composes_with_cosine_multiplicatively():
    base = cosine(0.1, total_steps=40)
    s = observe_all(plateau(base, factor=0.5, patience=1), [3.0, 3.0, 3.0, 3.0, 3.0])
    assert s.scale == 0.25
    for t in range(45):
        assert s(t) == base(t) * 0.25
    # min_lr floors the reductions, never the base: near the end the base itself is lower.
    s = observe_all(plateau(base, factor=0.1, patience=0, min_lr=0.02), [1.0, 1.0, 1.0])
    assert s.scale == pytest.approx(0.01)
    assert [s(t) for t in (0, 20, 39)] == [0.02, 0.02, base(39)]
    assert base(39) < 0.02
