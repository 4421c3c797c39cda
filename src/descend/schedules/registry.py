"""Schedules by name: :func:`names` and :func:`get` (one schedule, given its arguments), and
:func:`run_names` and :func:`for_run` (a schedule sized to a run of ``total_steps`` updates:
what ``train``, ``minimize``, the estimators and the CLI take)."""

from __future__ import annotations

import copy
import inspect
import math
from collections.abc import Callable
from typing import Any

import torch

from .._names import Registry, did_you_mean
from .._plural import counted
from .adapter import attach, param_groups
from .compose import join, plateau, scaled, warmup
from .curves import constant, cosine, exponential_decay, inverse_time, multistep_decay, one_cycle, step_decay
from .schedule import Schedule, count
from .torch_given import torch_scheduler

__all__ = ["names", "get", "run_names", "run_name", "for_run", "RunTooShort"]


class RunTooShort(ValueError):
    """A schedule name refused for the length of the run it was to size itself to (a warm-up
    needs 2 updates): a fault of the run's length (epochs, batch size, data), not of the name, so
    a study fails the one trial whose point makes the run too short and goes on.

    >>> import torch
    >>> for_run("warmup+cosine", torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), total_steps=1)
    Traceback (most recent call last):
    descend.schedules.registry.RunTooShort: schedule='warmup+cosine' needs a run of at least 2 updates (a warm-up, then 'cosine'), got 1 update: give it more: more epochs (train) or max_epochs (an estimator), smaller batches, or max_iter >= 2 (minimize)
    """


_BUILDERS: Registry[Callable[..., Schedule]] = Registry(
    "schedule",
    {
        "constant": constant,
        "step": step_decay,
        "multistep": multistep_decay,
        "exponential": exponential_decay,
        "invscaling": inverse_time,
        "inverse_time": inverse_time,
        "cosine": cosine,
        "onecycle": one_cycle,
        "one_cycle": one_cycle,
        "plateau": plateau,
    },
)
_WARMS_UP_ITSELF = (one_cycle, plateau)  # no "warmup+NAME" for these
_WARMUP = "warmup+"  # a run's schedule name with this prefix puts a warm-up in front
_WARMUP_SHARE = 0.05  # ... over this share of the run's updates
# How each caller of for_run makes its run longer: "train for more epochs" was no advice to minimize.
_LONGER_RUN = (
    "give it more: more epochs (train) or max_epochs (an estimator), smaller batches, or max_iter >= 2 (minimize)"
)


def names() -> list[str]:
    """The names :func:`get` knows, aliases included.

    >>> "cosine" in names() and "onecycle" in names()
    True
    """
    return _BUILDERS.names()


def run_names() -> list[str]:
    """The names :func:`for_run` (and so ``train``, ``minimize``, the estimators and the CLI)
    takes: :func:`names`, and ``"warmup+NAME"`` for those that can follow a warm-up.

    >>> "warmup+cosine" in run_names() and "warmup+onecycle" not in run_names()
    True
    """
    plain = _BUILDERS.names()
    return [*plain, *(_WARMUP + n for n in plain if _BUILDERS.get(n) not in _WARMS_UP_ITSELF)]


def run_name(name: Any) -> str:
    """``name`` as :func:`for_run` (and so ``train``, ``minimize``, the estimators and the CLI)
    takes it, lower-cased: one of :func:`run_names`; else one clear error, which says why a
    warm-up cannot go before "onecycle" or "plateau".

    >>> run_name(" Warmup+Cosine")
    'warmup+cosine'
    >>> run_name("warmup+onecycle")
    Traceback (most recent call last):
    ValueError: schedule='warmup+onecycle' cannot be: 'onecycle' warms up itself; give schedule='onecycle'
    """
    known = run_names()
    if not isinstance(name, str):
        raise TypeError(f"schedule must be a name ({', '.join(known)}), got {name!r}")
    key = name.strip().lower()
    if key in known:
        return key
    base = key[len(_WARMUP) :] if key.startswith(_WARMUP) else ""
    if base in names():  # a schedule that takes no warm-up in front
        why = (
            f"{base!r} warms up itself; give schedule={base!r}"
            if _BUILDERS.get(base) is one_cycle
            else "a reduce-on-plateau takes its warm-up inside, schedule=plateau(base=warmup(steps, then=...))"
        )
        raise ValueError(f"schedule={name!r} cannot be: {why}")
    raise ValueError(f"unknown schedule {name!r}.{did_you_mean(key, known)} Known: {', '.join(known)}.")


