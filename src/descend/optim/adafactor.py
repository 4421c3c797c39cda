"""Adafactor (Shazeer & Stern, 2018): Adam-like steps from a factored second moment (one row
and one column statistic per matrix), relative step sizes and update clipping; the variant of
``torch.optim.Adafactor``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from ._hyper_checks import denominator_eps, flag, non_negative, optional_flag, real
from ._optimizer import RuleOptimizer, zeros_state


def _rms(x: Tensor, d: float = 1.0) -> float:
    """RMS(x) / d, rounded as torch.optim.Adafactor rounds it; 0 for an empty ``x``."""
    return x.norm(2).item() / (x.numel() ** 0.5 * d) if x.numel() else 0.0


def adafactor(
    theta: list[Tensor],
    g: list[Tensor],
    R: list[Tensor | None],
    C: list[Tensor | None],
    V: list[Tensor | None],
    *,
    t: int,
    lr: float,
    beta2_decay: float,
    eps1: float | None,
    eps2: float,
    d: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One Adafactor step, in place, on lists of tensors (Shazeer & Stern, 2018, Algorithms
    4 and 5, in ``torch.optim.Adafactor``'s variant).

    A parameter with two or more dimensions keeps the row and column means ``R``, ``C`` of
    its squared gradient over the last two (``V`` is ``None``); a vector keeps ``V``.

    .. math::
        \hat\beta_{2t} &= 1 - t^{\tau} \qquad \rho_t = \min(\gamma, 1/\sqrt t) \qquad
        \alpha_t = \max(\epsilon_2, \mathrm{RMS}(\theta))\,\rho_t \qquad
        \theta \leftarrow (1-\gamma\lambda)\theta \\
        R &\leftarrow \hat\beta_{2t} R + (1-\hat\beta_{2t})\,\mathrm{mean}_{-1}(g^2) \qquad
        C \leftarrow \hat\beta_{2t} C + (1-\hat\beta_{2t})\,\mathrm{mean}_{-2}(g^2) \\
        \hat V &= \frac{R\,C}{\max(\mathrm{mean}_{-2}(R), \epsilon_1)}
            \quad\text{(or } V \leftarrow \hat\beta_{2t} V + (1-\hat\beta_{2t})\, g^2) \\
        U &= \frac{g}{\max(\sqrt{\hat V}, \epsilon_1)} \qquad
        \theta \leftarrow \theta - \frac{\alpha_t}{\max(1, \mathrm{RMS}(U)/d)}\, U

    ``eps1=None`` is the machine epsilon of the parameter's dtype.

    >>> theta, g = [torch.ones(2, 2)], [torch.tensor([[1.0, -1.0], [2.0, 2.0]])]
    >>> R, C = [torch.zeros(2, 1)], [torch.zeros(1, 2)]
    >>> adafactor(theta, g, R, C, [None], t=1, lr=0.01, beta2_decay=-0.8, eps1=None, eps2=1e-3, d=1.0)
    >>> theta[0]  # the first step: alpha_1 = rho_1 * RMS(theta) = 0.01 against the gradient's sign
    tensor([[0.9900, 1.0100],
            [0.9900, 0.9900]])
    """
    one_minus_beta2 = t**beta2_decay
    rho = min(lr, 1 / t**0.5)
    alphas = [max(eps2, _rms(p)) * rho for p in theta]
    if weight_decay != 0:
        torch._foreach_mul_(theta, 1 - lr * weight_decay)
    eps1 = torch.finfo(theta[0].dtype).eps if eps1 is None else eps1
    U = []
    for g_i, R_i, C_i, V_i in zip(g, R, C, V):
        if V_i is None:
            # mean(g^2) over a dimension, as norm^2 / n without a g-sized intermediate (0 over none)
            R_i.lerp_(torch.norm(g_i, dim=-1, keepdim=True).square_().div_(max(g_i.size(-1), 1)), one_minus_beta2)
            C_i.lerp_(torch.norm(g_i, dim=-2, keepdim=True).square_().div_(max(g_i.size(-2), 1)), one_minus_beta2)
            V_hat = (R_i @ C_i).div_(R_i.mean(dim=-2, keepdim=True).clamp_(min=eps1))
        else:
            V_i.lerp_(g_i * g_i, one_minus_beta2)
            V_hat = V_i.clone()
        U.append(V_hat.clamp_(min=eps1 * eps1).rsqrt_().mul_(g_i))
    steps = [-a / max(1.0, _rms(u, d)) for a, u in zip(alphas, U)]
    torch._foreach_mul_(U, steps)
    torch._foreach_add_(theta, U)


