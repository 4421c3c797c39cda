"""Optimizer trajectories on the contour of a test function of two variables: still
(with an optional 3-D surface) or animated; and on the curve of a function of one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._checks import flag, number
from .._plural import counted
from ..minimize import Result
from ._common import finish
from .contours import filled_contour, function_grid, function_values

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["trajectories", "animate", "animation_path"]

_GRID = 200  # contour grid points per axis
_SURFACE_GRID = 60  # the 3-D surface is coarser: it draws every facet
_MAX_WIDEN = 10.0  # the view grows at most this many times the bounds
_CONTOUR_CMAP = "Greys"  # light and colourless, so that no path's colour vanishes into it
_END = "s"  # each path's last point
_ENDS_ZORDER = 4  # above the lines (2) and their points


def trajectories(function: Any, results: Any, path: str | os.PathLike | None = None, surface: bool = False) -> Figure:
    """One or several :func:`descend.minimize` trajectories on the contour of a 2-D function,
    or on the curve of a 1-D one (each iterate drawn at its value: steps that overshoot zigzag
    across the valley).

    ``function`` is a 2-D :class:`descend.functions.TestFunction` (or any callable of points
    of shape ``(..., 2)``), or a 1-D one for runs in 1 dimension (``surface`` is for 2-D);
    ``results`` a mapping name -> ``Result``, or one ``Result``. The
    trajectory is ``result.history.x``, which ``minimize`` keeps for problems of at most 100
    coordinates, so every 2-D run has one. The view is ``function.bounds``, widened to
    contain the trajectories (up to ten times its size, so that a diverging run does not
    shrink the picture to a dot); a path that goes beyond it is named in the legend with the
    iteration where it leaves, and a cross marks its last point inside (the 3-D surface shows
    its part inside). The contour levels are log-spaced above the minimum (:func:`levels`).
    Each start point and every known global minimum (``function.minima``) is marked, and each
    path's end by a square in its colour drawn above every path, with the run's final ``f`` in
    its legend entry; the contours are grey, so that no path's colour vanishes into them.
    ``surface=True`` adds a 3-D surface with the trajectories lifted onto it. A 1-D view spans
    the paths and the minima.

    >>> import descend as ds
    >>> f = ds.functions.rosenbrock
    >>> runs = {opt: ds.minimize(f, f.start, optimizer=opt, lr=lr, max_iter=300)
    ...         for opt, lr in (("momentum", 1e-3), ("adam", 0.05))}
    >>> fig = trajectories(f, runs)
    >>> len(fig.axes[0].get_lines())   # two paths, their ends, the shared start, the minimum
    6
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    check_surface_function(function)
    flag("surface", surface)
    paths = _trajectories_of(results, dims=(1, 2))
    finals = _final_values(results)
    dim = getattr(function, "dim", None)
    run_dim = next(iter(paths.values())).shape[1]
    if dim not in (None, run_dim):
        raise ValueError(
            f"trajectories draws functions of 2 variables, or of 1 with runs in 1 dimension; the runs are "
            f"in {run_dim}, {getattr(function, 'name', function)!r} has dim={dim}"
        )
    if run_dim == 1:
        if surface:
            raise ValueError("surface=True draws functions of 2 variables; these runs are in 1 dimension")
        return finish(_curve_figure(function, paths), path)
    minima = _minima(function)
    view = _view(getattr(function, "bounds", None), paths, minima)
    fig = Figure(figsize=(11 if surface else 6, 5), layout="constrained")
    ax = fig.add_subplot(1, 2 if surface else 1, 1)
    _contour(ax, function, view)
    for i, (name, xy) in enumerate(paths.items()):
        out = _first_outside(xy, view)
        label = f"{name}{finals[name]}"
        ax.plot(
            xy[:, 0],
            xy[:, 1],
            "-",
            color=f"C{i % 10}",
            lw=1.3,
            marker="." if len(xy) <= 200 else None,
            ms=3,
            path_effects=_outline(),
            label=label if out is None else f"{label}, leaves the view at iteration {out}",
        )
        if out:  # where it was last seen: the rest of the path is off the picture
            ax.plot(*xy[out - 1], "X", color=f"C{i % 10}", mec="black", ms=9, zorder=_ENDS_ZORDER)
        else:  # drawn over every path, so that no run's end hides under another's line
            ax.plot(*xy[-1], _END, color=f"C{i % 10}", mec="black", mew=1.2, ms=9, zorder=_ENDS_ZORDER)
    starts = np.unique(np.array([xy[0] for xy in paths.values()]), axis=0)
    ax.plot(starts[:, 0], starts[:, 1], "o", ls="none", color="white", mec="black", ms=8, label="start")
    if len(minima):
        ax.plot(
            minima[:, 0],
            minima[:, 1],
            "*",
            ls="none",
            color="gold",
            mec="black",
            ms=14,
            label="global minimum" if len(minima) == 1 else "global minima",
        )
    ax.set(xlim=view[0], ylim=view[1], xlabel="$x_1$", ylabel="$x_2$", title=getattr(function, "name", "") or None)
    handles, labels = ax.get_legend_handles_labels()
    end = Line2D([], [], marker=_END, ls="none", color="0.7", mec="black", ms=9)
    ax.legend([*handles, end], [*labels, "end (in the path's colour)"], fontsize="small", loc="best")
    if surface:
        _surface(fig.add_subplot(1, 2, 2, projection="3d"), function, view, paths)
    return finish(fig, path)


