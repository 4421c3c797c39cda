"""The check for a rate too large in a training run whose loss stayed finite, read on the
loss curve and the instruments together: a blow-up, a collapse onto a plateau, or a run that
got worse while the readings say the step was unstable."""

from __future__ import annotations

import math

import numpy as np

from ..training.findings import Diagnosis
from ._catapult import caught_after_swing
from ._curves import Curves, blow_up_step, lr_at, lr_change, progress_series
from ._data_start import progress_start, run_start
from ._inputs import starved_by_inputs
from ._stability import TARGET, Reading, alphas, cut_held, rate_at_target, readings
from ._thresholds import BLOWN_UP, OVERSHOOT, PLATEAU, RISEN, SATURATED, VISIBLE
from ._thrown import thrown_onto_plateau


def instability(c: Curves) -> Diagnosis | None:
    """A training run whose rate was too large although its loss stayed finite, read on the
    loss and the instruments together (runs that sampled them):

    - it blew up: the loss rose to ``BLOWN_UP`` times its first value (then maybe came down);
    - it collapsed: unstable steps (an effective stability ratio of at least 1 was measured)
      and a loss that ended no lower than ``PLATEAU`` times its start (where the run did not
      measure it, or than its first epoch's mean): thrown onto a plateau;
    - it was thrown onto a plateau its readings cannot see: the gradient norm spiked, then
      died away, on a loss still near its start that stopped falling (:func:`thrown_onto_plateau`),
      but not where the run's first layer is starved by the scale of its inputs
      (:func:`descend.doctor._inputs.starved_by_inputs`), which holds the loss there without a throw;
    - it got worse: the loss ended ``RISEN`` times above the lowest it reached (by at least
      ``VISIBLE`` of its start; for epoch means, levels with one epoch's noise removed:
      :func:`_level_ends`), with the
      instruments agreeing (an effective ratio of at least 1, a last step past the far side's
      midpoint, α ≥ ``OVERSHOOT``, or a saturated model whose readings cannot say).

    A blow-up the loss came back from and trained far past (under ``VISIBLE`` of its start, the
    last reading stable: a catapult, :func:`descend.doctor._catapult.caught_after_swing`) is
    read as if it had none. A blow-up the loss came back from is an ``oscillation`` (a swing), one it did not, a
    collapse and a throw are ``divergence``, a run that got worse an ``oscillation``; the rate advised is the one
    at ``TARGET`` of the measured stability limit where a reading was above it (the reading's
    own rate, as the rate the run is given: a schedule's base rate), else a tenth (after a
    blow-up) or half of that base rate.

    The start is the loss over the training data at the initial weights where ``train`` measured
    it (``History.initial_data_loss``), else the first recorded loss
    (:mod:`descend.doctor._data_start`).
    """
    found = readings(c)
    series = progress_series(c)
    if c.runner != "train" or len(series) < 4 or not np.isfinite(series).all():
        return None
    start = run_start(c)  # the data's loss at the initial weights where measured (_data_start.py)
    per_step = series is c.loss
    if not c.full_batch and series is c.loss:  # few epochs: the per-step losses, one batch's noise removed
        series = _batch_noise_removed(c.loss)
    end, low = float(series[-1]), float(np.min(series))
    lr = lr_at(c, len(c.loss) - 2)
    top = int(np.argmax(series))
    if not found:  # no readings: only a blow-up speaks, on the loss alone
        return _blown_up(c, series, start, top) if series[top] >= BLOWN_UP * start else None
    peak = max(found, key=lambda r: r.effective)
    informative = [r for r in found if r.stability >= SATURATED]
    # The last α: early steps of healthy runs overshoot too (catapults); a late one is the
    # state the run ended in.
    overshoot = (alphas(c) or [-math.inf])[-1]
    if series[top] >= BLOWN_UP * start and not caught_after_swing(series, start, found):
        where = f"step {int(c.steps[top])}" if per_step else f"epoch {top}"
        # The rate that blew it up, not the one a schedule (or a spike) had moved on to by the end.
        given = _rate_up_to(c, series, top)
        seen = (
            f"the loss rose from {start:.3g} to {series[top]:.3g} ({where}, {_times(series[top], start)} its "
            f"start) and ended at {end:.3g}, with lr={given:.3g}; {peak.describe()}"
        )
        tenth = (0.1, "a tenth of the rate", given)
        # It came back down: a swing. Its rate is read on every reading, those that saw the swing
        # too, as the evidence quotes the most unstable of them (README: a rate finding advises the
        # rate that puts the measured ratio it names at TARGET).
        if end < BLOWN_UP * start:
            return _too_large("oscillation", c, seen, found, found, *tenth)
        return _too_large("divergence", c, seen, _before_blow_up(c, found), found, *tenth)
    # No progress: the end no lower than the start (without a measured one, or than the first point
    # of the series the end is read on: a mini-batch run's first epoch mean; _data_start.py).
    if end >= PLATEAU * progress_start(c, series) and peak.effective >= 1:
        seen = (
            f"the loss ended at {end:.3g}, no lower than its start {start:.3g}, while the steps were "
            f"unstable: {peak.describe()} (effective ratio {peak.effective:.2g}), with lr={lr:.3g}"
        )
        return _too_large("divergence", c, seen, _before_blow_up(c, found), found, 0.1, "a tenth of the rate")
    # A first layer starved by the scale of its inputs holds the loss near its start at any rate
    # (``unscaled_inputs`` names it): no throw is needed to explain the plateau.
    thrown = None if starved_by_inputs(c) is not None else thrown_onto_plateau(c, series)
    if thrown is not None:  # its readings measured the flat region it was thrown onto
        seen = f"{thrown}, with lr={lr:.3g}; {peak.describe()} (effective ratio {peak.effective:.2g})"
        return _too_large("divergence", c, seen, _before_blow_up(c, found), found, 0.1, "a tenth of the rate")
    agree = peak.effective >= 1 or overshoot >= OVERSHOOT or not informative
    level = "the loss"
    if not c.full_batch and series is c.epoch_loss:  # epoch means: a rise must outlast one epoch's noise
        end, low, w = _level_ends(series)
        level = f"the loss (the running median of {w} epoch means)"
    # A rise that matters: a loss already 1000x below its start can wobble by multiples (Adam
    # near zero loss) and nobody is worse off.
    if end >= RISEN * low and end - low >= VISIBLE * start and agree:
        why = (
            f"{peak.describe()} (effective ratio {peak.effective:.2g})"
            if informative
            else "the model is saturated (sharpness ~0): its readings cannot bound the step"
        )
        if overshoot >= OVERSHOOT:
            why += f"; a step landed at α = {overshoot:.2g} along its direction (1: the far side at equal height)"
        seen = f"{level} ended at {end:.3g}, {_times(end, low, 2)} the lowest it reached ({low:.3g}), with lr={lr:.3g}; {why}"
        return _too_large("oscillation", c, seen, found[-1:], found, 0.5, "half the rate")
    return None


