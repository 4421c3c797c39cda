"""The convergence doctor: what went wrong in a run, in plain words with numbers, and what to
change.

:func:`diagnose` reads what a run recorded — a :class:`descend.minimize.Result` or a
:class:`descend.History`, or the folder a run logged to (read with
:meth:`descend.History.load`) — and returns :class:`Diagnosis` findings. ``minimize`` and
``train`` call it at the end of every run (``Result.diagnoses``, ``History.diagnoses``).
The per-step record it reads (loss, gradient norm, learning rate; per-layer gradient and
update norms sampled every few steps) is kept by the run itself, so the checks cost nothing
while training and a few array operations afterwards.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from .training.findings import DIVERGED, KINDS, Diagnosis
from .training.history import History

__all__ = ["Diagnosis", "diagnose", "KINDS"]

# Thresholds, each named after what it decides.
_ZIGZAG_SHARE = 0.6         # share of consecutive steps that reverse direction
_RISING_SHARE = 0.2         # share of loss changes that are increases
_SWING = 0.1                # median epoch-to-epoch change of a mini-batch run's loss / its level
_VISIBLE = 1e-3             # ... and of any run's / the largest loss it had
_SMALL_GRADIENT = 1e-3      # gradient norm, relative to its start, below which it is "small"
_VANISHING = 1e-6           # a layer's gradient norm relative to its weight norm
_EXPLODING = 1e2            # ... above which one plain step at lr 0.01 moves it by its whole norm
_OVERFIT_RISE = 0.05        # validation loss risen this share of |best| above its best
_FIRST_PACE = 0.25          # late fall per step / early fall per step: the run has barely begun
_STALLED = 0.01             # a run whose loss fell less than this share of its start has stalled
_RESOLVED = 1e-6            # relative loss drops below this are rounding (float32)
_HEALTHY_UPDATE = 1e-3      # ||Δθ|| / ||θ|| of a step, by the rule of thumb (CS231n)
_LINEAR = 1e-2              # gradient norm and pace of fall (_pace) constant to this share: f is linear
_STEEPENING = 1e2           # ... or the gradient norm grew this many times as the loss fell ever faster


@dataclass
class _Curves:
    """A run's record in one shape: per step (index k = after k updates, as far as known)."""

    loss: np.ndarray          # per step
    grad_norm: np.ndarray     # per step, same length as loss
    lr: np.ndarray            # lr used to leave each point (first param group)
    steps: np.ndarray         # step numbers of the rows
    converged: bool
    why_stopped: str
    full_batch: bool          # per-step losses are exact (not mini-batch estimates)
    plain_steps: bool         # every update was -lr * gradient (what _curvature assumes)
    trajectory: np.ndarray | None = None
    epoch_loss: np.ndarray | None = None
    val_loss: np.ndarray | None = None
    layers: list[dict[str, float]] | None = None
    update_ratios: list[dict[str, float]] | None = None
    non_finite_layer: tuple[int, str] | None = None
    step_epoch: np.ndarray | None = None   # the epoch of each step (train only)


