"""Adam (Kingma & Ba, 2015), its AMSGrad variant (Reddi et al., 2018) and AdamW (Loshchilov &
Hutter, 2019)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import betas, denominator_eps, flag, non_negative
from ._ops import addcdiv_scaled_
from ._optimizer import RuleOptimizer, zeros_state

__all__ = ["Adam", "AdamW", "adam", "adam_moments"]


def adam(
    theta: list[Tensor],
    g: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    v_max: list[Tensor] | None,
    *,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
    decoupled_weight_decay: bool = False,
) -> None:
    r"""One Adam step, in place, on lists of tensors (Kingma & Ba, 2015, Algorithm 1).

    .. math::
        g &\leftarrow g + \lambda\theta \quad\text{(L2; AdamW instead: }
            \theta \leftarrow (1-\eta\lambda)\theta)\\
        m &\leftarrow \beta_1 m + (1-\beta_1) g \qquad
        v \leftarrow \beta_2 v + (1-\beta_2) g^2 \\
        v_{max} &\leftarrow \max(v_{max}, v) \quad\text{(AMSGrad, when } v_{max}
            \text{ is given; it replaces } v \text{ below)}\\
        \theta &\leftarrow \theta - \frac{\eta}{1-\beta_1^t}\,
            \frac{m}{\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon}

    >>> theta, g = [torch.ones(3)], [torch.ones(3)]
    >>> m, v = [torch.zeros(3)], [torch.zeros(3)]
    >>> adam(theta, g, m, v, None, t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    >>> theta[0]  # the first Adam step moves every coordinate by lr
    tensor([0.9000, 0.9000, 0.9000])
    """
    beta1_t, beta2_t = _ops.powers(t, beta1, beta2)  # first: outside the compiled graph, whole
    if weight_decay != 0:
        if decoupled_weight_decay:
            torch._foreach_mul_(theta, 1 - lr * weight_decay)
        else:
            g = torch._foreach_add(g, theta, alpha=weight_decay)
    denom, c1 = adam_moments(g, m, v, v_max, beta1=beta1, beta2=beta2, beta1_t=beta1_t, beta2_t=beta2_t, eps=eps)
    addcdiv_scaled_(theta, m, denom, -lr / c1)


def adam_moments(
    g: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    v_max: list[Tensor] | None,
    *,
    beta1: float,
    beta2: float,
    beta1_t: float | Tensor,
    beta2_t: float | Tensor,
    eps: float,
) -> tuple[list[Tensor], float | Tensor]:
    r"""Adam's moment estimates, updated in place, and the two divisors of its direction: the
    denominators :math:`\sqrt{v}/\sqrt{1-\beta_2^t} + \epsilon` and the bias correction
    :math:`1-\beta_1^t` (Kingma & Ba, 2015), from the powers ``beta1_t``, ``beta2_t`` of step
    ``t`` (which the caller takes first, by ``_ops.powers``, so that a compiled step stays one graph). The direction is
    :math:`\hat m / (\sqrt{\hat v} + \epsilon)` = ``m / (c1 * denom)``; :func:`adam` steps
    along it, :func:`~descend.optim.lamb` rescales it per layer.

    >>> m, v = [torch.zeros(2)], [torch.zeros(2)]
    >>> g = [torch.tensor([1.0, -2.0])]
    >>> denom, c1 = adam_moments(g, m, v, None, beta1=0.9, beta2=0.999, beta1_t=0.9, beta2_t=0.999, eps=0.0)
    >>> m[0] / (c1 * denom[0])  # the first direction is sign(g)
    tensor([ 1.0000, -1.0000])
    """
    torch._foreach_lerp_(m, g, 1 - beta1)
    torch._foreach_mul_(v, beta2)
    torch._foreach_addcmul_(v, g, g, 1 - beta2)
    if v_max is not None:
        torch._foreach_maximum_(v_max, v)
        v = v_max
    denom = torch._foreach_sqrt(v)
    torch._foreach_div_(denom, (1 - beta2_t) ** 0.5)
    torch._foreach_add_(denom, eps)
    return denom, 1 - beta1_t


class Adam(RuleOptimizer):
    """Adam: per-coordinate steps from bias-corrected first and second moment estimates.

    Same arguments and defaults as ``torch.optim.Adam``; ``weight_decay`` is an L2 penalty
    added to the gradient unless ``decoupled_weight_decay=True`` (then it is AdamW).
    ``fused=True`` compiles the step with ``torch.compile``; ``foreach`` is accepted for
    compatibility (descend's rules are always multi-tensor). ``amsgrad`` turned on in a group
    after steps were taken applies from the next step, its running maximum starting at zero
    as a fresh state's does (torch.optim raises a ``KeyError``).

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Adam([w], lr=0.1)
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
        "amsgrad": flag,
        "decoupled_weight_decay": flag,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _flagged_state(self, group: dict[str, Any]) -> tuple[str, ...]:
        return ("max_exp_avg_sq",) if group["amsgrad"] else ()

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "exp_avg", "exp_avg_sq", *self._flagged_state(group))

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            adam,
            params,
            grads,
            state["exp_avg"],
            state["exp_avg_sq"],
            state["max_exp_avg_sq"] if group["amsgrad"] else None,
            t=t,
            lr=group["lr"],
            beta1=beta1,
            beta2=beta2,
            eps=group["eps"],
            weight_decay=group["weight_decay"],
            decoupled_weight_decay=group["decoupled_weight_decay"],
        )


class AdamW(Adam):
    """AdamW: Adam with weight decay decoupled from the gradient (Loshchilov & Hutter, 2019).

    .. math:: \\theta \\leftarrow (1-\\eta\\lambda)\\theta \\text{ before the Adam step.}

    Same arguments and defaults as ``torch.optim.AdamW`` (``weight_decay=0.01``).

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = AdamW([w], lr=0.1, weight_decay=0.01)
    >>> opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> round(w.item(), 4)  # 3 * (1 - 0.1 * 0.01) - 0.1
    2.897
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
            decoupled_weight_decay=True,
            capturable=capturable,
            differentiable=differentiable,
        )
