"""Run logs on disk: ``steps.csv``, ``epochs.csv``, ``metrics.jsonl``, ``history.json``,
``diagnosis.json``, ``examples.npz`` and TensorBoard events; :meth:`descend.History.load`
reads them back."""

from __future__ import annotations

import json
import math
import time
import warnings
from pathlib import Path
from typing import Any

from . import run_folder as files
from .callbacks import Callback
from .run_folder import append_logs, csv_rows, row_count, write_findings, write_history_state
from .tensorboard_steps import TensorBoardSteps

__all__ = ["Logger", "WRITE_GAP"]


# The logs are written after an epoch once the time since their last write is this many times
# what that write's fixed part took (history.json, replaced whole, growing with the run but not
# with the rows written): that part costs at most 1/50 (2%) of the loop however short its epochs (a
# small model's can be a few ms, as long as the write). The rows themselves cost the same written
# in one batch or many, so they set no gap: were they counted, a loop whose rows cost over 2% of
# it would see each gap 50 times that share longer than the last, and a killed process lose ever more.
WRITE_GAP = 50


class Logger(Callback):
    """Writes the history to ``log_dir`` as the run goes, and whole at its end.

    ``steps.csv`` and ``epochs.csv`` hold a row per step and per epoch (``lr`` is the first
    parameter group's rate, ``lr/1``... the others'); ``metrics.jsonl`` the epoch rows as JSON
    lines; ``history.json`` the rest of the history (:meth:`descend.History.json_state`),
    replaced atomically each time; ``diagnosis.json`` the doctor's findings, at the end;
    ``examples.npz`` the per-example record (:class:`descend.training.ExampleRecord`) where
    the run tracks examples, after an epoch while writing it takes under 5% of the time since
    its last write (it grows with the epochs; a long run's is written less often), and at the end.

    The logs are written when the run starts, before each checkpoint (``last.pt``,
    ``best.pt``), when ``descend.train`` stops with an error or an interrupt (the epochs
    finished so far: :meth:`write_recorded`), at the end (``descend.watch``'s ``close()``,
    which a ``with`` block or the interpreter's exit calls), and in between after an epoch
    once the time since their last write is ``WRITE_GAP`` (50) times what that write's fixed
    part took (``history.json``, replaced whole): that part costs at most 2% of the loop even
    where an epoch takes a few milliseconds (a small model's). The rows cost their own
    writing, the same in one batch or many: a few µs a step's CSV row, and a TensorBoard event
    (about 40 µs on a CPU) for the steps ``tensorboard_every`` picks. A process killed outright (SIGKILL, out of memory) loses only
    the rows since the last write: 50 times that fixed part and an epoch at most, a fraction of
    a second while ``history.json`` is small. A program that reads the folder during the run
    reads the epochs written so far.

    The files are rebuilt from the history when training (re)starts, so a resumed run's
    logs hold each step exactly once, as the uninterrupted run's would; so are the TensorBoard
    events, written when the optional ``tensorboard`` package is installed
    (``pip install descend[tensorboard]``): every epoch's scalars, and the steps'
    of every ``tensorboard_every``-th step, the first and the last (``"auto"``: each of the first 1000,
    then as often as 1% of the loop's time allows, every step of a step of 5 ms or more:
    :mod:`descend.training.tensorboard_steps`). ``descend.train(..., log_dir=...)`` adds one.

    >>> import tempfile, torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = ds.train("linear", (X, 2 * X + 1), epochs=2, progress=False, callbacks=[Logger(tmp)])
    ...     epochs = (Path(tmp) / "epochs.csv").read_text().splitlines()
    ...     sorted(p.name for p in Path(tmp).glob("*.csv")), epochs[0], len(epochs)
    (['epochs.csv', 'steps.csv'], 'epoch,loss,grad_norm,lr,seconds,r2', 3)
    """

    def __init__(
        self, log_dir: str | Path, *, last_step_open: bool = False, tensorboard_every: int | str = "auto"
    ) -> None:
        self.dir = Path(log_dir)
        self._tb_steps = TensorBoardSteps(tensorboard_every)  # checks it; made anew when the run (re)starts
        # Where the last step's row may still change after an epoch's end (descend.watch reads the last
        # update's gradient norm at close()), it waits for the rows after it or the end: a row once written
        # is not written again.
        self._last_step_open = last_step_open
        self._written = (0, 0)  # the history's rows in the files (steps, epochs)
        self._complete = (0, 0)  # its rows complete (settled) at the last epoch end or checkpoint
        self._due = 0.0  # when the logs may be written again (time.perf_counter)
        self._tb = None
        self._scalar: Any = None  # torch.utils.tensorboard.summary.scalar, with the writer
        self._examples_written = 0.0  # when examples.npz was last written, and how long it took
        self._examples_took = 0.0

    def on_train_begin(self, run) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        # The findings are the finished run's: a (re)started one has none yet. A run resumed
        # without tracking keeps the record of its earlier epochs (it writes none of its own).
        kept = (files.EXAMPLES,) if run.history.examples is None and run.history.steps["loss"] else ()
        for name in files.HISTORY_LOGS:
            if name not in kept:
                (self.dir / name).unlink(missing_ok=True)
        self._written = (0, 0)
        self._tb = self._tensorboard()
        self._tb_steps = TensorBoardSteps(self._tb_steps.every)  # its clock starts with the run
        self.write_all(run.history)
        self._write_examples(run.history)  # a resumed run's record so far

    def on_epoch_end(self, run) -> None:
        steps, epochs = _rows(run.history)
        self._complete = (steps - 1 if self._last_step_open and steps else steps, epochs)
        if time.perf_counter() >= self._due:
            self._write(run.history)
        if time.perf_counter() - self._examples_written >= 20 * self._examples_took:
            self._write_examples(run.history)

    def write_all(self, history, ends: bool = False) -> None:
        """Write every row of ``history``, settled: at the start and the end (``ends``) of the
        run and before each checkpoint, so that the files hold at least what the checkpoint holds."""
        self._complete = _rows(history)
        self._write(history, ends)

    def write_recorded(self, history) -> None:
        """Write the rows the run completed (up to its last epoch end or checkpoint) that the
        files lack, and the per-example record of its finished epochs: what ``descend.train``
        calls when the run stops with an error or an interrupt."""
        self._write(history, ends=True)
        self._write_examples(history)

    def on_checkpoint(self, run) -> None:
        self.write_all(run.history)

    def on_train_error(self, run) -> None:
        self.write_recorded(run.history)

    def on_train_end(self, run) -> None:
        self.write_all(run.history, ends=True)
        self._write_examples(run.history)
        write_findings(self.dir, run.history)
        if self._tb is not None:
            self._tb.close()
            self._tb = None  # a later write (an error after the end) writes the files alone

    def _write(self, history, ends: bool = False) -> None:
        """The rows from ``_written`` to ``_complete``; ``ends``: the run's last write."""
        start = self._written[0]
        steps, epochs = append_logs(self.dir, history, self._written, self._complete)
        # counted at once: an interrupt later in this write must not have write_recorded append them again
        self._written = (self._written[0] + len(steps), self._written[1] + len(epochs))
        with open(self.dir / files.METRICS, "a") as f:
            for row in epochs:
                f.write(
                    json.dumps(
                        {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()},
                        allow_nan=False,
                    )
                    + "\n"
                )
        if self._tb is not None:
            done = self._written[0]
            last = csv_rows(history.steps, done - 1, done)[0] if ends and done else None
            steps = self._tb_steps.chosen(steps, start=start, every=self._tb_steps.spacing(history), last=last)
            for row in steps:  # lr/1, ... too: every param group's rate
                chosen = {
                    f"step/{k}": v
                    for k, v in row.items()
                    if (k in ("loss", "grad_norm", "lr") or k.startswith("lr/")) and not _unread(k, v, row, history)
                }
                self._scalars(chosen, row["step"])
            for row in epochs:
                self._scalars(
                    {f"epoch/{k}": v for k, v in row.items() if k != "epoch" and not _unmeasured(k, v)}, row["epoch"]
                )
            self._tb.flush()  # waits for its writer thread to write the events: it grows with them
        started = time.perf_counter()  # the part of a write that does not grow with the rows written
        write_history_state(self.dir, history)
        ended = time.perf_counter()
        self._due = ended + WRITE_GAP * (ended - started)

    def _scalars(self, values: dict[str, float], step: int) -> None:
        """``values`` (tag -> number) at ``step`` as one TensorBoard event, which TensorBoard
        reads as a point of each tag, as it reads ``add_scalar``'s event per value. tensorboard's
        writer pays 25-40 µs an event (its queue, its writer thread, a CRC in pure Python): a
        step's three in one event took an epoch of 45 steps' writes from 3.9 to 2.3 ms of CPU,
        most of what a run folder adds to a small model's epoch."""
        summaries = [self._scalar(tag, value) for tag, value in values.items()]
        if summaries:
            for more in summaries[1:]:
                summaries[0].MergeFrom(more)  # the values, a repeated field, appended in order
            self._tb.file_writer.add_summary(summaries[0], step)

    def _write_examples(self, history) -> None:
        if history.examples is None:
            return
        started = time.perf_counter()
        history.examples.save(self.dir / files.EXAMPLES)
        self._examples_written = time.perf_counter()
        self._examples_took = self._examples_written - started

    def _tensorboard(self):
        try:
            from torch.utils.tensorboard import SummaryWriter
            from torch.utils.tensorboard.summary import scalar
        except ImportError:
            warnings.warn(
                "TensorBoard logs need the tensorboard package: pip install descend[tensorboard]", stacklevel=3
            )
            return None
        # Rebuilt from the history as the other logs: a writer's purge_step would drop a crashed run's steps
        # past its checkpoint, but not its epochs (their own axis), which a resumed run would then log twice.
        folder = self.dir / files.TENSORBOARD
        for old in folder.glob("events.out.tfevents.*"):
            old.unlink()
        self._scalar = scalar
        return SummaryWriter(str(folder))


def _unmeasured(key: str, value: Any) -> bool:
    """Whether an epoch row's ``value`` of ``key`` is NaN for a reading not taken in that epoch
    (a watched loop that validated every other epoch, an evaluation row's missing step): a
    TensorBoard scalar of it drew a NaN point for an epoch that had none. Every row measures
    its training loss and gradient norm: a NaN there is the run's own (a divergence), kept."""
    return key not in ("loss", "grad_norm") and isinstance(value, float) and math.isnan(value)


def _unread(key: str, value: Any, row: dict[str, Any], history) -> bool:
    """Whether a step row's ``value`` of ``key`` is NaN for a gradient not read: ``descend.watch``
    reads some updates' only (its sampling), and a TensorBoard scalar of the others drew a NaN
    point at most steps. The step whose gradient first went non-finite (``non_finite_layer``)
    keeps its NaN: the run's own, what the doctor names."""
    if key != "grad_norm" or not (isinstance(value, float) and math.isnan(value)):
        return False
    return history.non_finite_layer is None or row["step"] != history.non_finite_layer[0]


def _rows(history) -> tuple[int, int]:
    """The history's rows: its steps and its epochs."""
    return row_count(history.steps), row_count(history.epochs)
