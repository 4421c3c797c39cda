"""A torch scheduler as a run's schedule (``train``, ``minimize``, ``tune``): one built on the
run's own optimizer, a class built from the optimizer alone, or a function ``optimizer ->
scheduler``, each checked before the run, and a ``ReduceLROnPlateau`` wrapped as
:class:`~descend.schedules.TorchPlateau` to be stepped on the run's metric."""

from __future__ import annotations

import inspect
from typing import Any

import torch

from .schedule import WRAP_A_STEP_FUNCTION
from .torch_plateau import TorchPlateau

__all__ = ["torch_scheduler"]


def torch_scheduler(schedule: Any, optimizer: Any, total_steps: int) -> Any:
    """What drives ``optimizer``'s rates over a run of ``total_steps`` updates for ``schedule``:
    a torch scheduler built on ``optimizer`` (used as it is), a scheduler class (built as
    ``cls(optimizer)``) or a function ``optimizer -> scheduler`` (called on it); a
    ``ReduceLROnPlateau`` as :class:`~descend.schedules.TorchPlateau`. A ``OneCycleLR`` must
    last the run: torch raises when it is stepped past its ``total_steps``.

    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> torch_scheduler(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=2), opt, 10).get_last_lr()
    [0.1]
    """
    return _lasting(_built(schedule, optimizer), total_steps)


def _built(schedule: Any, optimizer: Any) -> Any:
    if isinstance(schedule, torch.optim.lr_scheduler.LRScheduler):
        return _driving(schedule, optimizer)
    if isinstance(schedule, type):
        _takes_the_optimizer_alone(schedule)
    else:
        _takes_one_argument(schedule)
    try:
        scheduler = schedule(optimizer)
    except TypeError as err:  # a function of the step does arithmetic on the optimizer
        raise TypeError(
            f"schedule={_name(schedule)} is called with the run's optimizer, fn(optimizer) -> torch scheduler, "
            f"and raised TypeError: {err}; {WRAP_A_STEP_FUNCTION}"
        ) from err
    if isinstance(scheduler, torch.optim.lr_scheduler.LRScheduler):
        return _driving(scheduler, optimizer)
    if not all(callable(getattr(scheduler, m, None)) for m in _DRIVEN_BY):
        raise TypeError(
            f"schedule={_name(schedule)} must return a torch scheduler built on the optimizer it is given "
            f"(with {', '.join(m + '()' for m in _DRIVEN_BY)}), got {scheduler!r} ({type(scheduler).__name__}); "
            + WRAP_A_STEP_FUNCTION
        )
    return scheduler


def _lasting(scheduler: Any, total_steps: int) -> Any:
    """``scheduler``, unless it is a ``OneCycleLR`` that ends before the run does: torch would
    raise at the update after its end ("Tried to step 21 times. The specified number of total
    steps is 20"), deep in the run."""
    if isinstance(scheduler, torch.optim.lr_scheduler.OneCycleLR) and scheduler.total_steps < total_steps:
        raise ValueError(
            f"schedule: the OneCycleLR has total_steps={scheduler.total_steps}, fewer than the run's "
            f"{total_steps} updates, and torch raises when it is stepped past its end (at update "
            f"{scheduler.total_steps + 1}): give it total_steps={total_steps}, or schedule='onecycle', "
            "which is sized to the run"
        )
    return scheduler


_DRIVEN_BY = ("step", "state_dict", "load_state_dict")  # what a run calls on a scheduler


def _name(fn: Any) -> str:
    return getattr(fn, "__name__", None) or repr(fn)


def _takes_one_argument(fn: Any) -> None:
    """A function given as ``schedule`` is called as ``fn(optimizer)``: one that cannot be is
    named with what it should be (Python's own error, "<lambda>() takes 0 positional arguments
    but 1 was given", came from inside the run)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):  # no signature to read: left to the call
        return
    try:
        signature.bind(None)
    except TypeError:
        raise TypeError(
            f"schedule={_name(fn)} is called with the run's optimizer, fn(optimizer) -> torch scheduler, but it "
            f"takes {signature}: pass, say, schedule=lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=...)"
        ) from None


def _driving(scheduler: torch.optim.lr_scheduler.LRScheduler, optimizer: Any) -> Any:
    """A torch scheduler built on the run's own ``optimizer`` (an instance given to the run),
    as the run drives it; one built on another optimizer would move none of the run's rates."""
    if scheduler.optimizer is not optimizer:
        kind = type(scheduler).__name__
        raise ValueError(
            f"schedule is a {kind} built on another optimizer than the run's, so it would set none of the "
            f"run's learning rates: pass a function that builds it on the run's optimizer, "
            f"schedule=lambda opt: {kind}(opt, ...), or build it on the optimizer instance you give the run"
        )
    # torch's reduce-on-plateau steps on a metric, which the run gives it through observe()
    return TorchPlateau(scheduler) if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau) else scheduler


def _takes_the_optimizer_alone(cls: type) -> None:
    """A scheduler class given as ``schedule`` is built as ``cls(optimizer)``: one that needs
    more arguments is named with the function that gives them (Python's own error said only
    "missing 1 required positional argument: 'step_size'")."""
    try:
        needs = [
            p.name
            for p in list(inspect.signature(cls).parameters.values())[1:]
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
    except (TypeError, ValueError):  # no signature to read: left to the call
        return
    if needs:
        raise TypeError(
            f"schedule={cls.__name__} is built as {cls.__name__}(optimizer), but it needs {', '.join(needs)} too: "
            f"pass a function, schedule=lambda opt: {cls.__name__}(opt, {', '.join(f'{n}=...' for n in needs)})"
        )
