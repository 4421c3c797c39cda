"""What every picture shares: the metrics a history may hold, axis helpers and saving."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    """Only whole numbers on the x axis (epochs), which spans two at least, centred on the data
    (one epoch's axis was 0 ± 0.05, ticked at fractions; two epochs', 0 and 1, was -1 to 1:
    its middle 0.5 rounded to 0, an axis reaching to an epoch -1 with the last point at its edge).
    """
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    low, high = ax.get_xlim()
    if high - low < 2:
        middle = (low + high) / 2
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


def epoch_line(ax, x: list, values: list, *args: Any, **kwargs: Any) -> None:
    """``values`` against ``x`` on ``ax``, joined through the finite ones (a row without a value,
    such as an epoch that was not validated, would otherwise break the line: validation every
    other epoch drew nothing), with a dot where one point alone is finite (a one-epoch run)."""
    keep = [(xi, v) for xi, v in zip(x, values) if math.isfinite(v) and math.isfinite(xi)]
    if len(keep) == 1:
        kwargs.setdefault("marker", "o")
    ax.plot([xi for xi, _ in keep], [v for _, v in keep], *args, **kwargs)


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
