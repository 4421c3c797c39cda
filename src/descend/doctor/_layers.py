"""The checks on what the layers and the held-out data show: vanishing or exploding
gradients, and overfitting."""

from __future__ import annotations

import itertools
import math
import statistics

import numpy as np

from ..training.callbacks import EarlyStopping
from ..training.findings import Diagnosis
from ._adaptive_steps import READ_ADAPTIVE_STEPS, adaptive_steps_small, update_tops
from ._curves import Curves, lr_at, lr_change, validated_rows
from ._stability import TARGET, stability_reading
from ._thresholds import DEPTH, EXPLODING, HEALTHY_UPDATE, OVERFIT_RISE, RAISE, VANISHING


def overfitting(c: Curves) -> Diagnosis | None:
    """The validation loss rose more than ``OVERFIT_RISE`` above its best, two or more
    evaluations before the last, while the training loss fell. Read on the rows that hold a
    validation loss (a loop that validates every few epochs leaves the others NaN). Not where
    early stopping ended the run: the rise is then its patience window, and the best epoch's
    weights are restored (the run's ``converged`` finding says so)."""
    if c.why_stopped.startswith(EarlyStopping.REASON):
        return None
    rows = validated_rows(c)
    if len(rows) < 4 or not np.isfinite(val := c.val_loss[rows]).all():
        return None
    at = int(np.argmin(val))
    best, last = int(rows[at]), int(rows[-1])
    rise = val[-1] - val[at]
    train = c.epoch_loss
    if at >= len(val) - 2 or rise <= OVERFIT_RISE * abs(val[at]) or not train[last] < train[best]:
        return None
    last_step_of_best = int(np.sum(c.step_epoch <= best)) if c.step_epoch is not None else None
    if c.epoch_steps is not None and np.isfinite(c.epoch_steps[best]):  # the rows are evaluations
        return _overfitting_at_step(c, best, last, int(c.epoch_steps[best]))
    return Diagnosis(
        "overfitting",
        last_step_of_best,
        f"the validation loss rose from {val[at]:.4g} (epoch {best}, its best) to "
        f"{val[-1]:.4g} (epoch {last}) while the training loss fell from "
        f"{train[best]:.4g} to {train[last]:.4g}",
        f"keep the weights of epoch {best} (early stopping restores them; epochs={best + 1} stops "
        "there), or regularise: weight_decay, dropout, a smaller model or more data",
        {"epochs": best + 1},
    )


def _overfitting_at_step(c: Curves, best: int, last: int, step: int) -> Diagnosis:
    """:func:`overfitting` where evaluations closed the rows: the best evaluation's step, and
    ``max_steps`` to stop there."""
    end = f"step {int(c.epoch_steps[last])}" if np.isfinite(c.epoch_steps[last]) else "the end"
    return Diagnosis(
        "overfitting",
        step,
        f"the validation loss rose from {c.val_loss[best]:.4g} (evaluation {best}, at step {step}, its best) to "
        f"{c.val_loss[last]:.4g} (at {end}) while the training loss fell from {c.epoch_loss[best]:.4g} to "
        f"{c.epoch_loss[last]:.4g}",
        f"keep the weights of step {step} (a checkpoint at each evaluation and the best restored at the end), "
        f"or stop there (max_steps={step}), or regularise: weight_decay, dropout, a smaller model or more data",
        {"max_steps": step},
    )


def layer_extremes(c: Curves) -> tuple[dict[str, float], int] | None:
    if not c.layers:
        return None
    row = c.layers[-1]
    return {k: v for k, v in row.items() if k != "step" and math.isfinite(v)}, int(row["step"])


def starved(c: Curves) -> tuple[dict[str, float], list[str]] | None:
    """The median gradient ratio of each weight tensor over the run's layer samples, and the run
    of tensors at the input end whose ratio is under ``VANISHING`` while another layer learns
    (``None`` where there is no such run, or fewer than two tensors were sampled)."""
    if not c.layers:
        return None
    names = [k for k in c.layers[-1] if k != "step"]
    ratios = {}
    for name in names:
        seen = [row[name] for row in c.layers if math.isfinite(row.get(name, math.nan))]
        if seen:
            ratios[name] = statistics.median(seen)  # np.median's value, at a tenth of its cost on a few floats
    if len(ratios) < 2 or max(ratios.values()) < 100 * VANISHING:
        return None
    low = list(itertools.takewhile(lambda name: ratios[name] < VANISHING, ratios))
    return (ratios, low) if low else None


