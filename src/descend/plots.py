"""Pictures of runs: training dynamics, several runs' curves, optimizer trajectories on a test
function's contour (still or animated), and the LR range test.

Every function draws a new :class:`matplotlib.figure.Figure` and returns it; with ``path`` it
also saves it there (a PNG, or the format the suffix names), creating the folders. The
figures are made without ``pyplot``: nothing opens a window, needs a display or stays in a
global list of open figures, so drawing in a loop or on a server does not grow memory (a
notebook still shows a returned figure).
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["training", "curves", "trajectories", "animate", "lr_find", "levels", "filled_contour"]

_METRICS = ("accuracy", "r2")
_METRIC_LABEL = {"accuracy": "accuracy", "r2": "R²"}
_FINDING_COLOR = {"converged": "C2"}   # every other kind of finding is drawn in red
_LEGEND_MAX_LAYERS = 8                 # more layers than this: no legend on the ratio panel
_GRID = 200                            # contour grid points per axis
_SURFACE_GRID = 60                     # the 3-D surface is coarser: it draws every facet
_MAX_WIDEN = 10.0                      # the view grows at most this many times the bounds


def levels(values: Any, n: int = 25, decades: float = 4.0) -> np.ndarray | None:
    r"""Contour levels for ``values``, log-spaced above their minimum: with
    :math:`m = \min v` and :math:`s = \max v - m`, level :math:`i` is
    :math:`m + s \cdot 10^{-\text{decades}\,(1 - i/(n-1))}`, so the rings tighten towards the
    minimum, where a descent spends its time, whatever the sign of the values.
    ``None`` when the finite values are all equal (or there are none).

    >>> levels([0.0, 1.0, 1000.0], n=4, decades=3).tolist()
    [1.0, 10.0, 100.0, 1000.0]
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0 or v.max() <= v.min():
        return None
    low, span = float(v.min()), float(v.max() - v.min())
    return low + np.geomspace(span * 10.0**-decades, span, n)


# --- training dynamics -----------------------------------------------------------------------


def training(history: Any, path: str | os.PathLike | None = None,
             diagnoses: Sequence[Any] | None = None) -> Figure:
    """The training dynamics of a :class:`descend.History`, a panel each:

    - training and validation loss per epoch (log scale when positive and spanning more than
      a decade);
    - the metric (accuracy or R²) per epoch, training and validation;
    - the learning rate per step, a line per parameter group;
    - the global gradient norm per step (log scale);
    - the update-to-weight ratio :math:`\\|\\Delta\\theta\\| / \\|\\theta\\|` of each parameter
      tensor at the sampled steps (log scale).

    The doctor's findings (``history.diagnoses`` unless ``diagnoses`` is given) are drawn as
    vertical lines labelled with their kind: at their step on the per-step panels, at that
    step's epoch on the per-epoch ones. A panel without data is left out.

    >>> import tempfile, descend as ds
    >>> h = ds.train("softmax", "iris", lr=0.05, epochs=5, progress=False)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     fig = training(h, path=f"{tmp}/training.png")
    >>> [ax.get_title() for ax in fig.axes]
    ['loss', 'accuracy', 'learning rate', 'gradient norm', 'update / weight ratio']
    """
    from matplotlib.figure import Figure

    findings = list(history.diagnoses if diagnoses is None else diagnoses)
    steps, epochs = history.steps, history.epochs
    panels: list[Callable[[Any], str]] = []
    epoch_x = epochs.get("epoch") or list(range(len(epochs.get("loss", []))))
    if epochs.get("loss") or epochs.get("val_loss"):
        panels.append(lambda ax: _loss_panel(ax, epoch_x, epochs))
    metric = next((m for m in _METRICS if epochs.get(m) or epochs.get(f"val_{m}")), None)
    if metric is not None:
        panels.append(lambda ax: _metric_panel(ax, epoch_x, epochs, metric))
    if steps.get("lr"):
        panels.append(lambda ax: _lr_panel(ax, steps))
    if any(math.isfinite(g) and g > 0 for g in steps.get("grad_norm", [])):
        panels.append(lambda ax: _grad_norm_panel(ax, steps))
    if history.update_ratios:
        panels.append(lambda ax: _ratio_panel(ax, history.update_ratios))
    if not panels:
        raise ValueError("the history has nothing to draw: no epoch and no step was recorded")
    cols = 1 if len(panels) == 1 else 2
    rows = math.ceil(len(panels) / cols)
    fig = Figure(figsize=(5.5 * cols, 3.3 * rows), layout="constrained")
    for i, draw in enumerate(panels):
        ax = fig.add_subplot(rows, cols, i + 1)
        per = draw(ax)
        marks = {}
        for d in findings:
            if d.step is None:
                continue
            x = d.step if per == "step" else _epoch_of_step(history, d.step)
            if x is not None:
                marks.setdefault(x, []).append(d.kind)
        for x, kinds in marks.items():
            _mark(ax, x, kinds)
    return _finish(fig, path)