def get(name: str, *, warmup_steps: int = 0, **kwargs: Any) -> Schedule:
    """A schedule by name, case-insensitively: ``get("cosine", lr=0.1, total_steps=1000)``.

    Names: "constant", "step", "multistep", "exponential", "invscaling" (or "inverse_time"),
    "cosine", "onecycle" (or "one_cycle"), "plateau"; ``kwargs`` are the builder's arguments.
    ``warmup_steps > 0`` puts a :func:`warmup` from 0 in front, and ``total_steps`` (if the
    schedule has one) still counts the whole run: ``total_steps - warmup_steps`` remain for it.
    Not for "onecycle" (it warms up itself) or "plateau" (wrap a warmed-up base instead).

    >>> get("Cosine", lr=1.0, total_steps=4, warmup_steps=2)
    warmup(steps=2, then=cosine(lr=1.0, total_steps=2, final_lr=0.0), start_factor=0.0)
    """
    builder = _BUILDERS.get(name)
    _check_arguments(name, builder, kwargs)
    if count("warmup_steps", warmup_steps, 0) == 0:
        return builder(**kwargs)
    if builder in _WARMS_UP_ITSELF:
        why = "it warms up itself" if builder is one_cycle else "use plateau(base=warmup(...))"
        raise ValueError(f"warmup_steps does not apply to {name!r}: {why}")
    if "total_steps" in kwargs:
        total = count("total_steps", kwargs["total_steps"], 1)
        if total <= warmup_steps:
            raise ValueError(f"total_steps must be > warmup_steps={warmup_steps}, got {total}")
        kwargs["total_steps"] = total - warmup_steps
    return warmup(warmup_steps, then=builder(**kwargs))


def _check_arguments(name: str, builder: Callable[..., Schedule], kwargs: dict[str, Any]) -> None:
    """Every argument in ``kwargs`` is one of ``builder``'s and none it needs is missing; the
    error lists what it takes."""
    params = inspect.signature(builder).parameters
    takes = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}" for p in params.values())
    for arg in kwargs:
        if arg not in params:
            hint = did_you_mean(arg, list(params))
            raise TypeError(f"schedule {name!r} has no argument {arg!r}.{hint} It takes: {takes}.")
    missing = [p for p, v in params.items() if v.default is v.empty and p not in kwargs]
    if missing:
        raise TypeError(f"schedule {name!r} needs {', '.join(missing)}. It takes: {takes}.")


def for_run(schedule: Any, optimizer: Any, total_steps: int) -> Any:
    """What sets ``optimizer``'s learning rate at each of a run's ``total_steps`` updates.

    ``schedule`` is ``None`` (nothing), a name (sized to the run: ``lr`` from the optimizer's
    first group, its ``initial_lr`` where one is set, as :func:`attach` and torch's schedulers
    read it, not the end rate an earlier schedule left in ``lr``; ``total_steps`` where the
    schedule has a horizon; "step" divides the rate by 10 after the first and after the second
    third of the run (steps of a third, rounded up), "multistep" at 50% and 75% of it,
    "exponential" decays it to 1% by the end, "plateau" divides it by 10 when the metric
    stalls (torch's defaults: after more than 10 observations in a row without a new best; one
    per epoch in ``train``, so the rate falls at epoch 13 at the earliest); "warmup+NAME" first raises the rate linearly from 0 over 5% of the run, then
    follows NAME over the rest; see :func:`run_names`), a schedule object (both driven through
    :func:`attach`; an object is copied, so that a :func:`plateau`'s reductions are the run's
    and every run with it starts afresh), a function ``optimizer -> torch scheduler``, or a
    torch scheduler built on ``optimizer`` itself (a ``ReduceLROnPlateau`` is stepped on the
    run's metric: :class:`TorchPlateau`; the metric is a loss, so a reduce-on-plateau in
    ``mode="max"`` is refused). The result has
    ``step()``, ``state_dict()`` and ``load_state_dict()``; ``observes_metric`` where
    ``observe(metric)`` drives it.

    >>> import torch
    >>> opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1)
    >>> for_run("cosine", opt, total_steps=10).last_lr
    [0.1]
    """
    if schedule is None:
        return None
    if isinstance(schedule, str):
        first = param_groups(optimizer)[0]
        schedule = _sized(schedule, float(first.get("initial_lr", first["lr"])), count("total_steps", total_steps, 1))
    if isinstance(schedule, Schedule):  # a Plateau too: a copy, so that its state is the run's
        return _on_a_loss(attach(optimizer, copy.deepcopy(schedule)))
    _refuse_a_builder(schedule)
    if callable(schedule) or isinstance(schedule, torch.optim.lr_scheduler.LRScheduler):
        return _on_a_loss(torch_scheduler(schedule, optimizer, total_steps))
    raise TypeError(
        f"schedule must be a name ({', '.join(run_names())}), a descend.schedules schedule, a function "
        f"optimizer -> torch scheduler or a torch scheduler of the run's optimizer, got {schedule!r}"
    )


