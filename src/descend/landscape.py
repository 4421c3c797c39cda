r"""Loss landscapes of trained networks, after Li et al. (2018), "Visualizing the Loss
Landscape of Neural Nets".

The loss of a network is a function of millions of weights; a picture shows it along one or
two directions through the trained weights :math:`\theta^*`:

.. math::

    f(\alpha) = L(\theta^* + \alpha\, d), \qquad f(\alpha, \beta) = L(\theta^* + \alpha\, d + \beta\, e).

A random direction is *filter-normalised* so that the picture does not depend on the scale
of the weights (a network with batch-norm computes the same function at any scale of its
filters): each filter (a row of a linear layer's weight, an output channel of a convolution)
of :math:`d` gets the norm of the same filter of :math:`\theta^*`, and biases and other 1-D
parameters get 0. The two directions that show most of a *training trajectory* are its first
two principal directions (:func:`pca_directions`). :class:`TrajectoryRecorder` keeps the
trajectory during :func:`descend.train`; :func:`draw` makes the three pictures of a run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
from torch import Tensor

from .plots import filled_contour
from .training.callbacks import Callback
from .training.checkpoint import load, save_atomic
from .training.losses import get as get_loss

if TYPE_CHECKING:  # matplotlib is imported when a picture is drawn, not with descend
    from matplotlib.figure import Figure

__all__ = ["TrajectoryRecorder", "random_direction", "pca_directions", "TrajectoryPCA",
           "slice_1d", "slice_2d", "Slice1D", "Slice2D", "draw"]

_EVAL_MAX = 512     # examples the pictures of draw() evaluate the loss on
_PAD = 0.25         # the PCA plane extends this share of the trajectory's extent beyond it


def _flat_parameters(model: torch.nn.Module) -> Tensor:
    """All parameters of ``model``, in ``model.parameters()`` order, as one float32 CPU vector."""
    return torch.cat([p.detach().reshape(-1).to("cpu", torch.float32) for p in model.parameters()])


# --- recording a trajectory --------------------------------------------------------------------


class TrajectoryRecorder(Callback):
    """A :func:`descend.train` callback keeping the training trajectory: the flattened
    parameters (float32, on the CPU) at the start and after every epoch.

    After every epoch, and at the end, it writes ``{"params": Tensor[k, n], "epochs":
    Tensor[k]}`` to ``path`` atomically (row ``i`` holds the weights after ``epochs[i]``
    epochs; 0 is the start), readable with ``torch.load(path, weights_only=True)``. A run
    resumed from a checkpoint continues the file from the point the checkpoint was taken, so
    its trajectory is the uninterrupted run's. The trajectory costs ``4 n`` bytes per epoch
    in memory and on disk for ``n`` parameters. In data-parallel training only worker 0
    records (the replicas are equal).

    >>> import tempfile, torch, descend as ds
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     h = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False,
    ...                  callbacks=[TrajectoryRecorder(f"{tmp}/trajectory.pt")])
    ...     saved = torch.load(f"{tmp}/trajectory.pt", weights_only=True)
    >>> saved["params"].shape, saved["epochs"].tolist()
    (torch.Size([4, 15]), [0, 1, 2, 3])
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.params: list[Tensor] = []
        self.epochs: list[int] = []
        self._resume_epochs: list[int] | None = None

    def on_train_begin(self, run) -> None:
        if run.rank != 0:
            return
        if self._resume_epochs is not None:
            self._continue(self._resume_epochs)
            self._resume_epochs = None
        else:
            self.params, self.epochs = [_flat_parameters(run.model)], [run.epoch]
        self._write()

    def on_epoch_end(self, run) -> None:
        if run.rank != 0:
            return
        self.params.append(_flat_parameters(run.model))
        self.epochs.append(run.epoch + 1)
        self._write()

    def on_train_end(self, run) -> None:
        if run.rank == 0:
            self._write()

    def state_dict(self) -> dict[str, Any]:
        # The points themselves are in the file; the checkpoint says how many are its own.
        return {"epochs": list(self.epochs)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self._resume_epochs = list(state["epochs"])

    def _continue(self, epochs: list[int]) -> None:
        """Take the file's first points, those the checkpoint had seen; later ones were
        written after it by the run that was cut off, and are recorded again."""
        saved = load(self.path) if self.path.is_file() else {"params": torch.empty(0), "epochs": torch.empty(0)}
        if saved["epochs"][:len(epochs)].tolist() != epochs:
            raise ValueError(
                f"cannot resume the trajectory in {self.path}: the checkpoint expects its first "
                f"{len(epochs)} points (epochs {epochs}), the file holds epochs "
                f"{saved['epochs'].tolist()}; it was deleted or overwritten since")
        self.params = list(saved["params"][:len(epochs)])
        self.epochs = list(epochs)

    def _write(self) -> None:
        save_atomic({"params": torch.stack(self.params),
                     "epochs": torch.tensor(self.epochs, dtype=torch.int64)}, self.path)


# --- directions ------------------------------------------------------------------------------


def random_direction(model: torch.nn.Module, generator: torch.Generator | None = None) -> list[Tensor]:
    r"""A filter-normalised random direction for ``model``: a list of tensors shaped like
    its parameters.

    Each entry is drawn from :math:`\mathcal N(0, 1)` (on the CPU from ``generator``, so the
    same seed gives the same direction on any device), then every filter :math:`i` of a
    parameter with two or more axes (a row of a linear weight, an output channel of a
    convolution) is rescaled to the norm of the same filter of the weights,
    :math:`d_i \leftarrow d_i \, \|\theta_i\| / \|d_i\|`; biases and other 1-D parameters
    (batch-norm scales) get 0, as in Li et al.

    >>> import torch
    >>> layer = torch.nn.Linear(3, 2)
    >>> d = random_direction(layer, torch.Generator().manual_seed(0))
    >>> torch.allclose(d[0].norm(dim=1), layer.weight.detach().norm(dim=1)), d[1].abs().sum().item()
    (True, 0.0)
    """
    directions = []
    for p in model.parameters():
        d = torch.randn(p.shape, generator=generator, dtype=torch.float32)
        if p.ndim <= 1:
            d.zero_()
        else:
            w = p.detach().to("cpu", torch.float32)
            scale = w.flatten(1).norm(dim=1) / d.flatten(1).norm(dim=1).clamp_min(1e-30)
            d *= scale.reshape(-1, *[1] * (p.ndim - 1))
        directions.append(d.to(p.device, p.dtype))
    return directions


@dataclass
class TrajectoryPCA:
    """The plane of a trajectory: ``directions`` (two orthonormal vectors of ``n`` entries,
    shape ``(2, n)``), the trajectory's ``coords`` in it (``(k, 2)``, the final weights at the
    origin) and ``explained`` (the share of the trajectory's variance along each direction)."""

    directions: Tensor
    coords: np.ndarray
    explained: np.ndarray


def pca_directions(trajectory: Tensor, final: Tensor) -> TrajectoryPCA:
    r"""The first two principal directions of a trajectory around its final point.

    With :math:`m_i = \theta_i - \theta_{\text{final}}` the rows of :math:`M` (``trajectory``
    is ``(k, n)``, ``final`` ``(n,)``) and :math:`\bar M` the same rows less their mean, the
    SVD :math:`\bar M = U S V^\top` gives the directions :math:`v_1, v_2` (the first rows of
    :math:`V^\top`, each signed so that its largest entry is positive), the explained variance
    ratios :math:`s_j^2 / \sum_l s_l^2` and the coordinates
    :math:`c_i = (m_i \cdot v_1,\ m_i \cdot v_2)`, so that the final point is the origin of
    the plane, as it is of :func:`slice_2d`.

    >>> import torch
    >>> t = torch.linspace(0, 1, 5)[:, None] * torch.tensor([[3.0, 4.0, 0.0]])   # a line
    >>> pca = pca_directions(t, t[-1])
    >>> pca.directions[0].tolist(), pca.explained.round(6).tolist()
    ([0.6000000238418579, 0.800000011920929, 0.0], [1.0, 0.0])
    >>> pca.coords[:, 0].round(6).tolist()
    [-5.0, -3.75, -2.5, -1.25, 0.0]
    """
    trajectory, final = torch.as_tensor(trajectory), torch.as_tensor(final)
    if trajectory.ndim != 2 or trajectory.shape[0] < 2 or final.shape != trajectory.shape[1:]:
        raise ValueError(f"pca_directions needs a trajectory of shape (k >= 2, n) and a final point "
                         f"of shape (n,); got {tuple(trajectory.shape)} and {tuple(final.shape)}")
    if trajectory.shape[1] < 2:
        raise ValueError(f"a plane needs at least 2 parameters, the trajectory has {trajectory.shape[1]}")
    M = trajectory.double() - final.double()
    _, s, vh = torch.linalg.svd(M - M.mean(0), full_matrices=False)
    if vh.shape[0] < 2:  # two points and one parameter less than a plane needs: pad
        vh = torch.cat([vh, torch.zeros(2 - vh.shape[0], vh.shape[1], dtype=vh.dtype)])
        s = torch.cat([s, torch.zeros(2 - s.shape[0], dtype=s.dtype)])
    vh = vh[:2]
    sign = torch.sign(vh.gather(1, vh.abs().argmax(1, keepdim=True)))
    vh = vh * torch.where(sign == 0, 1.0, sign)
    total = float((s**2).sum())
    explained = (s[:2] ** 2 / total).numpy() if total > 0 else np.zeros(2)
    return TrajectoryPCA(vh.to(trajectory.dtype), (M @ vh.T).numpy(), explained)


# --- slices ----------------------------------------------------------------------------------


@dataclass
class Slice1D:
    """:math:`L(\\theta^* + \\alpha d)`: ``losses[i]`` at ``alphas[i]``."""

    alphas: np.ndarray
    losses: np.ndarray


@dataclass
class Slice2D:
    """:math:`L(\\theta^* + \\alpha d + \\beta e)`: ``losses[i, j]`` at ``(alphas[i], betas[j])``."""

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray


def slice_1d(model: torch.nn.Module, loss: str | Callable[[Tensor, Tensor], Tensor], data: Any,
             direction: Any, alphas: Any) -> Slice1D:
    r"""The loss :math:`f(\alpha) = L(\theta^* + \alpha d)` along ``direction`` through the
    model's weights :math:`\theta^*`, at each of ``alphas``.

    ``loss`` is a name :func:`descend.train` accepts ("mse", "cross_entropy", ...) or a
    callable ``(output, y) -> scalar``; ``data`` an ``(X, y)`` pair of tensors, evaluated in
    one batch with the model in evaluation mode and without gradients. ``direction`` is a
    list of tensors shaped like the parameters (:func:`random_direction`) or one flat vector
    of all of them (:func:`pca_directions`). The weights are put back bit for bit afterwards,
    even if the loss raises.

    >>> import torch
    >>> model = torch.nn.Linear(2, 1, bias=False)
    >>> X, y = torch.eye(2), torch.zeros(2)
    >>> s = slice_1d(model, "mse", (X, y), [-model.weight.detach()], [0.0, 1.0])
    >>> float(s.losses[1])   # theta* - theta* = 0 predicts y exactly
    0.0
    """
    alphas = np.asarray(alphas, dtype=float).reshape(-1)
    losses = _losses(model, loss, data, [direction], alphas[:, None])
    return Slice1D(alphas, losses)


def slice_2d(model: torch.nn.Module, loss: str | Callable[[Tensor, Tensor], Tensor], data: Any,
             directions: Sequence[Any], alphas: Any, betas: Any) -> Slice2D:
    r"""The loss :math:`f(\alpha, \beta) = L(\theta^* + \alpha d + \beta e)` on the grid
    ``alphas`` x ``betas``, for ``directions = (d, e)``; everything else as :func:`slice_1d`.

    >>> import torch
    >>> model = torch.nn.Linear(2, 1, bias=False)
    >>> g = torch.Generator().manual_seed(0)
    >>> d, e = random_direction(model, g), random_direction(model, g)
    >>> s = slice_2d(model, "mse", (torch.randn(8, 2, generator=g), torch.zeros(8)), (d, e),
    ...              [-1, 0, 1], [-1, 0, 1])
    >>> s.losses.shape
    (3, 3)
    """
    if isinstance(directions, Tensor) and directions.ndim == 2:
        directions = list(directions)
    if len(directions) != 2:
        raise ValueError(f"slice_2d needs two directions (d, e), got {len(directions)}")
    alphas = np.asarray(alphas, dtype=float).reshape(-1)
    betas = np.asarray(betas, dtype=float).reshape(-1)
    grid = np.stack(np.meshgrid(alphas, betas, indexing="ij"), axis=-1).reshape(-1, 2)
    losses = _losses(model, loss, data, list(directions), grid)
    return Slice2D(alphas, betas, losses.reshape(len(alphas), len(betas)))


def _losses(model: torch.nn.Module, loss: Any, data: Any, directions: list[Any], coords: np.ndarray) -> np.ndarray:
    """The loss at :math:`\\theta^* + \\sum_j c_j d_j` for each row ``c`` of ``coords``."""
    params = list(model.parameters())
    if not params:
        raise ValueError("the model has no parameters: there is no landscape to draw")
    parts = [_as_parts(d, params, i) for i, d in enumerate(directions)]
    loss_fn = get_loss(loss)
    X, y = _pair(data, params[0].device)
    saved = [p.detach().clone() for p in params]
    was_training = model.training
    out = np.empty(len(coords))
    try:
        model.eval()
        with torch.no_grad():
            for k, c in enumerate(coords):
                for i, (p, base) in enumerate(zip(params, saved)):
                    p.copy_(base)
                    for coef, d in zip(c, parts):
                        if coef != 0:  # the origin is the weights themselves, bit for bit
                            p.add_(d[i], alpha=float(coef))
                out[k] = float(loss_fn(model(X), y))
    finally:
        with torch.no_grad():
            for p, base in zip(params, saved):
                p.copy_(base)
        model.train(was_training)
    return out


def _as_parts(direction: Any, params: list[Tensor], index: int) -> list[Tensor]:
    """A direction as one tensor per parameter, on the parameter's device and dtype."""
    sizes = [p.numel() for p in params]
    if isinstance(direction, Tensor) and direction.numel() == sum(sizes) and direction.ndim <= 1:
        pieces = direction.reshape(-1).split(sizes)
        return [d.reshape(p.shape).to(p.device, p.dtype) for d, p in zip(pieces, params)]
    if (isinstance(direction, Sequence) and len(direction) == len(params)
            and all(isinstance(d, Tensor) and d.shape == p.shape for d, p in zip(direction, params))):
        return [d.to(p.device, p.dtype) for d, p in zip(direction, params)]
    raise ValueError(
        f"direction {index} must be a list of {len(params)} tensors shaped like the model's "
        f"parameters, or one flat tensor of {sum(sizes)} entries; got {_describe(direction)}")


def _describe(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, Sequence):
        return f"a sequence of {len(value)} items"
    return type(value).__name__


def _pair(data: Any, device: torch.device) -> tuple[Tensor, Tensor]:
    if not (isinstance(data, Sequence) and len(data) == 2):
        raise TypeError(f"data must be an (X, y) pair of tensors, got {type(data).__name__}")
    X, y = (torch.as_tensor(v) for v in data)
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"data must be an (X, y) pair with as many rows in y as in X (at least one); "
                         f"got {len(X)} and {len(y)}")
    return X.to(device), y.to(device)


