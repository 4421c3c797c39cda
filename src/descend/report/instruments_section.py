"""The Instruments section of ``report.html``: the last readings of sharpness against the
stability threshold, gradient noise scale and where the step lands, in words, then every
reading in a table."""

from __future__ import annotations

import math
from typing import Any

from ..doctor import noise_gains
from ..instruments.sampling import default_steps
from ..instruments.thresholds import rule_of_row
from ..training.history import History
from .cells import cell, escape

__all__ = ["instruments_section"]

# Instruments' columns in the table: row key -> header.
_READINGS = {
    "step": "step",
    "probe_loss": "probe loss",
    "sharpness": "λ_max",
    "threshold": "threshold",
    "stability": "λ_max / threshold",
    "noise_scale": "B_simple",
    "batch_size": "batch size",
    "alpha": "α",
    "decrease": "left to fall",
}


def instruments_section(history: History, config: dict[str, Any] | None = None) -> str:
    """The instruments' last readings in words, then every reading in a table (HTML); where there
    are none, why, as far as the run's ``config`` (``config.yaml``: ``instruments``, ``epochs``)
    and its steps tell.

    >>> from descend.training.history import History
    >>> "No instrument readings" in instruments_section(History())
    True
    """
    rows = history.instruments
    if not rows:
        return f'<p class="none">No instrument readings in this run: {escape(_why_unread(history, config or {}))}.</p>'
    stability = _stability_words(rows, history.steps, noise_gains(history))
    readings = (stability, _noise_words(rows), _alpha_words(rows), _decrease_words(rows))
    said = [text for text in readings if text]
    words = "".join(f"<p>{escape(text)}</p>" for text in said) or f'<p class="none">{escape(_why_all_nan(rows))}.</p>'
    head = "".join(f"<th>{escape(name)}</th>" for name in _READINGS.values())
    body = "".join("<tr>" + "".join(cell(_taken(row.get(key))) for key in _READINGS) + "</tr>" for row in rows)
    return f"{words}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{_legend(rows)}"


# What an infinite reading in a column means, as the words above say it.
_INFINITE = {
    "threshold": "threshold inf: a rate of 0, which no sharpness makes unstable",
    "noise_scale": "B_simple inf: beyond measure (the true gradient lost in the probe batch's noise)",
    "decrease": "left to fall inf: the local quadratic model has no minimum there, so it bounds nothing",
}


def _taken(value: Any) -> Any:
    """A reading for its cell: ``None`` (shown '-') where it was not taken at that step (NaN);
    a table of 'nan' read as a value the instrument measured."""
    return None if isinstance(value, float) and math.isnan(value) else value


def _legend(rows: list[dict[str, Any]]) -> str:
    """A note under the table saying what its '-' and its infinite readings mean, where it has them."""
    values = [(key, row.get(key)) for row in rows for key in _READINGS]
    said = ["-: no reading at that step"] if any(_taken(v) is None for _, v in values) else []
    said += [text for key, text in _INFINITE.items() if any(k == key and v == math.inf for k, v in values)]
    return f'<p class="note">In the table, {escape("; ".join(said))}.</p>' if said else ""


def _why_unread(history: History, config: dict[str, Any]) -> str:
    """Why a run has no reading: turned off, or stopped before the first planned one (the
    default sampling reads first at 5% of the planned steps: a run interrupted early, with
    ``instruments=True``, was told to turn on what was on)."""
    every = config.get("instruments")
    if every is False:
        return "it was trained with instruments: false (descend.train(..., instruments=True), the default, takes them)"
    steps = history.steps.get("step", [])
    done = f"it stopped at step {steps[-1]}" if steps else "it made no update"
    if isinstance(every, int) and not isinstance(every, bool) and every >= 1:
        return f"{done}, before the first reading (instruments: {every}, every {every}-th step)"
    epochs, per_epoch = config.get("epochs"), history.steps.get("epoch", []).count(0)
    if every is True and isinstance(epochs, int) and epochs >= 1 and per_epoch:
        planned = epochs * per_epoch
        return (
            f"{done}, before the first reading, which instruments: true takes at 5% of the planned steps: "
            f"step {default_steps(planned)[0]} of {planned} ({epochs} epochs of {per_epoch})"
        )
    return (
        f"{done}, before the first reading, which the default sampling (descend.train(..., instruments=True), "
        "the default) takes at 5% of the planned steps; or it was trained with instruments=False"
    )


