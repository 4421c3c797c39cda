"""Bounds: projected gradient descent keeps ``x`` in a box, and measures stationarity by the
projected gradient."""

from __future__ import annotations

import math
import warnings
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


def start_in_box(x: Tensor, project: Callable[[Tensor], Tensor] | None) -> None:
    """Move the start point ``x`` into the box in place, each coordinate clipped to its bounds,
    with a warning that names the coordinates moved (the first 5) and where to, as
    ``scipy.optimize.minimize``'s Nelder-Mead and Powell warn of and clip an initial guess
    outside their bounds: the run starts, and may stop at once, at a point the caller did not
    give (Rosenbrock from (5, 2) in [0, 1]^2: "converged after 0 iterations" at (1, 1))."""
    if project is None:
        return
    with torch.no_grad():
        inside = project(x)
        old, new = x.detach().reshape(-1).clone(), inside.reshape(-1)
        moved = ((old != new) & ~old.isnan()).nonzero().flatten().tolist()
        x.copy_(inside)
    if not moved:
        return
    shown = ", ".join(f"coordinate {i} from {old[i].item():.6g} to {new[i].item():.6g}" for i in moved[:_SHOWN])
    more = f", and {len(moved) - _SHOWN} more" if len(moved) > _SHOWN else ""
    warnings.warn(
        f"x0 is not within bounds: {len(moved)} of {old.numel()} coordinates moved into the box "
        f"(clipped): {shown}{more}",
        stacklevel=3,  # the caller of minimize
    )


# How many moved coordinates start_in_box names.
_SHOWN = 5


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
