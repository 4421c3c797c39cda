"""The batch-size finding: advice about efficiency, from the gradient noise scale the run's
instruments measured (``History.instruments`` rows with ``noise_scale`` and ``batch_size``).

B_simple = tr(Σ)/|G|² is the batch at which a step's gradient is as much noise as signal
(McCandlish et al. 2018, "An Empirical Model of Large-Batch Training"). Well below it each
step is mostly noise: a larger batch, with the rate scaled to it, reaches the same loss in
fewer steps on about the same number of examples. Well above it the extra examples of a batch
barely improve the step: a smaller batch reaches it on fewer examples. The finding fires only
where every reading of the run lies more than :data:`FACTOR` times beyond the batch, and it
says nothing about whether the rate is too large or too small (the rate findings do).

The suggestion follows ``batch_size="auto"``'s rule (:mod:`descend.instruments.batch_size`):
the batch :func:`~descend.instruments.batch_size.batch_for_training` picks for the reading
nearest the run's batch (a power of two, at least 32, the full batch near B_simple) and the
rate scaled to it by :func:`~descend.instruments.batch_size.scaled_lr` with that reading as
B_noise (for SGD-family rules McCandlish's factor, which saturates above B_noise). A scaled
rate that would take the largest stability ratio the run measured past ``TARGET`` at the new
batch (the ratio every advised rate aims at; the full batch drops the noise model's gain) is
held there, and never cut below the rate it scales (that is the rate findings' call): the run's own, or
the one its rate findings advise where they advise one (session 24). The rows'
``batch_size`` counts the examples of an update; a run that accumulates ``accumulate``
batches per update (``History.batch_choice["accumulate"]``) is told the micro-batch, so that
``train(..., accumulate=accumulate, **change)`` updates on the suggested number of examples.
"""

from __future__ import annotations

import math
from typing import Any

from ..instruments.batch_size import batch_for_training, scaled_lr
from ..training.findings import Diagnosis
from ..training.history import History
from ._curves import Curves, from_history
from ._stability import TARGET, stability_reading

__all__ = ["FACTOR", "batch_size"]

#: How far beyond the batch every reading of B_simple must lie for the finding.
FACTOR = 8.0
# Readings needed: one reading of a noisy ratio is not evidence enough.
_READINGS = 2