# --- the pictures ----------------------------------------------------------------------------


def draw(model: torch.nn.Module, loss: str | Callable[[Tensor, Tensor], Tensor], data: Any,
         out_dir: str | os.PathLike, trajectory: Any = None, points: int = 21, seed: int = 0) -> list[Path]:
    """Draw the loss landscape around the model's weights into ``out_dir``; returns the files:

    - ``landscape_1d.png``: :func:`slice_1d` along a filter-normalised random direction,
      :math:`\\alpha \\in [-1, 1]`;
    - ``landscape_2d.png``: :func:`slice_2d` along two of them, a contour on
      :math:`[-1, 1]^2`;
    - ``landscape_pca.png``, when ``trajectory`` has at least 3 points: the contour over the
      plane of the trajectory's two principal directions (:func:`pca_directions`), with the
      trajectory projected on it.

    ``trajectory`` is the ``(k, n)`` tensor of flattened parameters, the dict
    :class:`TrajectoryRecorder` writes, or the path of its file. The loss is evaluated on the
    first 512 examples of ``data`` at ``points`` x ``points`` grid points; ``seed`` picks
    the random directions.

    >>> import tempfile, descend as ds
    >>> h = ds.train("softmax", "iris", lr=0.05, epochs=3, progress=False)
    >>> X, y = next(ds.training.prepare("iris").train.batches())   # one full batch
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in draw(h.model, "cross_entropy", (X, y), tmp, points=5)]
    ['landscape_1d.png', 'landscape_2d.png']
    """
    from matplotlib.figure import Figure

    if isinstance(points, bool) or not isinstance(points, int) or points < 3:
        raise ValueError(f"points must be an integer >= 3, got {points!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    X, y = _pair(data, torch.device("cpu"))
    data = (X[:_EVAL_MAX], y[:_EVAL_MAX])
    path_trajectory = _trajectory_tensor(trajectory)
    generator = torch.Generator().manual_seed(seed)
    d, e = random_direction(model, generator), random_direction(model, generator)
    grid = np.linspace(-1.0, 1.0, points)
    written = []

    line = slice_1d(model, loss, data, d, grid)
    fig = Figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(line.alphas, line.losses, color="C0", marker="o", ms=3)
    ax.axvline(0.0, color="0.5", ls=":", lw=1, label="trained weights")
    ax.set(xlabel="α (filter-normalised random direction)", ylabel="loss", title="loss along a random direction")
    ax.legend(fontsize="small")
    written.append(_save(fig, out_dir / "landscape_1d.png"))

    plane = slice_2d(model, loss, data, (d, e), grid, grid)
    written.append(_save(_contour_figure(plane, "loss around the trained weights",
                                         "α (random direction 1)", "β (random direction 2)"),
                         out_dir / "landscape_2d.png"))

    if path_trajectory is not None and len(path_trajectory) >= 3:
        final = _flat_parameters(model)
        if path_trajectory.shape[1] != final.numel():
            raise ValueError(f"the trajectory has {path_trajectory.shape[1]} parameters per point, "
                             f"the model {final.numel()}: it was recorded for another model")
        pca = pca_directions(path_trajectory, final)
        alphas, betas = (_extent(pca.coords[:, j], pca.coords[:, 1 - j], points) for j in (0, 1))
        plane = slice_2d(model, loss, data, pca.directions, alphas, betas)
        fig = _contour_figure(plane, "loss over the plane of the training trajectory",
                              f"PC 1 ({pca.explained[0]:.1%} of the variance)",
                              f"PC 2 ({pca.explained[1]:.1%} of the variance)")
        ax = fig.axes[0]
        ax.plot(pca.coords[:, 0], pca.coords[:, 1], "-o", color="C3", ms=3, lw=1.5, label="trajectory")
        ax.plot(*pca.coords[0], "o", color="white", mec="black", ms=8, ls="none", label="start")
        ax.plot(*pca.coords[-1], "*", color="gold", mec="black", ms=13, ls="none", label="end")
        ax.legend(fontsize="small")
        written.append(_save(fig, out_dir / "landscape_pca.png"))
    return written


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
    flat axis borrows the other's extent so that the plane is not a line."""
    low, high = min(values.min(), 0.0), max(values.max(), 0.0)
    span = high - low
    if span <= 1e-12 * max(1.0, abs(other).max()):
        span = max(float(other.max() - other.min()), 1e-3)
        low, high = -span / 2, span / 2
    return np.linspace(low - _PAD * span, high + _PAD * span, points)


def _contour_figure(plane: Slice2D, title: str, xlabel: str, ylabel: str) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 5), layout="constrained")
    ax = fig.add_subplot()
    A, B = np.meshgrid(plane.alphas, plane.betas, indexing="ij")
    filled_contour(ax, A, B, plane.losses, colorbar="loss")
    ax.plot(0, 0, "+", color="black", ms=10, mew=1.5, ls="none", label="trained weights")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize="small")
    return fig


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, dpi=100)
    return path
