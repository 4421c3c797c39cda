"""Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"): the sign of an
interpolated momentum as the step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import betas, non_negative
from ._ops import add_scaled_
from ._optimizer import RuleOptimizer, zeros_state


def lion(
    theta: list[Tensor],
    g: list[Tensor],
    m: list[Tensor],
    *,
    lr: float,
    beta1: float,
    beta2: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One Lion step, in place, on lists of tensors (Chen et al., 2023, Algorithm 2).

    .. math::
        \theta &\leftarrow (1-\eta\lambda)\theta \\
        c &= \beta_1 m + (1-\beta_1) g \qquad
        \theta \leftarrow \theta - \eta\, \mathrm{sign}(c) \\
        m &\leftarrow \beta_2 m + (1-\beta_2) g

    >>> theta, g, m = [torch.ones(3)], [torch.tensor([2.0, -0.5, 0.0])], [torch.zeros(3)]
    >>> lion(theta, g, m, lr=0.1, beta1=0.9, beta2=0.99)
    >>> theta[0]  # every coordinate with a gradient moves by exactly lr
    tensor([0.9000, 1.1000, 1.0000])
    """
    if weight_decay != 0:
        torch._foreach_mul_(theta, 1 - lr * weight_decay)
    c = torch._foreach_lerp(m, g, 1 - beta1)
    torch._foreach_sign_(c)
    add_scaled_(theta, c, -lr)
    torch._foreach_lerp_(m, g, 1 - beta2)


class Lion(RuleOptimizer):
    """Lion: every coordinate moves by exactly ``lr`` (plus decoupled weight decay).

    Its steps are larger than Adam's for the same ``lr``; the paper uses an ``lr`` 3-10x
    smaller and a ``weight_decay`` 3-10x larger than AdamW's. The state key is ``exp_avg``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Lion([w], lr=0.1)
    >>> for _ in range(10):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> round(w.item(), 4)  # ten steps of exactly lr, whatever the gradient's size
    2.0
    """

    _constraints = {"lr": non_negative, "betas": betas, "weight_decay": non_negative}

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-4,
        betas: tuple[float, float] = (0.9, 0.99),
        weight_decay: float = 0.0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            weight_decay=weight_decay,
            maximize=maximize,
            foreach=foreach,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "exp_avg")

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            lion,
            params,
            grads,
            state["exp_avg"],
            lr=group["lr"],
            beta1=beta1,
            beta2=beta2,
            weight_decay=group["weight_decay"],
        )
