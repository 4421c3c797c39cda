"""A full-batch curve that says the loss has no finite minimum nearby, and what an exact "little
left" reading is then worth.

Near a finite minimum ``L*`` the loss's excess and the gradient norm shrink together as a
quadratic model has them, ``L - L* ∝ |g|²``, so along the curve ``d ln|g| / d ln L =
L / (2 (L - L*))``: a run that the local quadratic model reads as having a share ``s`` of its level
left to fall has this slope about ``1 / (2 s)``, at least ``1 / (2 LITTLE_LEFT)`` (3.3) wherever
the reading vetoes "too small". Cross-entropy (or BCE) on data the model separates, or nearly
separates, has no finite minimum: the loss falls towards 0 along the margin direction, each
example's gradient is its loss times its features, and ``|g| ∝ L``: slope 1. A run there keeps
falling with every larger rate, whatever the local quadratic model on the probe reads (its
Hessian shrinks with the loss too: ``_thresholds.LITTLE_LEFT``). So where the curve's own slope
sits nearer 1 than the reading's ``1 / (2 LITTLE_LEFT)`` (under their geometric mean,
``NO_MINIMUM_SLOPE``), the reading is not evidence that little is left.

Full-batch runs only: a mini-batch gradient norm carries the batch's noise, which does not
shrink with the loss. Read over the second half of the steps, where the loss fell by more than
rounding (``RESOLVED``).
"""

from __future__ import annotations

import numpy as np

from ._curves import Curves
from ._thresholds import NO_MINIMUM_SLOPE, RESOLVED


def gradient_slope(c: Curves) -> float | None:
    """``d ln|g| / d ln L`` over the second half of a full-batch run (least squares), or ``None``
    (a mini-batch run, too few finite positive points, or a loss that did not fall by more than
    rounding there).

    >>> from descend.doctor._curves import Curves
    >>> loss = 1 / np.arange(1.0, 201.0)
    >>> c = Curves(loss=loss, grad_norm=0.5 * loss, lr=np.ones(200), steps=np.arange(200), converged=False,
    ...            why_stopped="", full_batch=True, plain_steps=True)
    >>> round(gradient_slope(c), 3)
    1.0
    """
    if not c.full_batch:
        return None
    h = len(c.loss) // 2
    loss, g = np.asarray(c.loss[h:], dtype=float), np.asarray(c.grad_norm[h:], dtype=float)
    ok = np.isfinite(loss) & np.isfinite(g) & (loss > 0) & (g > 0)
    if ok.sum() < 4:
        return None
    a, b = np.log(loss[ok]), np.log(g[ok])
    if not a[0] - a[-1] > RESOLVED:
        return None
    return float(np.polyfit(a, b, 1)[0])


def no_minimum_nearby(c: Curves) -> bool:
    """Whether the curve says the loss has no finite minimum nearby: the gradient norm falls
    about in proportion to the loss (:func:`gradient_slope` under ``NO_MINIMUM_SLOPE``), not
    as its square root's excess over a minimum would.

    >>> from descend.doctor._curves import Curves
    >>> loss = 0.3 + 0.7 * np.exp(-np.arange(200) / 40)  # a finite minimum at 0.3
    >>> near = Curves(loss=loss, grad_norm=np.sqrt(loss - 0.3), lr=np.ones(200), steps=np.arange(200),
    ...               converged=False, why_stopped="", full_batch=True, plain_steps=True)
    >>> no_minimum_nearby(near)
    False
    """
    slope = gradient_slope(c)
    return slope is not None and slope < NO_MINIMUM_SLOPE
