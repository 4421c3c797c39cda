"""The range test's curve read: its smoothing, whether the ramp's steps have moved the model yet
(:func:`probe_moved`, from which a blow-up is measured), the suggestion, the rate of the steepest
descent before the minimum (:func:`steepest_before_minimum`), and, where the loss never fell, why
(:func:`why_no_fall`, with how far the ramp moved the weights: :func:`ramp_moves`)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch import Tensor

from .closure_step import needs_closure
from .data import Source

__all__ = ["blew_up", "probe_moved", "ramp_moves", "smooth", "steepest_before_minimum", "why_no_fall"]

_SMOOTHING = 0.98  # weight of the past in the moving average of the mini-batch losses
_MOVED = 1e-3  # a blow-up's best is counted once the probe loss has moved this share from its first reading
_MIN_DROP = 0.05  # the curve must fall by this share of its start to be trusted
_TINY_STEPS = 1e-3  # a ramp that moved the weights less than this share of their norm had too small rates (words only)


def probe_moved(probed: list[float]) -> bool:
    """Whether the steps so far changed the model: the last probe loss lies more than
    ``_MOVED`` (0.1%) of the first one away from it. Before that, the smoothed mini-batch loss
    moves with the batches drawn alone, and its lowest value is no level a blow-up can be
    measured from: with batches of 16 of a noisy regression, the first batch's loss (0.23,
    the probe's 1.04) made the average of the next four read as a 4x blow-up at lr = 2e-7
    (bench ``lr_quality``, fresh-s18, Hartmann 3-D with Nesterov, seed 4: the pilots' bracket
    then lay at 1e-10-1e-7 and ``lr="auto"`` trained nothing).

    >>> probe_moved([]), probe_moved([1.0, 1.0005]), probe_moved([1.0, 0.998])
    (False, False, True)
    """
    return len(probed) > 1 and abs(probed[-1] - probed[0]) > _MOVED * abs(probed[0])


def blew_up(reference: float, value: float, factor: float) -> bool:
    """Whether ``value``, finite, exceeds ``reference`` by ``factor``, as ``reference + (factor - 1)
    |reference|``, so that it holds for negative losses too (a loss that is not finite is the
    ramp's own stop, at its next step; an infinite ``reference``, no best yet, is never exceeded).
    The ramp asks it of the smoothed loss against its best, and of the probe loss against its
    first at the step whose update first moved the model (:func:`probe_moved`): a first move that
    was itself a blow-up would make the blown-up loss the best (L-BFGS on batches of 32 of the
    diabetes data, seed 1: best 6.4e6 where the probe started at 0.84, and the ramp went on to
    losses of 3.5e22).

    >>> blew_up(1.0, 3.9, 4.0), blew_up(1.0, 4.1, 4.0), blew_up(-1.0, 1.9, 4.0)
    (False, True, False)
    >>> blew_up(1.0, float("nan"), 4.0), blew_up(float("inf"), 1e30, 4.0)
    (False, False)
    """
    return math.isfinite(value) and value > reference + (factor - 1) * abs(reference)


def smooth(values: list[float], beta: float = _SMOOTHING) -> list[float]:
    """Exponential moving average with bias correction (as Adam's first moment)."""
    out, avg = [], 0.0
    for i, v in enumerate(values, start=1):
        if not math.isfinite(v):
            out.append(v)
            continue
        avg = beta * avg + (1 - beta) * v
        out.append(avg / (1 - beta**i))
    return out


def steepest_before_minimum(
    lrs: list[float], losses: list[float], no_fall: Callable[[], str]
) -> tuple[float | None, str]:
    """The rate of the steepest fall of ``losses`` before their lowest point, or ``None`` and
    why there is none (``no_fall()`` ends the reason where the loss never fell enough). No
    ``lrs`` at all: the ramp's first loss was not finite.

    >>> steepest_before_minimum([], [], lambda: "")
    (None, "the loss was not finite at the first step, before any update changed the initial weights: no learning rate can help; look for nan or inf in the model's output or the loss")
    """
    if not lrs:  # the ramp's first loss was not finite: no update had changed the weights yet
        return None, (
            "the loss was not finite at the first step, before any update changed the initial weights: no "
            "learning rate can help; look for nan or inf in the model's output or the loss"
        )
    finite = [i for i, v in enumerate(losses) if math.isfinite(v)]
    if len(finite) < 5:
        return None, f"only {len(finite)} finite points: start the range lower than {lrs[0]:.3g}"
    y = np.asarray([losses[i] for i in finite])
    x = np.log(np.asarray([lrs[i] for i in finite]))
    lowest = int(np.argmin(y))
    drop = y[0] - y[lowest]
    if drop <= _MIN_DROP * abs(y[0]):
        return None, (
            f"the loss never fell by {_MIN_DROP:.0%} of its start ({y[0]:.4g} -> lowest {y[lowest]:.4g}){no_fall()}"
        )
    # Slopes over a window of 5% of the points either side: a single noisy batch cannot make
    # the steepest point; the first tenth is skipped while the moving average settles.
    w = max(2, len(y) // 20)
    first = max(w, len(y) // 10)
    if lowest - w <= first:
        return None, (
            f"the loss was lowest near the start of the range (lr={math.exp(x[lowest]):.3g}): begin the range lower"
        )
    i = np.arange(first, lowest - w + 1)
    slope = (y[i + w] - y[i - w]) / (x[i + w] - x[i - w])
    steepest = int(i[np.argmin(slope)])
    if slope.min() >= 0:
        return None, "the smoothed loss never decreased steadily before its minimum"
    return float(np.exp(x[steepest])), ""


def ramp_moves(module: torch.nn.Module, start: dict[str, Tensor]) -> tuple[float, float]:
    """The global norm of the last gradient of the ramp, and how far the ramp moved the weights
    from their ``start`` (the state dict before it) as a share of their norm: ``|w - w0| / |w0|``.

    >>> net = torch.nn.Linear(2, 1, bias=False)
    >>> net.weight.data, net.weight.grad = torch.tensor([[3.0, 4.0]]), torch.tensor([[0.0, 2.0]])
    >>> start = {"weight": torch.tensor([[3.0, 0.0]])}  # moved by 4, from a norm of 3
    >>> ramp_moves(net, start)
    (2.0, 1.3333333333333333)
    """
    named = list(module.named_parameters())
    grads = [p.grad.detach().flatten() for _, p in named if p.grad is not None]
    grad_norm = float(torch.linalg.vector_norm(torch.cat(grads))) if grads else 0.0
    if not named or any(name not in start for name, _ in named):  # a module with its own state_dict keys
        return grad_norm, math.nan
    with torch.no_grad():
        now = torch.cat([p.detach().flatten() for _, p in named]).double()
        was = torch.cat([start[name].flatten() for name, _ in named]).double()
        return grad_norm, float(torch.linalg.vector_norm(now - was) / torch.linalg.vector_norm(was).clamp_min(1e-300))


def why_no_fall(
    lrs: list[float], probed: list[float], blew_up: bool, opt, source: Source, moves: Callable[[], tuple[float, float]]
) -> str:
    """The end of the reason where the loss never fell, as the ramp ended: it blew up first
    (the range starts too high; or, for a rule that evaluates the loss itself on mini-batches
    whose first step that changed the model blew it up, that it stalls), or no step changed the
    model (a rule that evaluates the loss itself on mini-batches, LBFGS, pairs the gradients of
    different batches and can stall at any rate; steps too small against the weights,
    ``moves()`` (:func:`ramp_moves`) being a gradient that is not zero and weights moved by less
    than ``_TINY_STEPS`` of their norm: the range ended too low; else gradients that may be
    zero), or it reached its end (the model unable to learn, or the data unsuitable)."""
    stalls = needs_closure(opt) and source.updates_per_epoch() > 1
    advice = (
        f"{type(opt).__name__} on mini-batches of {source.batch_size} stalls; give batch_size=None (the full batch)"
    )
    if blew_up:
        if stalls and not probe_moved(probed[:-1]):  # the update that first moved the model threw it away
            return f" before it blew up at lr={lrs[-1]:.3g}, where a step first changed the model: {advice}"
        return f" before it blew up at lr={lrs[-1]:.3g}: start lower than {lrs[0]:.3g}, or the model cannot learn with this optimizer"
    if not probe_moved(probed):
        said = f": the steps up to lr={lrs[-1]:.3g} did not change the model (its probe loss stayed at {probed[0]:.4g})"
        if stalls:
            return f"{said}: {advice}"
        grad_norm, moved = moves()
        if 0 < grad_norm < math.inf and moved < _TINY_STEPS:
            return (
                f"{said}: its gradients are not zero (norm {grad_norm:.3g} at the last step), but the whole range moved "
                f"the weights by {moved:.2g} of their norm: it stopped at end={lrs[-1]:.3g}, before the rates were "
                "large enough to matter; give a larger end"
            )
        return f"{said}: the model's gradients may be zero (dead units, a detached output)"
    return ": the model unable to learn, or the data unsuitable"