def _eps(name: str, value: Any) -> tuple[float | None, float]:
    if isinstance(value, (tuple, list)) and len(value) == 2:
        # epsilon1 floors the denominators: at 0 a row or coordinate whose gradient has been 0 steps to nan
        eps1 = None if value[0] is None else denominator_eps(f"{name}[0] (epsilon1)", value[0])
        return (eps1, non_negative(f"{name}[1] (epsilon2)", value[1]))
    raise InvalidArgument(f"{name} must be a pair (epsilon1 or None, epsilon2), got {value!r}")


def _beta2_decay(name: str, value: Any) -> float:
    return float(number(name, real(name, value), le=0))


def _d(name: str, value: Any) -> float:
    return float(number(f"{name} (the clipping threshold)", real(name, value), ge=1))


class Adafactor(RuleOptimizer):
    """Adafactor: Adam-like steps whose second-moment state for a matrix is one row and one
    column, sublinear memory.

    Same arguments and defaults as ``torch.optim.Adafactor``, whose variant this is: ``lr``
    caps the relative step size and scales the decoupled ``weight_decay``; ``eps`` is
    ``(epsilon1, epsilon2)``. The state keys are ``row_var`` and ``col_var`` (matrices and
    higher) or ``variance`` (vectors), as torch's. ``foreach`` is accepted for compatibility:
    the step is torch's ``foreach=True`` one, to the bit (torch's default is its for-loop,
    which rounds differently, by up to about 1e-5 relative in float32).
    There is no ``fused``: the step needs the RMS of each parameter and update as numbers.
    Complex parameters are rejected, as in torch.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = Adafactor([w], lr=0.1)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.1  # steps relative to |w|: it shrinks geometrically
    True
    """

    _common = {"maximize": flag, "foreach": optional_flag}  # no fused: torch's groups have none
    _constraints = {
        "lr": non_negative,
        "beta2_decay": _beta2_decay,
        "eps": _eps,
        "d": _d,
        "weight_decay": non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        beta2_decay: float = -0.8,
        eps: tuple[float | None, float] = (None, 1e-3),
        d: float = 1.0,
        weight_decay: float = 0.0,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            beta2_decay=beta2_decay,
            eps=eps,
            d=d,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _step_group(self, group: dict[str, Any]) -> None:
        # Matrices (row and column state) and vectors (full state) go through separately.
        params = [p for p in group["params"] if p.grad is not None]
        if any(p.is_complex() for p in params):
            raise RuntimeError("Adafactor does not support complex parameters (as torch.optim.Adafactor)")
        for factored in (True, False):
            part = [p for p in params if (p.dim() > 1) == factored]
            if part:
                super()._step_group({**group, "params": part})

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        if p.dim() > 1:
            return {
                "row_var": p.new_zeros((*p.shape[:-1], 1)),
                "col_var": p.new_zeros((*p.shape[:-2], 1, p.shape[-1])),
            }
        return zeros_state(p, "variance")

    def _update(self, group, params, grads, state, t):
        none = [None] * len(params)
        eps1, eps2 = group["eps"]
        adafactor(
            params,
            grads,
            state.get("row_var", none),
            state.get("col_var", none),
            state.get("variance", none),
            t=t,
            lr=group["lr"],
            beta2_decay=group["beta2_decay"],
            eps1=eps1,
            eps2=eps2,
            d=group["d"],
            weight_decay=group["weight_decay"],
        )
