"""A run's record in one shape, whichever kind of run it was: :class:`Curves`, read from a
``minimize`` result or a ``train`` history, and the readings several checks share."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from ._thresholds import BLOWN_UP, DEADENED, THROWN


@dataclass
class Curves:
    """A run's record in one shape: per step (index k = after k updates, as far as known)."""

    loss: np.ndarray  # per step
    grad_norm: np.ndarray  # per step, same length as loss
    lr: np.ndarray  # lr used to leave each point (first param group)
    steps: np.ndarray  # step numbers of the rows
    converged: bool
    why_stopped: str
    full_batch: bool  # per-step losses are exact (not mini-batch estimates)
    plain_steps: bool  # every update was -lr * gradient (what largest_curvature assumes)
    trajectory: np.ndarray | None = None
    epoch_loss: np.ndarray | None = None
    val_loss: np.ndarray | None = None
    layers: list[dict[str, float]] | None = None
    update_ratios: list[dict[str, float]] | None = None
    non_finite_layer: tuple[int, str] | None = None
    step_epoch: np.ndarray | None = None  # the epoch of each step (train only)
    # The step each epoch row was closed at where evaluations closed the rows (a watched loop's
    # ``monitor.evaluated()``: every N updates, mid-epoch); None where rows are epochs.
    epoch_steps: np.ndarray | None = None
    noise_free: bool = False  # the gradients are exact (minimize), not estimates from data
    # Sampled readings of descend.instruments (History.instruments rows: step, sharpness,
    # threshold, stability, ...); empty when the run took none.
    instruments: list[dict[str, Any]] = field(default_factory=list)
    runner: str = "train"  # whose settings a finding's change is in: "train" or "minimize"
    # The counterfactual probe of a larger rate at the run's end (History.rate_probe,
    # descend.instruments.rate_probe); None where the run took none.
    rate_probe: dict[str, Any] | None = None
    # The loss over the training data at the initial weights (History.initial_data_loss), where
    # train measured it; None elsewhere (the first loss is then the start: _data_start.py).
    data_start: float | None = None
    # The schedule object that set the rates (History.schedule; its repr once loaded), None where
    # the optimizer's lr did: its run's base rate is the peak of its rates, not a group's lr.
    schedule: Any = None
    # A minimize run's status (descend.minimize.STATUSES), its tolerance on the gradient norm
    # (:mod:`descend.doctor._unfinished` measures a run the budget stopped against it) and its
    # line-search method (whose lr is the searched step; None for gradient descent).
    status: str | None = None
    gtol: float = math.nan
    method: str | None = None
    # The machine epsilon of a minimize run's dtype (its trajectory holds bfloat16 as float32).
    eps: float = math.nan
    # A minimize run whose schedule-free optimizer returned the average of its iterates (the
    # record is the iterates'): its rate needs no schedule (Trace.averaged).
    averaged: bool = False


def from_result(res: Any) -> Curves:
    h = res.history
    return Curves(
        loss=np.asarray(h.loss, dtype=float),
        grad_norm=np.asarray(h.grad_norm, dtype=float),
        lr=np.asarray(h.lr, dtype=float),
        steps=np.arange(len(h.loss)),
        converged=bool(res.converged),
        why_stopped=res.message,
        full_batch=True,
        noise_free=True,
        plain_steps=getattr(h, "plain_steps", True),
        trajectory=None if h.x is None else np.asarray(h.x, dtype=float).reshape(len(h.loss), -1),
        instruments=list(getattr(h, "instruments", None) or []),
        runner="minimize",
        schedule=getattr(h, "schedule", None),
        status=res.status,
        gtol=float(getattr(h, "gtol", math.nan)),
        method=getattr(h, "method", None),
        eps=_machine_eps(getattr(h, "dtype", None)),
        averaged=bool(getattr(h, "averaged", False)),
    )


def _machine_eps(dtype: str | None) -> float:
    """The machine epsilon of a run's dtype by name (a minimize Trace's ``dtype``); NaN where unknown.

    >>> _machine_eps("bfloat16"), _machine_eps(None)
    (0.0078125, nan)
    """
    kind = getattr(torch, dtype, None) if isinstance(dtype, str) else None
    return torch.finfo(kind).eps if isinstance(kind, torch.dtype) and kind.is_floating_point else math.nan


