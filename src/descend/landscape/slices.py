"""The loss along one direction or over the plane of two, through a model's weights."""

from __future__ import annotations

import numbers
import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .._checks import InvalidArgument
from .._plural import counted
from .._wrappers import inner_module
from ..training.data.checks import check_finite
from ..training.input_check import check_first_batch
from ..training.losses import get as get_loss
from ..training.models import floating_dtype
from .directions import check_model

__all__ = ["Slice1D", "Slice2D", "slice_1d", "slice_2d", "spread_rows"]

_DATASET_BATCH = 512  # examples per batch of a Dataset given as data


@dataclass
class Slice1D:
    """:math:`L(\\theta^* + \\alpha d)`: ``losses[i]`` at ``alphas[i]`` (see :func:`slice_1d`).

    >>> import torch
    >>> model = torch.nn.Linear(1, 1, bias=False)
    >>> _ = torch.nn.init.constant_(model.weight, 2.0)  # fits y = 2x exactly
    >>> X = torch.tensor([[1.0], [2.0]])
    >>> s = slice_1d(model, "mse", (X, 2 * X[:, 0]), [torch.ones(1, 1)], [-1.0, 0.0, 1.0])
    >>> s.alphas.tolist(), s.losses.tolist()  # mean((alpha x)^2) = 2.5 alpha^2
    ([-1.0, 0.0, 1.0], [2.5, 0.0, 2.5])
    """

    alphas: np.ndarray
    losses: np.ndarray


@dataclass
class Slice2D:
    """:math:`L(\\theta^* + \\alpha d + \\beta e)`: ``losses[i, j]`` at ``(alphas[i], betas[j])``
    (see :func:`slice_2d`).

    >>> import torch
    >>> model = torch.nn.Linear(1, 1, bias=False)
    >>> _ = torch.nn.init.constant_(model.weight, 2.0)
    >>> X = torch.tensor([[1.0], [2.0]])
    >>> d = [torch.ones(1, 1)]
    >>> s = slice_2d(model, "mse", (X, 2 * X[:, 0]), (d, d), [-1.0, 0.0, 1.0], [0.0, 1.0])
    >>> s.losses.tolist()  # 2.5 (alpha + beta)^2
    [[2.5, 0.0], [0.0, 2.5], [2.5, 10.0]]
    """

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray


def slice_1d(
    model: torch.nn.Module, loss: str | Callable[[Tensor, Tensor], Tensor], data: Any, direction: Any, alphas: Any
) -> Slice1D:
    r"""The loss :math:`f(\alpha) = L(\theta^* + \alpha d)` along ``direction`` through the
    model's weights :math:`\theta^*`, at each of ``alphas`` (one or more finite numbers: a list,
    array or tensor, ``np.linspace(-1, 1, 21)``; a bare number such as ``5`` is refused, not read
    as a count of points).

    ``loss`` is a name :func:`descend.train` accepts ("mse", "cross_entropy", ...) or a
    callable ``(output, y) -> scalar`` (the mean over its batch); ``data`` an ``(X, y)`` pair of
    tensors, evaluated in one batch, or a ``DataLoader`` (or ``Dataset``) of ``(x, y)`` pairs, whose
    batches are read once and evaluated one by one at every point, the loss their mean weighted by
    their sizes; in evaluation mode and without gradients. ``direction`` is a
    list of tensors shaped like the parameters (:func:`random_direction`) or one flat vector
    of all of them (:func:`pca_directions`). The weights are put back bit for bit afterwards,
    and each module's training mode (a frozen batch norm stays in eval mode), even if the loss
    raises.

    >>> import torch
    >>> model = torch.nn.Linear(2, 1, bias=False)
    >>> X, y = torch.eye(2), torch.zeros(2)
    >>> s = slice_1d(model, "mse", (X, y), [-model.weight.detach()], [0.0, 1.0])
    >>> float(s.losses[1])   # theta* - theta* = 0 predicts y exactly
    0.0
    """
    check_model(model, "slice_1d")
    alphas = _coordinates("alphas", alphas)
    losses = _losses(model, loss, data, [direction], alphas[:, None])
    return Slice1D(alphas, losses)