def animation_path(path: str | os.PathLike) -> Path:
    """``path`` as :func:`animate` can write it: a ``.gif``, or an ``.mp4`` where ffmpeg is on
    the ``PATH`` (checked before any frame is drawn; the command line checks it before any work).

    >>> animation_path("path.gif").name
    'path.gif'
    >>> animation_path("path.png")
    Traceback (most recent call last):
    ValueError: animate writes .gif or .mp4 files, got 'path.png'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gif", ".mp4"):
        raise ValueError(f"animate writes .gif or .mp4 files, got {str(path)!r}")
    if suffix == ".mp4" and shutil.which("ffmpeg") is None:
        raise RuntimeError(
            f"writing {path} needs ffmpeg on the PATH for MP4, and it was not found: "
            "install ffmpeg, or save a .gif, which works without it"
        )
    return path


def animate(function: Any, result: Any, path: str | os.PathLike, fps: int = 20, max_frames: int = 200) -> Path:
    """An animation of one :func:`descend.minimize` trajectory on the contour of a 2-D
    function, saved to ``path``: a ``.gif`` (Pillow, always available) or an ``.mp4`` (needs
    ``ffmpeg`` on the ``PATH``). A trajectory longer than ``max_frames`` points is shown at
    ``max_frames`` evenly spaced iterations (the first and last included). Returns the path.

    >>> import tempfile, descend as ds
    >>> f = ds.functions.booth
    >>> res = ds.minimize(f, f.start, lr=0.05)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = animate(f, res, f"{tmp}/booth.gif", max_frames=5)
    ...     out.stat().st_size > 1000
    True
    """
    from matplotlib.animation import FFMpegWriter, PillowWriter
    from matplotlib.figure import Figure

    path = animation_path(path)
    number("fps", fps, integer=True, ge=1)
    number("max_frames", max_frames, integer=True, ge=2)
    check_surface_function(function)
    runs = _trajectories_of(result, dims=(2,))
    if len(runs) > 1:
        raise ValueError(
            f"animate draws one run, got {len(runs)} ({', '.join(runs)}): animate each to a file of its own, "
            "or draw them together with descend.plots.trajectories"
        )
    ((name, xy),) = runs.items()
    minima = _minima(function)
    view = _view(getattr(function, "bounds", None), {name: xy}, minima)
    out = _first_outside(xy, view)
    frames = np.unique(np.linspace(0, len(xy) - 1, min(len(xy), max_frames)).round().astype(int))
    fig = Figure(figsize=(5, 4.2), layout="constrained")
    ax = fig.add_subplot()
    _contour(ax, function, view)
    ax.plot(*xy[0], "o", color="white", mec="black", ms=8, label="start")
    if len(minima):
        ax.plot(minima[:, 0], minima[:, 1], "*", ls="none", color="gold", mec="black", ms=14, label="minimum")
    (line,) = ax.plot([], [], "-", color="C3", lw=1.5, label=name)
    (point,) = ax.plot([], [], "o", color="C3", ms=6)
    ax.set(xlim=view[0], ylim=view[1], xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(fontsize="small", loc="upper right")
    writer = PillowWriter(fps=fps) if path.suffix.lower() == ".gif" else FFMpegWriter(fps=fps)
    path.parent.mkdir(parents=True, exist_ok=True)
    with writer.saving(fig, str(path), dpi=80):
        for k in frames:
            line.set_data(xy[: k + 1, 0], xy[: k + 1, 1])
            point.set_data(xy[k : k + 1, 0], xy[k : k + 1, 1])
            gone = out is not None and k >= out
            ax.set_title(f"{getattr(function, 'name', '')} — iteration {k}{' (outside the view)' if gone else ''}")
            writer.grab_frame()
    return path


def check_surface_function(function: Any) -> None:
    """``function``, whose contour a picture draws, is callable; a name is pointed to its test
    function, as :func:`descend.minimize` points it (the command line takes names, Python functions).

    >>> check_surface_function("rosenbrock")
    Traceback (most recent call last):
    TypeError: function must be a function of a tensor of 2 coordinates returning a scalar, got str 'rosenbrock'; for the test function 'rosenbrock' pass ds.functions.get('rosenbrock')
    """
    if not callable(function):
        hint = (
            f"; for the test function {function!r} pass ds.functions.get({function!r})"
            if isinstance(function, str)
            else ""
        )
        raise TypeError(
            "function must be a function of a tensor of 2 coordinates returning a scalar, got "
            f"{type(function).__name__} {function!r}{hint}"
        )


def _minima(function: Any, dim: int = 2) -> np.ndarray:
    """The function's known global minimizers, as rows of an ``(m, dim)`` array (``m`` may be 0)."""
    return np.asarray(getattr(function, "minima", ()) or np.empty((0, dim)), dtype=float).reshape(-1, dim)


