"""The Summary section of ``report.html``: ``summary.json``'s figures (or the same figures
computed from the logs of a run trained from Python), each row said as what it is, and a note
where the run stopped inside its last epoch."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._plural import counted
from ..training import run_folder
from ..training.cut_epoch import cut_epoch
from ..training.history import History
from .cells import key_table

__all__ = ["run_summary", "summary_section"]


def run_summary(folder: Path, history: History) -> dict[str, Any]:
    """The run's ``summary.json``, or where there is none the numbers ``descend train`` writes
    there, computed from ``history``."""
    path = folder / run_folder.SUMMARY
    if path.is_file():
        try:
            saved = json.loads(path.read_text())
        except ValueError as err:  # JSONDecodeError, UnicodeDecodeError: say which file
            raise ValueError(f"{path} is corrupt or not a descend summary ({' '.join(str(err).split())})") from err
        if isinstance(saved, dict):
            return saved
    # Trained from Python, no summary.json: the same numbers descend train writes there.
    outcome = {**run_folder.run_outcome(history), "converged": history.converged}
    if not outcome["stopped_because"]:  # set when a run ends; its logs were written epoch by epoch before
        outcome["stopped_because"] = (
            "the run did not finish (stopped by an error or an interrupt, or still running): its logs end after "
            + (f"epoch {len(history.loss)}" if history.loss else "no epoch")
        )
    return outcome


def summary_section(summary: dict[str, Any], history: History) -> str:
    """``summary`` (:func:`run_summary`) as a table, with the note of :func:`_cut_note`."""
    return key_table(_said(run_folder.with_non_finite(summary, history)), readable_keys=True) + _cut_note(history)


# summary.json's keys whose rows say what their number is.
_SAID = {
    "best_epoch": "best epoch (numbered from 0, as in epochs.csv)",
    "seconds": "seconds in the epochs' batch loops",
}


def _said(summary: dict[str, Any]) -> dict[str, Any]:
    """``summary`` with the rows that read as another number said as what they are: beside
    'epochs 15' (a count), 'best epoch 14' read as the 14th of them, where it is the 15th (from 0,
    as in epochs.csv); 'seconds 5.5', the epochs' batch loops, beside a time budget's wall clock of 6.0 s."""
    return {_SAID.get(key, key): value for key, value in summary.items()}


def _cut_note(history: History) -> str:
    """A note where the run stopped part of the way through its last epoch: the summary's final
    training loss and metric are that epoch's row, the means of the few batches it ran."""
    cut = cut_epoch(history)
    if cut is None:
        return ""
    metric = next(
        (name for key, name in (("accuracy", " and accuracy"), ("r2", " and R²")) if key in history.epochs), ""
    )
    return (
        f'<p class="note">The run stopped {counted(cut.steps, "update")} into epoch {cut.epoch} (a whole epoch makes '
        f"{cut.full}): the final training loss{metric} above are of those updates' batches alone, not of the "
        f"training set; epoch {history.epochs['epoch'][-2]} is the last whole one.</p>"
    )
