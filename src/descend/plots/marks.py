"""How a loss curve is scaled, labelled and what it cannot draw is marked: a log axis where the
losses span decades, the units of a standardised target, and a mark for each loss that is not
finite or is 0 on a log axis. Shared by the run pictures and the landscapes of
:mod:`descend.landscape`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = [
    "spans_decades",
    "mark_non_finite",
    "without_zeros",
    "points_but_zeros",
    "mark_zeros",
    "loss_line",
    "cut_tail",
    "loss_label",
]


def spans_decades(values, zeros: bool = False) -> bool:
    """All finite values positive and the largest more than ten times the smallest. With
    ``zeros``, values of exactly 0 are let by and the rule read on the positive ones: a loss
    that reached 0 (an exact fit, a saturated cross-entropy, a test function at its minimum)
    is drawn at the foot of a log axis, where it had flattened the rest of the curves on a
    linear one.

    >>> spans_decades([100.0, 1.0, 0.0]), spans_decades([100.0, 1.0, 0.0], zeros=True)
    (False, True)
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if zeros and (v >= 0).all():
        v = v[v > 0]
    return bool(v.size > 0 and v.min() > 0 and v.max() > 10 * v.min())


def mark_non_finite(ax, x: list, values: list, color: str, what: str = "loss", validation: bool = False) -> None:
    """Mark with an ``x`` at the top of ``ax`` each point of ``values`` that is NaN or infinite
    (a line skips them: a run whose loss became NaN would end without a word). In a
    ``validation`` series NaN is a row without an evaluation (validation every few epochs): not
    marked.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> mark_non_finite(ax, [0, 1, 2], [1.0, float("nan"), float("inf")], "C0")
    >>> ax.get_lines()[0].get_xdata().tolist()
    [1, 2]
    """
    from matplotlib.transforms import blended_transform_factory

    bad = [xi for xi, v in zip(x, values) if not math.isfinite(v) and not (validation and math.isnan(v))]
    if bad:
        top = blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(bad, [0.96] * len(bad), "x", color=color, transform=top, clip_on=False,
                label=f"{what} not finite (NaN or inf)")  # fmt: skip


def without_zeros(values: list, log: bool) -> list:
    """``values`` for a line on a log axis (``log``): each that is exactly 0 NaN, left out of
    the line (a log axis has no 0: the line dived off the bottom of the picture, as if the run
    had stopped there); :func:`mark_zeros` marks them instead.

    >>> without_zeros([1.0, 0.0], log=True), without_zeros([1.0, 0.0], log=False)
    ([1.0, nan], [1.0, 0.0])
    """
    return [math.nan if log and v == 0 else v for v in values]


def points_but_zeros(x: list, values: list) -> tuple[list, list]:
    """The points of ``values`` against ``x`` but those exactly 0, for a line on a log axis
    that joins a zero's neighbours (:func:`without_zeros`' NaN breaks it: a value between two
    zeros would be a line of one point, not drawn); :func:`mark_zeros` marks the zeros.

    >>> points_but_zeros([0, 1, 2], [1.0, 0.0, 0.5])
    ([0, 2], [1.0, 0.5])
    """
    kept = [(xi, v) for xi, v in zip(x, values) if v != 0]
    return [xi for xi, _ in kept], [v for _, v in kept]


def mark_zeros(ax, x: list, values: list, color: str, what: str = "loss") -> None:
    """Mark with a ``v`` at the foot of ``ax``, a log axis, each point of ``values`` that is
    exactly 0 (a loss that reached 0: an exact fit, a saturated cross-entropy).

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> mark_zeros(ax, [0, 1], [1.0, 0.0], "C0")
    >>> ax.get_lines()[0].get_label()
    'loss 0 (below the log scale)'
    """
    from matplotlib.transforms import blended_transform_factory

    zero = [xi for xi, v in zip(x, values) if v == 0]
    if zero:
        foot = blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(zero, [0.03] * len(zero), "v", color=color, transform=foot, clip_on=False,
                label=f"{what} 0 (below the log scale)")  # fmt: skip


def loss_line(ax, x: list, values: list, **style: Any) -> None:
    """``values`` against ``x`` as one line on ``ax`` (``style``: matplotlib's, in ``C0``
    unless it names a color): on a log axis where they span decades (:func:`spans_decades`,
    its zeros marked at the foot and left out of the line, which joins their neighbours: a
    value between two zeros would be a line of one point, not drawn), each that is not
    finite marked at the top in red.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> loss_line(ax, [0, 1, 2, 3], [100.0, 1.0, 0.0, float("nan")])
    >>> ax.get_yscale(), [line.get_label() for line in ax.get_lines()[1:]]
    ('log', ['loss not finite (NaN or inf)', 'loss 0 (below the log scale)'])
    """
    style = {"color": "C0", **style}
    log = spans_decades(values, zeros=True)
    ax.plot(*(points_but_zeros(x, values) if log else (x, values)), **style)
    mark_non_finite(ax, x, values, "C3")
    if log:
        mark_zeros(ax, x, values, style["color"])
        ax.set_yscale("log")


def cut_tail(ax, x: list, values: list, color: str, label: str | None = None) -> None:
    """The last two points of ``values`` against ``x`` joined by a dotted segment, the last one
    hollow: an epoch the run stopped part of the way through, whose value is of the few
    batches or examples it saw, not of the training set. The line before it is the caller's.

    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> cut_tail(ax, [0, 1, 2], [1.0, 0.5, 0.9], "C0")
    >>> ax.get_lines()[0].get_xdata().tolist(), ax.get_lines()[0].get_linestyle()
    ([1, 2], ':')
    """
    ax.plot(x[-2:], values[-2:], ls=":", color=color, marker="o", markevery=[1], mfc="white", label=label)


def loss_label(label: str, scaling: Mapping[str, Any] | None) -> str:
    """``label`` of a loss axis, with the target's standardisation where the run standardised
    its regression target (``scaling``, ``History.scaling``: ``target_mean``, ``target_scale``):
    its losses are in those units (diabetes' MSE 0.47 is about 1 - R², not of y in its own units).

    >>> import torch
    >>> loss_label("loss", {"target_mean": torch.tensor([151.6]), "target_scale": torch.tensor([78.3])})
    'loss\\n(target standardised: (y − 151.6) / 78.3)'
    >>> loss_label("loss", {})
    'loss'
    """
    mean, scale = (scaling or {}).get("target_mean"), (scaling or {}).get("target_scale")
    if mean is None or scale is None:
        return label
    mean, scale = np.asarray(mean, dtype=float).ravel(), np.asarray(scale, dtype=float).ravel()
    if mean.size == 1 and scale.size == 1:
        return f"{label}\n(target standardised: (y − {mean[0]:.4g}) / {scale[0]:.4g})"
    return f"{label}\n(targets standardised: (y − mean) / sd)"