def diagnose(run: Any) -> list[Diagnosis]:
    """The doctor's findings on a run: a ``minimize`` result, a ``train`` history, or the
    folder a run logged to (``descend.train(..., log_dir=...)``; a ``str`` or path).

    A run that went well gets one ``converged`` finding saying why it stopped.

    >>> import descend as ds
    >>> quad = ds.functions.quadratic(10.0)
    >>> res = ds.minimize(quad, quad.start, lr=0.5)        # lr above 2/L = 0.2
    >>> [d.kind for d in ds.diagnose(res)]
    ['divergence']
    """
    if isinstance(run, (str, os.PathLike)):
        run = History.load(run)
    if hasattr(run, "history") and hasattr(run, "nit"):
        curves = _from_result(run)
    elif isinstance(run, History):
        curves = _from_history(run)
    else:
        raise TypeError(f"diagnose takes a minimize result, a train History or the folder a run "
                        f"logged to, got {run!r} ({type(run).__name__})")
    if len(curves.loss) == 0:
        return []
    unbounded = _unbounded(curves)
    if unbounded is not None:  # no learning rate is to blame
        return [unbounded]
    diverged = _divergence(curves)
    if diverged is not None:  # the rest of the record follows from it, but for its cause
        return [d for d in (diverged, _exploding(curves)) if d is not None]
    findings = [d for check in (_exploding, _vanishing, _oscillation) if (d := check(curves)) is not None]
    if not any(d.kind == "oscillation" for d in findings):  # else the validation loss swings too
        findings += [d for d in [_overfitting(curves)] if d is not None]
    # Slow progress is checked even on a run that stopped as converged (a tiny rate can fool a
    # stopping rule), but not where oscillation or vanishing gradients already explain it.
    if not any(d.kind in ("oscillation", "vanishing_gradients") for d in findings):
        findings += [d for d in [_slow_progress(curves)] if d is not None]
    if not findings and curves.converged:
        findings.append(Diagnosis("converged", int(curves.steps[-1]), curves.why_stopped,
                                  "nothing to change"))
    return findings


# --- reading a run ---------------------------------------------------------------------------


def _from_result(res: Any) -> _Curves:
    h = res.history
    return _Curves(
        loss=np.asarray(h.loss, dtype=float), grad_norm=np.asarray(h.grad_norm, dtype=float),
        lr=np.asarray(h.lr, dtype=float), steps=np.arange(len(h.loss)),
        converged=bool(res.converged), why_stopped=res.message, full_batch=True,
        plain_steps=getattr(h, "plain_steps", True),
        trajectory=None if h.x is None else np.asarray(h.x, dtype=float).reshape(len(h.loss), -1),
    )


def _from_history(h: Any) -> _Curves:
    steps = h.steps
    loss = np.asarray(steps.get("loss", []), dtype=float)
    n = len(loss)
    grad = np.asarray(steps.get("grad_norm", [math.nan] * n), dtype=float)[:n]
    lr = np.asarray([row[0] for row in steps.get("lr", [])], dtype=float)
    epochs = h.epochs
    n_epochs = len(epochs.get("loss", []))
    full_batch = n_epochs > 0 and n == n_epochs
    step_epoch = np.asarray(steps.get("epoch", []), dtype=int)
    if h.non_finite_step is not None:  # that step's loss stopped the run before it was kept
        loss, grad = np.append(loss, h.non_finite_loss), np.append(grad, math.nan)
        lr = np.append(lr, lr[-1] if len(lr) else math.nan)
        n += 1
    return _Curves(
        loss=loss, grad_norm=np.pad(grad, (0, n - len(grad)), constant_values=math.nan), lr=lr,
        steps=np.arange(1, n + 1),
        converged=bool(h.converged), why_stopped=h.stopped_because, full_batch=full_batch,
        plain_steps=bool(h.plain_steps),
        epoch_loss=np.asarray(epochs.get("loss", []), dtype=float),
        val_loss=np.asarray(epochs["val_loss"], dtype=float) if "val_loss" in epochs else None,
        layers=h.layer_grad_ratios, update_ratios=h.update_ratios,
        non_finite_layer=h.non_finite_layer, step_epoch=step_epoch,
    )


# --- the checks --------------------------------------------------------------------------------


