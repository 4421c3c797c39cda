"""torch's ``ReduceLROnPlateau`` given as a run's ``schedule``: driven by the metric the run
observes, as a :func:`~descend.schedules.plateau` schedule is."""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["TorchPlateau"]


class TorchPlateau:
    """A ``torch.optim.lr_scheduler.ReduceLROnPlateau`` as ``train`` and ``minimize`` drive a
    schedule: ``step()`` after every update leaves it (it reads a metric, not the count),
    ``observe(metric)`` steps it (at each epoch's end in ``train``, on the validation loss if
    there is one; after every iteration in ``minimize``, on ``f``).

    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> sched = TorchPlateau(torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0))
    >>> sched.step(); sched.observe(1.0); sched.observe(1.0); opt.param_groups[0]["lr"]
    0.010000000000000002
    """

    observes_metric = True

    def __init__(self, scheduler: torch.optim.lr_scheduler.ReduceLROnPlateau) -> None:
        self.scheduler = scheduler

    def step(self) -> None:
        """An update was taken: nothing to do until the next metric."""

    def observe(self, metric: float) -> None:
        self.scheduler.step(metric)

    def state_dict(self) -> dict[str, Any]:
        return self.scheduler.state_dict()

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.scheduler.load_state_dict(state)