def slice_2d(
    model: torch.nn.Module,
    loss: str | Callable[[Tensor, Tensor], Tensor],
    data: Any,
    directions: Sequence[Any],
    alphas: Any,
    betas: Any,
) -> Slice2D:
    r"""The loss :math:`f(\alpha, \beta) = L(\theta^* + \alpha d + \beta e)` on the grid
    ``alphas`` x ``betas``, for ``directions = (d, e)``; everything else as :func:`slice_1d`.

    >>> import torch
    >>> from descend.landscape import random_direction
    >>> model = torch.nn.Linear(2, 1, bias=False)
    >>> g = torch.Generator().manual_seed(0)
    >>> d, e = random_direction(model, g), random_direction(model, g)
    >>> s = slice_2d(model, "mse", (torch.randn(8, 2, generator=g), torch.zeros(8)), (d, e),
    ...              [-1, 0, 1], [-1, 0, 1])
    >>> s.losses.shape
    (3, 3)
    """
    check_model(model, "slice_2d")
    if isinstance(directions, Tensor) and directions.ndim == 2:
        directions = list(directions)
    if not isinstance(directions, Sequence):
        raise TypeError(
            f"slice_2d needs two directions (d, e), got {type(directions).__name__} {reprlib.repr(directions)}"
        )
    if len(directions) != 2:
        raise ValueError(f"slice_2d needs two directions (d, e), got {len(directions)}")
    alphas, betas = _coordinates("alphas", alphas), _coordinates("betas", betas)
    grid = np.stack(np.meshgrid(alphas, betas, indexing="ij"), axis=-1).reshape(-1, 2)
    losses = _losses(model, loss, data, list(directions), grid)
    return Slice2D(alphas, betas, losses.reshape(len(alphas), len(betas)))


def _coordinates(name: str, values: Any) -> np.ndarray:
    """``values``, the steps along a direction, as a flat array of floats: one or more finite
    numbers in a list, array or tensor. A bare number is refused rather than read as a count of
    points (as ``np.histogram``'s ``bins=5`` is): the range to spread them over is the caller's."""
    try:
        steps = np.asarray(values.detach().cpu() if isinstance(values, Tensor) else values, dtype=float)
    except (TypeError, ValueError):
        steps = None
    if steps is None or steps.ndim == 0 or steps.size == 0 or not np.isfinite(steps).all():
        count = isinstance(values, numbers.Integral) and not isinstance(values, bool) and values > 0
        raise InvalidArgument(
            f"{name} must be the steps to evaluate the loss at, one or more finite numbers in a list, array or "
            f"tensor (e.g. {name}=np.linspace(-1, 1, 21)), got {reprlib.repr(values)}"
            + (f": for {values} points, {name}=np.linspace(-1, 1, {values})" if count else "")
        )
    return steps.reshape(-1)


def _losses(model: torch.nn.Module, loss: Any, data: Any, directions: list[Any], coords: np.ndarray) -> np.ndarray:
    """The loss at :math:`\\theta^* + \\sum_j c_j d_j` for each row ``c`` of ``coords``."""
    model = inner_module(model)  # a torch.compile'd model's, eagerly: the check's hooks are not traced
    params = list(model.parameters())
    if not params:
        raise ValueError("the model has no parameters: there is no landscape to draw")
    parts = [_as_parts(d, params, i) for i, d in enumerate(directions)]
    loss_fn = get_loss(loss)
    data_batches = batches(data, params[0].device, floating_dtype(model))
    sizes = [len(X) for X, _ in data_batches]
    # A model built for other data, or a loss that does not fit its output: one clear error, as
    # train's, not torch's from inside the loss at the first point.
    check_first_batch(model, data_batches[0], loss, loss_fn)
    saved = [p.detach().clone() for p in params]
    # Each module's own mode: a model training with its batch norms frozen (bn.eval()) is left so.
    modes = [(m, m.training) for m in model.modules()]
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
                values = [float(loss_fn(model(X), y)) for X, y in data_batches]
                # The mean over every example: each batch's mean weighted by its size.
                out[k] = values[0] if len(values) == 1 else float(np.dot(values, sizes)) / sum(sizes)
    finally:
        with torch.no_grad():
            for p, base in zip(params, saved):
                p.copy_(base)
        for m, training in modes:
            m.training = training
    return out


def _as_parts(direction: Any, params: list[Tensor], index: int) -> list[Tensor]:
    """A direction as one tensor per parameter, on the parameter's device and dtype."""
    sizes = [p.numel() for p in params]
    if isinstance(direction, Tensor) and direction.numel() == sum(sizes) and direction.ndim <= 1:
        pieces = direction.reshape(-1).split(sizes)
        return [d.reshape(p.shape).to(p.device, p.dtype) for d, p in zip(pieces, params)]
    if (
        isinstance(direction, Sequence)
        and len(direction) == len(params)
        and all(isinstance(d, Tensor) and d.shape == p.shape for d, p in zip(direction, params))
    ):
        return [d.to(p.device, p.dtype) for d, p in zip(direction, params)]
    raise ValueError(
        f"direction {index} must be a list of {counted(len(params), 'tensor')} shaped like the model's "
        f"parameters, or one flat tensor of {counted(sum(sizes), 'entry', 'entries')}; got {_describe(direction)}"
    )


