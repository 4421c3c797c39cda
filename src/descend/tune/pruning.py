"""Pruning a trial while it trains: its per-epoch value goes to Optuna's pruner, and the
doctor ends at once a run that cannot recover.

:class:`TrialPruning` is a training callback (:class:`descend.training.callbacks.Callback`).
After every epoch it

1. prunes on the doctor's word (``doctor=True``): :func:`descend.diagnose` on the run so
   far; an ``unbounded`` finding, or a ``divergence`` one on a loss that went non-finite or
   rose to the doctor's ``BLOWN_UP`` times its first value (:func:`loss_blown_up`), ends the
   trial, whatever the epoch: such a run does not come back, and every further epoch is
   compute spent for nothing. A ``divergence`` on a finite loss under that (unstable steps
   that left the loss no lower than its start, or a throw onto a plateau) ends it too on a
   model of one weight matrix (``one_matrix``: linear, logistic, softmax), whose loss is convex
   in its weights, so such steps do not come back; on a network it does not: a network's loss
   can start on a plateau that the rates training it best leave only after their first epoch
   (session 27: two spirals' best random-search trials, Adam 0.016-0.055, ended epoch 1 at or
   above the start, then fell to 0.46-0.55), so its value goes to the study's pruner like any
   other, and its findings still advise the next trial if that pruner stops it; with ``too_small``, so
   does a rate the doctor measures ``FAR_TOO_SMALL`` times too small (the objective queues
   the doctor's rate in its place); the findings are kept in :attr:`TrialPruning.findings`;
2. reports the epoch's metric to the trial (``trial.report``, at step = the epochs trained so
   far, the resource successive halving counts: its rungs fall after 1, 3, 9... epochs, not
   after 2, 4, 10) and stops the run when the study's pruner says so (``trial.should_prune``:
   successive halving, Hyperband, median...); with ``stop_after``, it stops the run after that
   many epochs whatever its value (the trial at train's defaults: one epoch).

The reason is kept in :attr:`TrialPruning.reason` (the objective stores it as the trial's
``pruned_because`` user attribute).
"""

from __future__ import annotations

import math
from typing import Any

import optuna

from .._checks import InvalidArgument
from ..doctor import diagnose
from ..doctor._thresholds import BLOWN_UP
from ..training.callbacks import Callback
from ..training.run import Run

__all__ = ["TrialPruning", "HOPELESS", "TOO_SMALL", "FAR_TOO_SMALL", "DOCTOR", "loss_blown_up"]

# The doctor's findings after which a run cannot recover.
HOPELESS = ("divergence", "unbounded")
# A rate measured far too small: the doctor's slow_progress finding (which on a run with the
# instruments needs headroom: the largest effective stability ratio measured, times RAISE = 3,
# below 1) whose advised rate is at least FAR_TOO_SMALL times the trial's. Chosen on the bench's
# tuning half in session 7 (3, against not pruning such rates), where the pruned trial's
# advised point is queued in its place (TrainObjective's advise_pruned): frozen there.
TOO_SMALL = ("slow_progress",)
FAR_TOO_SMALL = 3.0
DOCTOR = "the doctor"  # how a doctor's pruning reason starts
STOPPED_AFTER = "a trial at the defaults, stopped after"  # the pruning reason of ``stop_after``


