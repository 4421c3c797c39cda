"""Where a run starts memorising its given labels (step (0) of
:mod:`~descend.examples.label_issues`): the epochs after it fit the flips too.

Why. Every quantity of the rule is read from the epochs before the run memorises its given
labels: up to and including the first epoch whose training accuracy on the given labels (the predictions
of training's own forward passes) reaches ``memorised_at`` = 0.98 while it fits an example that
the epochs before it argued against (relative AUM over them below -``onset_tail`` = -0.4: a label
it had rejected; :func:`memorisation_onset`); all the epochs where no epoch does. A run that
fits all but 2% of its given labels has fitted the flips too (at 5% noise or more, most of
them), and from then on every epoch adds a positive margin to each flip: where that happens
early (640 examples in 60-D: 99% of the given labels fitted by epoch 4 to 7 of 20), the average
over all the epochs leaves most flips at a relative AUM of at least 0 and the list nearly empty,
while the epochs before it argue against them decisively. Pleiss et al. (2020) likewise stop
before memorisation (at the first drop of the learning rate). A run that reaches the level on
clean labels, having fitted only examples it was still learning (a short window would flag those
as the first epochs saw them), and a run that never reaches it (classes that overlap, flips it
does not memorise) are read whole.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._checks import InvalidArgument, flag, number
from ..training import ExampleRecord
from .rejected_outnumber import rejected_outnumber_wrong
from .summaries import column_means, record_of, relative_margins

__all__ = ["memorisation_onset", "first_epochs", "MEMORISED_AT", "ONSET_TAIL"]

# The training accuracy on the given labels from which the run has memorised them (see label_issues).
MEMORISED_AT = 0.98
# How strongly the epochs before the onset must have rejected a label it fits (relative AUM below
# -ONSET_TAIL). Separate from the count's NOISE_TAIL (0.7), which it equalled until session 17:
# fitted on bench label_noise's 25 groups tuning .. fresh-23 (1200 settings, seeds 0-1), where
# every level from 0.1 to 0.5 gives the same lists (1036 -> 1041 settings at least cleanlab's
# F1, 8 lists changed, no group lower), 0.55 to 0.65 fewer (1040 .. 1037) and 0.7 none; 0.4
# keeps a margin of 0.1 to that flat region's edge while asking for as much rejection as it can
# (the lower the level, the likelier a clean run that fits hard examples is cut short).
ONSET_TAIL = 0.4


def memorisation_onset(
    run: Any, *, accuracy: float = MEMORISED_AT, tail: float = ONSET_TAIL, outnumber: bool = True
) -> int | None:
    """The position of the first recorded epoch of ``run`` (as for :func:`descend.examples`)
    that shows the run memorising its given labels: its training accuracy on them (the share of
    the examples it saw that its forward passes predicted as labelled) is at least ``accuracy``,
    and it fits an example that the epochs before it argued against decisively (relative AUM
    over them below ``-tail``); ``None`` if no epoch does. A run that reaches the level on
    clean labels fits only examples it had been learning, and is not memorising.

    ``tail`` (:data:`ONSET_TAIL` = 0.4) is softer than the count's :data:`NOISE_TAIL` (0.7): a
    run that memorises its flips gradually (142 examples through 100 random ReLU features: the
    clean ones fitted by epoch 1, the flips one by one until epoch 10 of 20) rejects them only
    weakly before it fits them (relative AUM -0.7 to -0.4, where clean examples earn about +1),
    and read whole it averages them to about 0 and caps the list at a count of 0. A clean run
    still has to fit a label that its earlier epochs put on the wrong side of the median margin
    by 0.4 of it, which examples it was still learning rarely are (on bench ``label_noise``'s
    1200 fitting settings, the softer level moved the onset of 8 runs and lost none a setting).

    With ``outnumber`` (the default), the labels rejected before the epoch must also outnumber
    the examples it still predicts wrong (:mod:`~descend.examples.rejected_outnumber`): a clean
    run that reaches the level while still learning its hardest examples has rejected no more of
    them than it still misses. ``outnumber=False`` is the rule before (session 25).

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 3)), p_label=np.full((3, 3), 0.5),
    ...     margin=[[1.0, 1.0, -2.0], [1.0, 1.0, -1.0], [1.0, 1.0, 0.5]],
    ...     predicted=[[0, 1, 0], [0, 1, 0], [0, 1, 1]])
    >>> memorisation_onset(r)  # epoch 2 fits all 3, example 2 among them (relative AUM -1.5 before)
    2
    """
    accuracy = number("accuracy", accuracy, gt=0, le=1)
    tail = number("tail", tail, gt=0)
    outnumber = flag("outnumber", outnumber)
    record = record_of(run)
    if record.task != "classification":
        raise InvalidArgument("memorisation_onset needs a classification record (given labels), got a regression one")
    relative, correct = relative_margins(record.margin), record.correct
    for position in range(1, len(correct)):
        row = correct[position]
        if not np.isfinite(row).any() or np.nanmean(row) < accuracy:
            continue
        before = column_means(relative[:position])
        if np.any((before < -tail) & (row == 1)) and (
            not outnumber or rejected_outnumber_wrong(before, row, tail=tail)
        ):
            return position
    return None


def first_epochs(record: ExampleRecord, epochs: int) -> ExampleRecord:
    """``record`` cut to its first ``epochs`` recorded epochs.

    >>> r = ExampleRecord.from_arrays(task="classification", labels=[0, 1], epochs=[0, 1, 2],
    ...     loss=np.ones((3, 2)), p_label=np.full((3, 2), 0.5), margin=np.ones((3, 2)),
    ...     predicted=[[0, 1], [0, 1], [0, 1]])
    >>> first_epochs(r, 2).epochs.tolist(), first_epochs(r, 2).margin.shape
    ([0, 1], (2, 2))
    """
    return ExampleRecord(
        task=record.task,
        classes=record.classes,
        labels=record.labels,
        epochs=record.epochs[:epochs],
        loss=record.loss[:epochs],
        p_label=record.p_label[:epochs],
        margin=record.margin[:epochs],
        predicted=record.predicted[:epochs],
        updates_per_epoch=record.updates_per_epoch,
        class_names=record.class_names,
    )
