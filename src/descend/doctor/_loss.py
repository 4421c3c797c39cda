"""The checks on the loss curve itself: unbounded below, diverged, oscillating."""

from __future__ import annotations

import math

import numpy as np

from ..training.findings import DIVERGED, Diagnosis
from ..training.non_finite import not_grown_words
from ._curves import Curves, blow_up_step, gradient_ends, late_pace, lr_at, lr_change, validated_rows
from ._stability import TARGET, Reading, cut_held, rate_at_target, readings, stability_reading
from ._thresholds import (
    LINEAR,
    RISING_SHARE,
    SMALL_GRADIENT,
    STEEPENING,
    SWING,
    VISIBLE,
    ZIGZAG_SHARE,
)


def unbounded(c: Curves) -> Diagnosis | None:
    """The loss fell at every step to -inf; or below zero, to where its gradient overflowed, or
    as on a plane (the same gradient and the same fall every step), or ever faster with a
    gradient grown a hundredfold: the function has no minimum along the path, whatever the
    learning rate. A loss bounded below by zero, as every training loss is, passes only the
    first test."""
    n = len(c.loss)
    if n < 2 or c.converged:
        return None
    finite = np.isfinite(c.loss)
    k = n - 1 if finite.all() else int(np.argmin(finite))  # the last point to look at
    if k == 0 or not (np.diff(c.loss[: k + 1]) < 0).all():
        return None
    g0, g = float(c.grad_norm[0]), float(c.grad_norm[k])
    if not finite[k]:
        if c.loss[k] != -math.inf:
            return None
        seen = f"the loss fell at every step, from {c.loss[0]:.3g} to -inf at step {c.steps[k]}"
    elif c.loss[k] < 0 and not math.isfinite(g):
        seen = (
            f"the loss fell at every step, from {c.loss[0]:.3g} to {c.loss[k]:.3g} at step "
            f"{c.steps[k]}, where its gradient norm is {g}"
        )
    elif (
        c.loss[k] < 0
        and k >= 9
        and (
            (abs(g / g0 - 1) <= LINEAR and abs(late_pace(c.loss) - 1) <= LINEAR)
            or (g >= STEEPENING * g0 and late_pace(c.loss) >= 1)
        )
    ):
        seen = (
            f"the loss fell at every one of {c.steps[k]} steps, from {c.loss[0]:.3g} to "
            f"{c.loss[k]:.3g}, the last quarter of the steps lowering it {late_pace(c.loss):.2f} "
            f"times as fast as the first, while the gradient norm went from {g0:.3g} to {g:.3g}"
        )
    else:
        return None
    more = "" if not finite[k] else "; if it is bounded below after all, allow more steps"
    return Diagnosis(
        "unbounded",
        int(c.steps[k]),
        seen,
        "the function appears unbounded below, and no learning rate gives it a minimum: check its "
        f"sign (descend minimizes), or bound the search (minimize(..., bounds=...)){more}",
    )