class TrialPruning(Callback):
    """Reports ``metric`` after every epoch to ``trial`` and stops the run where the study's
    pruner or (``doctor=True``) the doctor says it is hopeless.

    >>> import optuna, descend as ds
    >>> study = optuna.create_study()
    >>> pruning = TrialPruning(study.ask(), "val_loss")
    >>> _ = ds.train("softmax", "iris", lr=1e4, epochs=20, progress=False, callbacks=[pruning])
    >>> pruning.reason.startswith("the doctor")
    True
    """

    def __init__(
        self,
        trial: optuna.Trial,
        metric: str = "val_loss",
        *,
        doctor: bool = True,
        too_small: bool = False,
        stop_after: int | None = None,
        one_matrix: bool = False,
    ) -> None:
        self.trial, self.metric, self.doctor = trial, metric, doctor
        self.one_matrix = one_matrix  # a convex model: every divergence the doctor finds is hopeless
        self.stop_after = stop_after  # epochs after which the trial is pruned whatever its value
        self.too_small = too_small
        self.reason: str | None = None
        self.findings: list[Any] = []  # the doctor's findings at the last epoch's end (doctor=True)
        self.epochs = 0  # epochs trained: the trial's compute

    def on_epoch_end(self, run: Run) -> None:
        self.epochs = run.epoch + 1
        epochs = run.history.epochs
        if self.metric not in epochs:
            recorded = ", ".join(k for k in epochs if k not in ("epoch", "seconds", "lr"))
            raise InvalidArgument(f"metric {self.metric!r}: the runs do not record it; they record {recorded}")
        if self.doctor:
            self.findings = diagnose(run.history)
            hopeless = [d for d in self.findings if self._hopeless(d, epochs, run.history)]
            if hopeless:
                self._stop(run, f"{DOCTOR}: {hopeless[0]}")
                return
        value = float(epochs[self.metric][-1])
        if not math.isfinite(value):
            self._stop(run, f"{self.metric} became {value} at epoch {run.epoch}")
            return
        self.trial.report(value, self.epochs)  # the step is the resource spent: epochs trained
        if self.stop_after is not None and self.epochs >= self.stop_after:
            self._stop(run, f"{STOPPED_AFTER} {self.epochs} epoch(s): {self.metric}={value:.4g}")
        elif self.trial.should_prune():
            pruner = type(self.trial.study.pruner).__name__
            self._stop(run, f"{pruner}: {self.metric}={value:.4g} at epoch {run.epoch} trails the other trials there")

    def _hopeless(self, finding: Any, epochs: dict[str, list[float]], history: Any) -> bool:
        """A finding the run cannot recover from (a network's ``divergence`` only on a blown-up
        loss: :func:`loss_blown_up`); with ``too_small``, also a rate the doctor advises raising
        ``FAR_TOO_SMALL`` times or more."""
        if finding.kind == "divergence":
            return self.one_matrix or loss_blown_up(history)
        if finding.kind in HOPELESS:
            return True
        if not (self.too_small and finding.kind in TOO_SMALL) or not epochs.get("lr"):
            return False
        rate = epochs["lr"][-1]  # the epoch's rate, per parameter group
        rate = float(min(rate) if isinstance(rate, (list, tuple)) else rate)
        return rate > 0 and float(finding.change.get("lr", 0.0)) >= FAR_TOO_SMALL * rate

    def _stop(self, run: Run, reason: str) -> None:
        self.reason = reason
        run.stop(f"pruned by {reason}")


def loss_blown_up(history: Any) -> bool:
    """Whether a run's training loss went non-finite or rose to ``BLOWN_UP`` (3) times its first
    value, the doctor's blow-up: ``max(L) >= 3 |L_0|`` over the logged steps' losses and the
    epoch means, ``L_0`` the first logged step's. A collapse (a loss left near its start by
    unstable steps) is not.

    >>> from descend.training.history import History
    >>> h = History()
    >>> h.steps["loss"], h.epochs["loss"] = [0.69, 0.9, 0.75], [0.78]
    >>> loss_blown_up(h)
    False
    >>> h.steps["loss"].append(2.5)
    >>> loss_blown_up(h)
    True
    """
    if getattr(history, "non_finite_step", None) is not None:
        return True
    steps = [float(v) for v in history.steps.get("loss", [])]
    means = [float(v) for v in history.epochs.get("loss", [])]
    seen = steps + means
    if not all(math.isfinite(v) for v in seen):
        return True
    if not steps:
        return False
    return max(abs(v) for v in seen) >= BLOWN_UP * abs(steps[0])