def _unbounded(c: _Curves) -> Diagnosis | None:
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
    if k == 0 or not (np.diff(c.loss[:k + 1]) < 0).all():
        return None
    g0, g = float(c.grad_norm[0]), float(c.grad_norm[k])
    if not finite[k]:
        if c.loss[k] != -math.inf:
            return None
        seen = f"the loss fell at every step, from {c.loss[0]:.3g} to -inf at step {c.steps[k]}"
    elif c.loss[k] < 0 and not math.isfinite(g):
        seen = (f"the loss fell at every step, from {c.loss[0]:.3g} to {c.loss[k]:.3g} at step "
                f"{c.steps[k]}, where its gradient norm is {g}")
    elif c.loss[k] < 0 and k >= 9 and ((abs(g / g0 - 1) <= _LINEAR and abs(_pace(c.loss) - 1) <= _LINEAR)
                                       or (g >= _STEEPENING * g0 and _pace(c.loss) >= 1)):
        seen = (f"the loss fell at every one of {c.steps[k]} steps, from {c.loss[0]:.3g} to "
                f"{c.loss[k]:.3g}, the last quarter of the steps lowering it {_pace(c.loss):.2f} "
                f"times as fast as the first, while the gradient norm went from {g0:.3g} to {g:.3g}")
    else:
        return None
    more = "" if not finite[k] else "; if it is bounded below after all, allow more steps"
    return Diagnosis(
        "unbounded", int(c.steps[k]), seen,
        "the function appears unbounded below, and no learning rate gives it a minimum: check its "
        f"sign (descend minimizes), or bound the search (minimize(..., bounds=...)){more}")


def _divergence(c: _Curves) -> Diagnosis | None:
    finite = np.isfinite(c.loss)
    if finite.all():
        best = int(np.argmin(c.loss))
        scale = max(abs(c.loss[0]), abs(c.loss[best]), 1e-12)
        if c.loss[-1] - c.loss[best] <= DIVERGED * scale:
            return None
        k = best + int(np.argmax(c.loss[best:] - c.loss[best] > DIVERGED * scale))
        seen = f"the loss grew from {c.loss[best]:.3g} (step {c.steps[best]}) to {c.loss[k]:.3g} (step {c.steps[k]})"
    else:
        k = int(np.argmin(finite))
        if k == 0:  # at the initial weights: no learning rate made it
            return Diagnosis(
                "divergence", int(c.steps[0]),
                f"the loss was {c.loss[0]} on the first batch, before any update",
                "the data or the model gives a non-finite loss whatever the learning rate: check "
                "the inputs and targets for NaN, inf or huge values (standardise them) and the "
                "model's output")
        seen = f"the loss became {c.loss[k]} at step {c.steps[k]}"
    lr_k = _lr_at(c, k if finite.all() else k - 1)
    if c.non_finite_layer is not None:
        seen += f"; the first gradient to go non-finite was layer {c.non_finite_layer[1]!r} at step {c.non_finite_layer[0]}"
    decreased = [i for i in range(1, min(k, len(c.loss))) if c.loss[i] < c.loss[i - 1]]
    good = _lr_at(c, decreased[-1] - 1) if decreased else lr_k
    base = min(good, lr_k) if math.isfinite(good) else lr_k
    advice = (f"the learning rate is too large: try lr={base / 10:.3g} "
              f"({'the last lr that decreased the loss' if decreased else 'the current lr'}, {base:.3g}, divided by 10)")
    return Diagnosis("divergence", int(c.steps[k]), f"{seen}, with lr={lr_k:.3g}", advice)


