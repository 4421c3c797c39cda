"""Keeping a training trajectory: the flattened parameters after every epoch, written to a
file that a resumed run continues."""

from __future__ import annotations

import os
from typing import Any

import torch
from torch import Tensor

from .._checks import output_file, unwritten
from .._plural import counted
from ..training.callbacks import Callback
from ..training.checkpoint import load, save_atomic

__all__ = ["TrajectoryRecorder"]


def flat_parameters(model: torch.nn.Module) -> Tensor:
    """All parameters of ``model``, in ``model.parameters()`` order, as one float32 CPU vector."""
    return torch.cat([p.detach().reshape(-1).to("cpu", torch.float32) for p in model.parameters()])


class TrajectoryRecorder(Callback):
    """A :func:`descend.train` callback keeping the training trajectory: the flattened
    parameters (float32, on the CPU) at the start and after every epoch.

    After every epoch, and at the end, it writes ``{"params": Tensor[k, n], "epochs":
    Tensor[k]}`` to ``path`` atomically (row ``i`` holds the weights after ``epochs[i]``
    epochs; 0 is the start), readable with ``torch.load(path, weights_only=True)``. A run
    resumed from a checkpoint continues the file from the point the checkpoint was taken, so
    its trajectory is the uninterrupted run's. The trajectory costs ``4 n`` bytes per epoch
    in memory and on disk for ``n`` parameters. In data-parallel training only worker 0
    records (the replicas are equal).

    >>> import tempfile, torch, descend as ds
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     h = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False,
    ...                  callbacks=[TrajectoryRecorder(f"{tmp}/trajectory.pt")])
    ...     saved = torch.load(f"{tmp}/trajectory.pt", weights_only=True)
    >>> saved["params"].shape, saved["epochs"].tolist()
    (torch.Size([4, 15]), [0, 1, 2, 3])
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = output_file(path, "the trajectory", "trajectory.pt")
        self.params: list[Tensor] = []
        self.epochs: list[int] = []
        self._resume_epochs: list[int] | None = None

    def on_train_begin(self, run) -> None:
        if run.rank != 0:
            return
        if self._resume_epochs is not None:
            self._continue(self._resume_epochs)
            self._resume_epochs = None
        else:
            self.params, self.epochs = [flat_parameters(run.model)], [run.epoch]
        self._write()

    def on_epoch_end(self, run) -> None:
        if run.rank != 0:
            return
        self.params.append(flat_parameters(run.model))
        self.epochs.append(run.epoch + 1)
        self._write()

    def on_train_end(self, run) -> None:
        if run.rank == 0:
            self._write()

    def state_dict(self) -> dict[str, Any]:
        # The points themselves are in the file; the checkpoint says how many are its own.
        return {"epochs": list(self.epochs)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self._resume_epochs = list(state["epochs"])

    def _continue(self, epochs: list[int]) -> None:
        """Take the file's first points, those the checkpoint had seen; later ones were
        written after it by the run that was cut off, and are recorded again."""
        saved = load(self.path) if self.path.is_file() else {"params": torch.empty(0), "epochs": torch.empty(0)}
        if saved["epochs"][: len(epochs)].tolist() != epochs:
            raise ValueError(
                f"cannot resume the trajectory in {self.path}: the checkpoint expects its first "
                f"{counted(len(epochs), 'point')} (epochs {epochs}), the file holds epochs "
                f"{saved['epochs'].tolist()}; it was deleted or overwritten since"
            )
        self.params = list(saved["params"][: len(epochs)])
        self.epochs = list(epochs)

    def _write(self) -> None:
        state = {"params": torch.stack(self.params), "epochs": torch.tensor(self.epochs, dtype=torch.int64)}
        try:
            save_atomic(state, self.path)
        except OSError as err:  # a folder in the way, or none to write in: named, not mkdir's errno
            raise unwritten(err, self.path, "the trajectory") from err
