"""The check for slow progress: a run that stopped short of a minimum because its learning
rate is too small, and by how much to raise it."""

from __future__ import annotations

import math

import numpy as np

from ..training.findings import Diagnosis
from ._curves import Curves, gradient_ends, late_pace, lr_at
from ._thresholds import FIRST_PACE, HEALTHY_UPDATE, RESOLVED, SMALL_GRADIENT, STALLED


def slow_progress(c: Curves) -> Diagnosis | None:
    """A run that stopped short of a minimum because its rate is too small, while the gradient
    is not small: unconverged and still falling at its first pace, or stalled, less than
    ``STALLED`` below its start (which a relative-change stopping rule or early stopping then
    takes for convergence)."""
    n = len(c.loss)
    if n < 4 or not np.isfinite(c.loss).all():
        return None
    g0, g = gradient_ends(c)
    if not g > SMALL_GRADIENT * g0:
        return None  # at or near a stationary point
    fell = fall(c)
    stalled = fell < STALLED
    lr = lr_at(c, n - 2)
    gradient = f"the gradient norm is {g:.3g} ({g / g0:.2g} of its start), with lr={lr:.3g}"
    if stalled:
        seen = (
            f"after {c.steps[-1]} steps the loss has fallen by only {max(fell, 0.0):.2g} "
            f"(relative) from its start and {gradient}"
        )
    else:
        w = min(n - 1, 100)
        per_step = (c.loss[-w - 1] - c.loss[-1]) / max(abs(c.loss[-w - 1]), 1e-12) / w
        if c.converged or per_step < 0 or n < 10:
            return None
        seen = f"after {c.steps[-1]} steps the loss still falls by {per_step:.2g} (relative) per step and {gradient}"
    curvature = largest_curvature(c) if c.plain_steps and c.full_batch else None
    if curvature is None:
        if not stalled:
            pace = late_pace(c.loss)
            if pace < FIRST_PACE:  # it slowed down by itself: the steps ran out, not the rate
                return None
            seen += f"; the last quarter of the steps lowered it {pace:.2f} times as fast as the first"
        moved = median_update(c, lr)
        factor = float(f"{HEALTHY_UPDATE / moved:.2g}") if moved else 0.0
        if factor <= 3:
            return Diagnosis(
                "slow_progress",
                int(c.steps[-1]),
                seen,
                f"the learning rate may be too small: try lr={lr * 3:.3g}, or allow more steps",
            )
        return Diagnosis(
            "slow_progress",
            int(c.steps[-1]),
            f"{seen}; a step changes the weights by {moved:.2g} of their norm",
            f"the learning rate is too small, by at least about {factor:,.0f}x (a "
            f"step usually changes the weights by {HEALTHY_UPDATE:g} of their norm "
            f"or more): try lr={lr * factor:.3g}, and descend.lr_find for the best",
        )
    best = 1 / curvature
    if best >= 2 * lr:
        advice = (
            f"the learning rate is too small, by about {best / lr:.0f}x (curvature along the "
            f"steps is up to {curvature:.3g}, so lr={best:.3g} is stable): try lr={best:.3g}"
        )
    else:
        advice = (
            f"the learning rate is near its stable limit (curvature up to {curvature:.3g}, "
            f"limit 2/L = {2 / curvature:.3g}): the problem is ill-conditioned; allow more "
            "steps, or use momentum or Adam"
        )
    return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice)


def fall(c: Curves) -> float:
    """How far the loss fell over the run, relative to where it started: between the first
    and the last epoch's mean loss for mini-batch runs (each over all the examples, so a
    batch's noise does not count), else between the first and the last step."""
    series = c.loss
    if not c.full_batch and c.epoch_loss is not None and len(c.epoch_loss) >= 2:
        series = c.epoch_loss
    return float((series[0] - series[-1]) / max(abs(series[0]), 1e-12))


def median_update(c: Curves, lr: float) -> float | None:
    """The median, over the sampled steps, of the largest ``||Δθ|| / ||θ||`` of a step; where
    float rounding left the weights unchanged, for plain gradient steps ``lr`` times the
    median largest ``||∇θ|| / ||θ||``."""

    def median_largest(rows):
        finite = ([v for k, v in row.items() if k != "step" and math.isfinite(v)] for row in rows or [])
        tops = [max(values) for values in finite if values]
        return float(np.median(tops)) if tops else 0.0

    moved = median_largest(c.update_ratios)
    if moved == 0 and c.plain_steps:
        moved = lr * median_largest(c.layers)
    return moved or None


def largest_curvature(c: Curves) -> float | None:
    """The largest curvature the steps met, from the loss decrease of each step.

    A gradient step of size ``lr`` on a function with curvature ``L`` along the gradient
    lowers the loss by ``lr |g|^2 (1 - L lr / 2)``, so each observed decrease gives an ``L``;
    the early steps, whose gradients point along the stiffest directions, give the largest.
    Exact for gradient descent on a quadratic, a guide for other rules.
    """
    k = np.arange(len(c.loss) - 1)
    lr, g2 = c.lr[k], c.grad_norm[k] ** 2
    drop = c.loss[k] - c.loss[k + 1]
    # A drop below a millionth of the loss is float32 rounding, not curvature.
    ok = (lr > 0) & (g2 > 0) & np.isfinite(g2) & (drop > RESOLVED * np.abs(c.loss[k]))
    if not ok.any():
        return None
    estimates = 2 * (lr[ok] * g2[ok] - drop[ok]) / (lr[ok] ** 2 * g2[ok])
    estimates = estimates[estimates > 0]
    return float(np.percentile(estimates, 90)) if len(estimates) else None
