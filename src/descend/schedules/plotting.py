"""A schedule's planned learning rates: as a list (:func:`values`) or drawn (:func:`plot`)."""

from __future__ import annotations

from typing import Any

from .compose import as_schedule
from .schedule import Schedule, count

__all__ = ["values", "plot"]


def values(schedule: Schedule, total_steps: int) -> list[float]:
    """The learning rates of the first ``total_steps`` updates: ``[schedule(0), ...]``.

    >>> from descend.schedules import multistep_decay
    >>> values(multistep_decay(1.0, milestones=[2], gamma=0.5), 4)
    [1.0, 1.0, 0.5, 0.5]
    """
    if not isinstance(schedule, Schedule) and not callable(schedule):  # a plain function of the step will do
        schedule = as_schedule("schedule", schedule, outermost=True)
    return [schedule(t) for t in range(count("total_steps", total_steps, 1))]


def plot(schedule: Schedule, total_steps: int, ax: Any = None) -> Any:
    """Draw the planned learning rates of the first ``total_steps`` updates; returns the axes.

    Needs matplotlib; draws on ``ax``, or on the axes of a new
    :class:`matplotlib.figure.Figure` (made without ``pyplot``: no window, no global list of
    open figures; ``ax.figure.savefig(path)`` saves it).

    >>> from descend.schedules import cosine
    >>> ax = plot(cosine(0.1, total_steps=100), 100)
    >>> len(ax.lines[0].get_ydata())
    100
    """
    try:  # matplotlib is imported when a picture is drawn, not with descend
        from matplotlib.figure import Figure
    except ImportError as err:
        raise ImportError("plot() needs matplotlib: pip install matplotlib") from err
    ys = values(schedule, total_steps)
    if ax is None:
        ax = Figure().add_subplot()
    ax.plot(range(total_steps), ys, label=repr(schedule))
    ax.set_xlabel("update (step)")
    ax.set_ylabel("learning rate")
    return ax
