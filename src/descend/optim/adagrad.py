"""Adagrad (Duchi, Hazan & Singer, 2011): per-coordinate steps scaled by the accumulated
squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import denominator_eps, non_negative
from ._optimizer import RuleOptimizer


def adagrad(
    theta: list[Tensor],
    g: list[Tensor],
    s: list[Tensor],
    *,
    t: int,
    lr: float,
    eps: float,
    lr_decay: float = 0.0,
    weight_decay: float = 0.0,
) -> None:
    r"""One Adagrad step, in place, on lists of tensors (Duchi et al., 2011, as in torch).

    .. math::
        g &\leftarrow g + \lambda\theta \qquad
        \tilde\eta = \frac{\eta}{1 + (t-1)\,\eta_{decay}} \\
        s &\leftarrow s + g^2 \\
        \theta &\leftarrow \theta - \tilde\eta\, \frac{g}{\sqrt{s} + \epsilon}

    >>> theta, g, s = [torch.ones(2)], [torch.tensor([2.0, -4.0])], [torch.zeros(2)]
    >>> adagrad(theta, g, s, t=1, lr=0.5, eps=1e-10)
    >>> theta[0]  # the first step moves every coordinate by lr against the gradient's sign
    tensor([0.5000, 1.5000])
    """
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
    decayed_lr = lr / (1 + (t - 1) * lr_decay)
    torch._foreach_addcmul_(s, g, g, value=1)
    denom = torch._foreach_sqrt(s)
    torch._foreach_add_(denom, eps)
    step = torch._foreach_mul(g, -decayed_lr)
    torch._foreach_addcdiv_(theta, step, denom)


class Adagrad(RuleOptimizer):
    """Adagrad: a learning rate per coordinate that shrinks with that coordinate's history.

    Same arguments and defaults as ``torch.optim.Adagrad``; the state ``sum`` starts at
    ``initial_accumulator_value``, the param group's own where it sets one (torch.optim's
    starts every group, and a group added later, at the constructor's value, so its steps
    differ from descend's there). ``fused=True`` compiles the step with ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Adagrad([w], lr=1.0)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.05
    True
    """

    _constraints = {
        "lr": non_negative,
        "lr_decay": non_negative,
        "weight_decay": non_negative,
        "initial_accumulator_value": non_negative,
        "eps": denominator_eps,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        initial = group["initial_accumulator_value"]
        if p.is_complex():  # as torch: both the real and the imaginary sums start there
            initial = complex(initial, initial)
        return {"sum": torch.full_like(p, initial, memory_format=torch.preserve_format)}

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            adagrad,
            params,
            grads,
            state["sum"],
            t=t,
            lr=group["lr"],
            eps=group["eps"],
            lr_decay=group["lr_decay"],
            weight_decay=group["weight_decay"],
        )
