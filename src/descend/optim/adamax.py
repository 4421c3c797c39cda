"""Adamax (Kingma & Ba, 2015, section 7.1): Adam with the infinity norm in place of the second
moment."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import betas, denominator_eps, non_negative
from ._ops import addcdiv_scaled_
from ._optimizer import RuleOptimizer, zeros_state


def adamax(
    theta: list[Tensor],
    g: list[Tensor],
    m: list[Tensor],
    u: list[Tensor],
    *,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One Adamax step, in place, on lists of tensors (Kingma & Ba, 2015, Algorithm 2).

    .. math::
        g &\leftarrow g + \lambda\theta \qquad
        m \leftarrow \beta_1 m + (1-\beta_1) g \\
        u &\leftarrow \max(\beta_2 u,\ |g| + \epsilon) \\
        \theta &\leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,\frac{m}{u}

    As in ``torch.optim.Adamax``, ``eps`` goes inside the max: with ``eps > 0``, ``u > 0``; with
    ``eps = 0`` a coordinate whose gradient has been 0 so far has ``m = u = 0`` and steps to
    ``0/0 = nan`` (the class refuses it).

    >>> theta, g = [torch.ones(3)], [torch.tensor([2.0, -0.5, 1.0])]
    >>> m, u = [torch.zeros(3)], [torch.zeros(3)]
    >>> adamax(theta, g, m, u, t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=0.0)
    >>> theta[0]  # the first step moves every coordinate by lr against the gradient's sign
    tensor([0.9000, 1.1000, 0.9000])
    """
    (beta1_t,) = _ops.powers(t, beta1)
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
    torch._foreach_lerp_(m, g, 1 - beta1)
    torch._foreach_mul_(u, beta2)
    abs_g = torch._foreach_abs(g)
    torch._foreach_add_(abs_g, eps)
    torch._foreach_maximum_(u, abs_g)
    addcdiv_scaled_(theta, m, u, -lr / (1 - beta1_t))


class Adamax(RuleOptimizer):
    """Adamax: Adam's step scaled by an exponentially weighted infinity norm of the gradients.

    Same arguments and defaults as ``torch.optim.Adamax`` (``capturable`` and
    ``differentiable`` only False); the state keys are ``exp_avg`` and ``exp_inf``.
    ``fused=True`` compiles the step with ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Adamax([w], lr=0.1)
    >>> for _ in range(200):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.05
    True
    """

    _constraints = {
        "lr": non_negative,
        "betas": betas,
        "eps": denominator_eps,
        "weight_decay": non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
        fused: bool | None = None,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "exp_avg", "exp_inf")

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            adamax,
            params,
            grads,
            state["exp_avg"],
            state["exp_inf"],
            t=t,
            lr=group["lr"],
            beta1=beta1,
            beta2=beta2,
            eps=group["eps"],
            weight_decay=group["weight_decay"],
        )
