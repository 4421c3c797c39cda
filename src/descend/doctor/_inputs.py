"""The check on a first layer that the scale of its raw inputs saturates: ``unscaled_inputs``,
whose cure is to standardise them (with a raised rate, or with Adam on a deep sigmoid-like model)."""

from __future__ import annotations

from ..training.findings import Diagnosis
from ._curves import Curves, lr_change
from ._layers import sigmoid_deep, starved, step_size
from ._stability import TARGET, rate_at_target, stability_reading
from ._thresholds import DEPTH, VANISHING

STANDARDIZE = {"standardize": True}  # the change: train on standardised features
ADAM = {"optimizer": "adam", "lr": 0.01}  # with it on a deep sigmoid-like model under a non-adaptive rule


def starved_by_inputs(c: Curves) -> tuple[dict[str, float], list[str]] | None:
    """The layers' median gradient ratios and the starved run of weight tensors at the input end
    (:func:`descend.doctor._layers.starved`) where the inputs' scale, not depth, explains it: a
    model of fewer than ``DEPTH`` weight tensors, or a deeper one whose first weight tensor alone
    is starved (a gradient lost on its way back starves the layers between too). Else ``None``."""
    found = starved(c)
    if found is None:
        return None
    ratios, low = found
    return found if len(ratios) < DEPTH or len(low) == 1 else None


def unscaled_inputs(c: Curves, scaled: bool = False) -> Diagnosis | None:
    """A first layer starved by the scale of its inputs (LeCun et al. 1998, "Efficient
    BackProp", section 4.3): its weights' gradient under ``VANISHING`` times their norm at the
    median of the run's layer samples, while another layer learns, where depth does not explain
    it (:func:`starved_by_inputs`). Raw features in the thousands put a tanh or sigmoid layer's
    pre-activations in the flat tails, where its units pass almost no gradient back;
    standardised inputs (each feature to mean 0 and standard deviation 1) put them back.

    Where the run's steps were measured large (:func:`descend.doctor._layers.step_size`: the
    effective stability ratio peaked at ``TARGET / RAISE`` or more) the change is to standardise
    alone. Below that a rate far below its limit holds the run as well: the change also raises
    the rate to the one that puts the measured peak ratio at ``TARGET``
    (:func:`descend.doctor._stability.rate_at_target`; no reading to size it, no finding). On a
    deep sigmoid-like model under a non-adaptive rule (:func:`sigmoid_deep`), which neither
    finishes in its steps, it is standardised inputs under Adam (``ADAM``; Kingma & Ba 2015),
    whose per-parameter steps do not shrink with the gradient lost at every layer. Not on a run
    whose inputs ``train`` standardised (``scaled``: ``History.scaling``).

    >>> import numpy as np
    >>> run = lambda rows: Curves(loss=np.ones(3), grad_norm=np.ones(3), lr=np.ones(3), steps=np.arange(3),
    ...     converged=False, why_stopped="", full_batch=True, plain_steps=True, layers=rows)
    >>> found = unscaled_inputs(run([{"step": 1, "0.weight": 1e-9, "2.weight": 0.1}]))
    >>> found.kind, found.change
    ('unscaled_inputs', {'standardize': True})
    >>> unscaled_inputs(run([{"step": 1, "0.weight": 0.01, "2.weight": 0.1}])) is None
    True
    """
    found = None if scaled else starved_by_inputs(c)
    if found is None:
        return None
    ratios, low = found
    first, top = low[0], max(ratios, key=ratios.get)
    large, measured = step_size(c, {top: ratios[top]})
    peak = None if large else stability_reading(c)
    if not large and (peak is None or not peak.effective > 0):
        return None
    step = int(c.layers[-1]["step"])
    samples = f"the median of {len(c.layers)} samples" if len(c.layers) > 1 else f"step {step}"
    learns = f"layer {top!r} gets {ratios[top]:.2g} times its weights' norm"
    if ratios[first] > 0:
        gets = f"a gradient {ratios[first]:.2g} times its weights' norm ({samples}), {ratios[top] / ratios[first]:.2g} times less"
    else:
        gets = f"no gradient at all ({samples})"
    seen = (
        f"the first layer {first!r} gets {gets}, while {learns}: under {VANISHING:g}, its units are "
        "saturated by the scale of the raw inputs"
    )
    cure = (
        "standardise the inputs, each feature to mean 0 and standard deviation 1 over the training set "
        "(standardize=True), so that the first layer's units start in their active range"
    )
    if sigmoid_deep(c, ratios):
        lost = "; the gradient loses 4x or more at each layer below the top (sigmoid units) under a non-adaptive rule"
        adam = f", and train with adam at lr={ADAM['lr']:g} (optimizer='adam'), whose steps are per parameter"
        return Diagnosis("unscaled_inputs", step, seen + lost, cure + adam, STANDARDIZE | ADAM)
    if peak is not None:  # the rate holds the run too: raise it with the inputs standardised
        rate, times = peak.base_rate(rate_at_target(peak)), f"{float(f'{TARGET / peak.effective:.2g}'):g}x"
        return Diagnosis(
            "unscaled_inputs",
            step,
            f"{seen}; {measured}, {times} below {TARGET:g}, so the rate holds the run as well",
            f"{cure}, and raise the learning rate {times}, to lr={rate:.3g}, which puts that ratio at "
            f"{TARGET:g}: at this rate standardising alone leaves the run held by its rate",
            STANDARDIZE | lr_change(rate),
        )
    return Diagnosis(
        "unscaled_inputs",
        step,
        seen + (f"; {measured}, so the rate does not hold the run" if measured else ""),
        f"{cure}; no learning rate cures this",
        STANDARDIZE,
    )