def divergence(c: Curves) -> Diagnosis | None:
    """The loss became non-finite, or rose ``DIVERGED`` times its scale above its lowest: the
    finding is placed where it first did so after the loss left the range it started in (its
    last step under ``BLOWN_UP`` times the first loss, :func:`blow_up_step`), and the growth and
    the rates that decreased the loss are read up to there. The lowest point of a run that blew
    up can come long after the blow-up (exactly 0, a saturated softmax), and a loss at 1e11
    falling under the rate that blew it up is no rate that decreased it."""
    finite = np.isfinite(c.loss)
    left = int(np.searchsorted(c.steps, blow_up_step(c)))  # the last point in the starting range
    if finite.all():
        best = int(np.argmin(c.loss))
        scale = max(abs(c.loss[0]), abs(c.loss[best]), 1e-12)
        if c.loss[-1] - c.loss[best] <= DIVERGED * scale:
            return None
        k = left + 1 + int(np.argmax(c.loss[left + 1 :] - c.loss[best] > DIVERGED * scale))
        seen = f"the loss grew from {c.loss[left]:.3g} (step {c.steps[left]}) to {c.loss[k]:.3g} (step {c.steps[k]})"
    else:
        k = int(np.argmin(finite))
        if k == 0:  # at the initial weights: no learning rate made it
            return Diagnosis(
                "divergence",
                int(c.steps[0]),
                f"the loss was {c.loss[0]} on the first batch, before any update",
                "the data or the model gives a non-finite loss whatever the learning rate: check "
                "the inputs and targets for NaN, inf or huge values (standardise them) and the "
                "model's output",
            )
        seen = f"the loss became {c.loss[k]} at step {c.steps[k]}"
    lr_k = lr_at(c, k if finite.all() else k - 1)
    if c.non_finite_layer is not None:
        seen += (
            f"; the first gradient to go non-finite was layer {c.non_finite_layer[1]!r} at step {c.non_finite_layer[0]}"
        )
    seen = f"{seen}, with lr={lr_k:.3g}"
    # A reading taken once the loss had run away measures weights far from any the run meant
    # to visit (5.7e-20 as a rate from one); only those from before the blow-up are evidence.
    reading = stability_reading(c, upto=int(c.steps[left]))
    if reading is not None:
        seen += f"; {reading.describe()}"
    if reading is not None and reading.effective >= 1:
        rate = rate_at_target(reading)
        advice = (
            f"the learning rate is too large: try lr={rate:.3g} ({_target_words(reading)}: "
            f"{reading.lr:.3g} × {TARGET:g} / {reading.effective:.2g}{cut_held(reading)})"
        )
        return Diagnosis("divergence", int(c.steps[k]), seen, advice, lr_change(rate))
    decreased = [i for i in range(1, left + 1) if c.loss[i] < c.loss[i - 1]]  # in the starting range
    good = lr_at(c, decreased[-1] - 1) if decreased else lr_k
    base = min(good, lr_k) if math.isfinite(good) else lr_k
    if c.full_batch or c.plain_steps:
        # Plain steps (-lr·g) have no momentum; without noise, momentum's threshold (2+2β)/lr
        # only widens GD's 2/lr: a tenth, as ever.
        cut, why = 10.0, "divided by 10"
    else:
        cut, why = _blind_cut(c.loss[left : k + 1])
    advice = (
        f"the learning rate is too large: try lr={base / cut:.3g} "
        f"({'the last lr that decreased the loss' if decreased else 'the current lr'}, {base:.3g}, {why})"
    )
    calm = None if finite.all() or c.full_batch else not_grown_words(c.loss[:k].tolist())
    if calm is not None:  # the other cause, in words alone: the rate to try stands (the benchmark's)
        advice += f"; but {calm}: check that step's batch and the loss for NaN or inf first"
    return Diagnosis("divergence", int(c.steps[k]), seen, advice, lr_change(base / cut))


def _blind_cut(loss: np.ndarray) -> tuple[float, str]:
    """The factor a mini-batch run's rate is cut by after a divergence with no reading before it,
    and why in words; ``loss`` runs from the last point in the starting range to the divergence
    (:func:`divergence`). The rule is unknown, so the cut is the one for heavy-ball momentum up to
    ``β = 0.9`` (SGD's usual 0.9, Adam's first moment), the least stable common case: the loss
    grew by ``q`` per step as it ran away (from its lowest point there), so the top mode's root
    ``ρ = √q`` gives ``lr·λ = 1 + β + ρ + β/ρ ≤ 2 + ρ + 1/ρ`` (the characteristic equation of the
    heavy-ball recursion, Polyak 1964, with a negative real root; ``1 + ρ`` for plain GD);
    mini-batch noise makes momentum move at ``lr/(1-β)``, whose threshold is ``2/λ``. The advised rate puts that at
    ``TARGET``: ``lr · 2·TARGET·(1-β) / (2 + ρ + 1/ρ)``, a cut of at least 40 (10 for momentum, 4
    for the blow-up). A loss growing faster than ``_BLIND_ROOT² = 64×`` a step compounds through
    the layers (activations and logits blowing up together, 10^9× a step seen in an MLP at lr 5),
    where the growth no longer measures ``lr·λ``: ``ρ`` is held there, the cut at about 100."""
    finite = loss[np.isfinite(loss)]
    growth = 1.0
    if len(finite) >= 2:
        j = int(np.argmin(finite))
        span = len(finite) - 1 - j
        if span >= 1 and finite[j] > 0 and finite[-1] > finite[j]:
            growth = max(1.0, float(finite[-1] / finite[j]) ** (1 / span))
    rho = min(math.sqrt(growth), _BLIND_ROOT)
    cut = (2 + rho + 1 / rho) / (2 * TARGET * (1 - _BLIND_MOMENTUM))
    held = (
        f", read as {_BLIND_ROOT**2:g}×: beyond it the growth compounds through the layers"
        if rho < math.sqrt(growth)
        else ""
    )
    return cut, (
        f"divided by {cut:.3g}: the loss grew {growth:.3g}× per step as it ran away{held}; the optimizer's "
        f"momentum is not on record, so the cut holds for momentum up to {_BLIND_MOMENTUM:g}"
    )