def _why_all_nan(rows: list[dict[str, Any]]) -> str:
    """Why every reading is NaN: the probe's loss was not finite where they were taken, or the
    model could not give them (the run warned which: ``Instruments`` records a failed reading as
    NaN rather than end the run)."""
    losses = [row.get("probe_loss") for row in rows]
    if all(isinstance(v, (int, float)) and not math.isfinite(v) for v in losses):
        return (
            f"Every reading was NaN: the loss at the probe batch was not finite at any of the {len(rows)} "
            f"(probe loss {losses[-1]} at step {rows[-1].get('step')}), so there was no curvature or noise to measure"
        )
    return (
        "Every reading was NaN: the model could not give them (an operation without a double backward or a "
        "batching rule; the run warned which, 'instruments: no ... for this model')"
    )


def _last(rows: list[dict[str, Any]], key: str, finite: bool = True) -> dict[str, Any] | None:
    """The last row whose ``key`` reading was taken (not NaN; finite unless ``finite`` is off)."""
    for row in reversed(rows):
        v = row.get(key)
        if isinstance(v, (int, float)) and not math.isnan(v) and (math.isfinite(v) or not finite):
            return row
    return None


def _stability_words(rows: list[dict[str, Any]], steps: dict[str, list[Any]], gains: dict[int, float]) -> str:
    row = _last(rows, "stability")
    if row is None:
        return ""
    r, threshold = row["stability"], row["threshold"]
    rates = dict(zip(steps.get("step", []), steps.get("lr", [])))
    lr = rates.get(row["step"] + 1, rates.get(row["step"]))  # the rate of the next update
    lr = lr[0] if isinstance(lr, (list, tuple)) and lr else lr  # group 0's
    known = isinstance(lr, (int, float)) and lr > 0 and 0 < threshold < math.inf
    # The rule as the row recorded it (older rows: recovered from threshold × the run's rate).
    c, gain, preconditioned = rule_of_row(row, threshold * lr if known else math.nan)
    lr = c / threshold if math.isfinite(c) and 0 < threshold < math.inf else math.nan
    form = f" = {c:.3g}/lr at lr = {lr:.3g}" if math.isfinite(lr) and lr > 0 else ""
    sharpness = (
        "λ_max(P⁻¹H) = {:.3g} (the top eigenvalue of the loss's Hessian on the probe batch, preconditioned as "
        "the rule scales its steps)"
        if preconditioned
        else "λ_max = {:.3g} (the top eigenvalue of the loss's Hessian on the probe batch)"
    ).format(row["sharpness"])
    said = (
        f"Stability, at step {row['step']}: the sharpness {sharpness} against the optimizer's stability "
        f"threshold {threshold:.3g}{form}: ratio {r:.3g}."
    )
    gain = gains.get(row["step"], gain)  # as the doctor reads it: 1 where the gradients are exact
    if gain != 1 and r > 0:
        said += (
            f" With the gradient noise, the rule moves like gradient descent at its effective rate, whose "
            f"threshold is {gain:.3g} times lower: effective ratio {r * gain:.3g}."
        )
        r *= gain
    if r > 1:
        return said + (
            " Above 1, a step of this rate overshoots along the sharpest direction and grows there instead of "
            "shrinking (Cohen et al. 2021); well above 1 is the evidence of a learning rate too large."
        )
    if r >= 0.5:
        return said + (
            " Near 1: the run is at the edge of stability, where gradient descent typically settles "
            "while the loss keeps falling over the long run (Cohen et al. 2021)."
        )
    if r <= 0:  # a rate of 0 (the end of a cosine schedule): an infinite threshold
        return said + " The rate is 0 there: no step is taken, nothing can go unstable."
    return said + (
        f" Below 1 the step is stable along every direction; the rate could be {1 / r:.3g}× larger "
        "before it reached the threshold."
    )


