"""The three pictures of a trained model's loss landscape."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import Tensor

from .._checks import InvalidArgument, number, unwritten
from .._wrappers import inner_module
from ..plots import filled_contour
from ..plots.marks import loss_line
from ..training.checkpoint import load
from ..training.input_check import check_first_batch
from ..training.losses import get as get_loss
from ..training.models import floating_dtype
from .directions import check_model, pca_directions, random_direction
from .recorder import flat_parameters
from .slices import Slice1D, Slice2D, batches, slice_1d, slice_2d, spread_rows

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["draw"]

_EVAL_MAX = 512  # examples the pictures of draw() evaluate the loss on, spread over the data's rows
_CHECKED = 64  # examples of the check that the model and loss take the data, before any file
_PAD = 0.25  # the PCA plane extends this share of the trajectory's extent beyond it


def draw(
    model: torch.nn.Module,
    loss: str | Callable[[Tensor, Tensor], Tensor],
    data: Any,
    out_dir: str | os.PathLike,
    trajectory: Any = None,
    points: int = 21,
    seed: int = 0,
    loss_label: str = "loss",
    centre: str = "trained weights",
) -> list[Path]:
    """Draw the loss landscape around the model's weights into ``out_dir``; returns the files:

    - ``landscape_1d.png``: :func:`slice_1d` along a filter-normalised random direction,
      :math:`\\alpha \\in [-1, 1]`;
    - ``landscape_2d.png``: :func:`slice_2d` along two of them, a contour on
      :math:`[-1, 1]^2`;
    - ``landscape_pca.png``, when ``trajectory`` has at least 3 finite points: the contour over
      the plane of the trajectory's two principal directions (:func:`pca_directions`), with the
      trajectory projected on it (the points of a run that diverged, NaN, are left out, and the
      legend says how many).

    ``data`` is as :func:`slice_1d` takes it; of a ``DataLoader``, its first batches that hold
    512 examples are read (shuffle it, or pass its ``Dataset``, for a sample of every class).
    ``trajectory`` is the ``(k, n)`` tensor of flattened parameters, the dict
    :class:`TrajectoryRecorder` writes, or the path of its file. The loss is evaluated on the
    512 examples of ``data`` spread evenly over its rows (all of them where it has fewer) at
    ``points`` x ``points`` grid points, an odd number so that the middle one is the trained
    weights; ``seed`` picks the random directions. ``loss_label`` names the loss on the axes and
    colour bars (which loss, on which data: ``"training loss (512 training examples)"``), and
    ``centre`` the model's weights at the middle of every picture (``"best checkpoint (end of
    epoch 4)"``): a trajectory is drawn over the surface, which should be the loss it descended.

    >>> import tempfile, descend as ds
    >>> h = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False)
    >>> X, y = next(ds.training.prepare("iris").train.batches())   # one full batch
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in draw(h.model, "cross_entropy", (X, y), tmp, points=5)]
    ['landscape_1d.png', 'landscape_2d.png']
    """
    number("points", points, integer=True, ge=3)
    if points % 2 == 0:
        raise InvalidArgument(
            f"points must be odd, so that the middle of the grid is the trained weights themselves "
            f"(an even grid steps over them), got {points}: {points - 1} or {points + 1}"
        )
    check_model(model, "draw")
    for name, value in (("loss_label", loss_label), ("centre", centre)):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"{name} must be a non-empty str naming it on the pictures, got {value!r}")
    number("seed", seed, integer=True)
    model = inner_module(model)  # a torch.compile'd model's, eagerly: the check's hooks are not traced
    broken = [name for name, p in model.named_parameters() if not torch.isfinite(p.detach()).all()]
    if broken:  # every point of every picture would be NaN
        raise ValueError(
            f"the model's weights hold NaN or infinity (in {', '.join(broken[:3])}{', ...' if len(broken) > 3 else ''}): "
            "a run that diverged has no landscape around them; draw it around an earlier checkpoint's"
        )
    read = batches(data, torch.device("cpu"), floating_dtype(model), limit=_EVAL_MAX)
    X, y = (torch.cat(part) for part in zip(*read)) if len(read) > 1 else read[0]
    rows = spread_rows(len(X), _EVAL_MAX)  # not the first 512: data sorted by class would show one class
    data = (X[rows], y[rows])
    device = next(model.parameters(), torch.empty(0)).device
    # A model built for other data, or a loss that does not fit it: one clear error, as train's, before any file.
    check_first_batch(model, (X[:_CHECKED].to(device), y[:_CHECKED].to(device)), loss, get_loss(loss))
    path_trajectory = _trajectory_tensor(trajectory)
    out_dir = _picture_folder(out_dir)
    generator = torch.Generator().manual_seed(seed)
    d, e = random_direction(model, generator), random_direction(model, generator)
    grid = np.linspace(-1.0, 1.0, points)
    grid[points // 2] = 0.0  # linspace's middle is -1e-17 for some counts (99): the weights moved

    words = _Words(loss_label, centre)
    written = [_save(_line_figure(slice_1d(model, loss, data, d, grid), words), out_dir / "landscape_1d.png")]
    plane = slice_2d(model, loss, data, (d, e), grid, grid)
    around = f"loss around the {centre}"
    fig = _contour_figure(plane, around, "α (random direction 1)", "β (random direction 2)", words)
    written.append(_save(_legend_below(fig), out_dir / "landscape_2d.png"))
    if path_trajectory is not None and len(path_trajectory) >= 3:
        fig = _trajectory_figure(model, loss, data, path_trajectory, points, words)
        if fig is not None:
            written.append(_save(fig, out_dir / "landscape_pca.png"))
    return written


@dataclass(frozen=True)
class _Words:
    """What the pictures say the surface is (``loss``: the axis and colour bar label) and where
    it is centred (``centre``: the weights at α = β = 0)."""

    loss: str
    centre: str


def _line_figure(line: Slice1D, words: _Words) -> Figure:
    """The loss along the direction: on a log axis where it spans decades (a sharp minimum's
    basin was flat along the foot of a linear one), each point where it is not finite (it
    overflowed far from the weights) marked at the top, where the line had ended without a word."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    loss_line(ax, line.alphas.tolist(), line.losses.tolist(), marker="o", ms=3)
    ax.axvline(0.0, color="0.5", ls=":", lw=1, label=words.centre)
    ax.set(xlabel="α (filter-normalised random direction)", ylabel=words.loss, title="loss along a random direction")
    ax.legend(fontsize="small")
    return fig


