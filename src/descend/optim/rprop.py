"""Rprop (Riedmiller & Braun, 1993): a step size per coordinate that grows while the
gradient keeps its sign and shrinks when it flips; only the gradient's sign is used."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument
from ._hyper_checks import non_negative, real
from ._optimizer import RuleOptimizer, compiled, zeros_state


def rprop(
    theta: list[Tensor],
    g: list[Tensor],
    g_prev: list[Tensor],
    delta: list[Tensor],
    *,
    eta_minus: float,
    eta_plus: float,
    delta_min: float,
    delta_max: float,
) -> None:
    r"""One Rprop step, in place, on lists of tensors (Riedmiller & Braun, 1993, as in torch:
    the variant without weight-backtracking, "Rprop-").

    .. math::
        s &= \mathrm{sign}(g\,g_{prev}) \qquad
        \Delta \leftarrow \mathrm{clip}\big(\Delta \cdot
            \{\eta^+ \text{ if } s > 0;\ \eta^- \text{ if } s < 0;\ 1 \text{ otherwise}\},\
            \Delta_{min},\ \Delta_{max}\big) \\
        g &\leftarrow 0 \text{ where } s < 0 \qquad
        \theta \leftarrow \theta - \mathrm{sign}(g)\,\Delta \qquad g_{prev} \leftarrow g

    >>> theta, g = [torch.zeros(3)], [torch.tensor([1.0, -1.0, 1.0])]
    >>> g_prev, delta = [torch.tensor([1.0, 1.0, 0.0])], [torch.full((3,), 0.1)]
    >>> rprop(theta, g, g_prev, delta, eta_minus=0.5, eta_plus=1.2, delta_min=1e-6, delta_max=50)
    >>> delta[0], theta[0]  # same sign: grow and step; flipped: shrink and wait; new: step
    (tensor([0.1200, 0.0500, 0.1000]), tensor([-0.1200,  0.0000, -0.1000]))
    """
    s = torch._foreach_mul(g, g_prev)
    torch._foreach_sign_(s)
    for d, s_i, g_i, g_prev_i in zip(delta, s, g, g_prev):
        flipped = s_i < 0
        # Filled in the tensor's dtype (as torch does), not built from Python floats in float32.
        factor = s_i.masked_fill(s_i > 0, eta_plus).masked_fill_(flipped, eta_minus).masked_fill_(s_i == 0, 1.0)
        d.mul_(factor).clamp_(delta_min, delta_max)
        g_prev_i.copy_(g_i.masked_fill(flipped, 0))
    torch._foreach_addcmul_(theta, torch._foreach_sign(g_prev), delta, value=-1)


def _etas(name: str, value: Any) -> tuple[float, float]:
    if isinstance(value, (tuple, list)) and len(value) == 2:
        eta_minus, eta_plus = (real(f"{name}[{i}]", v) for i, v in enumerate(value))
        if 0 < eta_minus < 1 < eta_plus:
            return (eta_minus, eta_plus)
    raise InvalidArgument(
        f"{name} must be a pair (eta_minus, eta_plus) with 0 < eta_minus < 1 < eta_plus, got {value!r}"
    )


def _step_sizes(name: str, value: Any) -> tuple[float, float]:
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = (non_negative(f"{name}[{i}]", v) for i, v in enumerate(value))
        if low <= high:
            return (low, high)
    raise InvalidArgument(f"{name} must be a pair (min, max) with 0 <= min <= max, got {value!r}")


class Rprop(RuleOptimizer):
    """Rprop: full-batch training by the signs of the gradients, one adaptive step size per
    coordinate (it is not meant for noisy mini-batch gradients).

    Same arguments and defaults as ``torch.optim.Rprop`` (``capturable`` and
    ``differentiable`` only False): ``lr`` is the initial step size, ``etas`` the factors
    ``(eta_minus, eta_plus)`` and ``step_sizes`` the bounds ``(min, max)``. The state keys
    are ``prev`` and ``step_size``, as torch's. ``fused=True`` compiles the step with
    ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Rprop([w], lr=0.1)
    >>> for _ in range(50):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.05
    True
    """

    _constraints = {"lr": non_negative, "etas": _etas, "step_sizes": _step_sizes}

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize, fused=fused)
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        # A complex parameter is a pair of reals (as torch): both parts start at lr.
        lr = complex(group["lr"], group["lr"]) if p.is_complex() else group["lr"]
        return {
            **zeros_state(p, "prev"),
            "step_size": torch.full_like(p, lr, memory_format=torch.preserve_format),
        }

    def _update(self, group, params, grads, state, t):
        # The step count and the learning rate (the initial step size) play no part here.
        # No scalar of the step changes between steps (no lr, no step count): one graph.
        rule = compiled(rprop) if group["fused"] else rprop
        (eta_minus, eta_plus), (delta_min, delta_max) = group["etas"], group["step_sizes"]
        rule(
            params,
            grads,
            state["prev"],
            state["step_size"],
            eta_minus=eta_minus,
            eta_plus=eta_plus,
            delta_min=delta_min,
            delta_max=delta_max,
        )