def from_history(h: Any) -> Curves:
    steps = h.steps
    loss = np.asarray(steps.get("loss", []), dtype=float)
    n = len(loss)
    grad = np.asarray(steps.get("grad_norm", [math.nan] * n), dtype=float)[:n]
    lr = np.asarray([row[0] for row in steps.get("lr", [])], dtype=float)
    epochs = h.epochs
    n_epochs = len(epochs.get("loss", []))
    # One update per epoch row is a full batch where the rows are epochs; rows that evaluations
    # closed (a watched loop's monitor.evaluated(), with their step) say nothing of the batch: a
    # mini-batch loop that evaluates after every update has one update per row too.
    full_batch = n_epochs > 0 and n == n_epochs and "step" not in epochs
    step_epoch = np.asarray(steps.get("epoch", []), dtype=int)
    if h.non_finite_step is not None:  # that step's loss stopped the run before it was kept
        loss, grad = np.append(loss, h.non_finite_loss), np.append(grad, math.nan)
        lr = np.append(lr, lr[-1] if len(lr) else math.nan)
        n += 1
    return Curves(
        loss=loss,
        grad_norm=np.pad(grad, (0, n - len(grad)), constant_values=math.nan),
        lr=lr,
        steps=np.arange(1, n + 1),
        converged=bool(h.converged),
        why_stopped=h.stopped_because,
        full_batch=full_batch,
        plain_steps=bool(h.plain_steps),
        epoch_loss=np.asarray(epochs.get("loss", []), dtype=float),
        val_loss=np.asarray(epochs["val_loss"], dtype=float) if "val_loss" in epochs else None,
        layers=h.layer_grad_ratios,
        update_ratios=h.update_ratios,
        non_finite_layer=h.non_finite_layer,
        step_epoch=step_epoch,
        epoch_steps=np.asarray(epochs["step"], dtype=float) if "step" in epochs else None,
        instruments=list(getattr(h, "instruments", None) or []),
        rate_probe=getattr(h, "rate_probe", None),
        data_start=getattr(h, "initial_data_loss", None),
        schedule=getattr(h, "schedule", None),
    )


def validated_rows(c: Curves) -> np.ndarray:
    """The indices of the epoch rows that hold a validation loss (none without one): a loop that
    validates every few epochs, or evaluated only some of them, leaves NaN in the others.

    >>> validated_rows(Curves(np.ones(4), np.ones(4), np.ones(4), np.arange(4), False, "", False, True,
    ...     val_loss=np.array([np.nan, 0.5, np.nan, 0.4]))).tolist()
    [1, 3]
    """
    return np.flatnonzero(~np.isnan(c.val_loss)) if c.val_loss is not None else np.array([], dtype=int)


def lr_at(c: Curves, k: int) -> float:
    if len(c.lr) == 0:
        return math.nan
    value = c.lr[min(max(k, 0), len(c.lr) - 1)]
    return float(value) if math.isfinite(value) else float(c.lr[max(0, len(c.lr) - 2)])


