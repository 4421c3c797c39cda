"""The panels of a run's instrument readings in the training-dynamics plot (:func:`descend.plots.training`):
the stability ratio against its threshold and the gradient noise scale against the batch size,
with a noise scale beyond measure (∞) drawn in a band of its own."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..instruments.thresholds import rule_of_row


def positive(rows: list[dict[str, Any]], *keys: str) -> list[tuple[int, float]]:
    """``(step, value)`` of the rows' ``keys`` readings that are finite and positive (a reading
    not taken is NaN; a noise scale whose |G|² estimate was not positive is inf)."""
    pairs = [(row.get("step"), row.get(key, math.nan)) for row in rows for key in keys]
    return [(s, float(v)) for s, v in pairs if s is not None and isinstance(v, (int, float)) and 0 < v < math.inf]


def stability_panel(ax, rows, steps) -> str:
    ratio = positive(rows, "stability")
    ax.plot(*zip(*ratio), marker="o", ms=3, lw=1, color="C0", label=_stability_form(rows, steps))
    ax.axhline(1.0, color="C3", ls="--", lw=1, label="stability threshold")
    ax.set(title="stability ratio", xlabel="step", ylabel="λ_max / threshold", yscale="log")
    ax.legend(fontsize="x-small")
    return "step"


def _stability_form(rows, steps) -> str:
    """The ratio in the optimizer's terms, read from the rows: the threshold is ``c/lr``
    (``c`` = 2 for gradient descent, 2 + 2β for heavy-ball momentum, Cohen et al. 2021), so
    the ratio is ``λ_max·lr/c``; ``c`` is the rows' ``threshold_lr``, or for rows of older runs
    without it, threshold × lr at the sampled steps. Without either, or where ``c`` is not one
    number, the plain quotient."""
    rates = dict(zip(steps.get("step", []), steps.get("lr", [])))
    products = []
    for row in rows:
        lr = rates.get(row["step"] + 1, rates.get(row["step"]))  # the rate of the next update
        threshold = row.get("threshold", math.nan)
        if isinstance(threshold, (int, float)) and 0 < threshold < math.inf:
            guess = float(np.atleast_1d(lr)[0]) * threshold if lr is not None else math.nan
            c = rule_of_row(row, guess)[0]
            if math.isfinite(c):
                products.append(c)
    if not products or max(products) > 1.01 * min(products) or not min(products) > 0:
        return "sharpness / threshold"
    c = float(np.median(products))
    return f"λ_max·lr/{c:.3g}"


def beyond_measure(rows: list[dict[str, Any]]) -> list[int]:
    """The steps whose noise scale is infinite: the probe batch's estimate of the true gradient's
    squared norm was zero or less, the gradient lost in its noise (a reading, not a gap)."""
    return [row["step"] for row in rows if row.get("noise_scale") == math.inf and row.get("step") is not None]


def noise_scale_panel(ax, rows) -> str:
    """The noise scale at its readings against the batch size; a reading beyond measure (inf)
    is marked in a band above the finite scale (:func:`_beyond_band`), where the report's words
    put it ("far above any batch size"): it was left out, so a run whose last reading was one
    showed only the earlier ones."""

    scale = positive(rows, "noise_scale")
    if scale:
        ax.plot(*zip(*scale), marker="o", ms=3, lw=1, color="C0", label="B_simple = tr(Σ)/|G|²")
    beyond = beyond_measure(rows)
    # A batch size not known (NaN: a watched loop not told batch_size=) is no line: it was one
    # labelled "batch size nan", drawn nowhere.
    sizes = [(row["step"], row["batch_size"]) for row in rows if _known_size(row.get("batch_size"))]
    if sizes and len({b for _, b in sizes}) == 1:
        ax.axhline(sizes[0][1], color="C1", ls="--", lw=1, label=f"batch size {sizes[0][1]:g}")
    elif sizes:
        ax.step(*zip(*sizes), where="post", color="C1", ls="--", lw=1, label="batch size")
    ax.set(title="gradient noise scale", xlabel="step", ylabel="examples", yscale="log")
    if beyond:
        _beyond_band(ax, beyond)
    ax.legend(fontsize="x-small")
    return "step"


def _beyond_band(ax, beyond: list[int]) -> None:
    """Mark the readings beyond measure (∞) in a band above everything finite: the axis is
    raised by a quarter of its decades and the marks drawn in that headroom, over a dotted line
    that closes the finite scale. At 96% of the panel's height without it, the mark sat on a
    batch-size line at the top (32) and read as B_simple ≈ the batch size."""
    from matplotlib.transforms import blended_transform_factory

    low, high = ax.get_ylim()
    ax.set_ylim(low, high * (high / low) ** 0.25)  # the finite scale ends at 80% of the height
    for minor in (False, True):  # no tick in the band: its marks are no value on the scale
        ax.set_yticks([t for t in ax.get_yticks(minor=minor) if low <= t <= high], minor=minor)
    band = blended_transform_factory(ax.transData, ax.transAxes)
    ax.axhline(high, color="0.6", ls=":", lw=0.8)
    ax.plot(beyond, [0.9] * len(beyond), "^", color="C0", ms=7, ls="none", transform=band, clip_on=False,
            label="B_simple beyond measure, ∞ (|G|² estimated ≤ 0)")  # fmt: skip
    for step in beyond:
        ax.text(step, 0.9, " ∞", transform=band, va="center", ha="left", color="C0", fontsize="small")


def _known_size(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < math.inf