_BLIND_MOMENTUM = 0.9  # the momentum a divergence advice without readings allows for
_BLIND_ROOT = 8.0  # the largest growth root ρ read as lr·λ's (a cut of 101 at most)


def oscillation(c: Curves) -> Diagnosis | None:
    """The loss zig-zags step after step (full batch), or swings up and down by ``SWING`` of
    its level epoch after epoch (mini-batch; read on the validation loss where there is one,
    which no batch's noise moves: a healthy run's training epoch means can wobble by 20% when
    one batch is tiny), or the steps reverse direction (``minimize``); not for a run that
    converged to a point of small gradient, whatever it went through on the way.

    A training run that sampled the instruments is read by :func:`instability` instead: a
    swinging loss is normal at the edge of stability and with mini-batch noise, and the
    instruments, not the swing, say whether the step is too large."""
    if c.runner == "train" and readings(c):
        return None
    val = c.val_loss[validated_rows(c)] if c.val_loss is not None else None
    held_out = not c.full_batch and val is not None and len(val) >= 5
    series = c.loss if c.full_batch else val if held_out else c.epoch_loss
    if series is None or len(series) < 5 or not np.isfinite(series).all():
        return None
    g0, g = gradient_ends(c)
    if c.converged and not g > SMALL_GRADIENT * g0:
        return None
    window = series[-min(len(series), 50) :]
    diffs = np.diff(window)
    rising = float(np.mean(diffs > 0))
    net, travel = abs(window[-1] - window[0]), float(np.abs(diffs).sum())
    swing = float(np.median(np.abs(diffs)) / max(float(np.median(np.abs(window))), 1e-12))
    step_flips = step_reversals(c)
    # Swings of a loss already 1000x below where it was matter to nobody (Adam near zero loss).
    visible = float(np.median(np.abs(diffs))) >= VISIBLE * float(np.max(np.abs(series)))
    if c.full_batch:
        zigzag = rising >= RISING_SHARE and net < 0.5 * travel and visible
    else:
        zigzag = rising >= RISING_SHARE and swing >= SWING and visible
    if not (zigzag or (step_flips >= ZIGZAG_SHARE and _overshoot_costs(c, diffs))):
        return None
    lr = lr_at(c, len(c.loss) - 2)
    unit = "steps" if c.full_batch else "evaluations" if held_out and len(val) < len(c.val_loss) else "epochs"
    shown = (
        f"the {'validation ' if held_out else ''}loss rose in {rising:.0%} of the last "
        f"{len(diffs)} {unit}, moving by a median {swing:.2g} of its level"
    )
    if c.trajectory is not None:
        shown += f", and {step_flips:.0%} of the steps reversed direction"
    shown = f"{shown} (net progress {net:.3g} over a path of {travel:.3g}) with lr={lr:.3g}"
    return overshooting(c, shown, lr)


def _overshoot_costs(c: Curves, diffs: np.ndarray) -> bool:
    """Whether steps that reverse direction cost the run anything: the loss did not fall at
    every step of the window (``diffs``, its changes), or the halved rate the finding advises
    would converge faster (:func:`_halving_helps`).

    Reversals alone are no evidence: gradient descent multiplies the part of the error along a
    Hessian direction of curvature ``λ`` by ``1 - lr·λ`` each step, which changes sign for every
    ``λ`` above ``1/lr`` and still contracts while ``λ < 2/lr``; the best rate for a
    quadratic, ``2/(μ + L)``, flips its stiffest direction at every step by design, and halving
    it made such a run 1e5 times worse."""
    return not (diffs < 0).all() or _halving_helps(c)


