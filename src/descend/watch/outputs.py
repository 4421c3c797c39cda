"""The run folder of a watched loop: the layout ``descend train`` writes (``steps.csv``,
``epochs.csv``, ``metrics.jsonl``, ``history.json``, TensorBoard events, ``diagnosis.json``,
``summary.json``, ``plots/`` and ``report.html``), so that ``descend report``, ``descend doctor``
and ``descend.diagnose(run_dir)`` read it as they read a trained run's. The logs are written
as the run goes (:class:`descend.training.logs.Logger`), and whole at
the end with the rest (``close()``, which a ``with`` block and the interpreter's exit call)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from .. import plots, report
from .._checks import InvalidArgument
from ..doctor import unread_words
from ..training import run_folder
from ..training.lock import locked
from ..training.logs import Logger
from ..training.run import Run

__all__ = ["RunFolder", "refuse_used_folder"]


class RunFolder:
    """A new (or empty) folder, locked from :meth:`start` until :meth:`finish`: a folder that
    already holds files is refused, never written over.

    ``settings`` are the watch's own (optimizer, gradients, clipping, instruments) for
    ``summary.json``, which the report shows; ``tensorboard_every`` the TensorBoard events' steps
    (:class:`descend.training.logs.Logger`). ``descend.watch(..., log_dir=...)`` makes one.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "notes.txt").write_text("mine")
    ...     RunFolder(tmp, {})
    Traceback (most recent call last):
    descend._checks.InvalidArgument: log_dir ... already holds files (notes.txt); descend.watch never writes over a run folder: give a new or empty folder
    """

    def __init__(
        self, path: str | os.PathLike, settings: dict[str, Any], tensorboard_every: int | str = "auto"
    ) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise InvalidArgument(f"log_dir must be a folder path (str or os.PathLike) or None, got {path!r}")
        self.path = Path(path)
        self.settings = settings
        self._lock = contextlib.ExitStack()
        self._logger = Logger(self.path, last_step_open=True, tensorboard_every=tensorboard_every)
        refuse_used_folder(self.path)

    def start(self, run: Run) -> None:
        self._lock.enter_context(locked(self.path))
        refuse_used_folder(self.path)  # again, holding the lock: another process may have begun meanwhile
        self._logger.on_train_begin(run)

    def epoch_written(self, run: Run) -> None:
        self._logger.on_epoch_end(run)

    def write_recorded(self, run: Run) -> None:
        """The logs of the epochs ended that they lack, for a run that will not reach :meth:`finish`."""
        self._logger.write_recorded(run.history)

    def finish(self, run: Run) -> None:
        """The logs, ``diagnosis.json``, ``summary.json``, ``plots/training.png`` and
        ``report.html``; then the folder is released."""
        try:
            history = run.history
            self._logger.on_train_end(run)
            self._summary(history, run.step)
            pictures = self.path / run_folder.PLOTS
            pictures.mkdir(exist_ok=True)
            if history.steps["step"]:
                plots.training(history, pictures / "training.png", diagnoses=history.diagnoses)
            report.write_report(self.path)
        finally:
            self._lock.close()

    def _summary(self, history, taken: int) -> None:
        """``summary.json``: the run's outcome, ``steps`` the optimizer steps taken (``taken``),
        also those with no loss logged, which have no row (then counted in ``steps_logged``)."""
        outcome = run_folder.run_outcome(history)
        if outcome["steps"] != taken:
            outcome["steps"], outcome["steps_logged"] = taken, outcome["steps"]
        summary: dict[str, Any] = {"watched_by": "descend.watch", **outcome, **self.settings}
        (self.path / run_folder.SUMMARY).write_text(json.dumps(summary, indent=1, allow_nan=False))


def refuse_used_folder(path: Path) -> None:
    """Refuse ``path`` for a run folder where it is a file or a folder that holds files.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     refuse_used_folder(Path(tmp) / "new")  # fine: not there yet
    ...     refuse_used_folder(Path(tmp))  # fine: empty
    ...     _ = (Path(tmp) / "notes.txt").write_text("mine")
    ...     refuse_used_folder(Path(tmp) / "notes.txt")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: log_dir .../notes.txt is a file, not a folder
    """
    if path.exists() and not path.is_dir():
        raise InvalidArgument(f"log_dir {path} is a file, not a folder")
    held = run_folder.held_files(path)
    if held:
        raise InvalidArgument(
            f"log_dir {path} already holds files ({run_folder.shown(held)}); descend.watch never writes over a run "
            "folder: give a new or empty folder"
        )


def findings_lines(history: Any, said: str | None = None) -> list[str]:
    """What ``close()`` prints under the stop: the findings, or that there were none, and, for a
    loop with no reading, what they rest on and why (:func:`descend.doctor.unread_words`; ``said``
    what the summary says of the instruments).

    >>> from descend.training.history import History
    >>> findings_lines(History(task=None))[0]
    '- the doctor had no findings'
    """
    unread = unread_words(history, said)
    if not history.diagnoses:
        return (
            ["- the doctor had no findings: nothing to change"]
            if unread is None
            else ["- the doctor had no findings", f"  {unread}"]
        )
    return [d.bulleted() for d in history.diagnoses] + ([] if unread is None else [f"  {unread}"])
