"""``History``: what a training run recorded, per optimizer step and per epoch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import torch

__all__ = ["History"]


@dataclass
class History:
    """The record of one :func:`descend.train` run.

    ``steps`` and ``epochs`` are columns (name -> list, one entry per step or per epoch):

    - per step: ``step``, ``epoch``, ``loss``, ``grad_norm`` (global L2 norm of the gradient)
      and ``lr`` (one list per step, an entry per parameter group);
    - per epoch: ``epoch``, ``loss`` (mean training loss), ``grad_norm`` (mean), ``lr``,
      ``seconds`` and, where they apply, ``accuracy`` / ``r2`` on the training batches and
      ``val_loss``, ``val_accuracy`` / ``val_r2``.

    ``update_ratios`` holds sampled rows ``{"step": s, name: ||Δθ|| / ||θ||, ...}``, one
    entry per parameter tensor, and ``layer_grad_ratios`` rows ``{"step": s, name:
    ||∇θ|| / ||θ||, ...}`` taken at the same steps. ``non_finite_step`` is the step whose loss
    was not finite (``None`` if none was), ``non_finite_loss`` that loss, and ``non_finite_layer`` ``(step, name)`` the first
    parameter whose gradient went non-finite. ``stopped_because`` says in words why the run ended;
    ``best_epoch`` is the epoch of the lowest validation loss (or training loss without
    validation data). ``model`` is the trained module.

    >>> h = History()
    >>> h.epochs["loss"] = [1.0, 0.5]
    >>> h.loss
    [1.0, 0.5]
    """

    steps: dict[str, list[Any]] = field(
        default_factory=lambda: {"step": [], "epoch": [], "loss": [], "lr": [], "grad_norm": []})
    epochs: dict[str, list[Any]] = field(default_factory=dict)
    update_ratios: list[dict[str, float]] = field(default_factory=list)
    layer_grad_ratios: list[dict[str, float]] = field(default_factory=list)
    non_finite_step: int | None = None
    non_finite_loss: float | None = None
    non_finite_layer: tuple[int, str] | None = None
    stopped_because: str = ""
    converged: bool = False
    best_epoch: int | None = None
    diagnoses: list[Any] = field(default_factory=list)
    task: str | None = None
    model: torch.nn.Module | None = field(default=None, repr=False)

    @property
    def loss(self) -> list[float]:
        """Mean training loss of each epoch."""
        return self.epochs.get("loss", [])

    @property
    def val_loss(self) -> list[float]:
        """Validation loss after each epoch (empty without validation data)."""
        return self.epochs.get("val_loss", [])

    def append_epoch(self, **values: Any) -> None:
        for key, value in values.items():
            self.epochs.setdefault(key, []).append(value)

    def state_dict(self) -> dict[str, Any]:
        """Plain lists and numbers, for a checkpoint (the model is saved on its own)."""
        return {
            "steps": self.steps, "epochs": self.epochs, "update_ratios": self.update_ratios,
            "layer_grad_ratios": self.layer_grad_ratios, "best_epoch": self.best_epoch,
            "non_finite_layer": self.non_finite_layer,
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.steps = {k: list(v) for k, v in state["steps"].items()}
        self.epochs = {k: list(v) for k, v in state["epochs"].items()}
        self.update_ratios = list(state["update_ratios"])
        self.layer_grad_ratios = list(state["layer_grad_ratios"])
        self.best_epoch = state["best_epoch"]
        self.non_finite_layer = state["non_finite_layer"]

    def __repr__(self) -> str:
        n = len(self.loss)
        last = f", loss {self.loss[-1]:.4g}" if n else ""
        val = f", val_loss {self.val_loss[-1]:.4g}" if self.val_loss else ""
        return f"History({n} epochs{last}{val}; stopped because {self.stopped_because or '-'})"
