"""The check for slow progress: a run that stopped short of a minimum because its learning
rate is too small, and by how much to raise it."""

from __future__ import annotations

import numpy as np

from ..training.findings import Diagnosis
from ._adaptive_held import adaptive_held
from ._bias_correction import settled, settled_words
from ._curve_advice import from_curve, largest_curvature, median_update, near_the_limit
from ._curves import Curves, gradient_ends, late_pace, lr_at, lr_change, progress_series
from ._cut_short import cut_short
from ._heavy_ball import HEAVY_BALL_SHARPENING
from ._kinks import kinks_only
from ._landed import landed_past_minimum
from ._loss_fall import fall, last_quarter_fall, left_words, moved, share_left
from ._mini_batch_adam import past_first_update, settled_mini_batch
from ._no_minimum import no_minimum_nearby
from ._rate_limited import rate_limited
from ._rate_probe import no_gain
from ._stability import TARGET, Reading, noise_ratio, rate_at_target, readings
from ._swing import envelope, swinging
from ._thresholds import (
    ACCELERATING_RAISE,
    CRAWL,
    FAR_BELOW,
    FIRST_PACE,
    LITTLE_LEFT,
    ON_PLATEAU,
    PLATEAU_BELOW,
    PLATEAU_SHARPENING,
    RAISE,
    SMALL_GRADIENT,
    STALLED,
    STILL_FALLING,
)
from ._unread import too_small_ruled_out


def slow_progress(c: Curves) -> Diagnosis | None:
    """A run that stopped short of a minimum because its rate is too small, while the gradient
    is not small: unconverged and still falling, or stalled, less than ``STALLED`` below its
    start (which a relative-change stopping rule or early stopping then takes for convergence).

    Where the run sampled the instruments, the finding rests on them: the rate is too small
    only with progress left to be had (where the run measured it exactly, the loss can still
    fall by ``LITTLE_LEFT`` of its level or more by the local quadratic model: :func:`share_left`;
    a reading CG did not converge on is a lower bound, which cannot say that little is left) and
    headroom (the largest effective stability ratio measured, times ``RAISE``, stays below
    half the stable limit; below the ratio the gradient noise leaves useful where what is left
    was not measured), and the advice is the rate at that ratio (``PLATEAU_SHARPENING`` below it
    for a training run with plain steps whose loss has not yet taken ``ON_PLATEAU`` off its
    start: leaving its plateau, the sharpness will rise to meet the rate). Steps ``FAR_BELOW`` times
    under it are too small wherever the loss has not yet halved, whatever a noisy mini-batch
    curve's pace says, and steps ``PLATEAU_BELOW`` (10) times under it wherever the loss has not
    yet taken ``ON_PLATEAU`` off its start (a plateau the steps are too short to leave, however
    settled its curve looks). A run near its limit still falling at its first pace is
    ill-conditioned, not slow by its rate. A run whose last sampled step landed at or past the
    minimum along its own direction (Cockpit's α >= 0: :func:`descend.doctor._landed.landed_past_minimum`)
    is not too small, whatever headroom λ_max leaves: a longer step there climbs the far side.
    Where every reading measured a curvature of 0 (a loss piecewise linear in the weights), the
    curvature of the steps measures the kinks they cross, so a run that slowed down by itself
    (late pace under ``FIRST_PACE``) is not too small either (:mod:`descend.doctor._kinks`).
    An exact reading of little left does not veto where a full-batch curve says the loss has no
    finite minimum nearby (the gradient norm falling about in proportion to the loss, as
    cross-entropy's on separable data: :mod:`descend.doctor._no_minimum`).
    Whatever the evidence, a run whose counterfactual probe (a few updates at ``factor`` times its
    rate from its last weights: :mod:`descend.instruments.rate_probe`) read a speedup under
    ``SPEEDUP`` is not too small: the larger rate does not move faster (:mod:`descend.doctor._rate_probe`).
    A full-batch heavy-ball run whose swing had not settled is read on its loss's lower envelope,
    without taking a stop of the stopping rule for convergence or the probe's veto: each would
    read the swing's phase (:mod:`descend.doctor._swing`). A run without any reading whose
    gradient norm spiked and died under steps as large as its weights is not too small
    (:mod:`descend.doctor._unread`).
    """
    n = len(c.loss)
    if n < 4 or not np.isfinite(c.loss).all():
        return None
    g0, g = gradient_ends(c)
    if not g > SMALL_GRADIENT * g0:
        return None  # at or near a stationary point
    fell = fall(c)
    stalled = fell < STALLED
    lr = lr_at(c, n - 2)
    gradient = f"the gradient norm is {g:.3g} ({g / g0:.2g} of its start), with lr={lr:.3g}"
    found = readings(c)
    swing = swinging(c, found)
    if found and max(r.effective for r in found) > 0:
        return _gained(c, _measured(c, found, fell, stalled, lr, gradient, swing), swing)
    if not found and too_small_ruled_out(c, median_update(c, lr)):
        return None  # no reading, and the curves say the rate was not too short (_unread.py)
    # No reading measured any curvature (a loss piecewise linear in the weights, as absolute
    # error through a linear model, has a Hessian of 0): a ratio of 0 bounds no rate, so the
    # headroom is read from the curve, as without readings.
    if stalled:
        seen = f"after {c.steps[-1]} steps the loss has {moved(fell)} and {gradient}"
    else:
        w = min(n - 1, 100)
        per_step = (c.loss[-w - 1] - c.loss[-1]) / max(abs(c.loss[-w - 1]), 1e-12) / w
        if c.converged or per_step < 0 or n < 10:
            return None
        seen = f"after {c.steps[-1]} steps the loss still falls by {per_step:.2g} (relative) per step and {gradient}"
    curvature = largest_curvature(c) if c.plain_steps and c.full_batch else None
    # Where the readings measured no curvature, the steps' shortfall is the kinks they cross,
    # not a stiffness: their curvature cannot say the rate held the run, its pace must (_kinks.py).
    if (curvature is None or kinks_only(found)) and not stalled:
        pace = late_pace(c.loss)
        if pace < FIRST_PACE:  # it slowed down by itself: the steps ran out, not the rate
            return None
        seen += f"; the last quarter of the steps lowered it {pace:.2f} times as fast as the first"
    return _gained(c, from_curve(c, seen, lr, curvature), swing)


