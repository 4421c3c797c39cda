"""A doctor's divergence that does not end a trial of a one-matrix study: one found while the
trial's validation loss is below where the run started.

In a study of a model of one weight matrix (linear, logistic or softmax regression), ``ds.tune``
prunes with Optuna's median pruner (:mod:`descend.tune.study_pruner`). The doctor calls a run a
``divergence`` where its loss rose to ``BLOWN_UP`` times its start, or ended no lower than its
start while the steps were unstable; after one epoch of a mini-batch run of a few dozen steps the
loss it reads is one batch's (the doctor's smoothing window is a single step there). Under
heavy-tailed targets one batch can hold an outlier: on the bench's heavy-tailed linear regression
(Student-t(2) noise) the last batch of epoch 1 read 4.98 against the data's 1.44 at the initial
weights, at lr 1e-3 and at lr 1e-4 alike, while the validation loss after the epoch was 0.946;
every Adam trial of seed 0 and the tenth of its rate the doctor's advice queued in its place were
ended so, and the peers' best trials were Adam's (session 29, tune16,
``bench/tune_one_matrix_prereg.md``).

The rule. For a convex loss in ``(W, b)`` a rate past the stability limit moves the weights away
from the optimum and the loss over all the data up; one batch cannot say so alone. Let :math:`v`
be the trial's validation loss after the epoch and :math:`\\ell_0` the loss over the training data
at the initial weights (``History.initial_data_loss``, the doctor's own start). In a one-matrix
study a divergence found where :math:`v < \\ell_0` (both finite) does not end the trial: the data
the study values it by say the run went down, not away; the epoch's value goes to the median
pruner like any other. Where :math:`v \\ge \\ell_0`, :math:`v` is not finite, the start was not
measured or the metric is not ``val_loss``, the finding ends the trial as before. No new constant:
the level is the run's own start.

Fitted in session 29 (tune16) on the 40 read tasks of the tune bench (6 seeds, against 86ff1b9's
searches): best or tie 37 -> 37, median band area 0.6098 -> 0.6109 (the ill-conditioned linear
regression 0.7371 -> 0.7288, the wide sparse logistic 0.2150 -> 0.2071; the heavy-tailed
regression itself 0.1729 -> 0.1734, still a miss: its other losses are the median pruner's first
rung and the doctor's slow-progress prunes).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["left_to_the_pruner"]


def left_to_the_pruner(finding: Any, value: float | None, start: float | None) -> bool:
    """Whether the doctor's ``finding`` on a trial of a one-matrix study does not end it: a
    ``divergence`` found while the trial's validation loss ``value`` is below ``start``, the
    loss over the training data at the initial weights (both finite).

    >>> from descend.training.findings import Diagnosis
    >>> d = Diagnosis("divergence", 10, "the loss rose from 1.44 to 4.98", "try lr=0.0001")
    >>> left_to_the_pruner(d, 0.946, 1.44), left_to_the_pruner(d, 606.0, 1.44), left_to_the_pruner(d, 0.9, None)
    (True, False, False)
    >>> left_to_the_pruner(Diagnosis("unbounded", 10, "the loss fell without bound", ""), 0.1, 1.44)
    False
    """
    if finding.kind != "divergence" or value is None or start is None:
        return False
    value, start = float(value), float(start)
    return math.isfinite(value) and math.isfinite(start) and value < start
