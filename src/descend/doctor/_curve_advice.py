"""Slow progress advised from the curves alone, for a run that sampled no instrument reading
(or whose readings measured no curvature): the curvature its plain full-batch steps met
(:func:`largest_curvature`), else how much a step moves the weights (:func:`median_update`);
and the advice for a rate already near its stable limit (:func:`near_the_limit`).
:func:`descend.doctor._progress.slow_progress` decides when the rate held the run.
"""

from __future__ import annotations

import math

import numpy as np

from ..training.findings import Diagnosis
from ._curves import Curves, lr_change, more_steps
from ._thresholds import HEALTHY_UPDATE, RESOLVED


def from_curve(c: Curves, seen: str, lr: float, curvature: float | None) -> Diagnosis:
    """Slow progress, advised from the curves: the curvature the plain full-batch steps met,
    else how much a step moves the weights."""
    if curvature is None:
        moved = median_update(c, lr)
        factor = float(f"{HEALTHY_UPDATE / moved:.2g}") if moved else 0.0
        if factor <= 3:
            return Diagnosis(
                "slow_progress",
                int(c.steps[-1]),
                seen,
                f"the learning rate may be too small: try lr={lr * 3:.3g}, or allow more steps",
                lr_change(lr * 3),
            )
        return Diagnosis(
            "slow_progress",
            int(c.steps[-1]),
            f"{seen}; a step changes the weights by {moved:.2g} of their norm",
            f"the learning rate is too small, by at least about {factor:,.0f}x (a "
            f"step usually changes the weights by {HEALTHY_UPDATE:g} of their norm "
            f"or more): try lr={lr * factor:.3g}, and descend.lr_find for the best",
            lr_change(lr * factor),
        )
    best = 1 / curvature
    if best >= 2 * lr:
        advice = (
            f"the learning rate is too small, by about {best / lr:.0f}x (curvature along the "
            f"steps is up to {curvature:.3g}, so lr={best:.3g} is stable): try lr={best:.3g}"
        )
        return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice, lr_change(best))
    advice, change = near_the_limit(c, f"curvature up to {curvature:.3g}, limit 2/L = {2 / curvature:.3g}")
    return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice, change)


def near_the_limit(c: Curves, measured: str) -> tuple[str, dict]:
    """The advice, and its change, for a rate already near its stable limit: more steps (for
    a run the step budget ended; one that stopped on a tolerance would stop there again)."""
    more = {} if c.converged else more_steps(c)
    steps = "".join(f" ({key}={value})" for key, value in more.items())
    advice = (
        f"the learning rate is near its stable limit ({measured}): the problem is "
        f"ill-conditioned; allow more steps{steps}, or use momentum or Adam"
    )
    return advice, more


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
    # A drop below a millionth of the loss is float32 rounding, not curvature; so is a shortfall
    # lr |g|^2 - drop below it (tiny steps: the curvature term is lost in the drop's rounding).
    resolution = RESOLVED * np.abs(c.loss[k])
    ok = (lr > 0) & (g2 > 0) & np.isfinite(g2) & (drop > resolution) & (lr * g2 - drop > resolution)
    if not ok.any():
        return None
    estimates = 2 * (lr[ok] * g2[ok] - drop[ok]) / (lr[ok] ** 2 * g2[ok])
    estimates = estimates[estimates > 0]
    return float(np.percentile(estimates, 90)) if len(estimates) else None
