"""Contours of a function of two variables: log-spaced levels that tighten towards the
minimum, a filled contour drawn at them, and the evaluation of a function on a grid."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch

from .._checks import number

__all__ = ["levels", "filled_contour"]


def levels(values: Any, n: int = 25, decades: float = 4.0) -> np.ndarray | None:
    r"""Contour levels for ``values``, log-spaced above their minimum: with
    :math:`m = \min v` and :math:`s = \max v - m`, level :math:`i` is
    :math:`m + s \cdot 10^{-\text{decades}\,(1 - i/(n-1))}`, so the rings tighten towards the
    minimum, where a descent spends its time, whatever the sign of the values.
    ``None`` when the finite values are all equal (or there are none). ``n`` is at least 2 (a
    filled contour needs two levels) and ``decades`` positive (else the levels would fall from
    the maximum instead of rising to it).

    >>> levels([0.0, 1.0, 1000.0], n=4, decades=3).tolist()
    [1.0, 10.0, 100.0, 1000.0]
    """
    number("n", n, integer=True, ge=2)
    number("decades", decades, gt=0)
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0 or v.max() <= v.min():
        return None
    low, span = float(v.min()), float(v.max() - v.min())
    return low + np.geomspace(span * 10.0**-decades, span, n)


def filled_contour(ax: Any, X: Any, Y: Any, Z: Any, colorbar: str | None = None, cmap: str = "viridis") -> None:
    """Filled contour of ``Z`` over the grid ``X, Y`` on ``ax`` at :func:`levels`, a distinct
    colour per band (the levels crowd near the minimum, so a linear colour scale would paint
    them all alike), with the level lines drawn over it; ``colorbar`` is the label of a
    colour bar to add, ``cmap`` the colour map's name (a light grey one leaves coloured
    paths drawn over it visible).

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> filled_contour(ax, X, Y, X**2 + 10 * Y**2)
    """
    from matplotlib.colors import BoundaryNorm

    bounds = levels(Z)
    norm = None if bounds is None else BoundaryNorm(bounds, ncolors=256, extend="both")
    filled = ax.contourf(X, Y, Z, levels=bounds, cmap=cmap, norm=norm, alpha=0.45, extend="both")
    ax.contour(X, Y, Z, levels=bounds, cmap=cmap, norm=norm, linewidths=0.6)
    if colorbar is not None:
        bar = ax.figure.colorbar(filled, ax=ax, label=colorbar)
        ticks = bar.get_ticks()
        bar.set_ticks(ticks, labels=_distinct_labels(ticks))


def _distinct_labels(ticks: Any) -> list[str]:
    """``ticks`` to 3 significant digits, or to as many more as tell them all apart: the levels
    crowd towards the minimum, where 3 digits gave neighbours one label (a landscape's colour bar
    read 0.622, 0.623, 0.623 for the levels 0.6223, 0.6225, 0.6232).

    >>> _distinct_labels([0.6223, 0.62252, 0.6232, 1.6222])
    ['0.6223', '0.6225', '0.6232', '1.622']
    """
    for digits in range(3, 17):
        labels = [f"{float(t):.{digits}g}" for t in ticks]
        if len(set(labels)) == len(labels):
            return labels
    return labels


def function_grid(function: Any, view, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An ``n`` x ``n`` grid over ``view`` (``((x_low, x_high), (y_low, y_high))``) and the
    function's values on it, as ``X, Y, Z``."""
    xs, ys = np.linspace(*view[0], n), np.linspace(*view[1], n)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, function_values(function, np.stack([X, Y], axis=-1))


def function_values(function: Any, points: np.ndarray) -> np.ndarray:
    """``function`` at ``points`` of shape ``(..., d)``, in one call where it takes batches.

    A function written for one point (``x[0]``, ``x[1]``) gets the grid coordinates first
    (``x[0]`` the grid of first coordinates), which gives the same values elementwise. A
    layout is used only if it agrees with single-point calls at the first and last points;
    point by point is the last resort.
    """
    pts = torch.as_tensor(points, dtype=torch.float64)
    want = points.shape[:-1]
    flat = pts.reshape(-1, pts.shape[-1])
    with torch.no_grad():
        ends = [float(function(flat[i])) for i in (0, -1)]
        for batch in (pts, pts.movedim(-1, 0)):
            try:
                out = torch.as_tensor(function(batch))
            except Exception:  # noqa: BLE001 - not this layout; the next one is tried
                continue
            if tuple(out.shape) == want and np.allclose(out.reshape(-1)[[0, -1]].tolist(), ends, equal_nan=True):
                break
        else:
            out = torch.stack([torch.as_tensor(function(p)).reshape(()) for p in flat])
    z = out.double().reshape(want).numpy()
    return np.where(np.isfinite(z), z, np.nan)
