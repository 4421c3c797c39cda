"""Bounds: projected gradient descent keeps ``x`` in a box, and measures stationarity by the
projected gradient."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import torch
from torch import Tensor

__all__: list[str] = []


def projection(limits: tuple[Tensor, Tensor] | None, x: Tensor) -> Callable[[Tensor], Tensor] | None:
    """The projection onto the box ``limits`` (from :func:`box`) of points shaped as ``x``:
    clamping each coordinate; ``None`` for no box."""
    if limits is None:
        return None
    lower, upper = limits[0].reshape(x.shape), limits[1].reshape(x.shape)
    return lambda z: torch.clamp(z, lower, upper)


def box(bounds: Any, x: Tensor) -> tuple[Tensor, Tensor] | None:
    """The flat ``(lower, upper)`` tensors of ``bounds`` for ``x`` (checked); ``None`` for none,
    also for a box without a finite side (nothing to keep ``x`` in)."""
    if bounds is None:
        return None
    lower, upper = _bound_tensors(bounds, x)
    if bool(lower.isinf().all() and upper.isinf().all()):
        return None
    if (lower > upper).any():
        i = int((lower > upper).nonzero()[0])
        raise ValueError(
            f"bounds must have lower <= upper, got ({lower[i].item()}, {upper[i].item()}) at coordinate {i}"
        )
    return lower.to(x.device), upper.to(x.device)


def _bound_tensors(bounds: Any, x: Tensor) -> tuple[Tensor, Tensor]:
    def side(values: Sequence[Any], fill: float) -> Tensor:
        return torch.tensor([fill if v is None else float(v) for v in values], dtype=x.dtype)

    n = x.numel()
    try:
        pairs = list(bounds)
        if len(pairs) == 2 and all(v is None or isinstance(v, (int, float)) for v in pairs):
            pairs = [tuple(pairs)] * n
        if len(pairs) != n or any(len(p) != 2 for p in pairs):
            raise ValueError
        lower = side([p[0] for p in pairs], -math.inf)
        upper = side([p[1] for p in pairs], math.inf)
    except (TypeError, ValueError):
        raise ValueError(
            f"bounds must be (lower, upper) or {n} (lower, upper) pairs, one per coordinate "
            f"(None for no bound), got {bounds!r}"
        ) from None
    if torch.isnan(lower).any() or torch.isnan(upper).any():
        raise ValueError(f"bounds must not contain NaN, got {bounds!r}")
    return lower, upper


def stationarity(x: Tensor, g: Tensor, project: Callable[[Tensor], Tensor] | None) -> float:
    """The gradient norm, or for a box the projected-gradient norm ``||x - P(x - g)||``."""
    if project is None:
        return float(torch.linalg.vector_norm(g))
    with torch.no_grad():
        return float(torch.linalg.vector_norm(x - project(x - g)))
