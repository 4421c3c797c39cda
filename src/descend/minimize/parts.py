"""A start point given in parts — a dict, list or tuple of tensors, as a model's parameters
are — laid end to end in one flat vector for the descent, and handed back to ``fn``, to the
callback and in the result in the shape it came in.

The parts share one dtype, the one torch promotes theirs to (a float32 tensor beside a float64
one computes in float64); ``fn`` receives views of the flat vector, through which autograd
follows every part. ``bounds`` and the trajectory (``Result.history.x``) are per coordinate of
the flat vector, the parts' coordinates in order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import torch
from torch import Tensor

from .inputs import as_start_point
from .result import Iterate

__all__: list[str] = []


@dataclasses.dataclass(frozen=True)
class Parts:
    """Where each part of a start point lies in the flat vector ``flat``: its ``keys`` (``None``
    for a list or tuple, whose type is ``kind``) and ``shapes``, in order.

    >>> parts = parts_of({"w": torch.ones(2, 2), "b": torch.zeros(1)})
    >>> parts.flat.tolist()
    [1.0, 1.0, 1.0, 1.0, 0.0]
    >>> {k: tuple(v.shape) for k, v in parts.unflat(parts.flat).items()}
    {'w': (2, 2), 'b': (1,)}
    """

    kind: type
    keys: tuple[Any, ...] | None
    shapes: tuple[torch.Size, ...]
    flat: Tensor

    def unflat(self, x: Tensor) -> Any:
        """``x``, a flat vector, as the parts: views of it, shaped and keyed as given."""
        pieces = [p.view(shape) for p, shape in zip(torch.split(x, [s.numel() for s in self.shapes]), self.shapes)]
        if self.keys is not None:
            return dict(zip(self.keys, pieces))
        return self.kind(*pieces) if hasattr(self.kind, "_fields") else self.kind(pieces)  # a namedtuple's fields

    def function(self, fn: Callable[[Any], Tensor]) -> Callable[[Tensor], Tensor]:
        """``fn`` of the parts as a function of the flat vector; where ``fn`` fails on them as
        on the wrong kind of argument (a function of one tensor, ``ds.functions.booth``, given
        a dict), the error says that it got the parts."""

        def of_parts(x: Tensor) -> Tensor:
            try:
                return fn(self.unflat(x))
            except (TypeError, AttributeError) as err:
                kind = self.kind.__name__
                raise TypeError(
                    f"fn raised {type(err).__name__}: {err}; x0 came in parts, a {kind} of tensors, and fn "
                    f"gets them as that {kind}: write fn of the {kind}, or give x0 as one tensor"
                ) from err

        return of_parts

    def callback(self, callback: Callable[[Iterate], Any] | None) -> Callable[[Iterate], Any] | None:
        """``callback`` given each :class:`Iterate` with its ``x`` in parts."""
        if callback is None:
            return None
        return lambda it: callback(dataclasses.replace(it, x=self.unflat(it.x)))


def parts_of(x0: Any) -> Parts | None:
    """``x0``'s :class:`Parts` where it is a dict, or a list or tuple holding a tensor (a list
    of numbers is one array, as before); ``None`` otherwise."""
    if isinstance(x0, Mapping):
        keys, values = tuple(x0), list(x0.values())
        names = [f"x0[{k!r}]" for k in keys]
    elif isinstance(x0, (list, tuple)) and any(isinstance(v, Tensor) for v in x0):
        keys, values = None, list(x0)
        names = [f"x0[{i}]" for i in range(len(values))]
    else:
        return None
    if not values:
        raise ValueError("x0 is an empty dict: give at least one tensor to minimize over")
    tensors = [as_start_point(v, name).detach() for v, name in zip(values, names)]
    devices = {t.device for t in tensors}
    if len(devices) > 1:
        where = ", ".join(f"{name} on {t.device}" for name, t in zip(names, tensors))
        raise ValueError(f"the parts of x0 must be on one device, got {where}")
    dtype = tensors[0].dtype
    for t in tensors[1:]:
        dtype = torch.promote_types(dtype, t.dtype)
    flat = torch.cat([t.reshape(-1).to(dtype) for t in tensors])
    return Parts(type(x0), keys, tuple(t.shape for t in tensors), flat)
