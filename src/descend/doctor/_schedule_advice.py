"""The doctor's advice on a run whose rates a schedule object set (``train(...,
schedule=cosine(0.3, 300))``), which its ``lr`` does not: the rate a finding advises, read
against the peak of the rates the run used (a named schedule's ``lr``), becomes that schedule
scaled, ``schedules.scaled(schedule, rate / peak)``, so that applying the advice changes the
rates. Before, the rate was read against the optimizer's unused ``lr`` (SGD's default 0.001:
"try lr=7.7e-05") and advised as an ``lr`` the schedule ignored."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

from .. import schedules
from ..training.findings import Diagnosis


def on_the_schedule(finding: Diagnosis, schedule: Any, peak: float) -> Diagnosis:
    """``finding`` with its advised ``lr`` as ``schedule`` scaled by ``lr / peak`` (``peak``, the
    largest rate the run used); a ``schedule`` that is only a name (a loaded run's ``repr``)
    gets the factor in words and no change. A finding that advises no rate is as it was.

    >>> d = Diagnosis("oscillation", 9, "e", "the learning rate is too large: try lr=0.03", {"lr": 0.03})
    >>> new = on_the_schedule(d, schedules.cosine(0.3, total_steps=100), 0.3)
    >>> new.change
    {'schedule': scaled(schedule=cosine(lr=0.3, total_steps=100, final_lr=0.0), factor=0.1)}
    >>> new.advice.split(";")[0]
    'the learning rate is too large: try a peak rate of 0.03'
    """
    rate = finding.change.get("lr")
    if not isinstance(rate, (int, float)) or not (math.isfinite(peak) and peak > 0):
        return finding
    factor = float(f"{rate / peak:.3g}")
    words = f"; lr sets none of this run's rates, its schedule does: scale them all by {factor:g}"
    change: dict[str, Any] = {}  # a change is one piece: without its rate (a name only), none of it
    if isinstance(schedule, schedules.Schedule):
        change = {k: v for k, v in finding.change.items() if k != "lr"}
        change["schedule"] = schedules.scaled(schedule, factor)
        words += f", schedule={change['schedule']!r}"
    advice = _RATE.sub("a peak rate of ", finding.advice) + words
    return dataclasses.replace(finding, advice=advice, change=change)


# An advised rate in a finding's words ("try lr=0.03"): for such a run, its schedule's peak.
_RATE = re.compile(r"\blr=(?=\d)")
