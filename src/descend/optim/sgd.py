"""Gradient descent: the plain full step (``GD``) and stochastic gradient descent with
momentum, dampening, Nesterov momentum and weight decay (``SGD``); whether an optimizer
takes plain gradient steps (``takes_plain_steps``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import closed_unit_interval, flag, non_negative
from ._ops import add_scaled_
from ._optimizer import RuleOptimizer, zeros_state


def sgd(
    theta: list[Tensor],
    g: list[Tensor],
    b: list[Tensor] | None,
    *,
    t: int | None,
    lr: float,
    momentum: float = 0.0,
    dampening: float = 0.0,
    weight_decay: float = 0.0,
    nesterov: bool = False,
) -> None:
    r"""One SGD step, in place, on lists of tensors (Sutskever et al., 2013, as in torch).

    .. math::
        g &\leftarrow g + \lambda\theta \\
        b &\leftarrow \mu b + (1-\tau) g \quad (b \leftarrow g \text{ at } t = 1) \\
        d &= g + \mu b \text{ (Nesterov)}, \quad d = b \text{ (heavy ball)}, \quad
            d = g \;(\mu = 0) \\
        \theta &\leftarrow \theta - \eta\, d

    ``t`` is 1 on a parameter's first update (the buffer is then set to ``g``) and otherwise
    ``None`` or the step number.

    >>> theta, g = [torch.tensor([1.0])], [torch.tensor([2.0])]
    >>> sgd(theta, g, None, t=None, lr=0.1)
    >>> theta[0]
    tensor([0.8000])
    """
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
    if momentum != 0:
        if t == 1:
            torch._foreach_copy_(b, g)
        else:
            torch._foreach_mul_(b, momentum)
            torch._foreach_add_(b, g, alpha=1 - dampening)
        if nesterov:
            g = torch._foreach_add(g, b, alpha=momentum)
        else:
            g = b
    add_scaled_(theta, g, -lr)


def _check_nesterov(group: dict[str, Any]) -> None:
    if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
        raise ValueError(
            "nesterov=True requires momentum > 0 and dampening = 0, got "
            f"momentum={group['momentum']}, dampening={group['dampening']}"
        )


class SGD(RuleOptimizer):
    """Stochastic gradient descent with optional (Nesterov) momentum, as ``torch.optim.SGD``.

    The same arguments and defaults as ``torch.optim.SGD``; ``fused=True`` compiles the step.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = SGD([w], lr=0.1, momentum=0.9)
    >>> for _ in range(300):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 1e-4
    True
    """

    _step_as_tensor = False  # the rule branches on t
    _complex_as_real = False  # torch's SGD steps a complex parameter in complex arithmetic
    _constraints = {
        "lr": non_negative,
        "momentum": closed_unit_interval,
        "dampening": closed_unit_interval,
        "weight_decay": non_negative,
        "nesterov": flag,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
            foreach=foreach,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def _checked(self, hyper: dict[str, Any]) -> dict[str, Any]:
        hyper = super()._checked(hyper)
        _check_nesterov(hyper)
        return hyper

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        _check_nesterov(group)

    def _has_state(self, group: dict[str, Any]) -> bool:
        return group["momentum"] != 0

    def _counts_steps(self, group: dict[str, Any]) -> bool:
        return False  # the rule only needs to know the first update, as torch's SGD

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "momentum_buffer")

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            sgd,
            params,
            grads,
            state.get("momentum_buffer"),
            t=t,
            lr=group["lr"],
            momentum=group["momentum"],
            dampening=group["dampening"],
            weight_decay=group["weight_decay"],
            nesterov=group["nesterov"],
        )


class GD(RuleOptimizer):
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \eta (\nabla f(\theta) + \lambda\theta)`.

    No momentum, no state. With full-batch gradients this is the textbook method; its step
    is stable on an L-smooth function for :math:`\eta < 2/L`.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = GD([w], lr=0.25)
    >>> opt.zero_grad(); (w ** 2).sum().backward(); opt.step()   # 3 - 0.25 * 6
    >>> w.item()
    1.5
    """

    _constraints = {"lr": non_negative, "weight_decay": non_negative}
    _complex_as_real = False  # as SGD

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        weight_decay: float = 0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(lr=lr, weight_decay=weight_decay, maximize=maximize, foreach=foreach, fused=fused)
        super().__init__(params, defaults, differentiable=differentiable)

    def _has_state(self, group: dict[str, Any]) -> bool:
        return False

    def _update(self, group, params, grads, state, t):
        self._run(group, sgd, params, grads, None, t=None, lr=group["lr"], weight_decay=group["weight_decay"])


def takes_plain_steps(optimizer: torch.optim.Optimizer) -> bool:
    r"""Whether every update is :math:`\theta \leftarrow \theta - \eta\,\nabla f(\theta)`:
    gradient descent without momentum, adaptive scaling or weight decay, downhill (what a
    curvature read off the loss decrease per step assumes; ``maximize=True`` steps uphill).

    >>> w = torch.nn.Parameter(torch.zeros(1))
    >>> takes_plain_steps(SGD([w], lr=0.1)), takes_plain_steps(SGD([w], lr=0.1, momentum=0.9))
    (True, False)
    >>> takes_plain_steps(GD([w], lr=0.1, maximize=True))
    False
    """
    return isinstance(optimizer, (GD, SGD, torch.optim.SGD)) and all(
        not group.get("momentum", 0) and not group.get("weight_decay", 0) and not group.get("maximize", False)
        for group in optimizer.param_groups
    )