def _describe(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, Sequence):
        return f"a sequence of {counted(len(value), 'item')}"
    return type(value).__name__


def batches(
    data: Any, device: torch.device, dtype: torch.dtype | None = None, limit: int | None = None
) -> list[tuple[Tensor, Tensor]]:
    """``data`` as a list of ``(X, y)`` batches, as :func:`pair` makes each: an ``(X, y)`` pair is
    one batch; a ``DataLoader``'s batches (or a ``Dataset``'s ``(x, y)`` examples, 512 to a batch)
    are read once, so that every point of a picture is the loss on the same examples (a
    shuffling or augmenting loader read again would give each point others). With ``limit``, a
    loader's first batches holding that many examples, and a ``Dataset``'s examples spread over it
    (:func:`spread_rows`): a picture of a large data set need not read all of it.

    >>> from torch.utils.data import DataLoader, TensorDataset
    >>> loader = DataLoader(TensorDataset(torch.zeros(5, 3), torch.zeros(5)), batch_size=2)
    >>> [len(X) for X, _ in batches(loader, torch.device("cpu"))], [len(X) for X, _ in batches(loader, torch.device("cpu"), limit=3)]
    ([2, 2, 1], [2, 2])
    """
    if isinstance(data, torch.utils.data.Dataset):
        if limit is not None and hasattr(data, "__len__"):
            data = torch.utils.data.Subset(data, spread_rows(len(data), limit).tolist())
        data = torch.utils.data.DataLoader(data, batch_size=_DATASET_BATCH)
    if not isinstance(data, torch.utils.data.DataLoader):
        return [pair(data, device, dtype)]
    read, count = [], 0
    for batch in data:
        read.append(pair(batch, device, dtype))
        count += len(read[-1][0])
        if limit is not None and count >= limit:
            break
    if not read:
        raise ValueError("data is a DataLoader without a batch: there is no loss to draw")
    return read


def pair(data: Any, device: torch.device, dtype: torch.dtype | None = None) -> tuple[Tensor, Tensor]:
    """``data``, an ``(X, y)`` pair, as tensors on ``device``, the floating ones of ``dtype``
    (the model's: a ``.double()`` model is given float64 data, as ``train`` gives it; class
    labels stay integers; ``None``: as given).

    >>> X, y = pair((torch.zeros(2, 3), torch.tensor([0, 1])), torch.device("cpu"), torch.float64)
    >>> X.dtype, y.dtype
    (torch.float64, torch.int64)
    """
    if not (isinstance(data, Sequence) and len(data) == 2):
        raise TypeError(
            f"data must be an (X, y) pair of tensors, or a DataLoader or Dataset of (x, y) pairs, got {type(data).__name__}"
        )
    X, y = (_numbers(v, name) for v, name in zip(data, ("X", "y")))
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"data must be an (X, y) pair with as many rows in y as in X (at least one); got {len(X)} and {len(y)}"
        )
    for values, name in ((X, "X"), (y, "y")):  # a NaN input makes every point of the picture NaN
        check_finite(values, f"data {name}")
    X, y = (v.to(device, dtype) if dtype is not None and v.is_floating_point() else v.to(device) for v in (X, y))
    return X, y


def _numbers(value: Any, name: str) -> Tensor:
    """One half of ``data`` as a tensor: a tensor as it is, an array, list or DataFrame by its
    values (not a DataFrame's index labels); text is one error, not torch's."""
    if isinstance(value, Tensor):
        return value
    array = np.asarray(value)
    if array.dtype.kind == "O":  # a DataFrame of mixed number columns
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            pass
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"data {name} must be numbers (class labels as the model's class indices 0..k-1), got "
            f"{array.dtype} values such as {reprlib.repr(array.reshape(-1)[:1].tolist()[0]) if array.size else 'none'}"
        )
    return torch.as_tensor(array if array.flags.writeable else array.copy())  # pandas' read-only views


def spread_rows(n: int, k: int) -> Tensor:
    """``k`` row indices spread evenly over ``n`` rows, first and last included (all ``n``
    where ``n <= k``): a picture of the loss on ``k`` of ``n`` examples sorted by class reads
    every class in its share, as the first ``k`` would not.

    >>> spread_rows(10, 4).tolist(), spread_rows(3, 4).tolist()
    ([0, 3, 6, 9], [0, 1, 2])
    """
    return torch.arange(n) if n <= k else torch.linspace(0, n - 1, k, dtype=torch.float64).round().long()