def _trajectory_figure(
    model: torch.nn.Module, loss: Any, data: Any, trajectory: Tensor, points: int, words: _Words
) -> Figure | None:
    """The loss over the plane of the trajectory's two principal directions, with the
    trajectory projected on it: its finite points (a run that diverged recorded NaN weights after
    it did; the legend says how many are left out), ``None`` where fewer than 3 are."""
    final = flat_parameters(model)
    if trajectory.shape[1] != final.numel():
        raise ValueError(
            f"the trajectory has {trajectory.shape[1]} parameters per point, "
            f"the model {final.numel()}: it was recorded for another model"
        )
    finite = torch.isfinite(trajectory).all(1)
    if int(finite.sum()) < 3:  # a run that diverged at once: no plane to draw
        return None
    dropped = len(trajectory) - int(finite.sum())
    pca = pca_directions(trajectory[finite], final)
    alphas, betas = (_extent(pca.coords[:, j], pca.coords[:, 1 - j], points) for j in (0, 1))
    plane = slice_2d(model, loss, data, pca.directions, alphas, betas)
    fig = _contour_figure(
        plane,
        "loss over the plane of the training trajectory",
        f"PC 1 ({pca.explained[0]:.1%} of the variance)",
        f"PC 2 ({pca.explained[1]:.1%} of the variance)",
        words,
    )
    ax = fig.axes[0]
    said = f" ({dropped} later points not finite, left out)" if dropped else ""
    ax.plot(pca.coords[:, 0], pca.coords[:, 1], "-o", color="C3", ms=3, lw=1.5, label=f"trajectory{said}")
    ax.plot(*pca.coords[0], "o", color="white", mec="black", ms=8, ls="none", label="start")
    ax.plot(*pca.coords[-1], "*", color="gold", mec="black", ms=13, ls="none", label="end")
    return _legend_below(fig)