def batch_size(history: History, curves: Curves | None = None, advised_lr: float | None = None) -> Diagnosis | None:
    """A ``batch_size`` finding when the batch was far below (every B_simple reading > 8 × the
    batch) or far above (every reading < batch / 8) the critical batch size, with the
    readings, the batch ``batch_size="auto"`` would pick for the reading closest to the run's
    batch (the micro-batch of a run that accumulates), and the rate scaled to it (by
    McCandlish's saturating factor for SGD-family rules, by the square root for adaptive ones:
    ``History.batch_choice["scaling"]``; without it, the rate only for plain gradient descent),
    held where it would take the measured stability ratio past ``TARGET`` (:func:`_stable_rate`).
    ``None`` without 2 finite readings (an infinite one measured no signal: the gradient was
    lost in the noise), where the batch is within a factor 8 of them, or where that rule
    keeps the batch (a batch below 32 is not shrunk: it would save examples, not time), and
    for a rule of full-batch gradients (L-BFGS, Rprop: ``History.batch_choice["full_batch_rule"]``),
    whose line search or sign steps a mini-batch's changing gradient breaks.
    ``curves``: the history's (:func:`~._curves.from_history`), where the caller has them;
    ``advised_lr``: the rate the run's rate findings advise, scaled instead of the run's own
    (advice to shrink the batch of a run whose rate is too small names the rate scaled from
    the raised one, not from the one found too small)."""
    if history.batch_choice.get("full_batch_rule"):  # L-BFGS, Rprop: a mini-batch breaks them
        return None
    rows = [
        row
        for row in getattr(history, "instruments", [])
        if _measured(row.get("noise_scale")) and isinstance(row.get("batch_size"), int) and row["batch_size"] > 0
    ]
    if len(rows) < _READINGS:
        return None
    batch = rows[-1]["batch_size"]
    readings = [float(row["noise_scale"]) for row in rows]
    low, high = min(readings), max(readings)
    if low > FACTOR * batch:
        nearest, direction = low, "below"
    elif high < batch / FACTOR:
        nearest, direction = high, "above"
    else:
        return None
    n_train = _examples_per_epoch(history, batch)
    suggested = batch_for_training(nearest, n_train if n_train is not None else 2**62)
    if (suggested - batch) * (1 if direction == "below" else -1) <= 0:
        return None  # the shared rule keeps the batch (at least 32, at most the data)
    full = n_train is not None and suggested >= n_train
    accumulate = _accumulate(history)
    micro = max(1, suggested // accumulate)
    change: dict[str, Any] = {"batch_size": None if full else micro}
    own, scaling = _rate(history), _scaling(history)
    lr = advised_lr if advised_lr is not None and own is not None else own
    held = ""
    if lr is not None and scaling is not None:
        examples = n_train if full else micro * accumulate
        scaled = scaled_lr(lr, examples, scaling, reference=batch, noise_scale=nearest)
        stable = _stable_rate(curves if curves is not None else from_history(history), own, full)
        if stable is not None and scaled > max(stable, lr):
            scaled, held = max(stable, lr), _held_words(stable, lr)
        change["lr"] = float(f"{scaled:.3g}")
    steps = f"steps {rows[0]['step']}–{rows[-1]['step']}" if len(rows) > 1 else f"step {rows[0]['step']}"
    spread = f"{low:.3g}–{high:.3g}" if high > low else f"{low:.3g}"
    evidence = f"the gradient noise scale B_simple was {spread} examples over {len(rows)} readings ({steps}), " + (
        f"more than {FACTOR:g}× the batch of {batch}: most of each step's gradient was noise"
        if direction == "below"
        else f"less than 1/{FACTOR:g} of the batch of {batch}: most of each batch's examples added little"
    )
    new_batch = (
        "the full batch"
        if full
        else f"batch_size={micro}"
        + (f" (× accumulate={accumulate}: {micro * accumulate} an update)" if accumulate > 1 else "")
    )
    rate = (
        f" with lr={change['lr']:g} ({scaling} scaling of lr={lr:g}{', the rate advised above' if lr != own else ''}{held})"
        if "lr" in change
        else " with the rate scaled to it (linearly for SGD, by the square root for adaptive rules)"
    )
    gain = (
        "fewer steps on about the same number of examples"
        if direction == "below"
        else "about as many steps on fewer examples"
    )
    advice = f"for efficiency (not a fault of the run): {new_batch}{rate} should reach the same loss in {gain}"
    return Diagnosis("batch_size", int(rows[0]["step"]), evidence, advice, change)


def _stable_rate(curves: Curves, lr: float, full: bool) -> float | None:
    """The rate at which the largest stability ratio the run measured
    (:func:`~._stability.stability_reading`) would reach ``TARGET``, the aim of every rate the
    doctor advises, at the suggested batch: its effective ratio, or for the full batch, whose
    steps are the noise-free recursion, its measured one; ``None`` without a reading."""
    peak = stability_reading(curves)
    if peak is None:
        return None
    ratio = peak.stability if full else peak.effective
    return lr * TARGET / ratio if ratio > 0 else None


def _held_words(stable: float, lr: float) -> str:
    if stable <= lr:
        return f", held at lr={lr:g}: the largest stability ratio measured leaves no room to raise it"
    return f", held at lr={stable:.3g}: the rate that puts the largest stability ratio measured at {TARGET:g}"


def _measured(value: Any) -> bool:
    # An infinite reading is no signal measured (the gradient lost in the noise on the probe,
    # as at a run's noise floor): no number to weigh a batch against.
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def _examples_per_epoch(history: History, batch: int) -> int | None:
    """An upper bound on the training examples: the batch times the updates of the first full
    epoch (the last batch of an epoch may be short); ``None`` before one epoch ended."""
    epochs = history.steps.get("epoch", [])
    if not epochs or epochs.count(epochs[0]) == len(epochs):
        return None
    return batch * epochs.count(epochs[0])


def _rate(history: History) -> float | None:
    """The run's peak rate of its first parameter group (a warm-up's start is not its rate)."""
    rates = [lr[0] if isinstance(lr, (list, tuple)) else lr for lr in history.steps.get("lr", [])]
    rates = [float(r) for r in rates if isinstance(r, (int, float)) and math.isfinite(r)]
    return max(rates) if rates else None


def _accumulate(history: History) -> int:
    """Batches per update of the run (``train(..., accumulate=K)``), 1 where not recorded."""
    accumulate = history.batch_choice.get("accumulate", 1)
    return accumulate if isinstance(accumulate, int) and accumulate >= 1 else 1


def _scaling(history: History) -> str | None:
    scaling = history.batch_choice.get("scaling")
    if scaling in ("linear", "sqrt"):
        return scaling
    return "linear" if history.plain_steps else None
