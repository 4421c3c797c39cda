"""The end of step (3) of :func:`~descend.examples.find_label_issues`: the list the count left, read
against the run's class probabilities. In this order: the cuts, or extensions, of
:mod:`~descend.examples.probability_cuts`; a label's minor (given, suggested) pairs leave a list that
reads as class-conditional noise (:mod:`~descend.examples.minor_pairs`); what the count cut, then what
the probability cuts removed, come back where the run's last epochs still argue against them decisively
(:mod:`~descend.examples.late_recall`); last, where no joint cut the list, the confident joint's cap
(:func:`~descend.examples.confident_joint.joint_caps`, round 60). Each rule's reasoning, bars and
held-out reads are in its own module; this one only orders them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .confident_joint import JOINT_BELOW, JOINT_CAP_FITS, joint_caps, joint_count
from .decisive_share import DECISIVE_BELOW, DECISIVE_EXTEND, DECISIVE_FEW
from .fitted_extend import FITTED_EXTEND
from .late_fitted import LATE_FIT_BELOW
from .late_recall import RECALL_BELOW, recalled, removed_recalled
from .minor_pairs import MINOR_PAIRS, minor_pair_examples
from .overrun_cut import OVERRUN_OVER
from .probability_cuts import cut_by_probabilities
from .split_decisive import SPLIT_OVER_JOINT
from .split_recount import RECOUNT_BELOW
from .unfitted_run import last_epochs_means

__all__ = ["listed_by_class_probabilities"]


def listed_by_class_probabilities(
    order: np.ndarray,
    cut: np.ndarray,
    record: Any,
    suggested: np.ndarray,
    *,
    fits: float,
    estimated: float | None,
    count: float | None = None,
    joint_below: float | None = JOINT_BELOW,
    decisive_below: float | None = DECISIVE_BELOW,
    decisive_few: float | None = DECISIVE_FEW,
    decisive_extend: float | None = DECISIVE_EXTEND,
    recount_below: float | None = RECOUNT_BELOW,
    split_over_joint: float | None = SPLIT_OVER_JOINT,
    fitted_extend: float | None = FITTED_EXTEND,
    overrun_cut: float | None = OVERRUN_OVER,
    late_fitted_below: float | None = LATE_FIT_BELOW,
    minor_pairs: float | None = MINOR_PAIRS,
    late_recall: float | None = RECALL_BELOW,
) -> tuple[np.ndarray, int | None, int | None]:
    """The list ``order`` (indices, most suspect first) after the count, read against the class
    probabilities of ``record`` (the epochs the rule reads), with the confident joint's count where
    it cut the list and the decisive count where that cut it (else ``None``), as
    :func:`~descend.examples.probability_cuts.cut_by_probabilities` returns them. ``cut``: the
    flagged examples the count cut (empty under a ``count`` of the user's own); ``suggested``: every
    example's suggested label; ``fits``: the share of the given labels the last epoch read fits;
    ``estimated``: step (3)'s count (``None``: none); ``count``: the user's cap, under which the list
    is never lengthened and nothing the probability cuts removed comes back. The other keywords are
    :func:`~descend.examples.find_label_issues`'s, ``None`` switching a rule off.

    >>> from descend.training import ExampleRecord
    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1],
    ...     loss=[[0.4, 0.5, 2.0], [0.1, 0.2, 2.5]], p_label=[[0.7, 0.6, 0.1], [0.9, 0.8, 0.1]],
    ...     margin=[[0.8, 0.4, -2.0], [2.0, 1.4, -2.5]], predicted=[[0, 1, 0], [0, 1, 0]])
    >>> order, joint, decisive = listed_by_class_probabilities(
    ...     np.array([2]), np.array([], dtype=int), r, np.array([1, 0, 0]), fits=2 / 3, estimated=1.0)
    >>> order.tolist(), joint, decisive  # two classes: no class-probability rule reads them
    ([2], None, None)
    """
    entering = order
    classes = int(record.classes) if record.classes is not None else 2
    order, joint, decisive = cut_by_probabilities(
        order,
        record.p_label,
        record.margin,
        record.labels,
        suggested,
        fits=fits,
        classes=classes,
        extend=count is None,
        joint_below=joint_below,
        decisive_below=decisive_below,
        decisive_few=decisive_few,
        decisive_extend=decisive_extend,
        recount_below=recount_below,
        split_over_joint=split_over_joint,
        fitted_extend=fitted_extend,
        overrun_cut=overrun_cut,
        late_fitted_below=late_fitted_below,
    )
    removed = entering[~np.isin(entering, order)] if count is None else entering[:0]  # by the cuts above
    leave = minor_pair_examples(
        order, record.labels, suggested, fits=fits, classes=classes, n=record.n, ratio=minor_pairs
    )
    order = order[~leave]
    if len(cut) or len(removed):  # last: what the count cut, then what the probability cuts removed,
        last3 = last_epochs_means(record.margin)  # that the last epochs still argue against decisively
        back = recalled(cut, last3, fits=fits, classes=classes, below=late_recall)
        if late_recall is not None:
            again = removed_recalled(
                removed, last3, record.p_label, record.margin, fits=fits, classes=classes,
                listed=len(order), count=estimated,
            )  # fmt: skip
            back = np.concatenate([back, again])
        order = np.concatenate([order, back[~np.isin(back, order)]]).astype(order.dtype)  # disjoint parts
    low, high = JOINT_CAP_FITS
    if joint is None and joint_below is not None and estimated is not None and low <= fits < high:  # round 60
        capped = joint_caps(
            joint_count(record.p_label, record.margin, record.labels, suggested),
            len(order),
            estimated,
            fits,
            classes,
        )
        if capped is not None:
            order = order[:capped]  # what the recalls added goes first
    return order, joint, decisive