def _trajectory_tensor(trajectory: Any) -> Tensor | None:
    if trajectory is None:
        return None
    if isinstance(trajectory, (str, os.PathLike)):
        trajectory = load(trajectory)
    if isinstance(trajectory, Mapping):
        if "params" not in trajectory:
            raise ValueError("a trajectory dict holds 'params' (and 'epochs'), as TrajectoryRecorder writes it")
        trajectory = trajectory["params"]
    trajectory = torch.as_tensor(trajectory)
    if trajectory.ndim != 2:
        raise ValueError(f"a trajectory is a (points, parameters) tensor, got shape {tuple(trajectory.shape)}")
    return trajectory


def _extent(values: np.ndarray, other: np.ndarray, points: int) -> np.ndarray:
    """Grid along one axis of the PCA plane: the trajectory's range and the origin, padded; a
    flat axis borrows the other's extent so that the plane is not a line. The steps are whole
    multiples of the spacing, so that the origin, the trained weights, is a point of the grid (of
    ``points`` or ``points + 1``), not interpolated between its neighbours."""
    low, high = min(values.min(), 0.0), max(values.max(), 0.0)
    span = high - low
    if span <= 1e-12 * max(1.0, abs(other).max()):
        span = max(float(other.max() - other.min()), 1e-3)
        low, high = -span / 2, span / 2
    low, high = low - _PAD * span, high + _PAD * span
    step = (high - low) / (points - 1)
    return step * np.arange(np.floor(low / step), np.ceil(high / step) + 1)


def _contour_figure(plane: Slice2D, title: str, xlabel: str, ylabel: str, words: _Words) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 5.5), layout="constrained")
    ax = fig.add_subplot()
    A, B = np.meshgrid(plane.alphas, plane.betas, indexing="ij")
    filled_contour(ax, A, B, plane.losses, colorbar=words.loss)
    bad = ~np.isfinite(plane.losses)  # left blank by the contour: marked, not mistaken for a plateau
    if bad.any():
        ax.plot(A[bad], B[bad], "x", color="C3", ms=4, ls="none", clip_on=False, label="loss not finite (NaN or inf)")
    ax.plot(0, 0, "+", color="black", ms=10, mew=1.5, ls="none", label=words.centre)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    return fig


def _legend_below(fig: Figure) -> Figure:
    """``fig`` with the legend of its contour under the picture, off the loss: inside, it covered
    the lowest loss of wine's trajectory plane, the minimum the picture is drawn for."""
    handles, labels = fig.axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3), fontsize="small")
    return fig


def _picture_folder(out_dir: Any) -> Path:
    """``out_dir``, made where missing, before the slices are evaluated: a path that cannot be a
    folder is one error naming it and why (was mkdir's "[Errno 17] File exists")."""
    if not isinstance(out_dir, (str, os.PathLike)):
        raise TypeError(f"out_dir must be a folder name (str or os.PathLike), got {type(out_dir).__name__}")
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise unwritten(err, folder / "landscape_1d.png", "the landscape pictures") from err
    return folder


def _save(fig: Figure, path: Path) -> Path:
    try:
        fig.savefig(path, dpi=100)
    except OSError as err:  # a failed save named, as every picture's (descend.plots)
        raise unwritten(err, path, "the landscape pictures") from err
    return path