def gradient_ends(c: Curves) -> tuple[float, float]:
    """The gradient norm at the start (largest of the first 5 steps) and at the end (the last
    step's for full batches; the median over the last tenth of the steps for mini-batches, one
    batch's gradient being noisy)."""
    tail = c.grad_norm[-1:] if c.full_batch else c.grad_norm[-max(1, len(c.grad_norm) // 10) :]
    head, tail = (part[~np.isnan(part)] for part in (c.grad_norm[:5], tail))  # NaN: not read
    # NaN where none was read (numpy's nanmax would say so with a RuntimeWarning to the user).
    return float(np.max(head)) if head.size else math.nan, float(np.median(tail)) if tail.size else math.nan


def spiked_and_died(c: Curves) -> tuple[float, float] | None:
    """``(peak, end)``, the gradient norm's largest finite value and the median of its last
    quarter, each over its first value ``g0``, where it spiked and died away (``peak >= THROWN``
    and ``end < DEADENED``: the signature of steps that threw the weights, :mod:`._thrown`);
    else ``None``.

    >>> c = Curves(np.ones(8), np.r_[1.0, 4.0, np.full(6, 0.1)], np.ones(8), np.arange(8), False, "", True, True)
    >>> spiked_and_died(c)
    (4.0, 0.1)
    >>> import dataclasses
    >>> spiked_and_died(dataclasses.replace(c, grad_norm=np.linspace(1.0, 4.0, 8))) is None  # grew, never died
    True
    """
    g = np.asarray(c.grad_norm, dtype=float)
    if len(g) < 4 or not (np.isfinite(g[0]) and g[0] > 0):
        return None
    late = np.array_split(g, 4)[3]
    late = late[np.isfinite(late)]
    if not len(late):
        return None
    peak, end = float(np.max(g[np.isfinite(g)]) / g[0]), float(np.median(late) / g[0])
    return (peak, end) if peak >= THROWN and end < DEADENED else None


def late_pace(loss: np.ndarray) -> float:
    """How fast the loss falls at the end of a run against the start: (mean of the third
    quarter of the steps - mean of the fourth) / (mean of the first - mean of the second).

    Near 1 for a rate too small to leave the starting region (the loss falls in a straight
    line), near 0 for a run whose fall slowed down as it approached a minimum; quarter means
    average out mini-batch noise. 0 when the loss did not fall in the first half.

    >>> round(late_pace(np.linspace(2.0, 1.0, 100)), 2), round(late_pace(np.exp(-np.arange(100) / 10)), 2)
    (1.0, 0.01)
    >>> round(late_pace(np.linspace(2.0, 1.0, 21)), 6)  # quarters of 6, 5, 5 and 5 steps
    1.0
    """
    parts = np.array_split(np.arange(len(loss)), 4)
    q = [float(np.mean(loss[p])) for p in parts]
    # Per step between the quarters' centres: quarters of unequal length (a length not
    # divisible by 4) then give exactly 1 for a straight line, as equal ones do.
    c = [float(np.mean(p)) for p in parts]
    early = (q[0] - q[1]) / (c[1] - c[0])
    return (q[2] - q[3]) / (c[3] - c[2]) / early if early > 0 else 0.0


def rounded(value: float) -> float:
    """``value`` to the 3 significant digits the advice prints, so that a finding's change
    and its text name the same number.

    >>> rounded(0.0123456)
    0.0123
    """
    return float(f"{value:.3g}")


def lr_change(lr: float) -> dict[str, Any]:
    """``{"lr": lr}`` rounded as the advice prints it; ``{}`` where the rate is unknown."""
    return {"lr": rounded(lr)} if math.isfinite(lr) and lr > 0 else {}


def more_steps(c: Curves) -> dict[str, Any]:
    """Twice the steps the run took, in its own terms: ``epochs`` for ``train``,
    ``max_iter`` for ``minimize``, ``max_steps`` where evaluations, not epochs, closed the rows."""
    if c.runner == "minimize":
        return {"max_iter": 2 * max(len(c.loss) - 1, 1)}
    if c.epoch_steps is not None:
        return {"max_steps": 2 * max(len(c.loss), 1)}
    return {"epochs": 2 * max(len(c.epoch_loss) if c.epoch_loss is not None else 0, 1)}


def progress_series(c: Curves) -> np.ndarray:
    """The loss curve progress is read on: the epoch means of a mini-batch run (each over all
    its examples, so one batch's noise does not count), else the per-step loss (also where each
    row holds one update: its mean is one batch's loss)."""
    if not c.full_batch and c.epoch_loss is not None and 4 <= len(c.epoch_loss) != len(c.loss):
        return c.epoch_loss
    return c.loss


def blow_up_step(c: Curves) -> int:
    """The last step before the loss first rose to ``BLOWN_UP`` times its first value (the
    last step of the run if it never did): readings after it measure weights the run was
    thrown to, not the rate's."""
    start = abs(float(c.loss[0]))
    high = ~(np.abs(np.nan_to_num(c.loss, nan=np.inf)) <= BLOWN_UP * max(start, 1e-12))
    first = int(np.argmax(high))
    return int(c.steps[first - 1]) if high.any() and first > 0 else int(c.steps[-1])
