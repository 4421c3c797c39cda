"""What every picture shares: the metrics a history may hold, axis helpers and saving."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._checks import output_file, unwritten

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

METRICS = ("accuracy", "r2")
METRIC_LABEL = {"accuracy": "accuracy", "r2": "R²"}


def short_repr(value: Any) -> str:
    """``repr(value)``, cut to 80 characters, for an error naming a refused value."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def integer_ticks(ax) -> None:
    """Only whole numbers on the x axis (epochs), which spans two at least (one epoch's axis
    was 0 ± 0.05, ticked at fractions)."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    low, high = ax.get_xlim()
    if high - low < 2:
        middle = round((low + high) / 2)
        ax.set_xlim(middle - 1, middle + 1)


def row_axis(histories) -> str:
    """What the per-epoch rows of ``histories`` are drawn against: ``"step"`` where a run's
    rows were closed by evaluations (:meth:`descend.watch.Monitor.evaluated`, every N updates:
    a ``step`` column in ``History.epochs``), else ``"epoch"``."""
    return "step" if any("step" in h.epochs for h in histories) else "epoch"


def row_positions(history, axis: str) -> list[float]:
    """Where each per-epoch row of ``history`` is drawn on an ``axis`` of :func:`row_axis`: at
    its epoch (row number where none was recorded); or on a step axis, at its ``step`` where an
    evaluation closed it, else (a row an epoch's end closed, the last row close() ended) at the
    last update recorded in it (NaN, not drawn, where no update was recorded)."""
    epochs = history.epochs
    rows = max((len(v) for v in epochs.values() if isinstance(v, list)), default=0)
    numbers = epochs.get("epoch") or list(range(rows))
    if axis == "epoch":
        return numbers
    last: dict[int, int] = {}
    for step, epoch in zip(history.steps.get("step", []), history.steps.get("epoch", [])):
        last[epoch] = step
    steps = epochs.get("step") or [math.nan] * len(numbers)
    return [
        float(step) if math.isfinite(step) else float(last.get(epoch, math.nan)) for step, epoch in zip(steps, numbers)
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
    return v.size > 0 and v.min() > 0 and v.max() > 10 * v.min()


def epoch_line(ax, x: list, values: list, *args: Any, **kwargs: Any) -> None:
    """``values`` against ``x`` on ``ax``, joined through the finite ones (a row without a value,
    such as an epoch that was not validated, would otherwise break the line: validation every
    other epoch drew nothing), with a dot where one point alone is finite (a one-epoch run)."""
    keep = [(xi, v) for xi, v in zip(x, values) if math.isfinite(v) and math.isfinite(xi)]
    if len(keep) == 1:
        kwargs.setdefault("marker", "o")
    ax.plot([xi for xi, _ in keep], [v for _, v in keep], *args, **kwargs)


def mark_non_finite(ax, x: list, values: list, color: str, what: str = "loss", validation: bool = False) -> None:
    """Mark with an ``x`` at the top of ``ax`` each point of ``values`` that is NaN or infinite
    (a line skips them: a run whose loss became NaN would end without a word). In a
    ``validation`` series NaN is a row without an evaluation (validation every few epochs): not
    marked."""
    from matplotlib.transforms import blended_transform_factory

    bad = [xi for xi, v in zip(x, values) if not math.isfinite(v) and not (validation and math.isnan(v))]
    if bad:
        top = blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(bad, [0.96] * len(bad), "x", color=color, transform=top, clip_on=False,
                label=f"{what} not finite (NaN or inf)")  # fmt: skip


def without_zeros(values: list, log: bool) -> list:
    """``values`` for a line on a log axis (``log``): each that is exactly 0 NaN, left out of
    the line (a log axis has no 0: the line dived off the bottom of the picture, as if the run
    had stopped there); :func:`mark_zeros` marks them instead."""
    return [math.nan if log and v == 0 else v for v in values]


def mark_zeros(ax, x: list, values: list, color: str, what: str = "loss") -> None:
    """Mark with a ``v`` at the foot of ``ax``, a log axis, each point of ``values`` that is
    exactly 0 (a loss that reached 0: an exact fit, a saturated cross-entropy)."""
    from matplotlib.transforms import blended_transform_factory

    zero = [xi for xi, v in zip(x, values) if v == 0]
    if zero:
        foot = blended_transform_factory(ax.transData, ax.transAxes)
        ax.plot(zero, [0.03] * len(zero), "v", color=color, transform=foot, clip_on=False,
                label=f"{what} 0 (below the log scale)")  # fmt: skip


def picture_path(path: str | os.PathLike) -> Path:
    """``path`` as a picture can be saved to: a file type matplotlib writes (``.png``,
    ``.pdf``, ``.svg``, ...; no suffix is a PNG). Every picture is saved by this rule, and the
    command line checks its ``--plot`` by it before any work.

    >>> picture_path("paths.png").name
    'paths.png'
    >>> picture_path("paths.txt")
    Traceback (most recent call last):
    ValueError: expected a picture file (.png, .pdf, .svg, .jpg, ...), got 'paths.txt': matplotlib cannot write .txt files

    A folder is refused (matplotlib would save it as ``folder.png`` beside the folder).
    """
    from matplotlib.backend_bases import FigureCanvasBase  # matplotlib is imported when a picture is drawn

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file name (str or os.PathLike) or None, got {type(path).__name__} {path!r}")
    output_file(path, "the picture", "picture.png")  # a folder would be saved beside itself as folder.png
    suffix = Path(path).suffix.lower().removeprefix(".")
    if suffix and suffix not in FigureCanvasBase.get_supported_filetypes():
        raise ValueError(
            f"expected a picture file (.png, .pdf, .svg, .jpg, ...), got {str(path)!r}: "
            f"matplotlib cannot write .{suffix} files"
        )
    return Path(path)


def check_history(value: Any, what: str) -> None:
    """``value`` is a run's record (a ``History`` of :func:`descend.train` or
    :func:`descend.watch`: per-step and per-epoch logs) that ``what`` draws."""
    if not (isinstance(getattr(value, "steps", None), dict) and isinstance(getattr(value, "epochs", None), dict)):
        hint = ""
        if hasattr(value, "history") and hasattr(value, "x"):  # a minimize Result
            hint = "; a minimize Result is drawn by descend.plots.trajectories(function, result)"
        elif hasattr(value, "get_params") and hasattr(value, "fit"):  # a GDClassifier / GDRegressor
            hint = f"; a fitted {type(value).__name__}'s record is its history_ attribute"
        raise TypeError(f"{what} draws a History (of descend.train or descend.watch), got {type(value).__name__}{hint}")


def finish(fig: Figure, path: str | os.PathLike | None) -> Figure:
    """``fig``, saved to ``path`` first (creating its folders) when there is one."""
    if path is not None:
        path = picture_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, dpi=100)
        except OSError as err:
            raise unwritten(err, path, "the picture") from err
    return fig