def _halving_helps(c: Curves) -> bool:
    """Whether halving the rate would speed up the run, read on its last steps (the window of
    :func:`step_reversals`). The steps split into their part along the direction they reverse
    in, which shrinks by ``c_s = lr·λ_s - 1`` a step, and the rest, by ``c_f = 1 - lr·λ_f``
    (the slowest direction that does not reverse); the run converges at the slower of the two.
    At ``lr/2`` they become ``(1 - c_s)/2`` and ``(1 + c_f)/2``, so halving helps when
    ``(1 + c_f)/2 < c_s`` (hence ``c_s > 1/2``): the reversing direction is the bottleneck by
    more than halving costs the rest. A rest at the rounding level of the steps (``√eps`` of
    the run's dtype, :mod:`descend.minimize.precision`'s bar for a step that went somewhere) is
    none: ``c_f = 0``. At ``2/(μ + L)``, ``c_s = c_f``: no help."""
    d = np.diff(c.trajectory[-51:], axis=0)
    alternating = ((-1.0) ** np.arange(len(d)))[:, None] * d
    u = alternating.sum(axis=0)
    if not np.linalg.norm(u) > 0:
        return False
    u /= np.linalg.norm(u)
    along = np.abs(d @ u)
    rest = np.linalg.norm(d - np.outer(d @ u, u), axis=1)
    eps = c.eps if math.isfinite(c.eps) else float(np.finfo(float).eps)
    c_s = _contraction(along)
    c_f = 0.0 if rest.max() <= math.sqrt(eps) * along.max() else _contraction(rest)
    return (1 + c_f) / 2 < c_s


def _contraction(lengths: np.ndarray) -> float:
    """The factor ``lengths`` shrink by per step, by a least-squares line through their logs
    (0 where one is 0: the motion stopped)."""
    if not (lengths > 0).all():
        return 0.0
    return float(np.exp(np.polyfit(np.arange(len(lengths)), np.log(lengths), 1)[0]))


def overshooting(c: Curves, shown: str, lr: float) -> Diagnosis:
    """The ``oscillation`` finding on a run whose steps overshoot (``shown``, the evidence, at
    the rate ``lr``): half the rate, or where the instruments measured the stability ratio at
    1 or more, the rate that puts it at :data:`TARGET`."""
    rate, why = lr / 2, ""
    # Without readings the rule is unknown: the momentum advice is said conditionally.
    momentum = ", or, with momentum, a lower momentum (0.9 -> 0.5)"
    reading = stability_reading(c)
    if reading is not None:
        shown += f"; {reading.describe()}"
        momentum = f", or {reading.lower_momentum()}" if reading.momentum() else ""
        if reading.effective >= 1:
            rate, why = rate_at_target(reading), f" ({_target_words(reading)}{cut_held(reading)})"
    return Diagnosis(
        "oscillation",
        int(c.steps[-1]),
        shown,
        f"the step overshoots the minimum along its steepest direction: try lr={rate:.3g}{why}{momentum}",
        lr_change(rate),
    )


def _target_words(r: Reading) -> str:
    """How :func:`rate_at_target` set the rate, in words."""
    if r.gain() == 1:
        return f"the rate that puts the measured stability ratio at {TARGET:g}"
    return f"the rate that puts the effective stability ratio (the measured one × {r.gain():.3g}) at {TARGET:g}"


def step_reversals(c: Curves) -> float:
    """Share of consecutive steps that point more backwards than forwards (cos < -0.5)."""
    if c.trajectory is None or len(c.trajectory) < 8:
        return 0.0
    d = np.diff(c.trajectory[-51:], axis=0)
    norms = np.linalg.norm(d, axis=1)
    ok = (norms[1:] > 0) & (norms[:-1] > 0)
    if not ok.any():
        return 0.0
    cos = np.sum(d[1:] * d[:-1], axis=1)[ok] / (norms[1:] * norms[:-1])[ok]
    return float(np.mean(cos < -0.5))
