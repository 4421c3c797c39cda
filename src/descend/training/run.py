"""The live state of a training run: what callbacks see and may stop."""

from __future__ import annotations

import math

import torch

from .distributed import Workers
from .history import History

__all__ = ["Run"]


class Run:
    """The live state of a training run, as callbacks see it.

    >>> import torch, descend as ds
    >>> model = torch.nn.Linear(1, 1)
    >>> run = Run(model, torch.optim.SGD(model.parameters(), lr=0.1), ds.History())
    >>> run.stop("enough for today")
    >>> run.should_stop, run.history.stopped_because, (run.rank, run.world_size)
    (True, 'enough for today', (0, 1))
    """

    def __init__(
        self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, history: History, workers: Workers | None = None
    ) -> None:
        self.model, self.optimizer, self.history = model, optimizer, history
        self.workers = workers
        self.rank, self.world_size = (workers.rank, workers.world) if workers is not None else (0, 1)
        self.epoch = 0
        self.step = 0
        self.batch = 0
        self.loss = math.nan
        self.should_stop = False
        self.converged = False

    def stop(self, reason: str, converged: bool = False) -> None:
        """End training after the current step; ``reason`` becomes ``History.stopped_because``."""
        if not self.should_stop:
            self.should_stop, self.converged = True, converged
            self.history.stopped_because = reason
