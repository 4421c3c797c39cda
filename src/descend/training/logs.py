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
from .run_folder import append_logs, write_findings, write_history_state

__all__ = ["Logger"]


class Logger(Callback):
    """Writes the history to ``log_dir`` after every epoch.

    ``steps.csv`` and ``epochs.csv`` hold a row per step and per epoch (``lr`` is the first
    parameter group's rate, ``lr/1``... the others'); ``history.json`` the rest of the
    history (:meth:`descend.History.json_state`), replaced atomically each time;
    ``diagnosis.json`` the doctor's findings, at the end; ``examples.npz`` the per-example
    record (:class:`descend.training.ExampleRecord`) where the run tracks examples, after
    each epoch while writing it takes under 5% of the time since the last write (it grows
    with the epochs; a long run's is written less often), and at the end.

    The files are rebuilt from the history when training (re)starts, so a resumed run's
    logs hold each step exactly once, as the uninterrupted run's would; so are the TensorBoard
    events, written when the optional ``tensorboard`` package is installed
    (``pip install descend[tensorboard]``). ``descend.train(..., log_dir=...)`` adds one.

    >>> import tempfile, torch, descend as ds
    >>> X = torch.linspace(-1, 1, 32).unsqueeze(1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = ds.train("linear", (X, 2 * X + 1), epochs=2, progress=False, callbacks=[Logger(tmp)])
    ...     epochs = (Path(tmp) / "epochs.csv").read_text().splitlines()
    ...     sorted(p.name for p in Path(tmp).glob("*.csv")), epochs[0], len(epochs)
    (['epochs.csv', 'steps.csv'], 'epoch,loss,grad_norm,lr,seconds,r2', 3)
    """

    def __init__(self, log_dir: str | Path) -> None:
        self.dir = Path(log_dir)
        self._written_steps = 0
        self._written_epochs = 0
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
        self._written_steps = self._written_epochs = 0
        self._tb = self._tensorboard()
        self._write(run.history)
        self._write_examples(run.history)  # a resumed run's record so far

    def on_epoch_end(self, run) -> None:
        self._write(run.history)
        if time.perf_counter() - self._examples_written >= 20 * self._examples_took:
            self._write_examples(run.history)

    def on_train_end(self, run) -> None:
        self._write(run.history)
        self._write_examples(run.history)
        write_findings(self.dir, run.history)
        if self._tb is not None:
            self._tb.close()

    def _write(self, history) -> None:
        steps, epochs = append_logs(self.dir, history, self._written_steps, self._written_epochs)
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
            for row in steps:  # lr/1, ... too: every param group's rate
                chosen = {
                    f"step/{k}": v for k, v in row.items() if k in ("loss", "grad_norm", "lr") or k.startswith("lr/")
                }
                self._scalars(chosen, row["step"])
            for row in epochs:
                self._scalars(
                    {f"epoch/{k}": v for k, v in row.items() if k != "epoch" and not _unmeasured(k, v)}, row["epoch"]
                )
            self._tb.flush()
        self._written_steps += len(steps)
        self._written_epochs += len(epochs)
        write_history_state(self.dir, history)

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
