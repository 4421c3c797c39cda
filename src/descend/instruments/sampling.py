"""When the instruments read: the default sampling spread over a planned run, or every
``N``-th step (:class:`descend.instruments.Instruments`, ``every=``)."""

from __future__ import annotations

from typing import Any

from .._checks import InvalidArgument, number

__all__ = ["default_steps", "planned_steps", "check_sampling", "READINGS", "STEPS_PER_READING"]

# One reading per STEPS_PER_READING planned steps, from 2 to READINGS, the first at FIRST of the
# run (the cost budget: descend.instruments.sampler).
READINGS = 12
STEPS_PER_READING = 400
FIRST = 0.05


def default_steps(total_steps: int, readings: int | None = None) -> list[int]:
    """The steps the default sampling reads at: ``readings`` of them (by default one per
    ``STEPS_PER_READING`` planned steps, at least 2 and at most ``READINGS``), the first at
    5% of the run, the others at the fractions ``0.05 + 0.95 (k/(n-1))^1.5``, denser early
    where sharpness and noise change fastest, the last at the end. A function of the step
    count only, so a resumed run reads at the same steps.

    >>> default_steps(900)
    [45, 900]
    >>> default_steps(6000)[:4]
    [300, 456, 742, 1112]
    """
    number("total_steps", total_steps, integer=True, ge=1)
    n = readings if readings is not None else min(READINGS, max(2, total_steps // STEPS_PER_READING))
    number("readings", n, integer=True, ge=1)
    fractions = [1.0] if n == 1 else [FIRST + (1 - FIRST) * (k / (n - 1)) ** 1.5 for k in range(n)]
    return sorted({max(1, round(total_steps * f)) for f in fractions})


def check_sampling(value: Any, name: str = "every", *, off: bool = True) -> bool | int:
    """``value`` when it is a sampling of :class:`Instruments`: ``True`` (the default
    sampling), an integer ``N >= 1`` (every ``N``-th step) or, where ``off``, ``False``.

    >>> check_sampling(0, "instruments")
    Traceback (most recent call last):
    descend._checks.InvalidArgument: instruments must be True (a few readings spread over the run), False (none) or an integer >= 1 (every N-th step), got 0
    """
    if value is True or (off and value is False):
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        none = ", False (none)" if off else ""
        raise InvalidArgument(
            f"{name} must be True (a few readings spread over the run){none} or an integer >= 1 (every N-th step), got {value!r}"
        )
    return int(value)


def planned_steps(every: Any, total_steps: Any) -> frozenset[int] | None:
    """The steps :class:`~descend.instruments.Instruments` reads at for ``every=True`` (the
    :func:`default_steps` of ``total_steps``), ``None`` for ``every=N`` (every ``N``-th step).

    >>> sorted(planned_steps(True, 900)), planned_steps(5, None)
    ([45, 900], None)
    """
    if every is True:
        if total_steps is None:
            raise InvalidArgument(
                "every=True spreads the readings over the planned run: give total_steps "
                "(the optimizer updates the run will make), or every=N for every N-th step"
            )
        return frozenset(default_steps(number("total_steps", total_steps, integer=True, ge=1)))
    check_sampling(every, "every", off=False)
    return None
