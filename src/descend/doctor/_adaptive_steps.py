"""Exploding gradients under an adaptive rule: a large gradient is not a large step (session 19).

:func:`descend.doctor._layers.exploding` reads a weight tensor whose gradient is ``EXPLODING``
(100) times its norm as one that a step rewrites. It needs the steps measured large as well
(:func:`descend.doctor._layers.step_size`: the peak effective stability ratio at least
``TARGET / RAISE``), because a large gradient taken in small steps rewrites nothing. Under plain
steps (GD, SGD, heavy ball) the step is ``lr`` times the gradient, so a large gradient and a
step near the stable limit make a large step. Adam, RMSprop and Adagrad divide each coordinate's
gradient by a running root mean square of its own past values. Their step is about ``lr`` per
coordinate whatever the gradient's scale (Kingma & Ba, "Adam: A Method for Stochastic
Optimization", 2015, section 2.1: ``|Δθ_i| ≲ lr``, and the step is invariant to a rescaling of
the gradient). The gradient's size then says nothing about the step's. Their effective
stability ratio is of the preconditioned sharpness, which divides by that same root mean square,
so it does not measure the step against the gradient's scale either.

So for an adaptive rule the step is read where it is measured: the update-to-weight ratio
``||Δθ|| / ||θ||`` of the layers with large gradients (``History.update_ratios``). Where the
median over the samples of the largest of them is under ``HEALTHY_UPDATE`` (about 1e-3 per step,
CS231n), the check already finds no large step for a run without readings, and now finds none
for an adaptive rule either. The bar is the check's own; nothing is fitted here.

The samples of the optimizer's first step are left out of that median (``FIRST_STEPS``, 1). With
bias-corrected moments (Kingma & Ba 2015, algorithm 1 and section 3) Adam's first update is
``lr · m̂_1 / (sqrt(v̂_1) + eps) = lr · g_1 / (|g_1| + eps)``, that is ``lr`` times the sign of
the gradient on every coordinate, whatever the gradient's size; RMSprop's and Adagrad's first
steps are likewise ``lr / sqrt(1 - rho)`` and ``lr`` per coordinate. Its ratio measures the rate
alone, so it is no evidence of what the gradient does to the step. Where no sample is left (a run
sampled only at its first step), nothing measured the steps and the check reads as before this
module.

This is a refit of an idea that failed twice (e16bf35, session 19). Read as a median over every
sample, it cleared 2 wrong "too large" calls on fresh29 but the rule then counted only false
alarms and right calls, and it never acted on fresh30: there the runs it was written for had two
samples (steps 1 and 101), so the median was the mean of Adam's first step (0.007-0.13 of the
weights' norm) and a later one (4e-5 to 3.4e-4), and did not read past the first step.

Only a run that did not diverge is affected. Beside a divergence the large gradient is still
named as its cause, as before. The rule only narrows the check: it clears a finding the
readings gave and never adds one. ``READ_ADAPTIVE_STEPS = False`` (or
``exploding(..., adaptive_steps=False)``) restores the rule before session 19;
``FIRST_STEPS = 0`` reads every sample, as e16bf35 did. On the corpus's 31 groups tune ...
fresh28, the check on adaptive runs that did not diverge called only three runs, all healthy:
fresh28's raw used-cars ReLU MLP under Adam at lr 3e-3 to 3e-2. Their gradients were 3e3-6e4
times the weights' norm, and their steps 4e-4 of it or less at the median. Every too-large Adam
run the check called had diverged. With the first step left out, 8 runs of tune ... fresh31
change (those 3, and 5 too-small raw household energy and raw weather station Adam runs of
fresh29 and fresh30 told to lower the rate). Its one look, on fresh32 (kept): 5 raw tide gauge
ReLU MLP Adam runs lose the finding (4 too small, lr 1e-4 to 3.16e-3, and 1 healthy at lr 1e-2);
wrong "too large" calls 5 -> 1, false alarms and right calls unchanged.
"""

from __future__ import annotations

import math

import numpy as np

from ._curves import Curves
from ._stability import readings
from ._thresholds import HEALTHY_UPDATE

