"""Pruning a trial while it trains: its per-epoch value goes to Optuna's pruner, and the
doctor ends at once a run that cannot recover.

:class:`TrialPruning` is a training callback (:class:`descend.training.callbacks.Callback`).
After every epoch it

1. prunes on the doctor's word (``doctor=True``): :func:`descend.diagnose` on the run so
   far; a ``divergence`` finding (a non-finite loss, a loss blown up to ``BLOWN_UP`` times
   its start, or unstable steps, a measured effective stability ratio of at least 1, that
   left the loss no lower than its start: the doctor's thresholds, tuned on its bench
   corpus) or an ``unbounded`` one ends the trial, whatever the epoch: such a run does not
   come back, and every further epoch is compute spent for nothing; with ``too_small``, so
   does a rate the doctor measures ``FAR_TOO_SMALL`` times too small (the objective queues
   the doctor's rate in its place); the findings are kept in :attr:`TrialPruning.findings`;
2. reports the epoch's metric to the trial (``trial.report``, at step = the epochs trained so
   far, the resource successive halving counts: its rungs fall after 1, 3, 9... epochs, not
   after 2, 4, 10) and stops the run when the study's pruner says so (``trial.should_prune``:
   successive halving, Hyperband, median...); with ``stop_after``, it stops the run after that
   many epochs whatever its value (the trial at train's defaults: one epoch). Neither stops a
   run at its last epoch (``epochs``, or one its own rule ends): that trial has its value, and
   stopping it would only lose it (Optuna would list it pruned, not complete).

The reason is kept in :attr:`TrialPruning.reason` (the objective stores it as the trial's
``pruned_because`` user attribute).
"""

from __future__ import annotations

import math
from typing import Any

import optuna

from .._checks import InvalidArgument
from .._plural import counted
from ..doctor import diagnose
from ..training.callbacks import Callback
from ..training.findings import UNRECOVERABLE
from ..training.run import Run
from .search import pruner_words

__all__ = ["TrialPruning", "HOPELESS", "TOO_SMALL", "FAR_TOO_SMALL", "DOCTOR"]

HOPELESS = UNRECOVERABLE  # the doctor's findings after which a run cannot recover
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
    pruner or (``doctor=True``) the doctor says it is hopeless; the pruner never at the run's
    last epoch (``epochs``: the run's budget).

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
        epochs: int | None = None,
    ) -> None:
        self.trial, self.metric, self.doctor = trial, metric, doctor
        self.last = epochs  # the run's epochs (None: unknown; its own rule's end is still seen)
        self.stop_after = stop_after  # epochs after which the trial is pruned whatever its value
        self.too_small = too_small
        self.reason: str | None = None
        self.findings: list[Any] = []  # the doctor's findings at the last epoch's end (doctor=True)
        self.epochs = 0  # epochs trained: the trial's compute

    def on_epoch_end(self, run: Run) -> None:
        self.epochs = run.epoch + 1
        epochs = run.history.epochs
        if self.metric not in epochs:
            recorded = [k for k in epochs if k not in ("epoch", "seconds", "lr")]
            fix = ""
            if self.metric.startswith("val_") and not any(k.startswith("val_") for k in recorded):
                # the built-in data sets are split; a user's arrays, CSV file or Dataset are not
                fix = (
                    ": they have no validation data; give them some (val_data=(X_val, y_val), or val_data: in a "
                    "tune file) or value the trials by a metric they record"
                )
            raise InvalidArgument(
                f"metric {self.metric!r}: the runs do not record it; they record {', '.join(recorded)}{fix}"
            )
        if self.doctor:
            self.findings = diagnose(run.history)
            hopeless = [d for d in self.findings if self._hopeless(d, epochs)]
            if hopeless:
                self._stop(run, f"{DOCTOR}: {hopeless[0]}")
                return
        value = float(epochs[self.metric][-1])
        if not math.isfinite(value):
            self._stop(run, f"{self.metric} became {value} after {self._trained()}")
            return
        self.trial.report(value, self.epochs)  # the step is the resource spent: epochs trained
        if run.should_stop or (self.last is not None and self.epochs >= self.last):
            return  # the run ends here anyway: the trial is complete, with its value
        if self.stop_after is not None and self.epochs >= self.stop_after:
            self._stop(run, f"{STOPPED_AFTER} {self._trained()}: {self.metric}={value:.4g}")
        elif self.trial.should_prune():
            pruner = pruner_words(self.trial.study.pruner)
            self._stop(
                run, f"{pruner}: {self.metric}={value:.4g} after {self._trained()} trails the other trials there"
            )

    def _trained(self) -> str:
        """The epochs the trial trained, as trials.csv's ``epochs`` column counts them: "1 epoch"
        after the first (the run's ``epoch``, as in epochs.csv, counts from 0)."""
        return counted(self.epochs, "epoch")

    def _hopeless(self, finding: Any, epochs: dict[str, list[float]]) -> bool:
        """A finding the run cannot recover from; with ``too_small``, also a rate the doctor
        advises raising ``FAR_TOO_SMALL`` times or more."""
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
