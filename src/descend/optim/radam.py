"""RAdam (Liu et al., 2020): Adam with the variance of its adaptive step rectified, so that no
warm-up is needed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import betas, denominator_eps, flag, non_negative
from ._ops import add_scalar_, div_scalar_
from ._optimizer import RuleOptimizer, zeros_state


def radam(
    theta: list[Tensor],
    g: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    *,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
    decoupled_weight_decay: bool = False,
) -> None:
    r"""One RAdam step, in place, on lists of tensors (Liu et al., 2020, Algorithm 2, as in torch).

    .. math::
        g &\leftarrow g + \lambda\theta \quad\text{(or } \theta \leftarrow (1-\eta\lambda)\theta
            \text{ when decoupled)}\\
        m &\leftarrow \beta_1 m + (1-\beta_1) g \qquad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2 \\
        \rho_\infty &= \frac{2}{1-\beta_2} - 1 \qquad
        \rho_t = \rho_\infty - \frac{2 t \beta_2^t}{1-\beta_2^t} \\
        \theta &\leftarrow \theta - \frac{\eta}{1-\beta_1^t}\, m \cdot \begin{cases}
            r_t \frac{\sqrt{1-\beta_2^t}}{\sqrt{v} + \epsilon} & \rho_t > 5 \\
            1 & \text{otherwise (momentum SGD)}
        \end{cases} \\
        r_t &= \sqrt{\frac{(\rho_t-4)(\rho_t-2)\rho_\infty}{(\rho_\infty-4)(\rho_\infty-2)\rho_t}}

    >>> theta, g = [torch.ones(3)], [torch.ones(3)]
    >>> m, v = [torch.zeros(3)], [torch.zeros(3)]
    >>> radam(theta, g, m, v, t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    >>> theta[0]  # rho_1 = 1 <= 5: un-rectified, the step is lr * m / (1 - beta1)
    tensor([0.9000, 0.9000, 0.9000])
    """
    sgd_step, adaptive_step = _step_sizes(t, lr, beta1, beta2)
    if weight_decay != 0:
        if decoupled_weight_decay:
            torch._foreach_mul_(theta, 1 - lr * weight_decay)
        else:
            g = torch._foreach_add(g, theta, alpha=weight_decay)
    torch._foreach_lerp_(m, g, 1 - beta1)
    torch._foreach_mul_(v, beta2)
    torch._foreach_addcmul_(v, g, g, 1 - beta2)

    # torch's branch-free form, kept op for op: when un-rectified, adaptive_step is -0.0 and
    # the per-coordinate factor below is 1 / (x / -0.0) = -0.0, leaving sgd_step alone.
    factor = torch._foreach_sqrt(v)
    torch._foreach_add_(factor, eps)
    div_scalar_(factor, adaptive_step)
    torch._foreach_reciprocal_(factor)
    add_scalar_(factor, sgd_step)
    torch._foreach_addcmul_(theta, m, factor)


@_ops.outside_graphs
def _step_sizes(t: int, lr: float | Tensor, beta1: float, beta2: float) -> tuple[Any, Any]:
    """RAdam's two step sizes at step ``t``: one of them is 0 (``-0.0``), as in torch."""
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * t * (beta2**t) / (1 - beta2**t)
    if rho_t > 5:
        rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        unrectified = 0
    else:
        rect, unrectified = 0, 1.0
    bias_correction1 = 1 - beta1**t
    sgd_step = -(lr * unrectified / bias_correction1)
    adaptive_step = -(((1 - beta2**t) ** 0.5) * (lr * rect / bias_correction1))
    return sgd_step, adaptive_step


class RAdam(RuleOptimizer):
    """RAdam: Adam that falls back to momentum SGD while its variance estimate is unreliable.

    Same arguments and defaults as ``torch.optim.RAdam`` (``capturable`` and
    ``differentiable`` only False); ``decoupled_weight_decay=True`` gives RAdamW.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = RAdam([w], lr=0.1)
    >>> for _ in range(300):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.05
    True
    """

    _constraints = {
        "lr": non_negative,
        "betas": betas,
        "eps": denominator_eps,
        "weight_decay": non_negative,
        "decoupled_weight_decay": flag,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        fused: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "exp_avg", "exp_avg_sq")

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            radam,
            params,
            grads,
            state["exp_avg"],
            state["exp_avg_sq"],
            t=t,
            lr=group["lr"],
            beta1=beta1,
            beta2=beta2,
            eps=group["eps"],
            weight_decay=group["weight_decay"],
            decoupled_weight_decay=group["decoupled_weight_decay"],
        )
