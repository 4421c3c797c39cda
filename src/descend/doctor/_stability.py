"""The instruments' reading that the rate findings rest on: the stability ratio of the step,
``sharpness / threshold``, from the rows a run sampled (``History.instruments``), and the
rate it implies.

Gradient descent is stable along the top Hessian direction while ``λ_max < 2/lr``; for
heavy-ball momentum the threshold is ``(2 + 2β)/lr``, and for adaptive rules the same bound
holds for the preconditioned sharpness (Cohen et al., "Gradient Descent on Neural Networks
Typically Occurs at the Edge of Stability", 2021; "Adaptive Gradient Methods at the Edge of
Stability", 2022). Every threshold scales as ``1/lr``, so at the same sharpness the ratio
scales with ``lr``: ``lr · TARGET / ratio`` puts it at ``TARGET``.

Those thresholds are for the noise-free recursion, where momentum's oscillating modes allow
steps up to ``(2+2β)/λ``. With mini-batch noise the gradients of successive steps are nearly
uncorrelated, and momentum (heavy ball's velocity, Adam's first moment) passes each one on
with a total gain of ``1/(1-β)`` (heavy ball) or 1 (Adam's EMA): the rule then moves like
plain GD at the effective rate ``lr_eff = lr/(1-β)`` (heavy ball) or ``lr`` on the
preconditioned sharpness (Adam), whose threshold is ``2/lr_eff``. :attr:`Reading.effective`
is the ratio against that threshold, ``λ · lr_eff / 2 = stability · (1+β)/(1-β)`` for both
(19 × at β = 0.9): one scale for every family, on which the rate findings read headroom
("the rate could be raised k times and stay below the threshold") and instability.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._curves import Curves, lr_at

# The stability ratio a suggested rate aims at: half the threshold leaves room for the
# sharpness to grow as training goes on (progressive sharpening).
TARGET = 0.5


@dataclass(frozen=True)
class Reading:
    """One sampled reading: after update ``step`` the ``sharpness`` (λ_max, or the
    preconditioned one) against the optimizer's ``threshold`` at the rate ``lr`` of that update."""

    step: int
    sharpness: float
    threshold: float
    stability: float
    lr: float

    def preconditioned(self) -> bool:
        """Whether the reading is of an adaptive rule: the thresholds of GD (2/lr) and
        heavy-ball momentum ((2+2β)/lr, β < 1) lie within 4/lr, an adaptive rule's
        ((2+2β1)/((1-β1) lr) for Adam) far above."""
        return self.threshold * self.lr > 4.04

    def gain(self) -> float:
        """``effective / stability``: ``(1+β)/(1-β)`` for heavy-ball momentum (``threshold · lr
        = 2+2β``) and for Adam (``threshold · lr = (2+2β1)/(1-β1)``, so the gain is half of
        it), 1 for GD, SGD and rules whose threshold has another form (Nesterov, RMSprop)."""
        scaled = self.threshold * self.lr
        if self.preconditioned():
            return scaled / 2
        if 2.02 < scaled <= 4.04:
            beta = min(scaled / 2 - 1, 0.999)
            return (1 + beta) / (1 - beta)
        return 1.0

    @property
    def effective(self) -> float:
        """The stability ratio against the threshold of the effective rate (module docstring):
        the measured stability ratio times :meth:`gain`."""
        return self.stability * self.gain()

    def sharpness_name(self) -> str:
        return "the preconditioned sharpness" if self.preconditioned() else "λ_max"

    def threshold_name(self) -> str:
        scaled = self.threshold * self.lr
        if abs(scaled - 2) <= 0.02:
            return f"2/lr = {self.threshold:.3g}"
        if 2 < scaled <= 4.04:
            return f"(2+2β)/lr = {self.threshold:.3g}"
        return f"{self.threshold:.3g}"

    def describe(self) -> str:
        """The reading in words, e.g. ``λ_max = 85 is 3.4 × the stability threshold 2/lr = 25
        at step 120``."""
        return (
            f"{self.sharpness_name()} = {self.sharpness:.3g} is {self.stability:.2g} × the stability "
            f"threshold {self.threshold_name()} at step {self.step}"
        )

    def stable_rate(self) -> float:
        """The rate that puts the stability ratio at :data:`TARGET`, at this sharpness."""
        return self.lr * TARGET / self.stability


def readings(c: Curves, upto: int | None = None) -> list[Reading]:
    """The run's finite readings in step order (those up to step ``upto`` if given)."""
    rows = [row for row in c.instruments if _finite_reading(row)]
    scale = _threshold_times_lr(c, rows)
    out = []
    for row in rows:
        step = int(row["step"])
        if upto is not None and step > upto:
            continue
        lr = scale / row["threshold"] if scale is not None else lr_at(c, step)
        if math.isfinite(lr) and lr > 0:
            out.append(Reading(step, float(row["sharpness"]), float(row["threshold"]), float(row["stability"]), lr))
    return out


def stability_reading(c: Curves, upto: int | None = None) -> Reading | None:
    """The reading with the largest stability ratio among the run's sampled rows (those up to
    step ``upto`` if given): the most unstable the step was measured to be. ``None`` without
    a finite reading."""
    found = readings(c, upto)
    return max(found, key=lambda r: r.stability) if found else None


def alphas(c: Curves) -> list[float]:
    """The finite step-quality readings (Cockpit's α: -1 no move, 0 at the minimum along the
    step, 1 at the far side at equal height, > 1 overshoot) of the run."""
    values = [row.get("alpha") for row in c.instruments]
    return [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]


def noise_ratio(c: Curves) -> float:
    """``B_simple / batch_size`` at the last reading that measured it (0 without one, or for a
    full batch): how far the gradient noise dominates a step in the regime the run ended in,
    where a raised rate would act next (McCandlish et al. 2018). ``B_simple`` grows as the loss
    falls (infinite readings, a true gradient too small to estimate, are passed over)."""
    if c.full_batch:
        return 0.0
    for row in reversed(c.instruments):
        b, batch = row.get("noise_scale"), row.get("batch_size")
        if isinstance(b, (int, float)) and isinstance(batch, (int, float)) and math.isfinite(b) and b > 0:
            if math.isfinite(batch) and batch > 0:
                return float(b) / float(batch)
    return 0.0


def _finite_reading(row: dict) -> bool:
    values = [row.get(key) for key in ("sharpness", "threshold", "stability")]
    return (
        row.get("step") is not None
        and all(isinstance(v, (int, float)) and math.isfinite(v) and v >= 0 for v in values)
        and row["threshold"] > 0
    )


def _threshold_times_lr(c: Curves, rows: list[dict]) -> float | None:
    """``threshold · lr``, the optimizer's constant (2 for GD), from the readings whose rate is
    on record: a reading after update ``s`` is for the rate that leaves that point, ``c.lr[s]``,
    which the last point of a run never used. It gives the rate of every reading, the last
    one's included."""
    known = [
        row["threshold"] * float(c.lr[row["step"]])
        for row in rows
        if 0 <= row["step"] <= len(c.lr) - 2 and math.isfinite(c.lr[row["step"]]) and c.lr[row["step"]] > 0
    ]
    return float(np.median(known)) if known else None