def _loss_panel(ax, epoch_x, epochs) -> str:
    train, val = epochs.get("loss", []), epochs.get("val_loss", [])
    if train:
        ax.plot(epoch_x[:len(train)], train, color="C0", label="training")
    if val:
        ax.plot(epoch_x[:len(val)], val, color="C1", label="validation")
    if _spans_decades([*train, *val]):
        ax.set_yscale("log")
    ax.set(title="loss", xlabel="epoch", ylabel="loss")
    _integer_ticks(ax)
    ax.legend(fontsize="small")
    return "epoch"


def _metric_panel(ax, epoch_x, epochs, metric) -> str:
    for key, color, label in ((metric, "C0", "training"), (f"val_{metric}", "C1", "validation")):
        if epochs.get(key):
            ax.plot(epoch_x[:len(epochs[key])], epochs[key], color=color, label=label)
    ax.set(title=_METRIC_LABEL[metric], xlabel="epoch", ylabel=_METRIC_LABEL[metric])
    _integer_ticks(ax)
    ax.legend(fontsize="small")
    return "epoch"


def _lr_panel(ax, steps) -> str:
    rates = np.array([np.atleast_1d(row) for row in steps["lr"]], dtype=float)
    x = steps["step"][:len(rates)]
    for g in range(rates.shape[1]):
        ax.plot(x, rates[:, g], color=f"C{g}", label=f"group {g}" if rates.shape[1] > 1 else None)
    if _spans_decades(rates.ravel()):
        ax.set_yscale("log")
    ax.set(title="learning rate", xlabel="step", ylabel="lr")
    if rates.shape[1] > 1:
        ax.legend(fontsize="small")
    return "step"


def _grad_norm_panel(ax, steps) -> str:
    norms = steps["grad_norm"]
    ax.plot(steps["step"][:len(norms)], norms, color="C0", lw=1)
    ax.set(title="gradient norm", xlabel="step", ylabel="‖∇L‖", yscale="log")
    return "step"


def _ratio_panel(ax, rows) -> str:
    names = [k for k in rows[0] if k != "step"]
    x = [row["step"] for row in rows]
    for i, name in enumerate(names):
        ax.plot(x, [row.get(name, math.nan) for row in rows], marker="o", ms=3, lw=1,
                color=f"C{i % 10}", label=name)
    ax.set(title="update / weight ratio", xlabel="step", ylabel="‖Δθ‖ / ‖θ‖", yscale="log")
    if len(names) <= _LEGEND_MAX_LAYERS:
        ax.legend(fontsize="x-small")
    return "step"


def _epoch_of_step(history, step: int) -> int | None:
    """The epoch in which optimizer step ``step`` (1-based) happened, as far as recorded."""
    step_epochs = history.steps.get("epoch", [])
    if not step_epochs or step < 1:
        return None
    epoch = step_epochs[min(step, len(step_epochs)) - 1]
    recorded = history.epochs.get("epoch")
    return min(epoch, recorded[-1]) if recorded else epoch