def saturated(c: Curves) -> bool:
    """Whether a model too shallow for :func:`vanishing` (fewer than ``DEPTH`` weight tensors)
    has its input-end layer starved all the same: a gradient under ``VANISHING`` times its
    weights' norm while another layer learns, its units saturated by the scale of its inputs
    (the doctor's ``unscaled_inputs`` finding, :mod:`descend.doctor._inputs`, which raises the
    rate too where the steps were measured small; no ``slow_progress`` either way).

    >>> import numpy as np
    >>> run = lambda rows: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True, layers=rows)
    >>> dead = [{"step": 1, "0.weight": 0.0, "2.weight": 0.1}]
    >>> saturated(run(dead)), vanishing(run(dead)) is None
    (True, True)
    >>> saturated(run([{"step": 1, "0.weight": 0.01, "2.weight": 0.1}]))
    False
    """
    found = starved(c)
    return found is not None and len(found[0]) < DEPTH


def sigmoid_deep(c: Curves, ratios: dict[str, float]) -> bool:
    """Whether a model of more than ``DEPTH`` weight tensors (n), on a non-adaptive rule (its
    stability reading's, :func:`descend.doctor._stability.stability_reading`; none: ``False``),
    passes its gradient back as sigmoid units do: the median ratio of the second weight tensor
    (``ratios``, :func:`starved`) at most ``4^-(n-2)`` of the top layer's, the factor 4 of the
    sigmoid's largest slope 1/4 or more lost at every layer between. Standardised inputs make the
    first layer one more such layer, and the run does not finish in its steps either way (a
    per-parameter rule, Adam's, rescales the small gradients): ``unscaled_inputs``
    (:mod:`descend.doctor._inputs`) there standardises the inputs under Adam.

    >>> import numpy as np
    >>> run = Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True, layers=[])
    >>> sigmoid_deep(run, {"0.weight": 0.0, "2.weight": 1e-3, "4.weight": 1e-2, "6.weight": 0.1})  # no reading
    False
    >>> sigmoid_deep(run, {"0.weight": 0.0, "2.weight": 1e-3, "4.weight": 0.1})  # not deeper than DEPTH
    False
    """
    names = list(ratios)
    if len(names) <= DEPTH or ratios[names[1]] > max(ratios.values()) / 4.0 ** (len(names) - 2):
        return False
    peak = stability_reading(c)
    return peak is not None and not peak.adaptive


def vanishing(c: Curves) -> Diagnosis | None:
    """Gradients that vanish on their way back to the input (Hochreiter 1991; Glorot & Bengio
    2010): the weight tensors at the input end of the model, a run of them in its order, each
    with a gradient below ``VANISHING`` times its weights' norm at the median of the run's
    layer samples, while another layer learns. A layer whose own output got no signal (a
    detector's head with no object assigned at its scale, an unused branch) is idle, not
    vanishing: the layers before it, which its gradient would have had to pass, get theirs.

    A gradient vanishes through depth: the model needs ``DEPTH`` = 3 or more weight tensors, so
    that the gradient reaching its input end has crossed two or more activations. With one
    hidden layer the first layer's gradient crosses one activation, and a gradient under
    ``VANISHING`` there is that layer's units saturated by the scale of its own inputs (raw,
    unscaled features through tanh or sigmoid: standardise them), not a gradient lost on its way
    back; as with a one-layer model's large gradient (:func:`exploding`), the input scale
    explains it and the layers' depth does not. Such a layer (:func:`saturated`) still explains a
    slow run as a vanishing gradient did, so :func:`descend.doctor.diagnose` blames no rate for
    the slowness there (no ``slow_progress``) either. Where the input scale explains a starved
    first layer at any depth, and the steps were measured large (or small, with a reading to size
    a raise), the doctor names it ``unscaled_inputs`` instead (:mod:`descend.doctor._inputs`)."""
    found = starved(c)
    if found is None or len(found[0]) < DEPTH:
        return None
    ratios, low = found
    step = int(c.layers[-1]["step"])
    top = max(ratios, key=ratios.get)
    samples = f"the median of {len(c.layers)} samples" if len(c.layers) > 1 else f"step {step}"
    return Diagnosis(
        "vanishing_gradients",
        step,
        f"layer {low[0]!r} gets a gradient {ratios[low[0]]:.2g} times its weights' norm ({samples}), "
        f"{ratios[top] / max(ratios[low[0]], 1e-300):.2g} times less than layer {top!r}"
        + (f"; the {len(low)} weight tensors nearest the input all below {VANISHING:g}" if len(low) > 1 else ""),
        "the layers before it barely learn: use ReLU/GELU instead of sigmoid/tanh, add "
        "normalisation layers or residual connections, or initialise the weights for the activation",
    )