def _on_a_loss(driver: Any) -> Any:
    """``driver``, whose reduce-on-plateau (if any) a run feeds a loss: refused in
    ``mode="max"``, where it would cut the rate at every epoch the loss falls."""
    plateau_of = getattr(driver, "schedule", None) or getattr(driver, "scheduler", None)
    if getattr(driver, "observes_metric", False) and _mode(plateau_of) == "max":
        raise ValueError(
            "schedule: a reduce-on-plateau in mode='max' would cut the rate whenever the run improves: a run "
            "gives it a loss to minimize (train and the estimators: the validation loss, else the training "
            "loss; minimize: f), so use mode='min'"
        )
    return driver


def _mode(plateau: Any) -> str | None:
    """A descend or torch reduce-on-plateau's mode."""
    return plateau.config["mode"] if isinstance(plateau, Schedule) else getattr(plateau, "mode", None)


def _refuse_a_builder(schedule: Any) -> None:
    """``schedule=ds.schedules.cosine``, the builder uncalled, is named as such: it was called
    as a function ``optimizer -> torch scheduler``, and said "cosine() missing 1 required
    positional argument: 'total_steps'"."""
    builders = [*(_BUILDERS.get(n) for n in names()), warmup, join, scaled]
    if not any(schedule is b for b in builders):
        return
    name = next((n for n in names() if _BUILDERS.get(n) is schedule), None)
    called = f"schedule={schedule.__name__}({', '.join(_takes(schedule))})"
    raise TypeError(
        f"schedule={schedule.__name__} is descend.schedules.{schedule.__name__}, which builds a schedule: call it, "
        f"{called}" + (f", or give its name, schedule={name!r}, sized to the run" if name else "")
    )


def _takes(builder: Callable[..., Schedule]) -> list[str]:
    """The names of the arguments ``builder`` needs (those without a default)."""
    params = inspect.signature(builder).parameters.values()
    return [p.name for p in params if p.default is p.empty]


def _sized(name: str, lr: float, total_steps: int) -> Schedule:
    """The schedule ``name`` with the parameters a run of ``total_steps`` updates at ``lr``
    implies; after a warm-up ("warmup+NAME"), NAME is sized to the updates that remain."""
    key = run_name(name)
    warmup_steps = 0
    if key.startswith(_WARMUP):
        if total_steps < 2:
            raise RunTooShort(
                f"schedule={name!r} needs a run of at least 2 updates (a warm-up, then {key[len(_WARMUP) :]!r}), "
                f"got {counted(total_steps, 'update')}: {_LONGER_RUN}"
            )
        key = name = key[len(_WARMUP) :]
        warmup_steps = min(max(1, round(_WARMUP_SHARE * total_steps)), total_steps - 1)
    rest = total_steps - warmup_steps
    run_sized = {
        "onecycle": {"max_lr": lr, "total_steps": rest},
        "one_cycle": {"max_lr": lr, "total_steps": rest},
        "cosine": {"lr": lr, "total_steps": rest},
        "step": {"lr": lr, "step_size": math.ceil(rest / 3)},  # rest // 3 made a third decay
        "multistep": {"lr": lr, "milestones": sorted({max(rest // 2, 1), max(3 * rest // 4, 2)})},
        "exponential": {"lr": lr, "gamma": 0.01 ** (1 / rest)},
        "plateau": {"base": lr},
    }
    kwargs = dict(run_sized.get(key, {"lr": lr}))
    if warmup_steps and "total_steps" in kwargs:
        kwargs["total_steps"] = total_steps  # get gives the warm-up its share of the run
    return get(name, warmup_steps=warmup_steps, **kwargs)
