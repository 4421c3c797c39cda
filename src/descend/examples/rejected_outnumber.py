"""A run memorises its given labels at an epoch only where the labels it had rejected outnumber
the examples that epoch still gets wrong (step (0) of :mod:`~descend.examples.label_issues`, in
:func:`~descend.examples.memorisation.memorisation_onset`).

The test. At a position ``p`` whose training accuracy reaches the level (0.98) and that fits a
label the epochs before it rejected, let ``before`` be each example's relative AUM over epochs
``0 .. p-1``, ``R = #{i : before_i < -tail}`` the labels rejected before (``tail`` = ``ONSET_TAIL``
= 0.4) and ``W = #{i : epoch p predicts i wrong}``. The position is the onset only where::

    R > W

Why. Step (0) cut a run at the first epoch at the level that fits any one rejected label. A run
with flips at a rate ``rho`` of 5% or more that reaches 98% has fitted most of them, and the epochs
before had rejected many of them, so ``R`` is a few percent of the run and ``W`` at most 2%. A run
on clean labels that reaches the level has rejected only the examples it was still learning, and
it is still learning about as many when it gets there: ``R <= W`` (on bench ``label_noise``'s 248
fitting runs with an onset at epoch 3 or later, 43 of 68 clean runs, 1 of 180 noisy). There the
epoch is no evidence of memorisation, and a window cut at it reads slow learners as flips: a
4-D XOR of 800 points reaches 98% at epoch 5 with 7 labels rejected before and 12 still wrong, and
its 6-epoch window listed 14 clean examples (cleanlab 0). So the search goes on to later epochs; where
none qualifies the run is read whole, as step (0) reads a clean run (its count caps the list and
step (2d) does not apply). No new constant: the level and ``tail`` are step (0)'s own.

Measured on bench ``label_noise``'s no-flips setting (session 26, labelclean3, round 6, seed 0;
``bench/LABEL_CLEAN_S26.md``). Fitted on the 366 read tasks, tuning ... fresh-81: clean tasks where
it flags more than cleanlab 169 -> 144, its clean flags 17996 -> 17287 (48 clean lists changed, 46
shorter: xor 14 -> 0, sphereband 47 -> 0, hastie 34 -> 0, pooled digits 44 -> 4; longer: a
digit set 39 -> 41, spectra 8 -> 20, both onsets moved later), none of the 2196 noisy settings
changed. Read once on fresh-83 (five tasks whose clean runs memorise from epoch 3 on, written
before this test was conceived): 5 -> 2 of 5 over cleanlab, clean flags 245 -> 115 (3 lists shorter,
none longer), none of its 30 noisy settings changed. ``find_label_issues(rejected_outnumber=False)`` and
``memorisation_onset(run, outnumber=False)`` restore the rule before it.
"""

from __future__ import annotations

import numpy as np

from .._checks import InvalidArgument, number

__all__ = ["rejected_outnumber_wrong"]


def rejected_outnumber_wrong(before: np.ndarray, row: np.ndarray, *, tail: float) -> bool:
    """Whether the examples rejected before an epoch (``before``, their relative AUM over the
    epochs before it, below ``-tail``) outnumber those the epoch predicts wrong (``row``, its
    correctness per example: 1 right, 0 wrong, NaN not seen).

    >>> before = np.array([1.0, 1.0, -1.0, -0.2, 0.5])
    >>> rejected_outnumber_wrong(before, np.array([1.0, 1.0, 1.0, 1.0, 1.0]), tail=0.4)  # 1 > 0
    True
    >>> rejected_outnumber_wrong(before, np.array([1.0, 1.0, 1.0, 0.0, np.nan]), tail=0.4)  # 1 > 1
    False
    """
    tail = number("tail", tail, gt=0)
    before, row = np.asarray(before, dtype=float), np.asarray(row, dtype=float)
    if before.shape != row.shape:
        raise InvalidArgument(
            f"before and row must have one value per example, got shapes {before.shape} and {row.shape}"
        )
    return int(np.sum(before < -tail)) > int(np.sum(row == 0))