def exploding(c: Curves, diverged: bool = False, adaptive_steps: bool = READ_ADAPTIVE_STEPS) -> Diagnosis | None:
    """Layers whose gradient is ``EXPLODING`` times their weights' norm. Gradients explode
    through depth (Pascanu et al. 2013, "On the difficulty of training recurrent neural
    networks"): a run that did not diverge needs two or more weight matrices above it, and steps
    measured large (:func:`step_size`): a large gradient taken in small steps (raw, unscaled
    inputs under a too-small rate) rewrites nothing, and a smaller rate would make it worse.
    Under an adaptive rule (Adam, RMSprop, Adagrad), whose step does not scale with the
    gradient, the steps are also read from the update ratios, and a median under
    ``HEALTHY_UPDATE`` finds none (:mod:`descend.doctor._adaptive_steps`; ``adaptive_steps=False``
    skips that reading, the rule before session 19). One layer alone (a linear or softmax model)
    gets a large gradient from the scale of its raw inputs, which a smaller rate does not cure
    (standardise the inputs); beside a divergence it is named as its cause."""
    seen = layer_extremes(c)
    if seen is None:
        return None
    ratios, step = seen
    high = {name: r for name, r in ratios.items() if r > EXPLODING}
    deep = sum(1 for name in high if name.endswith("weight")) >= 2
    if not high or not (deep or diverged):
        return None
    measured = step_size(c, high)
    if not diverged and not measured[0]:
        return None
    if not diverged and adaptive_steps and adaptive_steps_small(c, high):
        return None  # a large gradient, which the adaptive rule's step does not follow
    worst = max(high, key=high.get)
    lr = lr_at(c, len(c.loss) - 1)
    return Diagnosis(
        "exploding_gradients",
        step,
        f"layer {worst!r} gets a gradient {high[worst]:.3g} times its weights' norm ({len(high)} "
        f"of {len(ratios)} weight tensors above {EXPLODING:g}), with lr={lr:.3g}"
        + (f"; {measured[1]}" if measured[1] else ""),
        f"a step of this size rewrites those weights: clip the gradient norm (clip_grad_norm=1.0) "
        f"and lower the learning rate (try lr={lr / 10:.3g}); add normalisation layers, or initialise "
        "the weights for the activation (smaller weights in deep networks)",
        {"clip_grad_norm": 1.0, **lr_change(lr / 10)},
    )


def step_size(c: Curves, layers: dict[str, float]) -> tuple[bool, str]:
    """Whether the run's steps were measured large, and the measurement in words. On the
    instruments: the peak effective stability ratio (:mod:`descend.doctor._stability`) at
    least ``TARGET / RAISE``, where ``slow_progress`` stops finding headroom (a rate whose
    advised raise is under ``RAISE`` times is not too small). Without a reading: the median
    over the samples of the largest ``||Δθ|| / ||θ||`` of ``layers`` at least
    ``HEALTHY_UPDATE`` (about 1e-3 per step, CS231n)."""
    peak = stability_reading(c)
    if peak is not None:
        large = peak.effective >= TARGET / RAISE
        return large, f"the measured effective stability ratio peaked at {peak.effective:.2g} ({peak.describe()})"
    tops = update_tops(c, layers)
    if not tops:
        return True, ""  # nothing measured the steps: the gradient's size is the evidence
    moved = float(np.median(tops))
    return moved >= HEALTHY_UPDATE, f"a step moves them by {moved:.2g} of their norm (median of {len(tops)} samples)"
