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
"""

from __future__ import annotations

import numpy as np

from ._curves import Curves, spiked_and_died
from ._data_start import progress_start
from ._loss_fall import last_quarter_fall, moved
from ._thresholds import ON_PLATEAU, STILL_FALLING


def thrown_onto_plateau(c: Curves, series: np.ndarray) -> str | None:
    """Words for a run thrown onto a plateau by its steps, or ``None``: with ``g`` the gradient
    norm per step, ``max g >= THROWN · g[0]`` and the median of the last quarter's ``g`` below
    ``DEADENED · g[0]``, while the loss ``series`` ended less than ``ON_PLATEAU`` below
    the run's start (:func:`~descend.doctor._data_start.progress_start`: the data's loss at the
    initial weights where measured, else ``min(loss[0], series[0])``) and fell by less than ``STILL_FALLING`` of its level over its
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
    spike = spiked_and_died(c)
    if spike is None or len(series) < 4:
        return None
    peak, end = spike  # over the gradient norm's first value g[0]
    start = progress_start(c, series)
    fell = 1 - float(series[-1]) / start if start > 0 else 0.0
    if fell >= ON_PLATEAU:
        return None
    if last_quarter_fall(series) >= STILL_FALLING:
        return None
    g = np.asarray(c.grad_norm, dtype=float)
    top = int(c.steps[int(np.nanargmax(g))])
    return (
        f"the gradient norm rose to {peak:.3g} × its start {g[0]:.3g} (step {top}) and fell to "
        f"{end:.2g} × it over the last quarter, while the loss has {moved(fell)} "
        f"and stopped falling: the steps threw the weights onto a flat region"
    )
