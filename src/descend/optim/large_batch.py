r"""Layer-wise adaptive rates for large batches, as settings of SGD and Adam: LARS (You, Gitman &
Ginsburg, 2017) is :func:`~descend.optim.sgd`'s momentum applied to the gradient scaled by a
trust ratio :math:`\|w\| / \|\nabla L(w)\|`, LAMB (You et al., 2019) is Adam's direction
(:func:`~descend.optim.adam_moments`) plus decoupled weight decay, scaled by one. Both rules share
one trust-ratio computation; "layer" means one parameter tensor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import betas, denominator_eps, non_negative, positive, unit_interval
from ._ops import add_scaled_
from ._optimizer import RuleOptimizer, zeros_state
from .adam import adam_moments
from .sgd import sgd

__all__ = ["LARS", "LAMB", "lars", "lamb"]


def _trust_ratios(w_norm: list[Tensor], u_norm: list[Tensor], coefficient: float, w_extra: float = 0.0) -> list[Tensor]:
    r""":math:`c\,\|w\| / (\|u\| + \beta\|w\|)` per layer, or 1 when either norm is zero (a
    layer at zero, such as a freshly zeroed bias, or without gradient) -- both papers' choice."""
    ratios = []
    for w, u in zip(w_norm, u_norm):
        ratio = coefficient * w / (u + w_extra * w)
        ratios.append(torch.where((w > 0) & (u > 0), ratio, torch.ones_like(ratio)))
    return ratios


def lars(
    w: list[Tensor],
    g: list[Tensor],
    v: list[Tensor],
    *,
    lr: float,
    momentum: float,
    weight_decay: float = 0.0,
    trust_coefficient: float = 0.001,
) -> None:
    r"""One LARS step, in place, on lists of tensors (You, Gitman & Ginsburg, 2017, Algorithm 1),
    for each layer :math:`l` (one tensor), with global rate :math:`\gamma` (``lr``), trust
    coefficient :math:`\eta`, weight decay :math:`\beta` and momentum :math:`m`:

    .. math::
        \lambda^l &= \eta\, \frac{\|w^l\|}{\|\nabla L(w^l)\| + \beta \|w^l\|} \\
        v^l &\leftarrow m\, v^l + \gamma\, \lambda^l \left(\nabla L(w^l) + \beta w^l\right) \\
        w^l &\leftarrow w^l - v^l

    That is :func:`~descend.optim.sgd` with momentum :math:`m` and rate 1 on the scaled gradient
    :math:`\gamma\lambda^l(\nabla L(w^l) + \beta w^l)`; ``v`` holds the last step when
    :math:`m = 0`.

    >>> w, g, v = [torch.tensor([3.0, 4.0])], [torch.tensor([0.0, 10.0])], [torch.zeros(2)]
    >>> lars(w, g, v, lr=1.0, momentum=0.9, trust_coefficient=0.1)
    >>> w[0]  # |w| = 5, |g| = 10: the step is 0.1 * 5 / 10 * g, norm 0.05 * |w|
    tensor([3.0000, 3.5000])
    """
    ratios = _trust_ratios(torch._foreach_norm(w), torch._foreach_norm(g), trust_coefficient, weight_decay)
    u = torch._foreach_add(g, w, alpha=weight_decay) if weight_decay != 0 else g
    scaled = torch._foreach_mul(torch._foreach_mul(u, ratios), lr)  # the global rate goes inside v
    if momentum == 0:  # SGD then keeps no buffer; the paper's v is the step itself
        torch._foreach_copy_(v, scaled)
    sgd(w, scaled, v, t=None, lr=1.0, momentum=momentum)


def lamb(
    x: list[Tensor],
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
) -> None:
    r"""One LAMB step, in place, on lists of tensors (You et al., 2019, Algorithm 2, with
    :math:`\phi` the identity), for each layer (one tensor):

    .. math::
        m &\leftarrow \beta_1 m + (1-\beta_1) g \qquad v \leftarrow \beta_2 v + (1-\beta_2) g^2 \\
        r &= \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \epsilon} \\
        x &\leftarrow x - \eta\, \frac{\|x\|}{\|r + \lambda x\|}\, (r + \lambda x)

    :math:`r` is Adam's direction (:func:`~descend.optim.adam_moments`).

    >>> x, g = [torch.tensor([3.0, 4.0])], [torch.tensor([1.0, -1.0])]
    >>> lamb(x, g, [torch.zeros(2)], [torch.zeros(2)], t=1, lr=0.1, beta1=0.9, beta2=0.999, eps=0.0)
    >>> x[0]  # r = sign(g) at the first step, rescaled to norm 0.1 * |x| = 0.5
    tensor([2.6464, 4.3536])
    """
    beta1_t, beta2_t = _ops.powers(t, beta1, beta2)  # first: outside the compiled graph, whole
    denom, c1 = adam_moments(g, m, v, None, beta1=beta1, beta2=beta2, beta1_t=beta1_t, beta2_t=beta2_t, eps=eps)
    r = torch._foreach_div(torch._foreach_div(m, c1), denom)
    if weight_decay != 0:
        torch._foreach_add_(r, x, alpha=weight_decay)
    ratios = _trust_ratios(torch._foreach_norm(x), torch._foreach_norm(r), 1.0)
    add_scaled_(x, torch._foreach_mul(r, ratios), -lr)


class LARS(RuleOptimizer):
    """LARS: SGD with momentum whose step for each parameter tensor is scaled by its trust ratio
    (:func:`lars`). The paper's defaults: momentum 0.9, trust coefficient 0.001; ``lr`` is the
    global rate :math:`\\gamma` (its schedule, warm-up included, is the caller's). The momentum
    buffer is stored as SGD's ``momentum_buffer``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0, -4.0]))
    >>> opt = LARS([w], lr=1.0, trust_coefficient=0.02)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> w.norm().item() < 1.0
    True
    """

    _constraints = {
        "lr": non_negative,
        "momentum": unit_interval,
        "weight_decay": non_negative,
        "trust_coefficient": positive,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        momentum: float = 0.9,
        weight_decay: float = 0,
        trust_coefficient: float = 0.001,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            momentum=momentum,
            weight_decay=weight_decay,
            trust_coefficient=trust_coefficient,
            maximize=maximize,
            foreach=foreach,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def _counts_steps(self, group: dict[str, Any]) -> bool:
        return False

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "momentum_buffer")

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            lars,
            params,
            grads,
            state["momentum_buffer"],
            lr=group["lr"],
            momentum=group["momentum"],
            weight_decay=group["weight_decay"],
            trust_coefficient=group["trust_coefficient"],
        )


class LAMB(RuleOptimizer):
    """LAMB: Adam with decoupled weight decay whose update for each parameter tensor is rescaled
    to ``lr`` times the tensor's norm (:func:`lamb`). Adam's state names (``exp_avg``,
    ``exp_avg_sq``, ``step``); the paper's :math:`\\epsilon` = 1e-6.

    >>> w = torch.nn.Parameter(torch.tensor([3.0, -4.0]))
    >>> opt = LAMB([w], lr=0.05)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> w.norm().item() < 0.1
    True
    """

    _constraints = {"lr": non_negative, "betas": betas, "eps": denominator_eps, "weight_decay": non_negative}

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-6,
        weight_decay: float = 0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize, foreach=foreach, fused=fused
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return zeros_state(p, "exp_avg", "exp_avg_sq")

    def _update(self, group, params, grads, state, t):
        beta1, beta2 = group["betas"]
        self._run(
            group,
            lamb,
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
        )
