"""The numbers ``summary.json`` opens with, the outcome of a run (``descend train``'s and a
watched loop's), in JSON's terms (a number that is not finite is null) and back for a reader.
Re-exported by :mod:`descend.training.run_folder`, whose files these numbers go into."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["run_outcome", "with_non_finite", "json_number"]

# summary.json's keys of the last epoch's values, and the epoch column each is read from: the
# losses' always (null where missing), the scores' where the run has them.
_FINAL = {"final_loss": "loss", "final_val_loss": "val_loss", "accuracy": "accuracy", "val_accuracy": "val_accuracy",
          "r2": "r2", "val_r2": "val_r2"}  # fmt: skip
_ALWAYS = ("final_loss", "final_val_loss")
# R² and the loss of the same rows: a NaN R² beside a finite loss is one of fewer than 2 rows.
_R2_ROWS = {"r2": ("loss", "training"), "val_r2": ("val_loss", "validation")}


def run_outcome(history: Any) -> dict[str, Any]:
    """The numbers ``summary.json`` opens with (``descend train``'s and a watched loop's):
    the last epoch's losses and scores, the epochs and steps, the best epoch, the training
    seconds (counted across resumes) and why the run stopped. A number that is not finite is
    ``None`` (JSON's null): standard JSON has no NaN.

    >>> from descend.training.history import History
    >>> h = History(); h.append_epoch(loss=0.5, val_loss=float("nan"), seconds=1.5)
    >>> run_outcome(h)["final_loss"], run_outcome(h)["final_val_loss"], run_outcome(h)["seconds"]
    (0.5, None, 1.5)
    """
    epochs = history.epochs
    last = {key: values[-1] for key, values in epochs.items() if values}
    outcome: dict[str, Any] = {
        key: json_number(last.get(column)) for key, column in _FINAL.items() if key in _ALWAYS or column in last
    }
    seconds = sum(v for v in epochs.get("seconds", []) if math.isfinite(v))
    outcome.update(
        {
            "epochs": len(history.loss),
            "steps": len(history.steps.get("step", [])),
            "best_epoch": history.best_epoch,
            "seconds": round(seconds, 3),
            "stopped_because": history.stopped_because,
        }
    )
    return outcome


def with_non_finite(summary: dict[str, Any], history: Any) -> dict[str, Any]:
    """``summary`` (:func:`run_outcome`'s, as ``summary.json`` holds it) for a reader, its last
    epoch's values that JSON holds as null given back as they were where they were not finite
    (``inf``, ``nan``): a diverged run's validation loss of inf was shown as missing ('-', or
    no line at all in descend train's summary). An R² that is NaN beside a finite loss of the
    same rows is said in words: R² of fewer than 2 rows is undefined (scikit-learn's
    ``r2_score`` warns and returns NaN), and a 1-row validation set printed "val r2 nan".

    >>> from descend.training.history import History
    >>> h = History(); h.append_epoch(loss=2.0, val_loss=float("inf"))
    >>> with_non_finite(run_outcome(h), h)["final_val_loss"], run_outcome(h)["final_val_loss"]
    (inf, None)
    >>> h = History(); h.append_epoch(loss=2.0, r2=0.5, val_loss=1.5, val_r2=float("nan"))
    >>> with_non_finite(run_outcome(h), h)["val_r2"]
    'undefined for fewer than 2 validation rows'
    """
    shown = dict(summary)
    last = {column: values[-1] for column, values in history.epochs.items() if values}
    for key, column in _FINAL.items():
        value = last.get(column)
        if key in shown and shown[key] is None and isinstance(value, float) and not math.isfinite(value):
            shown[key] = value
    for key, (loss, rows) in _R2_ROWS.items():
        value, loss_value = shown.get(key), last.get(loss)
        finite_loss = isinstance(loss_value, float) and math.isfinite(loss_value)
        if finite_loss and isinstance(value, float) and math.isnan(value):
            shown[key] = f"undefined for fewer than 2 {rows} rows"
    return shown


def json_number(value: Any) -> float | None:
    """``value`` as a JSON number: ``None`` (null) where it is missing or not finite.

    >>> json_number(2), json_number(float("inf")), json_number(None)
    (2.0, None, None)
    """
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None
