"""A run's ``lr`` beside a schedule object, which sets every rate itself: refused where the
object would leave it unused (:func:`refuse_lr_beside_object`)."""

from __future__ import annotations

import math
import numbers
from typing import Any

from .registry import run_names
from .schedule import Schedule

__all__ = ["refuse_lr_beside_object"]


def refuse_lr_beside_object(lr: Any, schedule: Any) -> None:
    """Refuse an ``lr`` that a schedule object would leave unused: the object sets every rate
    itself, from its first, ``schedule(0)``, on. ``lr="auto"`` is refused (the range test's pick,
    and its cost, pilot runs of about 3 times the run, would go unused), and so is a number
    other than that first rate (``lr=0.1`` beside ``cosine(1e-3, 3000)`` ran at 1e-3). A name
    is sized from ``lr``; a function ``optimizer -> torch scheduler`` starts from it, as a torch
    scheduler starts from its optimizer's rate.

    >>> from descend.schedules import cosine
    >>> refuse_lr_beside_object("auto", "cosine")  # a name: sized from lr="auto"'s pick
    >>> refuse_lr_beside_object(0.1, cosine(0.1, total_steps=100))  # its first rate: nothing unused
    >>> from descend.schedules import scaled
    >>> refuse_lr_beside_object(0.1, scaled(cosine(0.1, total_steps=100), 0.5))  # the doctor's advice applied
    >>> refuse_lr_beside_object(0.5, cosine(0.1, total_steps=100))
    Traceback (most recent call last):
    ValueError: lr=0.5 beside schedule=cosine(lr=0.1, total_steps=100, final_lr=0.0), whose first rate is 0.1: a schedule object sets every learning rate itself, so lr would go unused. Leave lr out to run at the schedule's rates, give its name (schedule='cosine', sized from lr=0.5 and the run), or build the schedule at the rates you want.
    """
    if not isinstance(schedule, Schedule):
        return
    if isinstance(lr, str) and lr == "auto":
        raise ValueError(
            f"lr='auto' cannot be combined with schedule={schedule!r}: a schedule object sets every "
            "learning rate itself. Give a schedule name (lr='auto' then picks its base rate) or leave lr out."
        )
    if not isinstance(lr, numbers.Real) or isinstance(lr, bool):
        return  # None (the schedule's rates), or a value the optimizer refuses as such
    first = schedule(0)
    # The doctor's advice on such a run is the object scaled ({"schedule": scaled(s, f)}): applied
    # over settings that held lr = s(0) beside s, lr is the first rate of the schedule it scales.
    factor = getattr(schedule, "rate_factor", None)
    if math.isclose(float(lr), first, rel_tol=1e-9) or (
        factor and math.isclose(float(lr) * factor, first, rel_tol=1e-9)
    ):
        return
    named = (
        f"give its name (schedule={schedule.name!r}, sized from lr={lr:g} and the run), "
        if schedule.name in run_names()
        else ""
    )
    raise ValueError(
        f"lr={lr:g} beside schedule={schedule!r}, whose first rate is {first:g}: a schedule object sets every "
        f"learning rate itself, so lr would go unused. Leave lr out to run at the schedule's rates, {named}or "
        "build the schedule at the rates you want."
    )