def _trajectories_of(results: Any, dims: tuple[int, ...]) -> dict[str, np.ndarray]:
    """Each run's trajectory as a ``(points, d)`` array, non-finite coordinates NaN; every
    run in the same dimension ``d``, one of ``dims``."""
    if isinstance(results, Result):
        results = {"trajectory": results}
    if not isinstance(results, Mapping):
        raise TypeError(f"results must be a minimize Result or a mapping name -> Result, got {type(results).__name__}")
    if not results:
        raise ValueError("results is an empty mapping: give at least one name -> minimize Result")
    paths = {}
    for name, res in results.items():
        x = getattr(getattr(res, "history", None), "x", None)
        if x is None:
            raise ValueError(
                f"result {name!r} has no trajectory: minimize keeps x only for problems "
                "of at most 100 coordinates, and only a minimize Result has one"
            )
        xy = np.asarray(x, dtype=float).reshape(len(x), -1)
        if xy.shape[1] not in dims:
            drawn = (
                "2-D trajectories can be drawn on a contour"
                if dims == (2,)
                else ("1-D trajectories (on the function's curve) and 2-D ones (on its contour) can be drawn")
            )
            raise ValueError(f"result {name!r} is a run in {counted(xy.shape[1], 'dimension')}; only {drawn}")
        paths[str(name)] = np.where(np.isfinite(xy), xy, np.nan)
    if len({xy.shape[1] for xy in paths.values()}) > 1:
        sizes = ", ".join(f"{name!r}: {xy.shape[1]}" for name, xy in paths.items())
        raise ValueError(f"the runs must be in one dimension to be drawn together, got {sizes}")
    return paths


