"""Where a run memorises its labels early, the count of :mod:`~descend.examples.label_issues`
does not cap the list (step (3)).

Step (0) reads the ``W`` epochs up to the memorisation onset of a run of ``E`` recorded epochs,
and the count reads the odds of a flip over the first ``W // 2`` of them. Split by truth, with
``a`` and ``r`` the shares of the clean examples that half confirms and rejects decisively and
``b`` the share of the flips it rejects decisively, at a noise rate ``rho`` the count over the
flips is about::

    k / (rho n)  ~  b / a  +  r (1 - rho) / (rho a)

(bench ``label_noise``, session 14c). The network fits flips as it goes: ``b`` falls from about
``a`` in the first epochs to half of it by the tenth, so a window cut short by an early onset
leaves many flips in the undecided middle and the first term well below 1. The second term, the
clean examples argued against decisively, is what the cap is for (overlapping classes, clean
examples learned late); a run that goes on to fit 98% of its given labels within the window, a
label it had rejected among them, has few such examples left. The cut-offs (1) and (2) read a
softer level (a clipped mean below -0.3 against a tail of 0.7), so where the run memorises early
they find flips the count misses: on the fitting groups below, of the examples the cap cut from
the cut-offs' list, 74% were flips (median over lists 100%) in runs with ``W <= 0.8 E``, 63% in
runs that memorise later, and 34% (median 21%) in runs that never do. Cutting an example that is
a flip with probability ``p`` from a list of F1 ``f`` raises F1 only where ``p < f / 2``. So the
list is not capped by the count where::

    W <= MEMORISED_EARLY * E

Fitted on the 21 groups of bench ``label_noise`` up to fresh-19 (session 17), seeds 0-1, 1008
settings: settings at least cleanlab's 867 -> 875 (documents +5, a long tail of digits +2, a
half-space +1), no group losing one or falling in mean F1. The gain is flat for
``MEMORISED_EARLY`` 0.75-0.9; it needs at least 0.75 (word counts memorised at epoch 15 of 20)
and lowers the tuning half's mean F1 from 0.9 (synthetic-a and a pair of confusable classes,
memorised at epoch 18). The one harm inside the level: a wide set memorised by epoch 4-5 (its
early half two epochs long), where the cap cut mostly clean examples (4-50% flips): its lists
grew, its settings at least cleanlab's stayed. See ``bench/HISTORY.md``.
"""

from __future__ import annotations

from .._checks import number

__all__ = ["memorised_early", "capped_count", "MEMORISED_EARLY"]

# Fitted on bench label_noise's 21 groups to fresh-19 (1008 settings): the count does not cap the list
# where the window before memorisation holds at most this share of the recorded epochs (gain flat
# 0.75-0.9, none below 0.75; the tuning half's mean F1 falls from 0.9).
MEMORISED_EARLY = 0.8


def memorised_early(window: int, recorded: int, *, early: float | None = MEMORISED_EARLY) -> bool:
    """Whether a run read over its first ``window`` of ``recorded`` epochs (the epochs up to its
    memorisation onset, :func:`~descend.examples.memorisation.memorisation_onset`) memorised
    early: ``window <= early * recorded``; never with ``early=None``.

    >>> memorised_early(9, 20), memorised_early(17, 20), memorised_early(9, 20, early=None)
    (True, False, False)
    """
    early = number("memorised_early", early, gt=0, le=1, none=True)
    return early is not None and window <= early * recorded


def capped_count(
    estimated: float | None, onset: int | None, window: int, recorded: int, *, early: float | None = MEMORISED_EARLY
) -> float | None:
    """The count that caps the list: ``estimated``, or ``None`` (no cap) where the run has a
    memorisation ``onset`` and :func:`memorised_early` holds for its ``window`` of ``recorded``
    epochs.

    >>> capped_count(12.4, 8, 9, 20), capped_count(12.4, None, 20, 20), capped_count(12.4, 16, 17, 20)
    (None, 12.4, 12.4)
    """
    early_run = memorised_early(window, recorded, early=early)  # checks ``early`` in every case
    return None if estimated is not None and onset is not None and early_run else estimated
