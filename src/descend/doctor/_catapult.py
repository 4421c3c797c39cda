"""A blow-up the run came back from and trained far past: a catapult, not a rate too large
(session 18).

A loss that rose to ``BLOWN_UP`` times its first value and came down again is read as a swing
of a rate too large (:func:`descend.doctor._instability.instability`). At a large rate a run
can instead be thrown out of its first, sharp region and land in a flatter one where its
steps are stable, then train on: the catapult of Lewkowycz et al. ("The large learning rate
phase of deep learning: the catapult mechanism", 2020). What a user is told about the rate
should rest on where the run ended, not on what it went through: where the loss ended under
``VISIBLE`` of its start (1000 times below it: the doctor's bar for a change of a loss that
matters, the same one that holds a late rise of a loss already that far down out of the
"got worse" check) and the last reading says the steps are stable there (an effective
stability ratio under 1), the swing is past and the run is read as if it had none. So is a
run whose loss ended under ``RESOLVED`` of its start (a millionth: the doctor's bar for
rounding) whatever its last reading: a model at a loss of zero to float32 against its start,
where the reading measures the rule more than the step (Adam's preconditioner divides by a
gradient of about 0, and momentum's noise gain is read on a batch noise that is gone too;
session 18, on fresh26's separable logistic model at lr 10). A run whose last reading is still
unstable above that, or whose loss came down less far, stays a swing.
"""

from __future__ import annotations

import numpy as np

from ._stability import Reading
from ._thresholds import RESOLVED, VISIBLE


def caught_after_swing(series: np.ndarray, start: float, found: list[Reading]) -> bool:
    """Whether a run whose loss ``series`` blew up and came down again trained far past the
    blow-up: it ended under ``VISIBLE`` of its ``start`` (the loss at the initial weights) with
    its last reading stable (effective stability ratio under 1), or under ``RESOLVED`` of it
    whatever that reading. Not where it ended at exactly 0: such a loss cannot tell a model that
    trained from one that stopped predicting. An Ultralytics detector at lr 1, whose boxes then
    match no object, scores 0 two steps after it blew up 13-fold, its probe as flat as a converged
    model's. A separable softmax at lr 10 can underflow to 0 too, so the guard costs the bench's
    corpus 2 false alarms (session 18), but the swing then stands rather than a blown-up model
    being cleared.

    >>> stable = Reading(step=200, sharpness=1.0, threshold=20.0, stability=0.05, lr=0.1, noisy=False)
    >>> unstable = Reading(step=200, sharpness=40.0, threshold=20.0, stability=2.0, lr=0.1, noisy=False)
    >>> swing = np.array([1.0, 8.0, 0.5, 0.01, 2e-4])  # up 8x, then down to 2e-4 of the start
    >>> caught_after_swing(swing, 1.0, [stable]), caught_after_swing(swing, 1.0, [unstable])
    (True, False)
    >>> caught_after_swing(np.array([1.0, 8.0, 0.5, 0.3]), 1.0, [stable])  # ended at 0.3 of its start
    False
    >>> caught_after_swing(np.array([1.0, 8.0, 0.5, 1e-9]), 1.0, [unstable])  # a loss of 0 to float32
    True
    >>> caught_after_swing(np.array([1.0, 13.0, 1e-5, 0.0]), 1.0, [stable])  # collapsed to exactly 0
    False
    """
    if not found or not start > 0:
        return False
    end = float(series[-1])
    if not end > 0:
        return False
    return bool(end < RESOLVED * start or (end < VISIBLE * start and found[-1].effective < 1))
