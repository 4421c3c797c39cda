"""The bridge to ``torch.optim``: :func:`attach` lets a schedule set the learning rates of any
optimizer's param groups, one update at a time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .compose import as_schedule
from .schedule import Plateau, Schedule, count

__all__ = ["ScheduleAdapter", "attach"]


def param_groups(optimizer: Any) -> list:
    """``optimizer.param_groups``, checked: a non-empty list of dicts with an ``"lr"``."""
    groups = getattr(optimizer, "param_groups", None)
    if not isinstance(groups, list) or not groups or not all(isinstance(g, dict) and "lr" in g for g in groups):
        raise TypeError(
            f"optimizer must be a torch.optim.Optimizer (or anything whose "
            f"param_groups is a list of dicts with an 'lr'), got {optimizer!r} "
            f"({type(optimizer).__name__})"
        )
    return groups


def _copied(lr: Any) -> Any:
    return lr.clone() if hasattr(lr, "clone") else lr


class ScheduleAdapter:
    """Sets an optimizer's param-group learning rates from a schedule; see :func:`attach`.

    >>> import torch
    >>> from descend.schedules import cosine
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(2))], lr=1.0)
    >>> adapter = ScheduleAdapter(opt, cosine(0.1, total_steps=4))  # what attach(opt, ...) returns
    >>> rates = []
    >>> for _ in range(4):
    ...     opt.step()
    ...     adapter.step()  # lr = 0.1 * (1 + cos(pi * t / 4)) / 2 for update t + 1
    ...     rates.append(round(opt.param_groups[0]["lr"], 4))
    >>> rates, adapter.state_dict()["steps"]
    ([0.0854, 0.05, 0.0146, 0.0], 4)
    """

    def __init__(self, optimizer: Any, schedule: Schedule) -> None:
        groups = param_groups(optimizer)
        self.optimizer, self.steps = optimizer, 0
        self.schedule = as_schedule("schedule", schedule, outermost=True)
        # a tensor lr is set in place: its initial_lr is a copy, as torch's schedulers keep one
        initial = [float(g.setdefault("initial_lr", _copied(g["lr"]))) for g in groups]
        if len(initial) > 1 and initial[0] == 0:
            raise ValueError(
                f"the first param group's initial lr must be > 0 to scale the other groups' by it, got {initial[0]}"
            )
        self.ratios = [1.0] + [lr / initial[0] for lr in initial[1:]]
        self._apply()

    def _groups(self) -> list:
        """The optimizer's param groups, one ratio each (groups added since are followed)."""
        groups = self.optimizer.param_groups
        if len(groups) > len(self.ratios):
            self._follow(groups[len(self.ratios) :])
        if len(groups) != len(self.ratios):
            raise RuntimeError(
                f"the optimizer has {len(groups)} param groups, the adapter was "
                f"built for {len(self.ratios)}: attach the schedule again"
            )
        return groups

    def _apply(self) -> None:
        groups = self._groups()
        lr = self.schedule(self.steps)
        for group, ratio in zip(groups, self.ratios):
            if hasattr(group["lr"], "fill_"):  # a tensor lr: keep it a tensor
                group["lr"].fill_(lr * ratio)
            else:
                group["lr"] = lr * ratio
        self.last_lr = [float(g["lr"]) for g in groups]

    def _follow(self, added: list) -> None:
        """Take on param groups added since the last update (``add_param_group`` mid-run): each
        keeps the ratio of its lr to the first group's as they stand now (its ``initial_lr``'s to
        the first group's, if it has one), as torch's chainable schedulers carry a new group on
        from its own lr."""
        first = self.optimizer.param_groups[0]
        for group in added:
            if "initial_lr" in group and float(first["initial_lr"]) > 0:
                ratio = float(group["initial_lr"]) / float(first["initial_lr"])
            elif float(first["lr"]) > 0:
                ratio = float(group["lr"]) / float(first["lr"])
            else:
                raise ValueError(
                    "a param group added mid-run cannot be scaled by the first group's lr, "
                    f"which is {float(first['lr'])} now: give the new group an 'initial_lr' (to be scaled "
                    f"as the first group's, {float(first['initial_lr'])}), or add it where the first group's lr is > 0"
                )
            group.setdefault("initial_lr", ratio * float(first["initial_lr"]))
            self.ratios.append(ratio)

    @property
    def observes_metric(self) -> bool:
        """Whether the run should pass its metric to :meth:`observe` (a :func:`plateau` schedule)."""
        return isinstance(self.schedule, Plateau)

    def step(self) -> None:
        """Count one optimizer update and set the learning rates for the next one."""
        self._groups()  # a group added that cannot be followed is refused before the count moves
        self.steps += 1
        self._apply()

    def observe(self, metric: float) -> None:
        """Pass an epoch's metric to a :func:`plateau` schedule; the next update sees its effect."""
        if not isinstance(self.schedule, Plateau):
            raise TypeError(
                f"{self.schedule.name} is a step-driven schedule and takes no metric; wrap it: plateau(base=...)"
            )
        self.schedule.observe(metric)
        self._apply()

    def get_last_lr(self) -> list[float]:
        """The rates set for the next update, one per param group, as torch's schedulers name it
        (the Hugging Face ``Trainer`` logs them through it)."""
        return list(self.last_lr)

    def state_dict(self) -> dict[str, Any]:
        return {"steps": self.steps, "ratios": list(self.ratios), "schedule": self.schedule.state_dict()}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.schedule.load_state_dict(state["schedule"])
        self.steps = count("steps", state["steps"], 0)
        self.ratios = [float(r) for r in state["ratios"]]
        self._apply()


def attach(optimizer: Any, schedule: Schedule) -> ScheduleAdapter:
    """Let ``schedule`` set the learning rates of ``optimizer`` (anything with ``param_groups``).

    Sets them for the first update at once; call ``adapter.step()`` after every
    ``optimizer.step()``. The first param group gets ``schedule(step)``, every other group
    ``schedule(step) * its initial lr / the first group's`` (so a floor, ``final_lr`` or
    ``min_lr``, scales with the group too, where torch's ``eta_min`` and ``min_lr`` are the
    same rate in every group), the initial lr being
    ``group["initial_lr"]`` if set (torch's schedulers set it too, and it travels with the
    optimizer's state dict) else ``group["lr"]`` now, recorded as ``"initial_lr"``. A group
    added later (``add_param_group`` mid-run) keeps the ratio of its lr to the first group's
    at that moment, as under torch's ``StepLR``.
    ``adapter.state_dict()`` holds the step count, these ratios and the schedule's state.

    >>> import torch
    >>> from descend.schedules import step_decay
    >>> w, b = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(1))
    >>> opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.2}], lr=0.1)
    >>> adapter = attach(opt, step_decay(1.0, step_size=1, gamma=0.5))
    >>> opt.step(); adapter.step(); adapter.last_lr
    [0.5, 1.0]
    """
    return ScheduleAdapter(optimizer, schedule)
