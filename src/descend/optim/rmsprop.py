"""RMSprop (Hinton, 2012, lecture 6e), with the centered variant and momentum of Graves (2013)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import closed_unit_interval, denominator_eps, flag, non_negative, unit_interval
from ._ops import add_scaled_, addcdiv_scaled_
from ._optimizer import RuleOptimizer, zeros_state


def rmsprop(
    theta: list[Tensor],
    g: list[Tensor],
    v: list[Tensor],
    g_avg: list[Tensor] | None,
    b: list[Tensor] | None,
    *,
    lr: float,
    alpha: float,
    eps: float,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
) -> None:
    r"""One RMSprop step, in place, on lists of tensors (as in torch).

    .. math::
        g &\leftarrow g + \lambda\theta \qquad
        v \leftarrow \alpha v + (1-\alpha) g^2 \\
        \bar g &\leftarrow \alpha \bar g + (1-\alpha) g,\quad
            \tilde v = v - \bar g^2 \quad\text{(centered, when } \bar g \text{ is given;
            else } \tilde v = v)\\
        b &\leftarrow \mu b + \frac{g}{\sqrt{\tilde v} + \epsilon},\quad
            \theta \leftarrow \theta - \eta b \quad\text{(when } b \text{ is given; else }
            \theta \leftarrow \theta - \eta \tfrac{g}{\sqrt{\tilde v} + \epsilon})

    >>> theta, g, v = [torch.ones(2)], [torch.tensor([1.0, -1.0])], [torch.zeros(2)]
    >>> rmsprop(theta, g, v, None, None, lr=0.01, alpha=0.99, eps=1e-8)
    >>> theta[0]  # |g| / sqrt(0.01 g^2) = 10: the first step is 10 * lr
    tensor([0.9000, 1.1000])
    """
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
    torch._foreach_mul_(v, alpha)
    torch._foreach_addcmul_(v, g, g, value=1 - alpha)
    if g_avg is not None:
        torch._foreach_lerp_(g_avg, g, 1 - alpha)
        denom = torch._foreach_addcmul(v, g_avg, g_avg, value=-1)
        torch._foreach_sqrt_(denom)
    else:
        denom = torch._foreach_sqrt(v)
    torch._foreach_add_(denom, eps)
    if b is not None:
        torch._foreach_mul_(b, momentum)
        torch._foreach_addcdiv_(b, g, denom)
        add_scaled_(theta, b, -lr)
    else:
        addcdiv_scaled_(theta, g, denom, -lr)


class RMSprop(RuleOptimizer):
    """RMSprop: steps divided by a running root mean square of the gradient.

    Same arguments and defaults as ``torch.optim.RMSprop`` (``capturable`` and
    ``differentiable`` only False); ``centered=True`` divides by the running standard
    deviation instead. ``centered`` or ``momentum`` turned on in a group after steps were
    taken applies from the next step, its running mean or buffer starting at zero as a
    fresh state's does (torch.optim raises a ``KeyError``).
    ``fused=True`` compiles the step with ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = RMSprop([w], lr=0.01)
    >>> for _ in range(400):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.05
    True
    """

    _constraints = {
        "lr": non_negative,
        "alpha": unit_interval,
        "eps": denominator_eps,
        "weight_decay": non_negative,
        "momentum": closed_unit_interval,
        "centered": flag,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        *,
        fused: bool | None = None,
    ) -> None:
        defaults = dict(
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
            momentum=momentum,
            centered=centered,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _flagged_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        return (*(("momentum_buffer",) if group["momentum"] > 0 else ()), *(("grad_avg",) if group["centered"] else ()))

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "square_avg", *self._flagged_state(group))

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            rmsprop,
            params,
            grads,
            state["square_avg"],
            state["grad_avg"] if group["centered"] else None,
            state["momentum_buffer"] if group["momentum"] > 0 else None,
            lr=group["lr"],
            alpha=group["alpha"],
            eps=group["eps"],
            weight_decay=group["weight_decay"],
            momentum=group["momentum"],
        )
