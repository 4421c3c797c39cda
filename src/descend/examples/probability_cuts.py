"""Step (3) of :func:`~descend.examples.find_label_issues` (session 19): the list read against the
run's class probabilities, in runs of three or more classes that have not fitted their labels. First
the confident joint (:mod:`~descend.examples.confident_joint`: under ``JOINT_BELOW`` of the labels
fitted, the list cut at its off-diagonal count); where it does not cut, the decisive examples
(:mod:`~descend.examples.decisive_share`: at 0.7-0.9 fitted, a list split between classes cut to its
decisive examples, an all-decisive one extended by the run's other decisive examples), and where a
list under 0.6 decisive holds far fewer decisive examples than the run misfits, the confident
joint's count (:mod:`~descend.examples.split_recount`); where such a run's list holds 1.7 times the
joint's count or more, its decisive count (:mod:`~descend.examples.split_decisive`); an all-decisive
list of a run fitting 0.9 or more is extended too (:mod:`~descend.examples.fitted_extend`); where no
rule cut it, a list of a run fitting 0.8-0.93 that holds 1.2 times its decisive count or more and no
more examples than the run misfits is cut to that count (:mod:`~descend.examples.overrun_cut`). Last, in
a run fitting under 0.7, the listed examples its last epochs place in their given label leave the
list (:mod:`~descend.examples.late_fitted`). Each rule's reasoning, bars and held-out reads are in
its own module; this one only orders them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .confident_joint import JOINT_BELOW, JOINT_CLASSES, joint_count, joint_cut
from .decisive_share import (
    DECISIVE_BELOW,
    DECISIVE_EXTEND,
    DECISIVE_FEW,
    decisive_cut,
    decisive_examples,
    decisive_extends,
    decisive_listed,
)
from .fitted_extend import FITTED_EXTEND, fitted_extends
from .late_fitted import LATE_FIT_BELOW, late_fitted
from .overrun_cut import OVERRUN_OVER, overrun_cuts
from .split_decisive import SPLIT_OVER_JOINT, decisive_recuts
from .split_recount import RECOUNT_BELOW, joint_recounts

__all__ = ["cut_by_probabilities"]


def cut_by_probabilities(
    order: np.ndarray,
    p_label: Any,
    margin: Any,
    labels: Any,
    suggested: Any,
    *,
    fits: float,
    classes: int,
    extend: bool = True,
    joint_below: float | None = JOINT_BELOW,
    decisive_below: float | None = DECISIVE_BELOW,
    decisive_few: float | None = DECISIVE_FEW,
    decisive_extend: float | None = DECISIVE_EXTEND,
    recount_below: float | None = RECOUNT_BELOW,
    split_over_joint: float | None = SPLIT_OVER_JOINT,
    fitted_extend: float | None = FITTED_EXTEND,
    overrun_cut: float | None = OVERRUN_OVER,
    late_fitted_below: float | None = LATE_FIT_BELOW,
) -> tuple[np.ndarray, int | None, int | None]:
    """The list ``order`` (indices, most suspect first) after step (3), with the confident joint's
    count where it cut (or recounted) the list and the decisive count where that cut it (else
    ``None``). ``p_label`` and ``margin`` are the epochs' (shape (epochs, n)) the rule reads;
    ``fits`` the share of the given labels the last epoch read fits; ``extend=False`` never lengthens the list (a held-out
    ``count`` caps it). A keyword ``None`` switches its rule off.

    >>> p = np.full((2, 6), 0.9); p[:, :2] = 0.05                # examples 0 and 1 sit in another class
    >>> m = np.where(p < 0.5, -3.0, 2.0)
    >>> order, joint, decisive = cut_by_probabilities(np.arange(6), p, m, [0, 1, 2] * 2, [1, 2, 0] * 2,
    ...                                               fits=0.8, classes=3)
    >>> order.tolist(), joint, decisive                        # 2 of 6 decisive: cut to them
    ([0, 1], None, 2)
    """

    def without_late_fitted(kept: np.ndarray) -> np.ndarray:  # last, whichever rule decided
        fitted = late_fitted(kept, p_label, margin, fits=fits, classes=classes, below=late_fitted_below)
        return kept[~np.isin(kept, fitted)]

    joint = None
    if joint_below is not None and classes >= JOINT_CLASSES and fits < joint_below:  # the count only where it may cut
        joint = joint_count(p_label, margin, labels, suggested)  # unfitted regions
        if joint_cut(joint, len(order), fits, classes, below=joint_below):
            return without_late_fitted(order[:joint]), joint, None
    if decisive_below is None or classes < JOINT_CLASSES:
        return without_late_fitted(order), None, None
    n = np.shape(p_label)[1]
    decisive = decisive_listed(p_label, margin, order)  # a list split between classes
    if decisive_cut(decisive, len(order), fits, classes, below=decisive_below, few=decisive_few, n=n):
        return without_late_fitted(order[:decisive]), None, decisive
    if joint_recounts(decisive, len(order), fits, classes, n=n, below=recount_below):  # boundaries left split
        joint = joint_count(p_label, margin, labels, suggested)
        if joint < len(order):
            return without_late_fitted(order[:joint]), joint, None
    elif decisive_recuts(decisive, len(order), fits, classes, n=n, over=split_over_joint):  # round 36
        counted = joint_count(p_label, margin, labels, suggested)
        if decisive_recuts(decisive, len(order), fits, classes, n=n, joint=counted, over=split_over_joint):
            return without_late_fitted(order[:decisive]), None, decisive
    if overrun_cuts(decisive, len(order), fits, classes, n=n, over=overrun_cut):  # round 41: within the misfits
        return without_late_fitted(order[:decisive]), None, decisive
    if extend and (
        decisive_extends(decisive, len(order), fits, classes, at=decisive_extend)
        or fitted_extends(decisive, len(order), fits, classes, at=fitted_extend)  # round 37: fits 0.9 and up
    ):
        more = decisive_examples(p_label, margin)
        order = np.concatenate([order, more[~np.isin(more, order)]]).astype(order.dtype)
    return without_late_fitted(order), None, None
