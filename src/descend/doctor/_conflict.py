"""Examples in conflict: the per-example record's evidence that a classifier's loss has a finite
minimum, and what an exact "little left" reading is then worth (session 20).

``slow_progress`` says no finding where the run measured, exactly, that the loss can fall by
less than ``LITTLE_LEFT`` (0.15) of its level (the local quadratic model's ``½ gᵀH⁻¹g`` on the
probe, :func:`descend.doctor._progress.share_left`). The label of a healthy run is "within 1.25x of
the best loss", so a reading that measures the whole remaining fall could say "not too small"
from ``1 - 1/1.25`` = 0.2 (``FINITE_LEFT``) of it left. The lower bar stands because the reading is
no bound where the loss has no finite minimum: cross-entropy (or BCE) on data the model can
separate falls towards 0 along the margin direction, where the quadratic model on the probe
sees only its neighbourhood. On the 37 fitting groups a 0.2 bar for every run would have held
7 healthy runs (6 noisy-label logistic models, 1.18-1.24x the best, whose reading predicted
1.18-1.25x) but also 58 too-small ones, mostly separable models (sparse rule, few rows with many
features, signed votes, wide blobs, ordered bands) whose grid's best loss lay 5-10⁸x lower.

Whether a classifier's loss has a finite minimum shows in how its examples moved. A logistic
model's loss has a finite minimum exactly where no direction of the weights separates the
classes (Albert & Anderson 1984); where one does, gradient descent heads to infinity along it,
the weights' norm growing like ``log t`` and the loss falling towards 0 (Soudry et al. 2018). Each
example's loss changes along the run's path by about its own gradient times the step, and the
sum of those changes is the loss's change. Along a separating direction every example's loss
falls (all the margins grow), so the loss can fall with no example's loss rising: conflict
(below) near 0, going to 0 as the run heads that way. A finite minimum is a point where the
examples' gradients cancel (``Σ ∇ℓ_i = 0``): there some examples' losses rise as fast as the
others' fall (conflict 1), and on the way to it the examples the minimum gives up (flipped
labels, overlapping classes) rise while the rest fall. :func:`conflict` is that balance over the
run: the rises of the examples whose loss rose between the first and the last recorded epoch
over the falls of those whose loss fell (the per-example record, ``History.examples``; Toneva et
al. 2019 count such per-example rises as "forgetting events"; here they are weighed). It needs
no fall of the loss: the first steps already split the examples by the sign of their gradient's
projection on the step, which is why it reads runs that barely moved (a stalled separable run
and a healthy noisy-label one look alike to every curve and to the local quadratic model).

Read on the 37 fitting groups (tune ... fresh34; session 20), on the 79 runs called too small
with an exact reading of 0.15-0.2 left (the runs the larger bar could clear), 72 of them
classifiers: conflict read 0.222-0.245 on the 6 healthy classifiers (noisy labels, heavy label
noise: finite minima whose reading predicted their 1.18-1.24x), 0-0.137 on the 57 too-small
ones (0-0.079 on the 32 of separable tasks: sparse rule, few rows many features, signed votes,
wide blobs, noisy prototypes, topic counts). The bar ``CONFLICT`` = 0.18 sits in that gap (the
middle, rounded): fitted, not derived; any bar from 0.14 to 0.22 clears the same 6 healthy runs
and no too-small one. With it the doctor clears those 6 false alarms (fresh20 3, fresh28 3) and
7 ambiguous calls, and no right call moves. Regression is left out: its losses are bounded below
and a linear model's has a minimum, but there the reading was a lower bound all the same (a
least-squares run 1.5x the best read 0.186 left), and conflict does not tell them apart (a
healthy collinear linear run read 0.001, the too-small low-rank one 0.181).

So where a classifier's examples conflict (:func:`finite_minimum`), an exact reading under
``FINITE_LEFT`` left says no finding; elsewhere ``LITTLE_LEFT`` stands, and a full-batch curve
saying no minimum nearby (:mod:`descend.doctor._no_minimum`) still overrides either.
``FINITE_LEFT = None`` (read at call time) or ``little_left_bar(c, finite_left=None)`` restores
the rule before.
"""

from __future__ import annotations

import numpy as np

from ._curves import Curves
from ._thresholds import LITTLE_LEFT

# The share of its level left to fall (an exact reading) under which a run whose examples
# conflict is no finding: 1 - 1/1.25, the label's own bar for "healthy". None: LITTLE_LEFT for
# every run (the rule before session 20).
FINITE_LEFT: float | None = 1 - 1 / 1.25
# The conflict (rises over falls of the examples' losses over the run) from which a
# classifier's loss is read as having a finite minimum (fitted in the gap, module docstring).
CONFLICT = 0.18


def conflict(c: Curves) -> float | None:
    """The total rise of the examples whose loss rose between the first and the last recorded
    epoch over the total fall of those whose loss fell (``c.example_loss``, rows first and last);
    ``None`` without a per-example record of a classifier (``c.example_task``), with fewer than 2
    epochs recorded, or where no example's loss fell.

    >>> first = np.array([0.7, 0.7, 0.7, 0.7])
    >>> run = lambda last: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True,
    ...     example_loss=np.stack([first, last]), example_task="classification")
    >>> round(conflict(run(np.array([0.5, 0.5, 0.6, 0.6]))), 3)  # every example fell: separable
    0.0
    >>> round(conflict(run(np.array([0.4, 0.4, 0.4, 0.9]))), 3)  # one rose by 0.2, three fell by 0.9
    0.222
    """
    record = c.example_loss
    if c.example_task != "classification" or record is None or len(record) < 2:
        return None
    first, last = np.asarray(record[0], dtype=float), np.asarray(record[-1], dtype=float)
    ok = np.isfinite(first) & np.isfinite(last)
    change = last[ok] - first[ok]
    falls = -change[change < 0].sum()
    if not falls > 0:
        return None
    return float(change[change > 0].sum() / falls)


def finite_minimum(c: Curves) -> bool:
    """Whether the run's examples conflict (:func:`conflict` at least ``CONFLICT``): a classifier
    whose loss has a finite minimum, where a reading of what is left is worth its word."""
    found = conflict(c)
    return found is not None and found >= CONFLICT


def little_left_bar(c: Curves, finite_left: float | None = FINITE_LEFT) -> float:
    """The share left (an exact reading) under which ``slow_progress`` says no finding:
    ``finite_left`` for a classifier whose examples conflict (:func:`finite_minimum`), else
    ``LITTLE_LEFT``; ``LITTLE_LEFT`` always where ``finite_left`` (or ``FINITE_LEFT``) is ``None``.

    >>> from descend.doctor._thresholds import LITTLE_LEFT
    >>> plain = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3), converged=False,
    ...                why_stopped="", full_batch=True, plain_steps=True)
    >>> little_left_bar(plain) == LITTLE_LEFT  # no per-example record: the rule before
    True
    """
    if finite_left is None or FINITE_LEFT is None:  # the constant set to None at run time too
        return LITTLE_LEFT
    return max(LITTLE_LEFT, finite_left) if finite_minimum(c) else LITTLE_LEFT