def _oscillation(c: _Curves) -> Diagnosis | None:
    """The loss zig-zags step after step (full batch), or swings up and down by ``_SWING`` of
    its level epoch after epoch (mini-batch; read on the validation loss where there is one,
    which no batch's noise moves: a healthy run's training epoch means can wobble by 20% when
    one batch is tiny), or the steps reverse direction (``minimize``); not for a run that
    converged to a point of small gradient, whatever it went through on the way."""
    held_out = not c.full_batch and c.val_loss is not None and len(c.val_loss) >= 5
    series = c.loss if c.full_batch else c.val_loss if held_out else c.epoch_loss
    if series is None or len(series) < 5 or not np.isfinite(series).all():
        return None
    g0, g = _gradient_ends(c)
    if c.converged and not g > _SMALL_GRADIENT * g0:
        return None
    window = series[-min(len(series), 50):]
    diffs = np.diff(window)
    rising = float(np.mean(diffs > 0))
    net, travel = abs(window[-1] - window[0]), float(np.abs(diffs).sum())
    swing = float(np.median(np.abs(diffs)) / max(float(np.median(np.abs(window))), 1e-12))
    step_flips = _step_reversals(c)
    # Swings of a loss already 1000x below where it was matter to nobody (Adam near zero loss).
    visible = float(np.median(np.abs(diffs))) >= _VISIBLE * float(np.max(np.abs(series)))
    if c.full_batch:
        zigzag = rising >= _RISING_SHARE and net < 0.5 * travel and visible
    else:
        zigzag = rising >= _RISING_SHARE and swing >= _SWING and visible
    if not (zigzag or step_flips >= _ZIGZAG_SHARE):
        return None
    lr = _lr_at(c, len(c.loss) - 2)
    unit = "steps" if c.full_batch else "epochs"
    shown = (f"the {'validation ' if held_out else ''}loss rose in {rising:.0%} of the last "
             f"{len(diffs)} {unit}, moving by a median {swing:.2g} of its level")
    if c.trajectory is not None:
        shown += f", and {step_flips:.0%} of the steps reversed direction"
    return Diagnosis(
        "oscillation", int(c.steps[-1]),
        f"{shown} (net progress {net:.3g} over a path of {travel:.3g}) with lr={lr:.3g}",
        f"the step overshoots the minimum along its steepest direction: try lr={lr / 2:.3g}, "
        "or, with momentum, a lower momentum (0.9 -> 0.5)",
    )


