"""The first update of :func:`descend.instruments.rate_gain`'s two branches, computed once:
both branches start from the same weights, buffers, optimizer state and random state and take
their first update on the same batch, and the rate enters only the optimizer's step, so the
first update's gradients are the same in both, bit for bit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor
from torch.nn.modules import module as _module_hooks

__all__ = ["SharedFirstGradient"]


class SharedFirstGradient:
    """The first update's gradients, computed once for both branches: both start from the same
    weights, buffers, optimizer state and random state (``reset``) and take their first update on
    the same batch, and the rate enters only the optimizer's step. The first branch notes, after
    its forward and backward passes, every parameter's ``.grad``, the buffers (BatchNorm's
    running statistics) and torch's random state; the second takes them instead of its own
    passes: the same numbers, bit for bit, one forward and backward pass fewer. Not where
    something could tell the difference: a hook on the model's modules or parameters, a global
    module hook, or a random state at the second branch's start other than the first's (the
    probe loss read before the first branch drew from it).

    >>> model = torch.nn.Linear(2, 1)
    >>> first = SharedFirstGradient(model)
    >>> def gradients():
    ...     model.zero_grad(set_to_none=True)
    ...     model(torch.ones(1, 2)).sum().backward()
    ...     return True
    >>> first.take(gradients), model.weight.grad  # the first branch: computed and noted
    (True, tensor([[1., 1.]]))
    >>> model.weight.grad = None  # the second branch starts afresh ...
    >>> first.take(lambda: 1 / 0), model.weight.grad  # ... and takes the note, computing nothing
    (True, tensor([[1., 1.]]))
    """

    def __init__(self, model: torch.nn.Module) -> None:
        self.params = list(model.parameters())
        self.buffers = list(model.buffers())
        self.device = self.params[0].device if self.params else torch.device("cpu")
        self.shared = not _hooked(model, self.params)
        self.noted: tuple[Any, ...] | None = None

    def take(self, gradients: Callable[[], bool]) -> bool:
        """``gradients()`` (whether the loss was finite) in the first branch, noted; its outcome
        in the second."""
        if not self.shared:
            return gradients()
        if self.noted is None:
            before = _random_state(self.device)
            finite = gradients()
            self.noted = (
                before,
                _random_state(self.device),
                [None if p.grad is None else p.grad.detach().clone() for p in self.params],
                [b.detach().clone() for b in self.buffers],
                finite,
            )
            return finite
        before, after, grads, buffers, finite = self.noted
        self.noted, self.shared = None, False  # taken once: the copies are handed over
        if not all(torch.equal(a, b) for a, b in zip(_random_state(self.device), before, strict=True)):
            return gradients()
        for p, g in zip(self.params, grads, strict=True):
            p.grad = g
        with torch.no_grad():
            for b, saved in zip(self.buffers, buffers, strict=True):
                b.copy_(saved)
        _set_random_state(self.device, after)
        return finite


def _hooked(model: torch.nn.Module, params: list[Tensor]) -> bool:
    """Whether a hook could see a forward or backward pass of ``model``: one of its modules' or
    parameters' own hooks, or a global module hook."""
    if any(getattr(_module_hooks, name, None) for name in _GLOBAL_HOOKS):
        return True
    if any(
        m._forward_hooks or m._forward_pre_hooks or m._backward_hooks or m._backward_pre_hooks for m in model.modules()
    ):
        return True
    return any(p._backward_hooks or getattr(p, "_post_accumulate_grad_hooks", None) for p in params)


_GLOBAL_HOOKS = (
    "_global_forward_hooks",
    "_global_forward_pre_hooks",
    "_global_backward_hooks",
    "_global_backward_pre_hooks",
)


def _random_state(device: torch.device) -> tuple[Tensor, ...]:
    """torch's random state on the CPU and, for a GPU, on ``device``."""
    if device.type == "cuda":
        return torch.default_generator.get_state(), torch.cuda.get_rng_state(device)
    return (torch.default_generator.get_state(),)


def _set_random_state(device: torch.device, state: tuple[Tensor, ...]) -> None:
    torch.default_generator.set_state(state[0])
    if device.type == "cuda":
        torch.cuda.set_rng_state(state[1], device)
