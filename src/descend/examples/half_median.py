"""How decisively one phase of a run argued against each example's label (step (2) of
:mod:`~descend.examples.label_issues`): the median of its relative margins over the early and
over the late half of the epochs read.

Why the median. The relative margin of an epoch is the margin divided by that epoch's median
absolute margin over all examples. In the first epoch the network is close to its
initialisation, the margins of all examples are small and their median smaller still, so a
clean example the network has not learned yet can get a relative margin of -1 to -4 there,
and a mean over the early half (5 to 10 epochs) stays below -0.3 on that one epoch alone,
while every later epoch argues against it only weakly (a clean example learned late, at the
boundary between two classes). A flip is argued against in most epochs of the phase before the
network memorises it. "Decisively argued against in one half" is therefore read as: in at
least half of that half's epochs (Dataset Cartography's hard-to-learn examples, Swayamdipta et
al. 2020, are the consistently low ones).
"""

from __future__ import annotations

import warnings

import numpy as np

from .summaries import relative_margins

__all__ = ["half_median_margin"]


def half_median_margin(margin: np.ndarray) -> np.ndarray:
    """Per example, the lower of the medians of its relative margins
    (:func:`~descend.examples.relative_margins`) over the first ``E // 2`` recorded epochs and
    over the rest (``margin`` is ``(E, n)``, NaN where unseen; a half that never saw an example
    is skipped, NaN where neither did). Below ``-d``: in one half of the run the model scored
    another class above the given label by more than ``d`` (in each epoch's units) in at least
    half of that half's epochs.

    Example 1 is argued against once, in the first epoch, and weakly confirmed after (its
    early half's mean relative margin is -2.67); example 2 is argued against throughout the
    early half and memorised in the late one.

    >>> margin = np.array([[1.0, -9.0, -1.0], [1.0, 0.5, -1.0], [1.0, 0.5, -1.0],
    ...                    [1.0, 0.5, 1.0], [1.0, 0.5, 1.0], [1.0, 0.5, 1.0]])
    >>> half_median_margin(margin).tolist()
    [1.0, 0.5, -1.0]
    """
    relative = relative_margins(np.asarray(margin))
    half = len(relative) // 2
    return np.fmin(_column_medians(relative[:half]), _column_medians(relative[half:]))


def _column_medians(values: np.ndarray) -> np.ndarray:
    """Per column (example), the median of its values that are not NaN; NaN where there is none."""
    if not len(values):
        return np.full(values.shape[1], np.nan)
    with warnings.catch_warnings():  # an example the half never saw: NaN, without a warning
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=0)