def _mark(ax, x, kinds: list[str]) -> None:
    color = _FINDING_COLOR.get(kinds[0], "C3") if len(set(kinds)) == 1 else "C3"
    ax.axvline(x, color=color, ls="--", lw=1, gid="finding")
    ax.text(x, 0.98, " " + ", ".join(dict.fromkeys(kinds)), transform=ax.get_xaxis_transform(),
            rotation=90, va="top", ha="right", fontsize=7, color=color)


def _integer_ticks(ax) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _spans_decades(values) -> bool:
    """All finite values positive and the largest more than ten times the smallest."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return v.size > 0 and v.min() > 0 and v.max() > 10 * v.min()


# --- several runs ----------------------------------------------------------------------------


def curves(histories: Mapping[str, Any], path: str | os.PathLike | None = None) -> Figure:
    """Several runs' curves on one figure, a colour per run: the loss per epoch (training
    solid, validation dashed; log scale when positive and spanning more than a decade) and,
    when the runs have one, the metric per epoch. The legend names the runs.

    >>> import descend as ds
    >>> runs = {name: ds.train("softmax", "iris", optimizer=name, lr=0.05, epochs=4, progress=False)
    ...         for name in ("sgd", "adam")}
    >>> fig = curves(runs)
    >>> [len(ax.get_lines()) for ax in fig.axes]   # training and validation, per run
    [4, 4]
    """
    from matplotlib.figure import Figure

    if not histories:
        raise ValueError("curves needs at least one run: a mapping name -> History")
    metric = next((m for m in _METRICS for h in histories.values()
                   if h.epochs.get(m) or h.epochs.get(f"val_{m}")), None)
    fig = Figure(figsize=(11 if metric else 6, 4), layout="constrained")
    loss_ax = fig.add_subplot(1, 2 if metric else 1, 1)
    metric_ax = fig.add_subplot(1, 2, 2) if metric else None
    everything = []
    for i, (name, h) in enumerate(histories.items()):
        color = f"C{i % 10}"
        for ax, keys in ((loss_ax, ("loss", "val_loss")), (metric_ax, (metric, f"val_{metric}"))):
            if ax is None:
                continue
            for key, style in zip(keys, ("-", "--")):
                values = h.epochs.get(key, [])
                if values:
                    x = (h.epochs.get("epoch") or list(range(len(values))))[:len(values)]
                    ax.plot(x, values, style, color=color, label=name if style == "-" else None)
                    if ax is loss_ax:
                        everything += values
    if _spans_decades(everything):
        loss_ax.set_yscale("log")
    loss_ax.set(title="loss (dashed: validation)", xlabel="epoch", ylabel="loss")
    if metric_ax is not None:
        metric_ax.set(title=f"{_METRIC_LABEL[metric]} (dashed: validation)", xlabel="epoch",
                      ylabel=_METRIC_LABEL[metric])
    for ax in filter(None, (loss_ax, metric_ax)):
        _integer_ticks(ax)
        ax.legend(fontsize="small")
    return _finish(fig, path)


# --- trajectories on a 2-D function ----------------------------------------------------------


def trajectories(function: Any, results: Any, path: str | os.PathLike | None = None,
                 surface: bool = False) -> Figure:
    """One or several :func:`descend.minimize` trajectories on the contour of a 2-D function.

    ``function`` is a 2-D :class:`descend.functions.TestFunction` (or any callable of points
    of shape ``(..., 2)``); ``results`` a mapping name -> ``Result``, or one ``Result``. The
    trajectory is ``result.history.x``, which ``minimize`` keeps for problems of at most 100
    coordinates, so every 2-D run has one. The view is ``function.bounds``, widened to
    contain the trajectories (up to ten times its size, so that a diverging run does not
    shrink the picture to a dot); the contour levels are log-spaced above the minimum
    (:func:`levels`). Each start point and every known global minimum
    (``function.minima``) is marked. ``surface=True`` adds a 3-D surface with the
    trajectories lifted onto it.

    >>> import descend as ds
    >>> f = ds.functions.rosenbrock
    >>> runs = {opt: ds.minimize(f, f.start, optimizer=opt, lr=lr, max_iter=300)
    ...         for opt, lr in (("momentum", 1e-3), ("adam", 0.05))}
    >>> fig = trajectories(f, runs)
    >>> len(fig.axes[0].get_lines())   # two paths, the shared start, the minimum
    4
    """
    from matplotlib.figure import Figure

    paths = _trajectories_of(results)
    dim = getattr(function, "dim", 2)
    if dim != 2:
        raise ValueError(f"trajectories draws functions of 2 variables; "
                         f"{getattr(function, 'name', function)!r} has dim={dim}")
    minima = np.asarray(getattr(function, "minima", ()) or np.empty((0, 2)), dtype=float).reshape(-1, 2)
    view = _view(getattr(function, "bounds", None), paths, minima)
    fig = Figure(figsize=(11 if surface else 6, 5), layout="constrained")
    ax = fig.add_subplot(1, 2 if surface else 1, 1)
    _contour(ax, function, view)
    for i, (name, xy) in enumerate(paths.items()):
        ax.plot(xy[:, 0], xy[:, 1], "-", color=f"C{i % 10}", lw=1.3,
                marker="." if len(xy) <= 200 else None, ms=3, label=name)
    starts = np.unique(np.array([xy[0] for xy in paths.values()]), axis=0)
    ax.plot(starts[:, 0], starts[:, 1], "o", ls="none", color="white", mec="black", ms=8, label="start")
    if len(minima):
        ax.plot(minima[:, 0], minima[:, 1], "*", ls="none", color="gold", mec="black", ms=14,
                label="global minimum" if len(minima) == 1 else "global minima")
    ax.set(xlim=view[0], ylim=view[1], xlabel="$x_1$", ylabel="$x_2$",
           title=getattr(function, "name", "") or None)
    ax.legend(fontsize="small", loc="best")
    if surface:
        _surface(fig.add_subplot(1, 2, 2, projection="3d"), function, view, paths)
    return _finish(fig, path)


def animate(function: Any, result: Any, path: str | os.PathLike, fps: int = 20,
            max_frames: int = 200) -> Path:
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

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".gif", ".mp4"):
        raise ValueError(f"animate writes .gif or .mp4 files, got {str(path)!r}")
    if suffix == ".mp4" and shutil.which("ffmpeg") is None:
        raise RuntimeError(f"writing {path} needs ffmpeg on the PATH for MP4, and it was not found: "
                           "install ffmpeg, or save a .gif, which works without it")
    for name, value, least in (("fps", fps, 1), ("max_frames", max_frames, 2)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"{name} must be an integer >= {least}, got {value!r}")
    (name, xy), = _trajectories_of(result).items()
    minima = np.asarray(getattr(function, "minima", ()) or np.empty((0, 2)), dtype=float).reshape(-1, 2)
    view = _view(getattr(function, "bounds", None), {name: xy}, minima)
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
    writer = PillowWriter(fps=fps) if suffix == ".gif" else FFMpegWriter(fps=fps)
    path.parent.mkdir(parents=True, exist_ok=True)
    with writer.saving(fig, str(path), dpi=80):
        for k in frames:
            line.set_data(xy[:k + 1, 0], xy[:k + 1, 1])
            point.set_data(xy[k:k + 1, 0], xy[k:k + 1, 1])
            ax.set_title(f"{getattr(function, 'name', '')} — iteration {k}")
            writer.grab_frame()
    return path


def _trajectories_of(results: Any) -> dict[str, np.ndarray]:
    if hasattr(results, "history") and hasattr(results, "nit"):
        results = {"trajectory": results}
    if not isinstance(results, Mapping) or not results:
        raise TypeError(f"results must be a minimize Result or a mapping name -> Result, got {type(results).__name__}")
    paths = {}
    for name, res in results.items():
        x = getattr(getattr(res, "history", None), "x", None)
        if x is None:
            raise ValueError(f"result {name!r} has no trajectory: minimize keeps x only for problems "
                             "of at most 100 coordinates, and only a minimize Result has one")
        xy = np.asarray(x, dtype=float).reshape(len(x), -1)
        if xy.shape[1] != 2:
            raise ValueError(f"result {name!r} is a run in {xy.shape[1]} dimensions; only 2-D "
                             "trajectories can be drawn on a contour")
        paths[str(name)] = np.where(np.isfinite(xy), xy, np.nan)
    return paths


def _view(bounds, paths: Mapping[str, np.ndarray], minima: np.ndarray) -> tuple[tuple[float, float], ...]:
    """The function's bounds widened to hold the (finite) trajectories, by at most
    ``_MAX_WIDEN`` times their size, plus a 5% margin where they were widened."""
    points = np.concatenate([*paths.values(), minima])
    points = points[np.isfinite(points).all(axis=1)]
    view = []
    for axis in range(2):
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


def _grid(function: Any, view, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs, ys = np.linspace(*view[0], n), np.linspace(*view[1], n)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, _values(function, np.stack([X, Y], axis=-1))


def _values(function: Any, points: np.ndarray) -> np.ndarray:
    """``function`` at ``points`` of shape ``(..., 2)``, in one call where it takes batches.

    A function written for one point (``x[0]``, ``x[1]``) gets the grid coordinates first
    (``x[0]`` the grid of first coordinates), which gives the same values elementwise. A
    layout is used only if it agrees with single-point calls at the first and last points;
    point by point is the last resort.
    """
    pts = torch.as_tensor(points, dtype=torch.float64)
    want = points.shape[:-1]
    flat = pts.reshape(-1, 2)
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


def _contour(ax, function: Any, view) -> None:
    X, Y, Z = _grid(function, view, _GRID)
    filled_contour(ax, X, Y, Z)


def filled_contour(ax: Any, X: Any, Y: Any, Z: Any, colorbar: str | None = None) -> None:
    """Filled contour of ``Z`` over the grid ``X, Y`` on ``ax`` at :func:`levels`, a distinct
    colour per band (the levels crowd near the minimum, so a linear colour scale would paint
    them all alike), with the level lines drawn over it; ``colorbar`` is the label of a
    colour bar to add.

    >>> import numpy as np
    >>> X, Y = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> filled_contour(ax, X, Y, X**2 + 10 * Y**2)
    """
    from matplotlib.colors import BoundaryNorm

    bounds = levels(Z)
    norm = None if bounds is None else BoundaryNorm(bounds, ncolors=256, extend="both")
    filled = ax.contourf(X, Y, Z, levels=bounds, cmap="viridis", norm=norm, alpha=0.45, extend="both")
    ax.contour(X, Y, Z, levels=bounds, cmap="viridis", norm=norm, linewidths=0.6)
    if colorbar is not None:
        ax.figure.colorbar(filled, ax=ax, format="%.3g", label=colorbar)


def _surface(ax, function: Any, view, paths: Mapping[str, np.ndarray]) -> None:
    X, Y, Z = _grid(function, view, _SURFACE_GRID)
    ax.plot_surface(X, Y, Z, cmap="viridis", alpha=0.55, linewidth=0, antialiased=True)
    for i, (name, xy) in enumerate(paths.items()):
        ax.plot(xy[:, 0], xy[:, 1], _values(function, xy), color=f"C{i % 10}", lw=1.5, label=name)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="f", title="surface")


# --- the LR range test -----------------------------------------------------------------------


def lr_find(result: Any, path: str | os.PathLike | None = None) -> Figure:
    """The learning-rate range test of :func:`descend.lr_find`: loss against learning rate,
    with the suggestion marked (drawn by :meth:`descend.LRFinderResult.plot`).

    >>> import descend as ds
    >>> found = ds.lr_find("softmax", "iris", num=30, batch_size=16)
    >>> fig = lr_find(found)
    >>> fig.axes[0].get_xscale()
    'log'
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4), layout="constrained")
    result.plot(fig.add_subplot())
    return _finish(fig, path)


def _finish(fig: Figure, path: str | os.PathLike | None) -> Figure:
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100)
    return fig
