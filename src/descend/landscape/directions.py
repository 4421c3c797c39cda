"""Directions through the weights: filter-normalised random ones, and the two principal
directions of a training trajectory."""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor

__all__ = ["random_direction", "TrajectoryPCA", "pca_directions", "check_model"]


def check_model(model: Any, who: str) -> None:
    """``model`` is a ``torch.nn.Module``, the trained model ``who`` takes; anything else is one
    error naming it (was "'str' object has no attribute 'parameters'").

    >>> check_model("mlp", "draw")
    Traceback (most recent call last):
    TypeError: draw takes the trained model, a torch.nn.Module (a History's is history.model), got str
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(
            f"{who} takes the trained model, a torch.nn.Module (a History's is history.model), got {type(model).__name__}"
        )


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
    check_model(model, "random_direction")
    if not (generator is None or isinstance(generator, torch.Generator)):
        raise TypeError(
            f"generator must be a torch.Generator or None, got {type(generator).__name__} {reprlib.repr(generator)}"
            + (
                f": for seed {generator}, torch.Generator().manual_seed({generator})"
                if isinstance(generator, int)
                else ""
            )
        )
    directions = []
    for p in model.parameters():
        # Drawn in float32 whatever the model (the same seed, the same direction), scaled in
        # float64 for a float64 model: its filter norms then match to its own precision, not 1e-7.
        exact = torch.float64 if p.dtype == torch.float64 else torch.float32
        d = torch.randn(p.shape, generator=generator, dtype=torch.float32).to(exact)
        if p.ndim <= 1:
            d.zero_()
        else:
            w = p.detach().to("cpu", exact)
            scale = w.flatten(1).norm(dim=1) / d.flatten(1).norm(dim=1).clamp_min(1e-30)
            d *= scale.reshape(-1, *[1] * (p.ndim - 1))
        directions.append(d.to(p.device, p.dtype))
    return directions


@dataclass
class TrajectoryPCA:
    """The plane of a trajectory: ``directions`` (two orthonormal vectors of ``n`` entries,
    shape ``(2, n)``), the trajectory's ``coords`` in it (``(k, 2)``, the final weights at the
    origin) and ``explained`` (the share of the trajectory's variance along each direction);
    see :func:`pca_directions`.

    >>> import torch
    >>> path = torch.tensor([[0.0, 0.0, 0.0], [2.0, 1.0, 0.0], [3.0, 3.0, 0.0], [4.0, 4.0, 0.0]])
    >>> plane = pca_directions(path, path[-1])
    >>> plane.directions.shape, plane.coords.shape, plane.coords[-1].tolist()
    (torch.Size([2, 3]), (4, 2), [0.0, 0.0])
    >>> plane.explained.round(3).tolist()  # s_j^2 / sum_l s_l^2
    [0.981, 0.019]
    """

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
    try:
        trajectory, final = torch.as_tensor(trajectory), torch.as_tensor(final)
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(
            "pca_directions takes the trajectory, a (k, n) tensor of flattened weights, and the final "
            f"weights, an (n,) tensor; got {type(trajectory).__name__} and {type(final).__name__}"
        ) from err
    if trajectory.ndim != 2 or trajectory.shape[0] < 2 or final.shape != trajectory.shape[1:]:
        raise ValueError(
            f"pca_directions needs a trajectory of shape (k >= 2, n) and a final point "
            f"of shape (n,); got {tuple(trajectory.shape)} and {tuple(final.shape)}"
        )
    if trajectory.shape[1] < 2:
        raise ValueError(f"a plane needs at least 2 parameters, the trajectory has {trajectory.shape[1]}")
    bad = (~torch.isfinite(trajectory).all(1)).nonzero().flatten().tolist()
    if bad or not torch.isfinite(final).all():
        where = f"its rows {reprlib.repr(bad)}" if bad else "the final point"
        raise ValueError(
            f"pca_directions needs finite weights, the trajectory holds NaN or infinity in {where} (a run that "
            "diverged): pass the points before it, trajectory[:first bad row], around finite final weights"
        )
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
