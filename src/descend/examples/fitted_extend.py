"""Where a run of three or more classes fits 0.9 of its labels or more and every example of its list
is placed decisively in another class, the list takes in the run's other decisive examples (session
20, label4, round 37): round 28's extension carried above its band of fits.

Why. Round 28 (:mod:`~descend.examples.decisive_share`) extends an all-decisive list by the run's
other decisive examples where the run fits 0.7-0.9 of its labels: such a list holds no split
boundary example, so nothing argues it overruns its flips, and the run still places the flips it
left out confidently in their true class. Above 0.9 the list of a 5% run of well separated classes
(the blob controls ``cornerblobs``, ``cubecorners``, ``farblobs``, ``pentablobs``, ``triblobs``;
``markov``, ``multilabel``, ``dirichlet``, ``binomial``) is precise but stops 2-8 examples short of
its flips: the count of the early tails caps it there (lists of 33-38 for 39-41 flips, each the count
exactly), and cleanlab's longer list scores higher. The flips it left out are still decisive: over the
epochs the rule reads (before memorisation) their strongest other class holds over twice the given
label's probability. Where the run has begun to memorise (fits 0.9 and up), a memorised flip is no
longer decisive and is not taken in, and a clean example is decisive only where the run places it
in another class, which in a run fitting its classes whole is rare; so the extension needs no upper
bound of fits. It asks the same share of the list as round 28, ``FITTED_EXTEND`` = 1.0 (every listed
example decisive), and at least ``JOINT_CLASSES`` = 3 classes; not where a held-out ``count`` caps
the list.

Fitted on the 59 groups of bench ``label_noise`` tuning ... fresh-57 (2952 settings, seeds 0-1;
fresh-58 excluded, unread), offline over the head's lists (bench/HISTORY.md has the sweeps). Top of
the band: 0.92 +2, 0.94 +2, 0.95 +9, 0.96 +15, 0.97 and up (no bound) **+17** (18 settings regained,
one lost: ``cornerblobs`` s1 uniform 5%, a tie with cleanlab's 0.987 at 39 for 40 flips, 0.975 at 40),
no group lower; a share of 0.95 or 0.9 the same +17 with more lists changed; taking in no more than
the examples the last epoch misfits +15. Exact library check against ``fitted_extend=None``:
settings at least cleanlab's 2623 -> 2640 of 2952, mean F1 0.67860 -> 0.67929, 88 lists changed (72
of them up), no group lower (fresh, fresh-13, fresh-19, fresh-22, fresh-29, fresh-45, fresh-50,
fresh-53 and fresh-55 a setting higher each; fresh-4, fresh-16, fresh-48 and fresh-54 two).
Frozen so (session 20, label4, commit c1623ea) and read once on fresh-58, written for it before the
design (well separated classes: six blobs at an octahedron's vertices, three bimodal classes on a
prism, nine blobs labelled by row, noisy paired indicators, three classes in 10-D): 17 lists changed,
15 of them up (prismblobs s0 uniform 5%: 36 -> 40 for 40 flips, F1 0.947 -> 1.000; widegap3 5%: 31-37
-> 34-40), settings at least cleanlab's 51 -> 52 of 60, mean F1 0.94889 -> 0.95361; kept by its rule.
Compute (bench section on fresh-58): a median of 0.262 of cleanlab's.
``find_label_issues(fitted_extend=None)`` restores round 36.
"""

from __future__ import annotations

import math

from .._checks import number
from .decisive_share import DECISIVE_FITS_BELOW, decisive_extends

__all__ = ["fitted_extends", "FITTED_EXTEND"]

# Session 20 (label4, round 37): the share of the list decisive at which a run fitting 0.9 of its
# labels or more takes in its other decisive examples (round 28's DECISIVE_EXTEND).
FITTED_EXTEND = 1.0


def fitted_extends(
    decisive: int,
    listed: int,
    fits: float,
    classes: int,
    *,
    at: float | None = FITTED_EXTEND,
    fits_from: float = DECISIVE_FITS_BELOW,
) -> bool:
    """Whether a list of ``listed`` examples, ``decisive`` of them decisive, in a run of ``classes``
    classes that fits ``fits`` of its labels takes in the training set's other decisive examples
    (:func:`~descend.examples.decisive_extends` above its band of fits): at
    least ``JOINT_CLASSES`` = 3 classes, ``fits`` at least ``fits_from`` (round 28's top of band,
    0.9; NaN never binds), and at least ``at`` of the list decisive (``at=None``: never).

    >>> fitted_extends(38, 38, 0.95, 4), fitted_extends(37, 38, 0.95, 4), fitted_extends(38, 38, 0.85, 4)
    (True, False, False)
    >>> fitted_extends(38, 38, 0.95, 2), fitted_extends(38, 38, 0.95, 4, at=None), fitted_extends(0, 0, 0.95, 4)
    (False, False, False)
    """
    at = number("fitted_extend", at, gt=0, le=1, none=True)
    return decisive_extends(decisive, listed, fits, classes, at=at, fits_from=fits_from, fits_below=math.inf)
