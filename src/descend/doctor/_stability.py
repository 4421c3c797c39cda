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
with a total gain of ``1/(1-β)`` (heavy ball, Nesterov) or 1 (Adam's EMA): the rule then moves
like plain GD at the effective rate ``lr_eff = lr/(1-β)`` (heavy ball) or ``lr`` on the
preconditioned sharpness (Adam), whose threshold is ``2/lr_eff``. :attr:`Reading.effective`
is the ratio against that threshold, ``λ · lr_eff / 2 = stability · gain``: ``(1+β)/(1-β)``
for heavy ball and Adam (19 × at β = 0.9), ``(1+β)/((1-β)(1+2β))`` for Nesterov (6.8 ×), 1 for
GD, SGD, RMSprop and Adagrad (:mod:`descend.instruments.thresholds`, which records the gain in
each row: ``gain``, ``threshold_lr``, ``preconditioned``; rows of older runs fall back to a
guess from ``threshold · lr``). For ``minimize``, whose gradients are exact, the
noise-free thresholds hold as measured and the gain is 1, and so do they for full-batch
training of an adaptive rule (session 24): its gradients carry no sampling noise, and Adam's
preconditioned sharpness settles at its own noise-free threshold ``(2+2β₁)/((1-β₁) lr)``
(Cohen et al. 2022). Until then such runs kept the noise model, 19x too high a ratio at
β₁ = 0.9, which read an Adam run crawling at a thirteenth of its stable rate as near its limit.
Full-batch heavy ball keeps the noise model unless its run left nothing for it to stand in for
(:func:`descend.doctor._heavy_ball.quiet_heavy_ball`, session 24): a run under its noise-free threshold can still oscillate
through the whole budget (its contraction per step is no better than √β, so at β = 0.99 a swing
takes hundreds of steps to die out), and on the fitting grids reading every such run noise-free
raised the false alarms (9 against 8 of 48 healthy runs) and made a wrong-direction call
(``EXACT_FULL_BATCH = False`` restores the noise model for Adam too). A run whose steps cover its
slowest swing's settling time, whose exact loss never rose, and whose λ_max did not rise between
its readings (a sharpening run's headroom is a moving bound) is read noise-free
(:mod:`descend.doctor._heavy_ball`); the rate it is then advised aims ``PLATEAU_SHARPENING``
below the useful ratio. One scale for every family,
on which the rate findings read
headroom ("the rate could be raised k times and stay below the threshold") and instability,
and :func:`rate_at_target` sets every rate they advise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..instruments.thresholds import rule_of_row
from ._curves import Curves, lr_at
from ._heavy_ball import exact_heavy_ball, heavy_ball_beta

# The stability ratio a suggested rate aims at: half the threshold leaves room for the
# sharpness to grow as training goes on (progressive sharpening).
TARGET = 0.5
# The most an adaptive rule's rate is cut by one reading (see rate_at_target).
ADAPTIVE_MOVE = 10.0
# How many times a lower momentum cuts heavy ball's gain 1/(1-β) (Reading.lower_momentum): the
# 0.9 -> 0.5 the advice always named, for any β.
MOMENTUM_CUT = 5.0
# Full-batch training of an adaptive rule read with its noise-free threshold, as minimize is
# (module docstring); False keeps the noise model for it (before session 24).
EXACT_FULL_BATCH = True


@dataclass(frozen=True)
class Reading:
    """One sampled reading: after update ``step`` the ``sharpness`` (λ_max, or λ_max(P⁻¹H) of
    an adaptive rule) against the optimizer's ``threshold`` at the rate ``lr`` of that update;
    the rule's ``threshold_lr`` (``c = threshold · lr``), ``noise_gain`` (:meth:`gain`),
    ``adaptive`` (:meth:`preconditioned`) and ``base_lr``, the rate the run was given before a
    schedule scaled it (``lr`` without a schedule); ``noisy``: whether the gradients carried
    mini-batch noise (not for ``minimize`` or an adaptive rule's full-batch training, where the
    noise-free thresholds hold as measured and :meth:`gain` is 1)."""

    step: int
    sharpness: float
    threshold: float
    stability: float
    lr: float
    threshold_lr: float = math.nan
    noise_gain: float = 1.0
    adaptive: bool = False
    base_lr: float = math.nan
    noisy: bool = True

    def preconditioned(self) -> bool:
        """Whether the sharpness is of the preconditioned Hessian ``P⁻¹H`` (an adaptive rule)."""
        return self.adaptive

    def gain(self) -> float:
        """``effective / stability``, the noise model's factor (module docstring); 1 without
        gradient noise."""
        return self.noise_gain if self.noisy else 1.0

    def momentum(self) -> bool:
        """Whether the rule has a momentum a lower one would calm: a gain above 1 on the plain
        Hessian (heavy ball, Nesterov)."""
        return self.noise_gain > 1 and not self.adaptive

    def beta(self) -> float:
        """The momentum β of heavy ball or Nesterov, from the threshold ``c/lr``: ``c = 2+2β``
        (heavy ball, gain ``(1+β)/(1-β)``) or ``(2+2β)/(1+2β)`` (Nesterov, gain
        ``(1+β)/((1-β)(1+2β))``); ``nan`` for other rules.

        >>> nesterov = Reading(1, 1.0, 1.0, 1.0, 0.1, threshold_lr=1.3571, noise_gain=6.7857)  # β = 0.9
        >>> round(nesterov.beta(), 3), nesterov.lower_momentum()
        (0.9, 'a lower momentum (0.9 -> 0.5)')
        """
        c = self.threshold_lr
        heavy_ball, nesterov = c / 2 - 1, (2 - c) / (2 * c - 2) if c > 1 else math.nan
        for beta, gain in ((heavy_ball, 1 / (1 - heavy_ball)), (nesterov, 1 / ((1 - nesterov) * (1 + 2 * nesterov)))):
            if 0 < beta < 1 and not self.adaptive and math.isclose(self.noise_gain, (1 + beta) * gain, rel_tol=0.01):
                return beta
        return math.nan

    def lower_momentum(self) -> str:
        """The advice to lower the momentum, for a rule with one (:meth:`momentum`): the
        run's β and the one that cuts its gain ``1/(1-β)`` on a gradient ``MOMENTUM_CUT``
        times (``0.9 -> 0.5``, ``0.99 -> 0.95``); ``""`` for a rule without.

        >>> Reading(7, 8.3, 39.8, 0.21, 0.1, threshold_lr=3.98, noise_gain=199.0).lower_momentum()
        'a lower momentum (0.99 -> 0.95)'
        """
        if not self.momentum():
            return ""
        beta = self.beta()
        if math.isnan(beta):
            return "a lower momentum"
        lower = max(0.0, 1 - MOMENTUM_CUT * (1 - beta))
        return f"a lower momentum ({beta:.3g} -> {lower:.2g})"

    @property
    def effective(self) -> float:
        """The stability ratio against the threshold of the effective rate (module docstring):
        the measured stability ratio times :meth:`gain`."""
        return self.stability * self.gain()

    def sharpness_name(self) -> str:
        return "the preconditioned sharpness" if self.adaptive else "λ_max"

    def threshold_name(self) -> str:
        if abs(self.threshold_lr - 2) <= 0.02 and self.noise_gain == 1:
            return f"2/lr = {self.threshold:.3g}"
        if not math.isnan(beta := self.beta()):
            heavy_ball = math.isclose(self.threshold_lr, 2 + 2 * beta, rel_tol=1e-6)
            return f"{'(2+2β)/lr' if heavy_ball else '(2+2β)/((1+2β)lr)'} = {self.threshold:.3g}"
        return f"{self.threshold:.3g}"

    def describe(self) -> str:
        """The reading in words, e.g. ``λ_max = 85 is 3.4 × the stability threshold 2/lr = 25
        at step 120``."""
        return (
            f"{self.sharpness_name()} = {self.sharpness:.3g} is {self.stability:.2g} × the stability "
            f"threshold {self.threshold_name()} at step {self.step}"
        )

    def base_rate(self, rate: float) -> float:
        """``rate``, a rate for this reading's step, as the rate the run is given: scaled by
        ``base_lr / lr``, the inverse of the schedule's factor there."""
        if not (math.isfinite(self.base_lr) and self.base_lr > 0):
            return rate
        return rate * self.base_lr / self.lr


def rate_at_target(reading: Reading, target: float = TARGET) -> float:
    """The rate, at the reading's step, that puts its effective stability ratio at ``target``:
    every threshold scales as ``1/lr``, so ``lr · target / effective`` (a ratio of 0, no
    curvature, read as 1e-300).

    >>> rate_at_target(Reading(step=10, sharpness=40.0, threshold=20.0, stability=2.0, lr=0.1, noise_gain=1.0))
    0.025

    For an adaptive rule (Adam, RMSprop, Adagrad) a cut is at most ``ADAPTIVE_MOVE``: its
    preconditioner ``P = sqrt(v) + eps`` is a running mean of the squared gradients the rate
    itself produced, so ``λ(P⁻¹H)`` read on a run whose rate was too large is not a property of
    the weights alone (a blow-up inflates ``v``, a quiet end with tiny gradients leaves ``P``
    near ``eps`` and the ratio huge), and at a lower rate the preconditioner settles elsewhere
    (Cohen et al. 2022: Adam equilibrates at its threshold). Each coordinate's step is about
    ``lr`` whatever the gradient's scale, so a decade at a time is what such a reading
    justifies. (A raise is not held: a small rate leaves ``v`` the gradients' own.)

    >>> adam = Reading(step=10, sharpness=4e4, threshold=380.0, stability=105.0, lr=0.1, noise_gain=19.0, adaptive=True)
    >>> round(rate_at_target(adam), 6)  # not 0.1 * 0.5 / 1995 = 2.5e-05
    0.01
    """
    factor = target / max(reading.effective, 1e-300)
    if reading.adaptive:
        factor = max(factor, 1 / ADAPTIVE_MOVE)
    return reading.lr * factor


def cut_held(reading: Reading, target: float = TARGET) -> str:
    """Words for an advice whose cut :func:`rate_at_target` held to ``ADAPTIVE_MOVE`` (``""``
    where it did not)."""
    if reading.adaptive and target / max(reading.effective, 1e-300) < 1 / ADAPTIVE_MOVE:
        return "; a decade at most for an adaptive rule, whose preconditioner moves with the rate"
    return ""


def readings(c: Curves, upto: int | None = None) -> list[Reading]:
    """The run's finite readings in step order (those up to step ``upto`` if given). The rule
    is read from the rows' recorded columns; rows of older runs recover ``threshold · lr`` from
    the run's rates (:func:`_threshold_times_lr`)."""
    rows = [row for row in c.instruments if _finite_reading(row)]
    scale = _threshold_times_lr(c, rows)
    base = peak_rate(c)
    out = []
    settled: dict[float, bool] = {}  # heavy ball's β: whether the run is read noise-free
    for row in rows:
        step = int(row["step"])
        if upto is not None and step > upto:
            continue
        guess = scale if scale is not None else row["threshold"] * lr_at(c, step)
        threshold_lr, gain, adaptive = rule_of_row(row, guess)
        lr = threshold_lr / row["threshold"]
        # A schedule object's run records its optimizer's unused lr (SGD's default 0.001) as base_lr.
        recorded = row.get("base_lr") if c.schedule is None else None
        row_base = float(recorded) if isinstance(recorded, (int, float)) and recorded > 0 else base
        if math.isfinite(lr) and lr > 0:
            reading = (float(row["sharpness"]), float(row["threshold"]), float(row["stability"]), lr)
            beta = heavy_ball_beta(threshold_lr, gain, adaptive)
            if beta not in settled:  # one rule a run: read its loss curve once
                settled[beta] = exact_heavy_ball(c, beta, rows)
            exact = _exact(c, adaptive) or settled[beta]
            out.append(Reading(step, *reading, threshold_lr, gain, adaptive, row_base, noisy=not exact))
    return out


def _exact(c: Curves, adaptive: bool) -> bool:
    """Whether the run's rule is read with its noise-free threshold: ``minimize``, or an
    adaptive rule's full-batch training (module docstring)."""
    return c.noise_free or (EXACT_FULL_BATCH and adaptive and c.full_batch)


def stability_reading(c: Curves, upto: int | None = None) -> Reading | None:
    """The reading with the largest effective stability ratio among the run's sampled rows
    (those up to step ``upto`` if given): the most unstable the step was measured to be.
    ``None`` without a finite reading."""
    found = readings(c, upto)
    return max(found, key=lambda r: r.effective) if found else None


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


def peak_rate(c: Curves) -> float:
    """The rate the run was given, for rows without ``base_lr`` (and a schedule object's run,
    which no ``lr`` sets): the largest it used (a schedule's peak)."""
    rates = c.lr[np.isfinite(c.lr) & (c.lr > 0)]
    return float(rates.max()) if len(rates) else math.nan


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
