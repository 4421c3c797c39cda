r"""Schedules built from schedules: a linear :func:`warmup` in front of one, :func:`join` of
several in turn, :func:`plateau`, reduce-on-plateau over any step-driven base, and
:func:`scaled`, one's every rate times a factor.
"""

from __future__ import annotations

import bisect
import numbers
from collections.abc import Sequence
from typing import Any

from .curves import constant
from .schedule import WRAP_A_STEP_FUNCTION, Plateau, Schedule, count, increasing, one_of, picklable, real

__all__ = ["warmup", "join", "plateau", "scaled"]


def as_schedule(name: str, value: Any, outermost: bool = False) -> Schedule:
    """``value`` as a schedule: a number is a :func:`constant`; a :class:`Plateau` only as the
    outermost schedule (nested, ``observe()`` would not reach it)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return constant(value)
    if not isinstance(value, Schedule):
        hint = f" ({WRAP_A_STEP_FUNCTION})" if callable(value) else ""
        if isinstance(value, str):  # a run's schedule name, which needs the run's rate and length
            hint = f" (a name is a schedule once given its arguments: get({value!r}, lr=..., ...))"
        raise TypeError(f"{name} must be a Schedule or a number, got {value!r}{hint}")
    if isinstance(value, Plateau) and not outermost:
        raise ValueError(
            f"{name} cannot be a plateau schedule: wrap the step-driven schedule in "
            f"plateau(base=...) instead, so that observe() reaches it"
        )
    return value


@picklable
def warmup(steps: int, then: Schedule | float, start_factor: float = 0.0) -> Schedule:
    r"""A linear warm-up over ``steps`` updates, then ``then`` (shifted to start after it).

    :math:`\eta_t = s_0\,(f + (1 - f)\,t / w)` for :math:`t < w`, :math:`s_{t - w}` after,
    where :math:`s` is ``then`` (a schedule, or a number for a constant); ``torch``'s
    ``LinearLR(start_factor=f, total_iters=w)`` then ``then`` in a ``SequentialLR`` with
    milestone ``w``. ``steps >= 1``, ``start_factor`` in [0, 1], default 0: the first update
    then has lr 0, pass ``start_factor > 0`` to make it count.

    >>> from descend.schedules import exponential_decay
    >>> [warmup(4, then=exponential_decay(1.0, gamma=0.5))(t) for t in range(6)]
    [0.0, 0.25, 0.5, 0.75, 1.0, 0.5]
    """
    steps, then = count("steps", steps, 1), as_schedule("then", then)
    start_factor = real("start_factor", start_factor, ge=0, le=1)

    def fn(t: int) -> float:
        if t >= steps:
            return then(t - steps)
        return then(0) * (start_factor + (1 - start_factor) * t / steps)

    return Schedule("warmup", fn, steps=steps, then=then, start_factor=start_factor)


@picklable
def join(schedules: Sequence[Schedule | float], boundaries: Sequence[int]) -> Schedule:
    r"""``schedules[i]`` from step ``boundaries[i - 1]`` on, each restarted at its own step 0.

    :math:`\eta_t = s^{(i)}_{t - b_{i-1}}` for :math:`b_{i-1} \le t < b_i` (:math:`b_{-1} = 0`),
    optax's ``join_schedules``; ``boundaries`` strictly increasing integers >= 1, one fewer
    than ``schedules``.

    >>> from descend.schedules import exponential_decay
    >>> s = join([constant(1.0), exponential_decay(0.5, gamma=0.5)], boundaries=[2])
    >>> [s(t) for t in range(4)]
    [1.0, 1.0, 0.5, 0.25]
    """
    schedules = [as_schedule(f"schedules[{i}]", s) for i, s in enumerate(schedules)]
    boundaries = increasing("boundaries", boundaries)
    if len(schedules) != len(boundaries) + 1:
        raise ValueError(
            f"join needs one more schedule than boundaries, got {len(schedules)} "
            f"schedules and boundaries={boundaries!r}"
        )

    def fn(t: int) -> float:
        i = bisect.bisect_right(boundaries, t)
        return schedules[i](t - (boundaries[i - 1] if i else 0))

    return Schedule("join", fn, schedules=schedules, boundaries=boundaries)


@picklable
def plateau(
    base: Schedule | float,
    mode: str = "min",
    factor: float = 0.1,
    patience: int = 10,
    threshold: float = 1e-4,
    threshold_mode: str = "rel",
    cooldown: int = 0,
    min_lr: float = 0.0,
) -> Plateau:
    r"""Reduce on plateau: ``torch.optim.lr_scheduler.ReduceLROnPlateau`` over any base schedule.

    :math:`\eta_t = \min(b_t, \max(b_t\,\phi^k, \eta_{min}))`, :math:`b` the step-driven ``base``
    (or a number, for a constant), :math:`\phi` = ``factor`` in (0, 1) (default 0.1), :math:`k`
    the reductions so far. ``observe(metric)`` records a metric; in ``mode="min"`` (or "max") it
    improves on the best :math:`m^*` if :math:`m < m^* - \tau|m^*|` (:math:`m > m^* + \tau|m^*|`)
    with ``threshold_mode="rel"``, :math:`m < m^* - \tau` (:math:`m > m^* + \tau`) with "abs";
    :math:`\tau` = ``threshold >= 0`` (1e-4). Unlike torch's :math:`m < m^*(1 - \tau)`, "rel"
    stays right for negative metrics. More than ``patience >= 0`` (10) bad observations in a
    row make a reduction, after which ``cooldown >= 0`` (0) observations are ignored.
    ``min_lr >= 0`` (0) floors the reductions, never the base. torch's ``eps`` has no
    counterpart: no reduction is skipped, however small.

    >>> from descend.schedules import cosine
    >>> s = plateau(cosine(1.0, total_steps=10), factor=0.5, patience=1)
    >>> for loss in [-1.0, -1.5, -1.5, -1.5]:
    ...     s.observe(loss)
    >>> s.scale, s(0), s(5)
    (0.5, 0.5, 0.25)
    """
    return Plateau(
        as_schedule("base", base),
        mode=one_of("mode", mode, ("min", "max")),
        factor=real("factor", factor, gt=0, lt=1),
        patience=count("patience", patience, 0),
        threshold=real("threshold", threshold, ge=0),
        threshold_mode=one_of("threshold_mode", threshold_mode, ("rel", "abs")),
        cooldown=count("cooldown", cooldown, 0),
        min_lr=real("min_lr", min_lr, ge=0),
    )


@picklable
def scaled(schedule: Schedule, factor: float) -> Schedule:
    r"""``schedule`` with every rate times ``factor > 0``: :math:`\eta_t = f\,s_t` (the doctor's
    advice on a run whose rates a schedule object set, which ``lr`` does not). A :class:`Plateau`
    stays one, over its base scaled (its ``min_lr`` too); a scaled schedule scaled again is
    scaled once, by the product.

    >>> from descend.schedules import cosine
    >>> s = scaled(cosine(0.4, total_steps=4), 0.5)
    >>> s, [round(s(t), 4) for t in range(5)]
    (scaled(schedule=cosine(lr=0.4, total_steps=4, final_lr=0.0), factor=0.5), [0.2, 0.1707, 0.1, 0.0293, 0.0])
    """
    factor = real("factor", factor, gt=0)
    inner = as_schedule("schedule", schedule, outermost=True)
    if isinstance(inner, Plateau):
        config = {k: v for k, v in inner.config.items() if k != "base"}
        base = scaled(inner.config["base"], factor)
        result = plateau(base, **{**config, "min_lr": config["min_lr"] * factor})
        factor = base.rate_factor  # the product, where the base was scaled before
    else:
        if inner.name == "scaled" and getattr(inner, "_built_by", None) is scaled:
            inner, factor = inner.config["schedule"], inner.config["factor"] * factor
        result = Schedule("scaled", lambda t: factor * inner(t), schedule=inner, factor=factor)
    result.rate_factor = factor  # what the doctor's advice compares: the smaller is the cautious one
    return result
