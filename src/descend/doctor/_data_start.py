"""Where a training run started, as the instability checks read it against its end: the loss over
the training data at the initial weights, which ``train`` measures (``History.initial_data_loss``),
not the first mini-batch's loss (session 27, doctor29; ``bench/doctor29_prereg.md``, candidate C).

A mini-batch run's first recorded loss is one batch's, and a batch's mean scatters around the data's
by the per-example spread over √B: under heavy-tailed or outlying targets the typical batch lies far
below the mean (fresh55's orchard yield: 0.687 against the data's 1.000), so a run that trained from
1.0 to 0.70 read "no lower than its start" and was called a divergence (doctor28: all 20 healthy
collapse calls of the 15 read groups), and one whose first batch read 0.10 of the data's loss
"blew up" to 3x it by merely starting. Where the run measured the data's loss that is its start,
in every test that compares the run with where it started: the blow-up (``BLOWN_UP`` x the start),
the catapult (:mod:`descend.doctor._catapult`), the rise's floor, and the no-progress tests (the
collapse, :mod:`descend.doctor._thrown`), which read it alone. Before, those read
``min(loss[0], series[0])``: the lower of the first batch and the first point of the series the end
is read on (a mini-batch run's first epoch mean); the first epoch's mean is read at weights that
moved during that epoch, so it is no measure of the start either. A run with no measured start
(older histories, loops ``watch`` saw, ``minimize``) is read as before.
"""

from __future__ import annotations

import math

import numpy as np

from ._curves import Curves


def run_start(c: Curves) -> float:
    """The loss the run started from: ``c.data_start`` (the data's loss at the initial weights)
    where it was measured, finite and positive, else ``|loss[0]|``.

    >>> from descend.doctor._curves import Curves
    >>> run = Curves(np.array([0.69, 0.8, 0.7]), np.ones(3), np.ones(3), np.arange(3), False, "", False, False)
    >>> run_start(run), run_start(Curves(**{**vars(run), "data_start": 1.0}))
    (0.69, 1.0)
    """
    measured = _measured(c)
    return abs(float(c.loss[0])) if measured is None else measured


def progress_start(c: Curves, series: np.ndarray) -> float:
    """The start the no-progress tests read the end of ``series`` against: the measured start
    alone where the run has one (:func:`run_start`), else ``min(|loss[0]|, |series[0]|)`` (before
    session 27).

    >>> from descend.doctor._curves import Curves
    >>> steps = np.r_[0.69, 0.68, 0.55, 3.57, 0.97, np.full(15, 0.7)]  # a low first batch
    >>> epochs = np.array([0.9, 0.85, 0.8, 0.75, 0.7])
    >>> run = Curves(steps, np.ones(20), np.full(20, 0.01), np.arange(20), False, "", False, False, epoch_loss=epochs)
    >>> progress_start(run, epochs), progress_start(Curves(**{**vars(run), "data_start": 1.0}), epochs)
    (0.69, 1.0)
    """
    measured = _measured(c)
    return min(abs(float(c.loss[0])), abs(float(series[0]))) if measured is None else measured


def _measured(c: Curves) -> float | None:
    """``c.data_start`` where it was measured, finite and positive; else ``None``."""
    s = c.data_start
    return float(s) if s is not None and math.isfinite(s) and s > 0 else None
