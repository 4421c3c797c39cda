"""Adadelta (Zeiler, 2012): steps whose units match the parameters', from running averages of
squared gradients and squared updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from ._hyper_checks import closed_unit_interval, denominator_eps, non_negative
from ._ops import add_scaled_
from ._optimizer import RuleOptimizer, zeros_state


def adadelta(
    theta: list[Tensor],
    g: list[Tensor],
    v: list[Tensor],
    u: list[Tensor],
    *,
    lr: float,
    rho: float,
    eps: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One Adadelta step, in place, on lists of tensors (Zeiler, 2012, Algorithm 1, as in torch).

    .. math::
        g &\leftarrow g + \lambda\theta \qquad
        v \leftarrow \rho v + (1-\rho) g^2 \\
        \Delta &= \frac{\sqrt{u + \epsilon}}{\sqrt{v + \epsilon}}\, g \qquad
        u \leftarrow \rho u + (1-\rho) \Delta^2 \\
        \theta &\leftarrow \theta - \eta \Delta

    >>> theta, g = [torch.ones(1)], [torch.ones(1)]
    >>> v, u = [torch.zeros(1)], [torch.zeros(1)]
    >>> adadelta(theta, g, v, u, lr=1.0, rho=0.9, eps=1e-6)
    >>> round(1 - theta[0].item(), 6)  # sqrt(eps / (0.1 + eps))
    0.003162
    """
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
    torch._foreach_mul_(v, rho)
    torch._foreach_addcmul_(v, g, g, value=1 - rho)
    rms_g = torch._foreach_add(v, eps)
    torch._foreach_sqrt_(rms_g)
    delta = torch._foreach_add(u, eps)
    torch._foreach_sqrt_(delta)
    torch._foreach_div_(delta, rms_g)
    torch._foreach_mul_(delta, g)
    torch._foreach_mul_(u, rho)
    torch._foreach_addcmul_(u, delta, delta, value=1 - rho)
    add_scaled_(theta, delta, -lr)


class Adadelta(RuleOptimizer):
    """Adadelta: RMSprop whose step is rescaled by the running RMS of past updates.

    Same arguments and defaults as ``torch.optim.Adadelta`` (``capturable`` and
    ``differentiable`` only False). ``fused=True`` compiles the step with ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Adadelta([w], lr=1.0)
    >>> for _ in range(5):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> 2.9 < w.item() < 3.0   # Adadelta starts slowly: its first steps are about sqrt(eps)
    True
    """

    _constraints = {
        "lr": non_negative,
        "rho": closed_unit_interval,
        "eps": denominator_eps,
        "weight_decay": non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        fused: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            rho=rho,
            eps=eps,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "square_avg", "acc_delta")

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            adadelta,
            params,
            grads,
            state["square_avg"],
            state["acc_delta"],
            lr=group["lr"],
            rho=group["rho"],
            eps=group["eps"],
            weight_decay=group["weight_decay"],
        )