def _gradient_ends(c: _Curves) -> tuple[float, float]:
    """The gradient norm at the start (largest of the first 5 steps) and at the end (the last
    step's for full batches; the median over the last tenth of the steps for mini-batches, one
    batch's gradient being noisy)."""
    tail = c.grad_norm[-1:] if c.full_batch else c.grad_norm[-max(1, len(c.grad_norm) // 10):]
    return float(np.nanmax(c.grad_norm[:5])), float(np.nanmedian(tail))


def _step_reversals(c: _Curves) -> float:
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


def _slow_progress(c: _Curves) -> Diagnosis | None:
    """A run that stopped short of a minimum because its rate is too small, while the gradient
    is not small: unconverged and still falling at its first pace, or stalled, less than
    ``_STALLED`` below its start (which a relative-change stopping rule or early stopping then
    takes for convergence)."""
    n = len(c.loss)
    if n < 4 or not np.isfinite(c.loss).all():
        return None
    g0, g = _gradient_ends(c)
    if not g > _SMALL_GRADIENT * g0:
        return None  # at or near a stationary point
    fell = _fall(c)
    stalled = fell < _STALLED
    lr = _lr_at(c, n - 2)
    gradient = f"the gradient norm is {g:.3g} ({g / g0:.2g} of its start), with lr={lr:.3g}"
    if stalled:
        seen = (f"after {c.steps[-1]} steps the loss has fallen by only {max(fell, 0.0):.2g} "
                f"(relative) from its start and {gradient}")
    else:
        w = min(n - 1, 100)
        per_step = (c.loss[-w - 1] - c.loss[-1]) / max(abs(c.loss[-w - 1]), 1e-12) / w
        if c.converged or per_step < 0 or n < 10:
            return None
        seen = f"after {c.steps[-1]} steps the loss still falls by {per_step:.2g} (relative) per step and {gradient}"
    curvature = _curvature(c) if c.plain_steps and c.full_batch else None
    if curvature is None:
        if not stalled:
            pace = _pace(c.loss)
            if pace < _FIRST_PACE:  # it slowed down by itself: the steps ran out, not the rate
                return None
            seen += f"; the last quarter of the steps lowered it {pace:.2f} times as fast as the first"
        moved = _median_update(c, lr)
        factor = float(f"{_HEALTHY_UPDATE / moved:.2g}") if moved else 0.0
        if factor <= 3:
            return Diagnosis("slow_progress", int(c.steps[-1]), seen,
                             f"the learning rate may be too small: try lr={lr * 3:.3g}, or allow more steps")
        return Diagnosis("slow_progress", int(c.steps[-1]),
                         f"{seen}; a step changes the weights by {moved:.2g} of their norm",
                         f"the learning rate is too small, by at least about {factor:,.0f}x (a "
                         f"step usually changes the weights by {_HEALTHY_UPDATE:g} of their norm "
                         f"or more): try lr={lr * factor:.3g}, and descend.lr_find for the best")
    best = 1 / curvature
    if best >= 2 * lr:
        advice = (f"the learning rate is too small, by about {best / lr:.0f}x (curvature along the "
                  f"steps is up to {curvature:.3g}, so lr={best:.3g} is stable): try lr={best:.3g}")
    else:
        advice = (f"the learning rate is near its stable limit (curvature up to {curvature:.3g}, "
                  f"limit 2/L = {2 / curvature:.3g}): the problem is ill-conditioned; allow more "
                  "steps, or use momentum or Adam")
    return Diagnosis("slow_progress", int(c.steps[-1]), seen, advice)


def _fall(c: _Curves) -> float:
    """How far the loss fell over the run, relative to where it started: between the first
    and the last epoch's mean loss for mini-batch runs (each over all the examples, so a
    batch's noise does not count), else between the first and the last step."""
    series = c.loss
    if not c.full_batch and c.epoch_loss is not None and len(c.epoch_loss) >= 2:
        series = c.epoch_loss
    return float((series[0] - series[-1]) / max(abs(series[0]), 1e-12))


def _median_update(c: _Curves, lr: float) -> float | None:
    """The median, over the sampled steps, of the largest ``||Δθ|| / ||θ||`` of a step; where
    float rounding left the weights unchanged, for plain gradient steps ``lr`` times the
    median largest ``||∇θ|| / ||θ||``."""
    def median_largest(rows):
        finite = ([v for k, v in row.items() if k != "step" and math.isfinite(v)] for row in rows or [])
        tops = [max(values) for values in finite if values]
        return float(np.median(tops)) if tops else 0.0

    moved = median_largest(c.update_ratios)
    if moved == 0 and c.plain_steps:
        moved = lr * median_largest(c.layers)
    return moved or None


def _pace(loss: np.ndarray) -> float:
    """How fast the loss falls at the end of a run against the start: (mean of the third
    quarter of the steps - mean of the fourth) / (mean of the first - mean of the second).

    Near 1 for a rate too small to leave the starting region (the loss falls in a straight
    line), near 0 for a run whose fall slowed down as it approached a minimum; quarter means
    average out mini-batch noise. 0 when the loss did not fall in the first half.

    >>> round(_pace(np.linspace(2.0, 1.0, 100)), 2), round(_pace(np.exp(-np.arange(100) / 10)), 2)
    (1.0, 0.01)
    """
    q = [float(np.mean(part)) for part in np.array_split(loss, 4)]
    early = q[0] - q[1]
    return (q[2] - q[3]) / early if early > 0 else 0.0


def _curvature(c: _Curves) -> float | None:
    """The largest curvature the steps met, from the loss decrease of each step.

    A gradient step of size ``lr`` on a function with curvature ``L`` along the gradient
    lowers the loss by ``lr |g|^2 (1 - L lr / 2)``, so each observed decrease gives an ``L``;
    the early steps, whose gradients point along the stiffest directions, give the largest.
    Exact for gradient descent on a quadratic, a guide for other rules.
    """
    k = np.arange(len(c.loss) - 1)
    lr, g2 = c.lr[k], c.grad_norm[k] ** 2
    drop = c.loss[k] - c.loss[k + 1]
    # A drop below a millionth of the loss is float32 rounding, not curvature.
    ok = (lr > 0) & (g2 > 0) & np.isfinite(g2) & (drop > _RESOLVED * np.abs(c.loss[k]))
    if not ok.any():
        return None
    estimates = 2 * (lr[ok] * g2[ok] - drop[ok]) / (lr[ok] ** 2 * g2[ok])
    estimates = estimates[estimates > 0]
    return float(np.percentile(estimates, 90)) if len(estimates) else None


def _overfitting(c: _Curves) -> Diagnosis | None:
    if c.val_loss is None or len(c.val_loss) < 4 or not np.isfinite(c.val_loss).all():
        return None
    best = int(np.argmin(c.val_loss))
    rise = c.val_loss[-1] - c.val_loss[best]
    train = c.epoch_loss
    if best >= len(c.val_loss) - 2 or rise <= _OVERFIT_RISE * abs(c.val_loss[best]) or not train[-1] < train[best]:
        return None
    last_step_of_best = int(np.sum(c.step_epoch <= best)) if c.step_epoch is not None else None
    return Diagnosis(
        "overfitting", last_step_of_best,
        f"the validation loss rose from {c.val_loss[best]:.4g} (epoch {best}, its best) to "
        f"{c.val_loss[-1]:.4g} (epoch {len(c.val_loss) - 1}) while the training loss fell from "
        f"{train[best]:.4g} to {train[-1]:.4g}",
        f"keep the weights of epoch {best} (early stopping restores them), or regularise: "
        "weight_decay, dropout, a smaller model or more data",
    )


def _layer_extremes(c: _Curves) -> tuple[dict[str, float], int] | None:
    if not c.layers:
        return None
    row = c.layers[-1]
    return {k: v for k, v in row.items() if k != "step" and math.isfinite(v)}, int(row["step"])


def _vanishing(c: _Curves) -> Diagnosis | None:
    seen = _layer_extremes(c)
    if seen is None or len(seen[0]) < 2:
        return None
    ratios, step = seen
    low = [name for name, r in ratios.items() if r < _VANISHING]
    if not low or max(ratios.values()) < 100 * _VANISHING:
        return None
    top = max(ratios, key=ratios.get)
    return Diagnosis(
        "vanishing_gradients", step,
        f"layer {low[0]!r} gets a gradient {ratios[low[0]]:.2g} times its weights' norm, "
        f"{ratios[top] / max(ratios[low[0]], 1e-300):.2g} times less than layer {top!r}",
        "the layers before it barely learn: use ReLU/GELU instead of sigmoid/tanh, add "
        "normalisation layers or residual connections, or initialise the weights for the activation",
    )


def _exploding(c: _Curves) -> Diagnosis | None:
    seen = _layer_extremes(c)
    if seen is None:
        return None
    ratios, step = seen
    high = {name: r for name, r in ratios.items() if r > _EXPLODING}
    if not high:
        return None
    worst = max(high, key=high.get)
    lr = _lr_at(c, len(c.loss) - 1)
    return Diagnosis(
        "exploding_gradients", step,
        f"layer {worst!r} gets a gradient {high[worst]:.3g} times its weights' norm ({len(high)} "
        f"of {len(ratios)} weight tensors above {_EXPLODING:g}), with lr={lr:.3g}",
        f"a step of this size rewrites those weights: clip the gradient norm (clip_grad_norm=1.0), "
        f"lower the learning rate (try lr={lr / 10:.3g}), add normalisation layers, or initialise "
        "the weights for the activation (smaller weights in deep networks)",
    )


def _lr_at(c: _Curves, k: int) -> float:
    if len(c.lr) == 0:
        return math.nan
    value = c.lr[min(max(k, 0), len(c.lr) - 1)]
    return float(value) if math.isfinite(value) else float(c.lr[max(0, len(c.lr) - 2)])
