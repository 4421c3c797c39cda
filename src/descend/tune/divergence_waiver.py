"""A doctor's divergence that does not end a tune trial: one found while the trial's value is
already below the constant prediction's.

The doctor calls a run a ``divergence`` where, among other readings, the steps were unstable (an
effective stability ratio of at least 1) and the training loss ended no lower than where the run
started. After the first epoch of a mini-batch run of a few dozen updates, that end is one
batch's loss (the smoothing window of :func:`descend.doctor._instability._batch_noise_removed` is
a single step there), read against the loss over the training data at the initial weights: on a
noisy task a batch can sit above the start while the network has already learnt something
(session 28, tune13: on two spirals the trials random search finds best were ended after epoch 1
with "the loss ended at 0.758, no lower than its start 0.735" while their validation loss, 0.687,
was below the constant prediction's, 0.693).

The rule. Let :math:`v` be the trial's value on the study's metric (a loss, minimised) after the
epoch and :math:`\\ell_c` the constant prediction's value on it
(:func:`descend.tune.plateau_wait.constant_prediction_loss`, stored on the trial as its
``constant_loss`` user attribute). A divergence found where :math:`v < \\ell_c` (both finite) does
not end the trial: the run does better than any constant on the data the study values it by,
so it has not diverged there; its value goes to the study's pruner like any other. Where
:math:`v \\ge \\ell_c`, or :math:`v` is not finite, or the trial has no level (an estimator's
cross-validation, a metric other than a loss), the finding ends the trial as before. No new
constant: the level is the constant prediction's own.

Where: :class:`descend.tune.pruning.TrialPruning` (after each epoch) and the objective's check at
the run's end, in successive-halving studies (``ds.tune``'s networks); a median-pruner study (a
model of one weight matrix) prunes as before. Session 29 (tune14, ``bench/tune_divergence_prune_prereg.md``):
on the 40 read tasks of the tune bench (6 seeds) best or tie 37 -> 39 of 40 (two spirals and the
wavy surface mended; 3-way parity 0.458 -> 0.357, ridge sine 0.794 -> 0.619), median band area
0.6098 -> 0.6041; the same waiver in median-pruner studies too gave 39 and 0.6053.

The advice is still tried (session 29, tune17, ``bench/tune_divergence_advice_prereg.md``). Where
the waiver acts, the doctor's findings of that epoch (what the objective would have read for the
trial had it ended there) are kept (:attr:`descend.tune.pruning.TrialPruning.waived_findings`), and
their advice (a smaller rate) is queued as the next trial once, whether the waived trial goes on to
complete or is later cut (``advised_by`` "trial N (waived): divergence"; user attribute
``after_waiver``). That advised trial is exempt from the first rung: its value after one epoch is
recorded there but the pruner's word is not followed; the later rungs judge it. Without this, the
waived trial's own first-rung value raised the bar its advised trial then missed (fresh-s31's ripple
classes: the advice that had trained 8 epochs to the search's best was cut after one). On the 40
read tasks and fresh-s30, fresh-s31 (6 seeds, against START's searches): best or tie 46 -> 49 of 50
(D2 alone 48), median band area 0.6224 -> 0.6013.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["waived"]


def waived(finding: Any, value: float | None, level: float | None) -> bool:
    """Whether the doctor's ``finding`` on a trial whose metric value after the epoch is
    ``value`` does not end the trial: a ``divergence`` found while ``value`` is below ``level``,
    the constant prediction's value (both finite).

    >>> from descend.training.findings import Diagnosis
    >>> d = Diagnosis("divergence", 25, "the loss ended at 0.758, no lower than its start 0.735", "try lr=0.002")
    >>> waived(d, 0.687, 0.693), waived(d, 0.70, 0.693), waived(d, float("nan"), 0.693), waived(d, 0.687, None)
    (True, False, False, False)
    >>> waived(Diagnosis("unbounded", 25, "the loss fell without bound", ""), 0.1, 0.693)
    False
    """
    if finding.kind != "divergence" or value is None or level is None:
        return False
    value, level = float(value), float(level)
    return math.isfinite(value) and math.isfinite(level) and value < level
