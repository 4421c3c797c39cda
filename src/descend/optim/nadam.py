"""NAdam (Dozat, 2016): Adam with Nesterov momentum and a momentum warm-up schedule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import betas, denominator_eps, flag, non_negative
from ._optimizer import RuleOptimizer, scalar_dtype, zeros_state


def nadam(
    theta: list[Tensor],
    g: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    mu_product: list[Tensor],
    *,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    momentum_decay: float,
    weight_decay: float = 0.0,
    decoupled_weight_decay: bool = False,
) -> None:
    r"""One NAdam step, in place, on lists of tensors (Dozat, 2016, as in torch).

    ``mu_product`` holds one scalar tensor per parameter, :math:`\prod_{i \le t} \mu_i`.

    .. math::
        g &\leftarrow g + \lambda\theta \quad\text{(or } \theta \leftarrow (1-\eta\lambda)\theta
            \text{ when decoupled)}\\
        \mu_t &= \beta_1 \left(1 - \tfrac12\, 0.96^{t\psi}\right) \qquad
            \psi = \text{momentum\_decay} \\
        m &\leftarrow \beta_1 m + (1-\beta_1) g \qquad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2 \\
        \theta &\leftarrow \theta - \eta\, \frac{
            \frac{1-\mu_t}{1-\prod_{i\le t}\mu_i}\, g
            + \frac{\mu_{t+1}}{1-\prod_{i\le t+1}\mu_i}\, m}
            {\sqrt{v / (1-\beta_2^t)} + \epsilon}

    >>> theta, g = [torch.ones(3)], [torch.ones(3)]
    >>> m, v, mu_product = [torch.zeros(3)], [torch.zeros(3)], [torch.tensor(1.0)]
    >>> nadam(theta, g, m, v, mu_product, t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8,
    ...       momentum_decay=4e-3)
    >>> theta[0]  # the Nesterov look-ahead makes the first step a little longer than Adam's
    tensor([0.8944, 0.8944, 0.8944])
    """
    # First, before any tensor work: computed inside a compiled graph, the powers would be
    # re-evaluated for every element (see _ops.powers).
    (decay_t,) = _ops.powers(t * momentum_decay, 0.96)
    (decay_next,) = _ops.powers((t + 1) * momentum_decay, 0.96)
    (beta2_t,) = _ops.powers(t, beta2)
    if weight_decay != 0:
        if decoupled_weight_decay:
            torch._foreach_mul_(theta, 1 - lr * weight_decay)
        else:
            g = torch._foreach_add(g, theta, alpha=weight_decay)
    torch._foreach_lerp_(m, g, 1 - beta1)
    torch._foreach_mul_(v, beta2)
    torch._foreach_addcmul_(v, g, g, 1 - beta2)
    denom = torch._foreach_sqrt(v)
    mu = beta1 * (1.0 - 0.5 * decay_t)
    mu_next = beta1 * (1.0 - 0.5 * decay_next)
    torch._foreach_mul_(mu_product, mu)
    torch._foreach_div_(denom, (1 - beta2_t) ** 0.5)
    torch._foreach_add_(denom, eps)
    if torch.compiler.is_compiling():
        # Under fused=True: Python floats read with .item() would be baked into the graph and
        # recompile it every step, so the step sizes stay 0-dim tensors.
        grad_step = [(1.0 - mu) * -lr / (1.0 - p) for p in mu_product]
        momentum_step = [mu_next * -lr / (1.0 - p * mu_next) for p in mu_product]
        numerator = torch._foreach_mul(g, grad_step)
        torch._foreach_addcmul_(numerator, m, momentum_step)
        torch._foreach_addcdiv_(theta, numerator, denom)
        return
    # torch's eager arithmetic: the float32 products read back as Python floats.
    products = [p.item() for p in mu_product]
    grad_step = [-lr * (1.0 - mu) / (1.0 - prod) for prod in products]
    momentum_step = [-lr * mu_next / (1.0 - prod * mu_next) for prod in products]
    torch._foreach_addcdiv_(theta, g, denom, grad_step)
    torch._foreach_addcdiv_(theta, m, denom, momentum_step)


class NAdam(RuleOptimizer):
    """NAdam: Adam whose momentum looks one step ahead (Nesterov), as ``torch.optim.NAdam``.

    Same arguments and defaults as ``torch.optim.NAdam`` (``capturable`` and
    ``differentiable`` only False); ``decoupled_weight_decay=True`` gives NAdamW. The state keeps
    torch's ``mu_product`` (a scalar tensor), so state dicts move both ways.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = NAdam([w], lr=0.1)
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
        "momentum_decay": non_negative,
        "decoupled_weight_decay": flag,
    }
    _scalar_state = ("step", "mu_product")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
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
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return {"mu_product": torch.tensor(1.0, dtype=scalar_dtype()), **zeros_state(p, "exp_avg", "exp_avg_sq")}

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            nadam,
            params,
            grads,
            state["exp_avg"],
            state["exp_avg_sq"],
            state["mu_product"],
            t=t,
            lr=group["lr"],
            beta1=beta1,
            beta2=beta2,
            eps=group["eps"],
            momentum_decay=group["momentum_decay"],
            weight_decay=group["weight_decay"],
            decoupled_weight_decay=group["decoupled_weight_decay"],
        )