def _times(value: float, reference: float, digits: int = 3) -> str:
    """``value`` as a multiple of ``reference`` in words ("3.2 ×"); "above" where the reference
    is 0 (a loss that reached exactly 0 has no ratio to it)."""
    return f"{value / reference:.{digits}g} ×" if reference > 0 else "above"


def _level_ends(series: np.ndarray) -> tuple[float, float, int]:
    """The level a mini-batch run ended at and the lowest it reached, read on its epoch means
    with one epoch's noise removed, and the window ``w`` (``len / 16``, odd, at least 3): the
    lowest running median of ``w`` epochs, and the end, the lower of the last epoch and the
    median of the last ``w``. Each epoch mean averages the batch losses of weights that moved
    during the epoch, so a single epoch can sit well above or below the level the run was at (a
    healthy run at lr 10 ended one epoch at 1.7x its level): a rise that counts is one that
    lasted, and that the run did not come back down from by its last epoch.

    >>> _level_ends(np.array([1.0, 0.5, 0.2, 0.21, 0.19, 0.2, 0.4]))  # one bad last epoch
    (0.2, 0.2, 3)
    >>> _level_ends(np.array([1.0, 0.5, 0.2, 0.21, 0.4, 0.45, 0.42]))  # a rise that lasted
    (0.42, 0.21, 3)
    >>> _level_ends(np.array([1.0, 0.5, 0.2, 0.21, 0.2, 9.0, 0.5, 0.19]))  # a swing it came back from
    (0.19, 0.2, 3)
    """
    w = max(3, len(series) // 16) | 1
    running = np.median(np.lib.stride_tricks.sliding_window_view(series, w), axis=1)
    return min(float(series[-1]), float(running[-1])), float(np.min(running)), w


def _batch_noise_removed(loss: np.ndarray) -> np.ndarray:
    """A mini-batch run's per-step losses (where it has too few epochs for epoch means) with
    one batch's noise removed: the running median over ``len / 16`` steps (odd, at least 1).
    The start stays the first loss, at the initial weights (where every batch's loss is about
    the same), not a median that a blow-up at the first updates would already lift."""
    w = max(1, len(loss) // 16) | 1
    if w == 1:
        return loss
    padded = np.pad(loss, w // 2, mode="edge")
    return np.median(np.lib.stride_tricks.sliding_window_view(padded, w), axis=1)


def _blown_up(c: Curves, series: np.ndarray, start: float, top: int) -> Diagnosis:
    """A blow-up read on the loss alone (a run without readings): a tenth of the largest rate
    the run used up to it (a schedule's peak so far, not its annealed end)."""
    per_step = len(series) == len(c.loss)
    where = f"step {int(c.steps[top])}" if per_step else f"epoch {top}"
    given = _rate_up_to(c, series, top)
    smoothed = " (the running median of the batch losses)" if per_step and not c.full_batch else ""
    end = float(series[-1])
    seen = (
        f"the loss{smoothed} rose from {start:.3g} to {series[top]:.3g} ({where}, {series[top] / start:.3g} × "
        f"its start) and ended at {end:.3g}, with lr={given:.3g}; no readings of the instruments before it"
    )
    kind = "oscillation" if end < BLOWN_UP * start else "divergence"
    rate = given / 10
    advice = f"the learning rate is too large: try lr={rate:.3g} (a tenth of the rate)"
    return Diagnosis(kind, int(c.steps[-1]), seen, advice, lr_change(rate))


def _rate_up_to(c: Curves, series: np.ndarray, top: int) -> float:
    """The largest rate the run used up to point ``top`` of ``series`` (a step, or an epoch for
    epoch means): the rate a blow-up there rests on, a schedule's peak so far, not the rate it
    annealed to by the end nor one a warm-up had not yet reached (NaN where none is on record).

    >>> c = Curves(loss=np.ones(6), grad_norm=np.ones(6), lr=np.array([0.1, 0.5, 0.5, 0.1, 0.01, 0.01]),
    ...     steps=np.arange(1, 7), converged=False, why_stopped="", full_batch=True, plain_steps=True)
    >>> _rate_up_to(c, c.loss, 2), _rate_up_to(c, c.loss, 0)
    (0.5, 0.1)
    """
    if len(series) == len(c.loss):
        last = top
    elif c.step_epoch is not None and len(c.step_epoch):
        last = int(np.sum(c.step_epoch <= top)) - 1
    else:
        last = len(c.lr) - 1
    rates = c.lr[: max(1, last + 1)]
    return float(np.nanmax(rates)) if len(rates) and np.isfinite(rates).any() else math.nan


def _before_blow_up(c: Curves, found: list[Reading]) -> list[Reading]:
    return [r for r in found if r.step <= blow_up_step(c)]


def _too_large(
    kind: str,
    c: Curves,
    seen: str,
    evidence: list[Reading],
    found: list[Reading],
    share: float,
    named: str,
    given: float | None = None,
) -> Diagnosis:
    """A too-large finding whose rate puts the effective stability ratio of the ``evidence``
    readings (every one for a swing, those before the blow-up for a run away, the late one for a
    run that got worse) at ``TARGET`` where one reached 1 (and at most half the rate): the rate
    at that reading's step, as the base rate the run is given (:meth:`Reading.base_rate`: a
    schedule that annealed the rate since does not shrink the advice), that reading quoted in
    the evidence; else ``share`` of ``given`` (after a blow-up, the largest rate used up to it:
    :func:`_rate_up_to`), or where none is given of the last reading's base rate. With
    momentum (any of the run's readings ``found``), a lower momentum too."""
    usable = [r for r in evidence if r.stability >= SATURATED]
    peak = max(usable, key=lambda r: r.effective, default=None)
    if peak is not None and peak.effective >= 1:
        rate = peak.base_rate(min(rate_at_target(peak), peak.lr / 2))
        why = f"the rate that puts the effective stability ratio measured at step {peak.step} at {TARGET:g} or below"
        why += cut_held(peak)
        if not math.isclose(peak.base_rate(peak.lr), peak.lr):
            why += f", as the base rate of the schedule, at {peak.lr:.3g} there"
        if peak.describe() not in seen:
            seen += f"; the rate is read at {peak.describe()} (effective ratio {peak.effective:.2g})"
    elif given is not None and math.isfinite(given):
        rate, why = share * given, named
    else:
        base = found[-1].base_rate(found[-1].lr) if found else lr_at(c, len(c.loss) - 2)
        rate, why = share * base, named
    advice = f"the learning rate is too large: try lr={rate:.3g} ({why})"
    momentum = next((r for r in reversed(found) if r.momentum()), None)
    if momentum is not None:
        advice += f", or {momentum.lower_momentum()}"
    return Diagnosis(kind, int(c.steps[-1]), seen, advice, lr_change(rate))