def _view(bounds, paths: Mapping[str, np.ndarray], minima: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The function's bounds widened to hold the (finite) trajectories, by at most
    ``_MAX_WIDEN`` times their size, plus a 5% margin where they were widened."""
    points = np.concatenate([*paths.values(), minima])
    points = points[np.isfinite(points).all(axis=1)]
    view = []
    for axis in range(points.shape[1]):
        seen = points[:, axis]
        if bounds is not None:
            low, high = map(float, bounds[axis])
        else:
            low, high = float(seen.min()), float(seen.max())
        centre, span = (low + high) / 2, max(high - low, 1e-9)
        reach = _MAX_WIDEN * span / 2
        lo, hi = max(min(low, seen.min()), centre - reach), min(max(high, seen.max()), centre + reach)
        if bounds is None or lo < low or hi > high:
            pad = 0.05 * max(hi - lo, 1e-9)
            lo, hi = lo - pad, hi + pad
        view.append((float(lo), float(hi)))
    return tuple(view)


def _first_outside(xy: np.ndarray, view) -> int | None:
    """The first iteration of the path ``xy`` outside ``view`` (a diverging run, beyond what
    :func:`_view` widens to, or a non-finite point), or ``None`` if it stays inside."""
    low, high = np.array(view).T
    inside = ((xy >= low) & (xy <= high)).all(axis=1)
    return None if inside.all() else int(np.argmin(inside))


def _curve_figure(function: Any, paths: Mapping[str, np.ndarray]) -> Figure:
    """1-D runs: the function's curve over the span of the paths and the known minima, each
    path's points on it, the start and the minima."""
    from matplotlib.figure import Figure

    minima = _minima(function, dim=1)
    (view,) = _view(None, paths, minima)
    grid = np.linspace(*view, _GRID)[:, None]
    curve = function_values(function, grid)
    fig = Figure(figsize=(6, 4.5), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(grid[:, 0], curve, "-", color="0.4", lw=1.2)
    for i, (name, x) in enumerate(paths.items()):
        ax.plot(x[:, 0], function_values(function, x), "-", color=f"C{i % 10}", lw=1, marker=".", ms=5, label=name)
    starts = np.unique(np.array([x[0] for x in paths.values()]), axis=0)
    marks = [(starts, "o", "white", 8, "start")]
    if len(minima):
        marks.append((minima, "*", "gold", 14, "global minimum" if len(minima) == 1 else "global minima"))
    for points, marker, color, size, label in marks:
        values = function_values(function, points)
        ax.plot(points[:, 0], values, marker, ls="none", color=color, mec="black", ms=size, label=label)
    pad = 0.05 * max(np.nanmax(curve) - np.nanmin(curve), 1e-9)
    ax.set(xlim=view, ylim=(np.nanmin(curve) - pad, np.nanmax(curve) + pad), xlabel="$x$", ylabel="f")
    ax.set_title(getattr(function, "name", "") or None)
    ax.legend(fontsize="small", loc="best")
    return fig


def _final_values(results: Any) -> dict[str, str]:
    """Each run's `` (f=...)``, its final value for its legend entry (named as by
    :func:`_trajectories_of`); empty where it has none."""
    runs = {"trajectory": results} if isinstance(results, Result) else results
    funs = {str(name): getattr(res, "fun", None) for name, res in runs.items()}
    return {name: f" (f={fun:.3g})" if isinstance(fun, float) else "" for name, fun in funs.items()}


def _outline() -> list:
    """A white edge around a path's line, which sets it off from the contour and other paths."""
    from matplotlib import patheffects

    return [patheffects.Stroke(linewidth=3, foreground="white"), patheffects.Normal()]


def _contour(ax, function: Any, view) -> None:
    X, Y, Z = function_grid(function, view, _GRID)
    filled_contour(ax, X, Y, Z, cmap=_CONTOUR_CMAP)


def _surface(ax, function: Any, view, paths: Mapping[str, np.ndarray]) -> None:
    X, Y, Z = function_grid(function, view, _SURFACE_GRID)
    ax.plot_surface(X, Y, Z, cmap="viridis", alpha=0.55, linewidth=0, antialiased=True)
    for i, (name, xy) in enumerate(paths.items()):
        xy = xy[: _first_outside(xy, view)]  # a diverged path's far points would flatten the surface
        ax.plot(xy[:, 0], xy[:, 1], function_values(function, xy), color=f"C{i % 10}", lw=1.5, label=name)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="f", title="surface")
