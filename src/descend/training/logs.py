"""Run logs on disk: ``steps.csv``, ``epochs.csv``, ``metrics.jsonl``, ``history.json``,
``diagnosis.json`` and TensorBoard events; :meth:`descend.History.load` reads them back."""

from __future__ import annotations

import csv
import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

from .callbacks import Callback
from .history import HISTORY_FILE

__all__ = ["Logger"]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """One column per parameter group's learning rate: ``lr`` for the first, ``lr/1``..."""
    out = {}
    for key, value in row.items():
        if isinstance(value, list):
            for i, v in enumerate(value):
                out[key if i == 0 else f"{key}/{i}"] = v
        else:
            out[key] = value
    return out


class Logger(Callback):
    """Writes the history to ``log_dir`` after every epoch.

    ``steps.csv`` and ``epochs.csv`` hold a row per step and per epoch (``lr`` is the first
    parameter group's rate, ``lr/1``... the others'); ``history.json`` the rest of the
    history (:meth:`descend.History.json_state`), replaced atomically each time;
    ``diagnosis.json`` the doctor's findings, at the end.

    The files are rebuilt from the history when training (re)starts, so a resumed run's
    logs hold each step exactly once, as the uninterrupted run's would. TensorBoard events
    are written when the optional ``tensorboard`` package is installed
    (``pip install descend[tensorboard]``).
    """

    def __init__(self, log_dir: str | Path) -> None:
        self.dir = Path(log_dir)
        self._written_steps = 0
        self._written_epochs = 0
        self._tb = None

    def on_train_begin(self, run) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        # The findings are the finished run's: a (re)started one has none yet.
        for name in ("steps.csv", "epochs.csv", "metrics.jsonl", "diagnosis.json"):
            (self.dir / name).unlink(missing_ok=True)
        self._written_steps = self._written_epochs = 0
        self._tb = self._tensorboard(purge_step=run.step)
        self._write(run.history, tensorboard=False)

    def on_epoch_end(self, run) -> None:
        self._write(run.history, tensorboard=True)

    def on_train_end(self, run) -> None:
        self._write(run.history, tensorboard=True)
        findings = [{"kind": d.kind, "step": d.step, "evidence": d.evidence, "advice": d.advice}
                    for d in run.history.diagnoses]
        (self.dir / "diagnosis.json").write_text(json.dumps(findings, indent=1, allow_nan=False))
        if self._tb is not None:
            self._tb.close()

    def _write(self, history, tensorboard: bool) -> None:
        steps = _rows(history.steps, self._written_steps)
        epochs = _rows(history.epochs, self._written_epochs)
        _append_csv(self.dir / "steps.csv", steps)
        _append_csv(self.dir / "epochs.csv", epochs)
        with open(self.dir / "metrics.jsonl", "a") as f:
            for row in epochs:
                f.write(json.dumps({k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                                    for k, v in row.items()}, allow_nan=False) + "\n")
        if tensorboard and self._tb is not None:
            for row in steps:
                for key in ("loss", "grad_norm", "lr"):
                    self._tb.add_scalar(f"step/{key}", row[key], row["step"])
            for row in epochs:
                for key, value in row.items():
                    if key != "epoch":
                        self._tb.add_scalar(f"epoch/{key}", value, row["epoch"])
            self._tb.flush()
        self._written_steps += len(steps)
        self._written_epochs += len(epochs)
        _write_atomic(self.dir / HISTORY_FILE, json.dumps(history.json_state(), indent=1, allow_nan=False))

    def _tensorboard(self, purge_step: int):
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            warnings.warn("TensorBoard logs need the tensorboard package: pip install descend[tensorboard]",
                          stacklevel=3)
            return None
        # purge_step drops events a crashed run wrote past its last checkpoint.
        return SummaryWriter(str(self.dir / "tensorboard"), purge_step=purge_step or None)


def _rows(columns: dict[str, list[Any]], start: int) -> list[dict[str, Any]]:
    """Rows ``start:`` of a column table."""
    if not columns:
        return []
    n = len(next(iter(columns.values())))
    return [_flat({k: v[i] for k, v in columns.items() if i < len(v)}) for i in range(start, n)]


def _write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # opened as the other logs: same permissions
    try:
        tmp.write_text(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _append_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    new = not path.exists()
    with open(path, "a", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), extrasaction="ignore")
        if new:
            writer.writeheader()
        writer.writerows(rows)
