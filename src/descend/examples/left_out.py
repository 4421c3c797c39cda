"""Where the classes the count leaves out are few, the count reads the whole set's odds (step
(3) of :mod:`~descend.examples.label_issues`).

The count reads the odds of a flip from the fitted classes F (:func:`~descend.examples.class_fit`
at least ``FITTED_AT``, or flooded: :mod:`~descend.examples.label_surplus`) because the clean
examples of a class the network has not fitted are argued against as decisively as flips. With
``R`` the decisively rejected examples and ``C`` the decisively confirmed ones, split by whether
the given label is in F or in the classes U left out, the two odds are::

    fitted classes:  o_F = R(label in F, suggested in F) / C(label in F)
    whole set:       o   = (R_F + R_U) / (C_F + C_U)

and the count is ``n * o / (1 + o)`` either way. ``o_F`` misses every flip with an end in U: a
flip into a left-out class (label in U) and a flip out of one (suggested label in U). ``o`` adds
U's clean examples argued against, at most the examples labelled in U: a share ``u`` of the
labels. Where ``u`` is large (one of five anisotropic blobs given up, spiral arms, mosaic tiles,
Friedman-3 quartiles: ``u`` 0.2-0.7) those clean examples dominate and the whole set's count
flags 2 to 6 times the flips. Where ``u`` is small the missed flips dominate: a small class left
out because flips make up much of its labels (an AR(1) class of 8%, the 5% and 10% bins of a
regression target, a 5% Dirichlet class, ``u`` 0.06-0.2) holds a large share of all the flips,
and the fitted classes' count stopped at 0.3-0.6 of the flips. So below :data:`LEFT_OUT_BELOW`
the count reads ``o``.

:data:`LEFT_OUT_BELOW` = 0.15 was fitted on the eighteen groups of bench ``label_noise`` up to
fresh-16 (session 17), seeds 0-1 (864 settings; levels 0.05 to 0.3 tried): settings at least
cleanlab's 739 -> 749 (all ten on fresh-16: ``autoreg`` and ``dirichlet``), no group losing one
and no group's mean F1 falling by more than 0.0003. It is the smallest level with half of the
gain in settings (0.3: +20) and two thirds of fresh-16's rise in F1, and sits below the first
settings where the whole set's count overcounts (a mosaic at ``u`` = 0.17, anisotropic blobs
from 0.197, Friedman-3 from 0.236). See ``bench/HISTORY.md``.
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument

__all__ = ["left_out_share", "LEFT_OUT_BELOW"]

# Below this share of the labels in classes the count leaves out, it reads the whole set's odds.
LEFT_OUT_BELOW = 0.15


def left_out_share(fitted: np.ndarray, labels: np.ndarray) -> float:
    """The share of ``labels`` (class indices) whose class is not fitted: ``fitted`` holds one
    boolean per class (a label past its end counts as left out); 0.0 for no labels.

    >>> left_out_share(np.array([True, True, False]), np.array([0, 0, 1, 1, 1, 2, 0, 1]))
    0.125
    """
    fitted, labels = np.asarray(fitted, dtype=bool), np.asarray(labels)
    if labels.size and (not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0):
        raise InvalidArgument(f"labels must be class indices >= 0, got {labels.dtype} from {labels.min()}")
    inside = labels < len(fitted)
    kept = np.zeros(labels.shape, dtype=bool)
    kept[inside] = fitted[labels[inside]]
    return float(np.mean(~kept)) if labels.size else 0.0
