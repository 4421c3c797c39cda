"""The instruments' one check on an optimizer beside a model: every tensor it steps is one of
the model's. The readings measure ``loss_fn(model(x), y)`` over the model's parameters against
the stability threshold of the optimizer's rule over all it steps; a tensor outside the model (a
learnable temperature or loss weight) has no gradient there, and its curvature would read 0."""

from __future__ import annotations

from collections.abc import Iterable

from torch import Tensor

from .._checks import InvalidArgument
from .._plural import counted, plural

__all__ = ["refuse_outside_model"]


def refuse_outside_model(stepped: Iterable[Tensor], model_params: Iterable[Tensor], hint: str = "") -> None:
    """Refuse, naming their shapes and what to do, the tensors of ``stepped`` (those that
    require grad) that are not among ``model_params``; ``hint`` ends the message (a caller's
    other way out).

    >>> import torch
    >>> model = torch.nn.Linear(2, 1)
    >>> refuse_outside_model([*model.parameters(), torch.nn.Parameter(torch.ones(()))], model.parameters())
    Traceback (most recent call last):
    descend._checks.InvalidArgument: optimizer steps 1 parameter tensor that is not model's (of shape ()): the instruments measure loss_fn(model(x), y) over model's parameters; register it on the model (model.temperature = torch.nn.Parameter(...), read by its forward or by loss_fn)
    """
    mine = {id(p) for p in model_params}
    outside = [p for p in stepped if p.requires_grad and id(p) not in mine]
    if outside:
        shapes = ", ".join(str(tuple(p.shape)) for p in outside[:3]) + (", ..." if len(outside) > 3 else "")
        raise InvalidArgument(
            f"optimizer steps {counted(len(outside), 'parameter tensor')} that {plural(len(outside), 'is', 'are')} "
            f"not model's (of shape {shapes}): the instruments measure loss_fn(model(x), y) over model's parameters; "
            f"register it on the model (model.temperature = torch.nn.Parameter(...), read by its forward or by loss_fn){hint}"
        )