# Whether exploding() reads an adaptive rule's steps from the update ratios (session 19);
# False restores the rule before, which read every rule's steps from its stability ratio alone.
READ_ADAPTIVE_STEPS = True
# The optimizer's first steps, whose update ratios adaptive_steps_small() leaves out: a
# bias-corrected adaptive rule's first step is lr per coordinate whatever the gradient. 0 reads
# every sample (e16bf35's rule); read at call time.
FIRST_STEPS = 1


def median_update(c: Curves, layers: dict[str, float] | list[str], after: int = 0) -> float | None:
    """The median, over the run's sampled update ratios after update ``after``, of the largest
    ``||Δθ|| / ||θ||`` among ``layers``. ``None`` where no such sample has a finite ratio for them.

    >>> from descend.doctor._curves import Curves
    >>> run = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.full(3, 0.01), steps=np.arange(1, 4),
    ...              converged=False, why_stopped="", full_batch=True, plain_steps=False,
    ...              update_ratios=[{"step": 1, "a": 0.05, "b": 0.1}, {"step": 101, "a": 2e-5, "b": 8e-5},
    ...                             {"step": 201, "a": 1e-6, "b": 7e-7}])
    >>> median_update(run, ["a", "b"])  # the largest of each sample: 0.1, 8e-5, 1e-6
    8e-05
    >>> median_update(run, ["a", "b"], after=1)  # past the first step: 8e-5 and 1e-6
    4.05e-05
    >>> median_update(run, ["c"]) is None
    True
    """
    tops = update_tops(c, layers, after)
    return float(np.median(tops)) if tops else None


def update_tops(c: Curves, layers: dict[str, float] | list[str], after: int = 0) -> list[float]:
    """Per sampled update after update ``after`` with a finite ratio for ``layers``, the largest
    ``||Δθ|| / ||θ||`` among them (the samples :func:`median_update` takes the median of)."""
    return [
        max(values)
        for row in c.update_ratios or []
        if row.get("step", math.inf) > after
        and (values := [row[name] for name in layers if math.isfinite(row.get(name, math.nan))])
    ]


def adaptive_steps_small(c: Curves, layers: dict[str, float] | list[str], first_steps: int | None = None) -> bool:
    """Whether the run's rule is adaptive (its readings are of the preconditioned sharpness)
    and its steps on ``layers`` were measured small: :func:`median_update` past the optimizer's
    first ``first_steps`` updates (``FIRST_STEPS`` by default) under ``HEALTHY_UPDATE``.
    ``False`` without readings or without an update ratio past those steps, where nothing says so.

    >>> from descend.doctor._curves import Curves
    >>> row = {"step": 10, "sharpness": 100.0, "threshold": 3800.0, "stability": 0.03,
    ...        "threshold_lr": 38.0, "gain": 19.0, "preconditioned": True}
    >>> adam = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.full(3, 0.01), steps=np.arange(1, 4),
    ...               converged=False, why_stopped="", full_batch=False, plain_steps=False, instruments=[row],
    ...               update_ratios=[{"step": 1, "w": 0.05}, {"step": 101, "w": 4e-5}, {"step": 201, "w": 1e-6}])
    >>> adaptive_steps_small(adam, ["w"])
    True
    >>> short = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.full(3, 0.01), steps=np.arange(1, 4),
    ...                converged=False, why_stopped="", full_batch=False, plain_steps=False, instruments=[row],
    ...                update_ratios=[{"step": 1, "w": 0.05}, {"step": 101, "w": 4e-5}])
    >>> adaptive_steps_small(short, ["w"]), adaptive_steps_small(short, ["w"], first_steps=0)  # mean 0.025
    (True, False)
    >>> adam.instruments = [row | {"threshold_lr": 2.0, "gain": 1.0, "preconditioned": False}]  # plain SGD
    >>> adaptive_steps_small(adam, ["w"])
    False
    """
    found = readings(c)
    if not found or not found[-1].preconditioned():
        return False
    skip = FIRST_STEPS if first_steps is None else first_steps
    moved = median_update(c, layers, after=skip)
    return moved is not None and moved < HEALTHY_UPDATE