def _gained(c: Curves, found: Diagnosis | None, swing: bool) -> Diagnosis | None:
    """``found``, unless the run's probe says a larger rate gains too little (_rate_probe.py);
    on a full-batch heavy-ball run still ``swing``-ing the probe reads the swing's phase (_swing.py)."""
    return None if found is not None and no_gain(c) and not swing else found


def _measured(
    c: Curves, found: list[Reading], fell: float, stalled: bool, lr: float, gradient: str, swing: bool
) -> Diagnosis | None:
    """Slow progress read on the instruments: headroom (the peak effective stability ratio)
    and progress left (the last quarter's fall, the late pace, or a stall)."""
    # A full-batch heavy-ball run still swinging: its progress is the swing's lower envelope, and
    # a stop at a turning point, where the loss is flat for the rule's patience, is none (_swing.py).
    series = envelope(progress_series(c)) if swing else progress_series(c)
    quarter = last_quarter_fall(series)
    pace = late_pace(series) if len(series) >= 4 else 0.0
    rates = c.lr[np.isfinite(c.lr) & (c.lr > 0)]
    if len(rates) and lr < 0.5 * float(rates.max()):
        return None  # a schedule annealed the rate: the slow end is the schedule's, not the rate's
    if landed_past_minimum(c) is not None:
        return None  # the last step reached the bottom along its own direction: no longer step gains (_landed.py)
    # A crawl: the last quarter as fast as the first, the loss not yet halved. (The pace of a
    # mini-batch run that fell to its noise floor early is a ratio of two noises.)
    crawl = pace >= CRAWL and fell < 0.5
    # A mini-batch Adam run's headroom is read past update 1 (v̂ one batch's squared gradient) and
    # without m's bias correction; its rate is sized on the same readings (_mini_batch_adam.py).
    found = past_first_update(found)
    gate = settled_mini_batch(found)
    at = max(range(len(found)), key=lambda i: gate[i].effective)
    peak, measured = gate[at], found[at]
    # Headroom: the advised rate puts the effective ratio at the one the gradient noise leaves
    # useful, half the stable limit shrunk by the noise (the best step under noise, McCandlish
    # et al. 2018, eq. 2.7: ε_max / (1 + B_noise / B)); a rate within RAISE times of it is not
    # too small (the noise, or the threshold, limits it). Not for a crawl: a loss still falling
    # in a straight line is held by its rate, not at a noise floor (B_simple read on a plateau,
    # where the true gradient is small, is large without the noise limiting anything).
    # Nor where the run measured what is left to fall (share_left, noise-free by its crossed
    # halves): a run at its noise floor has little left (under LITTLE_LEFT it is no finding, see
    # below), and a run with more left, or on a model with no minimum nearby (negative
    # curvature), is not held there. The noise model stands in only where that was not read.
    left = share_left(c)
    noise = 0.0 if crawl or left is not None else noise_ratio(c)
    aim = TARGET / (1 + noise)
    factor = aim / peak.effective  # positive: slow_progress reads no headroom from a ratio of 0
    # Steps FAR_BELOW times under the useful ratio move the weights too little for a noisy
    # mini-batch curve to show their progress (its pace and last quarter are noise): unless the
    # loss already fell by half or the gradient is small (checked above), the rate holds it.
    far_below = factor >= FAR_BELOW and fell < 0.5
    # An order of magnitude under it with the loss still near its start: held on a plateau by
    # steps that short, however flat the curve (session 9, _thresholds.py).
    plateau = factor >= PLATEAU_BELOW and fell < ON_PLATEAU
    if stalled:
        seen = f"after {c.steps[-1]} steps the loss has {moved(fell)}"
    elif far_below or plateau:
        seen = (
            f"after {c.steps[-1]} steps the loss has {moved(fell, only=plateau)}{', a plateau' if plateau else ''}, "
            f"with steps {_times(factor)} below the useful stability ratio"
        )
    elif (c.converged and not swing) or not (quarter >= STILL_FALLING or crawl):
        return None  # it stopped on a tolerance, or flattened out: the rate is not what held it
    else:
        seen = (
            f"after {c.steps[-1]} steps the loss still fell by {quarter:.2g} of its level over the last "
            f"quarter of the run (the last quarter {pace:.2f} times as fast as the first)"
        )
    if left is not None and left[0] < LITTLE_LEFT and left[2] and not no_minimum_nearby(c):
        return None  # the loss is within a few percent of the minimum nearby: no rate would gain much
    seen = f"{seen} and {gradient}; {measured.describe()}{_effective_words(measured)}"
    if peak is not measured and settled_words(peak):  # a mini-batch Adam peak read without the correction
        seen += f"; effective ratio {peak.effective:.2g}{settled_words(peak)}"
    if left is not None:
        seen += f"; {left_words(*left)}"
    # Under RAISE of headroom a run still falling at its first pace or faster is held by its rate
    # all the same (_rate_limited.py): advised the useful ratio itself, which the plateau's
    # sharpening allowance would bring back to its own rate.
    # So is a run whose last quarter still took a quarter of its level off at a quarter of its
    # first pace or more, from CUT_SHORT_RAISE of headroom (_cut_short.py: the budget stopped it).
    accelerating = factor < RAISE and (rate_limited(factor, pace, stalled) or cut_short(factor, quarter, pace, stalled))
    if factor >= RAISE or accelerating:
        why = f" and the gradient noise B_simple = {noise:.2g} × the batch leave" if noise else " leaves"
        aimed = f"{aim:.2g}, the ratio the threshold{why} useful"
        # Heavy ball read noise-free is advised rates the noise model never allowed it (its gain
        # 1/(1-β) is not charged): readings taken at a rate that far below measured a λ_max the
        # larger rate will sharpen, as a plateau's would (HEAVY_BALL_SHARPENING).
        exact_momentum = HEAVY_BALL_SHARPENING and peak.momentum() and not peak.noisy
        if (fell < ON_PLATEAU or exact_momentum) and c.runner == "train" and not peak.adaptive and not accelerating:
            # A model's readings on a plateau measured its flat start: leaving it, λ_max rises to
            # meet the rate (progressive sharpening), so aim below the useful ratio (_thresholds.py).
            aim, factor = aim / PLATEAU_SHARPENING, factor / PLATEAU_SHARPENING
            ahead = (
                "for the sharpening ahead of a run still on its plateau"
                if fell < ON_PLATEAU
                else "for the sharpening a rate that much larger meets, heavy ball read without the noise model"
            )
            aimed = f"{aim:.2g}, {PLATEAU_SHARPENING:g}x below {aimed}, {ahead}"
        # The call is the peak's; the rate is sized on the readings without Adam's bias correction
        # of m, which an early reading still carries (0.1 at update 1: a rate sized on it is a
        # tenth of the one the run keeps once it has gone; _bias_correction.py).
        sized = max(settled(found), key=lambda r: r.effective)
        rate = sized.base_rate(rate_at_target(sized, aim))  # the rate the run is given: lr * factor
        advice = (
            f"the learning rate is too small, by about {_times(aim / sized.effective)} (the measured stability ratio"
            f"{', effective,' if sized.gain() != 1 else ''} peaked at {sized.effective:.2g}{settled_words(sized)}; "
            f"this rate puts it at {aimed}): try lr={rate:.3g}"
        )
        return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice, lr_change(rate))
    # An adaptive run under its stable limit, still accelerating and taking a quarter off: its
    # preconditioned sharpness sits near the threshold whatever the rate, so the curve says the
    # rate held it (_adaptive_held.py); raised by ACCELERATING_RAISE, which the ratio cannot size.
    if adaptive_held(peak.adaptive, factor, quarter, pace, stalled):
        rate = lr * ACCELERATING_RAISE
        advice = (
            f"the learning rate is too small: the loss still falls as fast as it first did under an adaptive "
            f"rule, whose preconditioned sharpness (effective ratio {peak.effective:.2g}) sits near its "
            f"threshold at any rate: try lr={rate:.3g}"
        )
        return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice, lr_change(rate))
    # Near the limit and still falling at a good share of its first pace: ill-conditioned. Said
    # of minimize's exact objectives only: a training run at its limit still falling is the
    # best its budget allows (the corpus calls it healthy), and more epochs is no finding.
    if c.runner == "minimize" and not stalled and quarter >= STILL_FALLING and pace >= FIRST_PACE:
        advice, change = near_the_limit(c, f"measured effective stability ratio {peak.effective:.2g}")
        return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice, change)
    return None


def _effective_words(r: Reading) -> str:
    gain = r.gain()
    return "" if gain == 1 else f" (effective ratio {r.effective:.2g}, for the rate momentum makes of it: × {gain:.3g})"


def _times(factor: float) -> str:
    """``factor`` in 2 significant digits, written out: ``25x``, ``3700000x``."""
    rounded = float(f"{factor:.2g}")
    return f"{rounded:.0f}x" if rounded >= 10 else f"{rounded:g}x"