def _noise_words(rows: list[dict[str, Any]]) -> str:
    row = _last(rows, "noise_scale", finite=False)
    if row is None:
        return ""
    b, batch = row["noise_scale"], row.get("batch_size")
    where = f"Gradient noise scale, at step {row['step']}: "
    if not math.isfinite(b):
        return where + (
            "the true gradient was lost in the noise of the probe batch (its squared norm estimated at zero or "
            "less), so the noise scale is beyond measure: far above any batch size."
        )
    said = where + f"B_simple = tr(Σ)/|G|² = {b:.3g} examples"
    if not isinstance(batch, (int, float)) or not 0 < batch < math.inf:  # NaN: a watched loop's, not told
        return said + " (McCandlish et al. 2018)."
    said += f" against the batch size {batch:g}."
    if batch < b:
        return said + (
            f" The batch is {b / batch:.3g}× smaller than the noise scale: its gradient is mostly noise, and a "
            "larger batch with a rate scaled with it would take fewer steps for about the same number of "
            "examples (McCandlish et al. 2018)."
        )
    return said + (
        f" The batch is {batch / b:.3g}× the noise scale: past it, more examples per step save few steps "
        "(McCandlish et al. 2018)."
    )


def _alpha_words(rows: list[dict[str, Any]]) -> str:
    row = _last(rows, "alpha")
    if row is None:
        return ""
    a = row["alpha"]
    said = (
        f"Where the step lands, at step {row['step']}: α = {a:.2g} on a quadratic fit of the loss along the "
        "update (Cockpit, Schneider et al. 2021: -1 no move, 0 at the minimum along the step, 1 at the far side "
        "at the starting height)."
    )
    if a > 1:
        return said + " Beyond 1: the step went past the far side, to a loss higher than where it started."
    if a > 0.1:
        return said + " Past the minimum along its direction (overshoot), still lower than where it started."
    if a >= -0.1:
        return said + " About at the minimum along its direction."
    return said + " Short of the minimum along its direction (undershoot): a longer step would go further."


def _decrease_words(rows: list[dict[str, Any]]) -> str:
    row = _last(rows, "decrease", finite=False)
    if row is None:
        return ""
    d, level = row["decrease"], row.get("probe_loss")
    where = f"Left to fall, at step {row['step']}: "
    if not math.isfinite(d):
        return where + (
            "the loss's local quadratic model has no minimum here (conjugate gradients met negative curvature), "
            "so it bounds nothing: the loss may still fall a long way."
        )
    if d < 0:  # ½ g_bᵀH⁻¹g_a of the probe's two halves: an estimate, below 0 where noise outweighs it
        return where + (
            f"the local quadratic model's estimate of the decrease left, ½ gᵀH⁻¹g = {d:.3g} (from the probe "
            "batch's two halves), is below zero: what is left is too small to tell from the noise of the probe's "
            "gradients (Boyd & Vandenberghe §9.5.1)."
        )
    exact = row.get("decrease_exact") == 1.0
    said = where + (
        f"the local quadratic model of the loss promises a further decrease of ½ gᵀH⁻¹g = {d:.3g} on the probe "
        "batch (Boyd & Vandenberghe §9.5.1; "
        + ("conjugate gradients converged" if exact else "a lower bound: conjugate gradients stopped before converging")
    )
    if isinstance(level, (int, float)) and math.isfinite(level) and level > 0:
        return said + f"): {100 * d / level:.2g}% of the probe loss {level:.3g}."
    return said + ")."
