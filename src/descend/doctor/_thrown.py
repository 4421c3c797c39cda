"""A run thrown onto a plateau by its steps: the gradient norm spiked, then died away, while
the loss stayed near its start and stopped falling (session 14d).

A rate too large for a network (ReLU units, a CNN) can throw its weights, within the first
steps, onto a flat region it never leaves: units dead, the output a constant prediction. The
loss then sits at its start, and the readings taken there measure the flat region (an
effective stability ratio well below 1), so neither the collapse rule (a reading of at least 1)
nor a rise speaks. The gradient norm tells it: it rose to ``THROWN`` times its start and then
fell below ``DEADENED`` of it, on a loss that has not taken ``ON_PLATEAU`` off its start and no
longer falls (``STILL_FALLING``). A rate too small on a plateau does not do that: its gradient
norm does not spike, or it grows as the run begins to leave the plateau (session 9's runs:
XOR, sigmoid and GELU MLPs).

Session 24 (doctor18): a mini-batch run reads its plateau from its first epoch's mean, so a run
whose first epoch already took ``ON_PLATEAU`` or more off the loss at its initial weights, and
then sat flat with its gradient dying, looks thrown. It descended: the loss left its start, and
its steps were measured small (the largest informative effective ratio under ``TARGET / RAISE``,
where a throw needs a large step). :func:`left_its_start` holds it out of the throw, and the
doctor reads no "too small" on it either (:func:`descend.doctor._instability.settled_after_fall`):
a gradient dying after a fall is a floor reached, not a plateau the steps are too short to leave.
Session 24 (doctor19): not where the loss swung after its first point (:func:`swung`, a rise of
``SWING`` of its level from one point to the next): a run that swings is not sitting on a floor.
"""

from __future__ import annotations

import numpy as np

from ._curves import Curves
from ._progress import last_quarter_fall
from ._stability import TARGET, readings
from ._thresholds import DEADENED, ON_PLATEAU, RAISE, SATURATED, STILL_FALLING, SWING, THROWN


def thrown_onto_plateau(c: Curves, series: np.ndarray) -> str | None:
    """Words for a run thrown onto a plateau by its steps, or ``None``: with ``g`` the gradient
    norm per step, ``max g >= THROWN · g[0]`` and the median of the last quarter's ``g`` below
    ``DEADENED · g[0]``, while the loss ``series`` ended less than ``ON_PLATEAU`` below
    ``min(loss[0], series[0])`` and fell by less than ``STILL_FALLING`` of its level over its
    last quarter (:func:`last_quarter_fall`).

    >>> from descend.doctor._curves import Curves
    >>> n = 200
    >>> g = np.r_[1.0, 5.0, np.full(n - 2, 0.1)]  # a spike at the first step, then almost flat
    >>> loss = np.r_[1.0, 1.3, np.full(n - 2, 0.98)]
    >>> run = Curves(loss, g, np.full(n, 1.0), np.arange(n), False, "max epochs", True, True)
    >>> thrown_onto_plateau(run, loss)[:39]
    'the gradient norm rose to 5 × its start'
    >>> thrown_onto_plateau(run, np.linspace(1.0, 0.5, n)) is None  # the loss left the plateau
    True
    """
    g = np.asarray(c.grad_norm, dtype=float)
    if len(g) < 4 or len(series) < 4 or not (np.isfinite(g[0]) and g[0] > 0):
        return None
    finite = g[np.isfinite(g)]
    late = np.array_split(g, 4)[3]
    late = late[np.isfinite(late)]
    if not len(late):
        return None
    peak, end_g = float(np.max(finite)), float(np.median(late))
    start = min(abs(float(c.loss[0])), abs(float(series[0])))
    fell = 1 - float(series[-1]) / start if start > 0 else 0.0
    if peak < THROWN * g[0] or end_g >= DEADENED * g[0] or fell >= ON_PLATEAU:
        return None
    if last_quarter_fall(series) >= STILL_FALLING:
        return None
    top = int(c.steps[int(np.nanargmax(g))])
    return (
        f"the gradient norm rose to {peak / g[0]:.3g} × its start {g[0]:.3g} (step {top}) and fell to "
        f"{end_g / g[0]:.2g} × it over the last quarter, while the loss took only {max(fell, 0.0):.2g} "
        f"(relative) off its start and stopped falling: the steps threw the weights onto a flat region"
    )


def left_its_start(c: Curves, series: np.ndarray) -> bool:
    """Whether the loss ``series`` ended at least ``ON_PLATEAU`` below the loss at the initial
    weights (``loss[0]``, not the first epoch's mean) with the steps measured small: the largest
    informative reading (stability of at least ``SATURATED``) has an effective ratio under
    ``TARGET / RAISE``, and the series did not swing after its first point (:func:`swung`). A run
    without an informative reading has not measured its steps: ``False``.

    >>> from descend.doctor._curves import Curves
    >>> n = 40
    >>> row = {"step": n, "sharpness": 0.1, "threshold": 2.0, "stability": 0.05, "threshold_lr": 2.0, "gain": 1.0}
    >>> run = Curves(np.ones(n), np.ones(n), np.ones(n), np.arange(n), False, "max epochs", True, True, instruments=[row])
    >>> left_its_start(run, np.full(n, 0.8)), left_its_start(run, np.full(n, 0.9))
    (True, False)
    >>> left_its_start(run, np.r_[0.8, 0.7, 0.8, np.full(n - 3, 0.8)])  # a swing after the first point
    False
    """
    start = abs(float(c.loss[0]))
    if not start > 0 or 1 - float(series[-1]) / start < ON_PLATEAU:
        return False
    informative = [r.effective for r in readings(c) if r.stability >= SATURATED]
    return bool(informative) and max(informative) < TARGET / RAISE and not swung(series)


def swung(series: np.ndarray) -> bool:
    """Whether a point of the loss ``series`` after its first rose above the point before it by
    ``SWING`` of that point's level: a run whose loss swings after its first epoch was not sitting
    on a floor it reached (doctor19, session 24: a deep ReLU MLP at too large a rate whose epoch means
    went 0.63 -> 0.79 of its start was read as settled, its throw withheld).

    >>> swung(np.array([0.8, 0.78, 0.77, 0.78, 0.77])), swung(np.array([0.8, 0.7, 0.63, 0.79, 0.7]))
    (False, True)
    """
    rest = np.asarray(series[1:], dtype=float)
    return len(rest) >= 2 and bool(np.any(rest[1:] - rest[:-1] >= SWING * np.abs(rest[:-1])))
