"""A tracker's checkpoint: what :class:`~descend.training.examples_tracking.ExampleTracker` saves
in ``last.pt`` (the closed epochs' rows and the open epoch's values so far) and resumes from."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

__all__ = ["TrackerCheckpoint"]


class TrackerCheckpoint:
    """The checkpoint methods of an :class:`~descend.training.examples_tracking.ExampleTracker`
    (a mixin: the state is the tracker's own, set up in its ``__init__``)."""

    def state_dict(self, workers: Any = None) -> dict[str, Any]:
        """The closed epochs and the open one's values so far (gathered from all workers: a
        collective, every worker calls it), as tensors for a checkpoint."""
        if self.off:
            return {"off": True}
        e = len(self.epochs)
        state: dict[str, Any] = {
            "n": self.n,
            "epochs": list(self.epochs),
            "open": torch.from_numpy(self._merged(workers)),
            "updates_per_epoch": self._updates,
        }
        for key, dtype in (
            ("loss", np.float32),
            ("p_label", np.float32),
            ("margin", np.float32),
            ("predicted", np.int32),
        ):
            rows = self._rows.get(key)
            state[key] = torch.from_numpy(rows[:e].copy() if rows is not None else np.zeros((0, self.n), dtype))
        if self._labels is not None:
            state["labels"] = torch.from_numpy(self._labels.copy())
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue from what :meth:`state_dict` saved."""
        if state.get("off"):
            self.off = True
            return
        if int(state["n"]) != self.n:
            raise ValueError(
                f"the checkpoint's per-example record has {state['n']} examples, this run's training set {self.n}"
            )
        self.epochs = [int(e) for e in state["epochs"]]
        self._rows = {key: state[key].numpy().copy() for key in ("loss", "p_label", "margin", "predicted")}
        self._labels = state["labels"].numpy().copy() if "labels" in state else None
        self._buffer = state["open"].clone()
        self._pending = []
        # A checkpoint from before the count was kept: its epochs' count is unknown.
        self._updates = int(state.get("updates_per_epoch", -1 if self.epochs else 0))
