"""What every picture shares: the metrics a history may hold, axis helpers and saving."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

METRICS = ("accuracy", "r2")
METRIC_LABEL = {"accuracy": "accuracy", "r2": "R²"}


def integer_ticks(ax) -> None:
    """Only whole numbers on the x axis (epochs)."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def spans_decades(values) -> bool:
    """All finite values positive and the largest more than ten times the smallest."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return v.size > 0 and v.min() > 0 and v.max() > 10 * v.min()


def finish(fig: Figure, path: str | os.PathLike | None) -> Figure:
    """``fig``, saved to ``path`` first (creating its folders) when there is one."""
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100)
    return fig
