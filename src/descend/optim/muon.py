r"""Muon (Jordan et al., 2024, https://kellerjordan.github.io/posts/muon/): momentum whose
update for a 2-D weight is orthogonalised by a few Newton–Schulz iterations, as
``torch.optim.Muon``. Muon is for the matrices of hidden layers; give biases, gains and
embeddings to another rule (AdamW, say)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from ._hyper_checks import denominator_eps, flag, non_negative, unit_interval
from ._optimizer import RuleOptimizer

__all__ = ["Muon", "muon"]

_ADJUST_LR = (None, "original", "match_rms_adamw")


def _newton_schulz(G: Tensor, coefficients: tuple[float, float, float], steps: int, eps: float) -> Tensor:
    r"""``steps`` quintic Newton–Schulz iterations towards :math:`UV^\top` for :math:`G = USV^\top`,
    in bfloat16, on the wide orientation of :math:`G`:
    :math:`X \leftarrow aX + (bA + cA^2)X`, :math:`A = XX^\top`, from :math:`X = G/\|G\|_F`."""
    a, b, c = coefficients
    X = G.bfloat16()
    tall = G.size(0) > G.size(1)
    if tall:
        X = X.T
    X.div_(X.norm().clamp(min=eps))
    for _ in range(steps):
        A = X @ X.T
        X = torch.addmm(X, torch.addmm(A, A, A, beta=b, alpha=c), X, beta=a)
    return X.T if tall else X


def _lr_scale(adjust_lr_fn: str | None, shape: torch.Size) -> float:
    """Keller Jordan's :math:`\\sqrt{\\max(1, A/B)}`, or Moonshot's :math:`0.2\\sqrt{\\max(A, B)}`
    (which matches AdamW's update RMS) for an :math:`A \\times B` weight."""
    A, B = shape[:2]
    if adjust_lr_fn == "match_rms_adamw":
        return 0.2 * math.sqrt(max(A, B))
    return math.sqrt(max(1, A / B))


def muon(
    theta: list[Tensor],
    g: list[Tensor],
    B: list[Tensor],
    *,
    lr: float,
    weight_decay: float,
    mu: float,
    nesterov: bool,
    ns_coefficients: tuple[float, float, float] = (3.4445, -4.775, 2.0315),
    ns_steps: int = 5,
    eps: float = 1e-7,
    adjust_lr_fn: str | None = None,
) -> None:
    r"""One Muon step, in place, on lists of 2-D tensors (as ``torch.optim.Muon``).

    .. math::
        B &\leftarrow \mu B + (1-\mu) g \\
        \tilde B &= (1-\mu) g + \mu B \text{ (Nesterov)}, \quad \tilde B = B \text{ otherwise} \\
        O &= \mathrm{NS}_k^{(a,b,c)}(\tilde B) \approx UV^\top \quad (\tilde B = USV^\top) \\
        \theta &\leftarrow (1-\eta\lambda)\,\theta - \eta\, s(A \times B)\, O

    with :math:`s = \sqrt{\max(1, A/B)}` (or :math:`0.2\sqrt{\max(A, B)}` for
    ``adjust_lr_fn="match_rms_adamw"``).

    >>> theta, g, B = [torch.zeros(2, 2)], [torch.tensor([[3.0, 0.0], [0.0, 1.0]])], [torch.zeros(2, 2)]
    >>> muon(theta, g, B, lr=0.1, weight_decay=0.0, mu=0.95, nesterov=False, ns_steps=10)
    >>> theta[0].diagonal()  # about lr along both directions, though one gradient is 3x the other
    tensor([-0.1047, -0.0750])
    """
    torch._foreach_lerp_(B, g, 1 - mu)
    U = [torch.lerp(g_i, B_i, mu) for g_i, B_i in zip(g, B)] if nesterov else B
    for theta_i, U_i in zip(theta, U):
        O_i = _newton_schulz(U_i, ns_coefficients, ns_steps, eps)
        theta_i.mul_(1 - lr * weight_decay)
        theta_i.add_(O_i, alpha=-lr * _lr_scale(adjust_lr_fn, theta_i.shape))


def _coefficients(name: str, value: Any) -> tuple[float, float, float]:
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise InvalidArgument(f"{name} must be three numbers (a, b, c), got {value!r}")
    return tuple(float(number(f"{name}[{i}]", v)) for i, v in enumerate(value))  # type: ignore[return-value]


def _ns_steps(name: str, value: Any) -> int:
    return number(name, value, integer=True, ge=0, lt=100)


def _adjust_lr_fn(name: str, value: Any) -> str | None:
    if value not in _ADJUST_LR:
        raise InvalidArgument(f"{name} must be None, 'original' or 'match_rms_adamw', got {value!r}")
    return value


class Muon(RuleOptimizer):
    """Muon, with ``torch.optim.Muon``'s arguments, defaults and state dict; like torch's, it
    takes only 2-D parameters (a clear error names any other) and rejects complex parameters
    and sparse gradients.

    >>> w = torch.nn.Parameter(torch.tensor([[2.0, 1.0], [0.0, -1.0]]))
    >>> opt = Muon([w], lr=0.05, weight_decay=0.0)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> w.abs().max().item() < 0.1
    True
    >>> Muon([torch.nn.Parameter(torch.zeros(3))])
    Traceback (most recent call last):
    ValueError: Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([3]); ...
    """

    _common: dict[str, Any] = {}
    _constraints = {
        "lr": non_negative,
        "weight_decay": non_negative,
        "momentum": unit_interval,
        "nesterov": flag,
        "ns_coefficients": _coefficients,
        "eps": denominator_eps,
        "ns_steps": _ns_steps,
        "adjust_lr_fn": _adjust_lr_fn,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        weight_decay: float = 0.1,
        momentum: float = 0.95,
        nesterov: bool = True,
        ns_coefficients: tuple[float, float, float] = (3.4445, -4.775, 2.0315),
        eps: float = 1e-7,
        ns_steps: int = 5,
        adjust_lr_fn: str | None = None,
    ) -> None:
        defaults = dict(
            lr=lr,
            weight_decay=weight_decay,
            momentum=momentum,
            nesterov=nesterov,
            ns_coefficients=ns_coefficients,
            eps=eps,
            ns_steps=ns_steps,
            adjust_lr_fn=adjust_lr_fn,
        )
        super().__init__(params, defaults)

    def _check_group(self, group: dict[str, Any]) -> None:
        super()._check_group(group)
        for p in group["params"]:
            if p.ndim != 2:
                raise ValueError(
                    f"Muon only supports 2D parameters whereas we found a parameter with size: {p.size()}; "
                    "give the others (biases, gains, embeddings) to another optimizer, such as AdamW"
                )

    def _step_group(self, group: dict[str, Any]) -> None:
        params = [p for p in group["params"] if p.grad is not None]
        if not params:
            return
        for p in params:
            if p.is_complex():
                raise RuntimeError("Muon does not support complex parameters")
            if p.grad.is_sparse:
                raise RuntimeError("Muon does not support sparse gradients")
        for p in params:
            if "momentum_buffer" not in self.state[p]:
                self.state[p]["momentum_buffer"] = torch.zeros_like(p.grad, memory_format=torch.preserve_format)
        muon(
            params,
            [p.grad for p in params],
            [self.state[p]["momentum_buffer"] for p in params],
            lr=group["lr"],
            weight_decay=group["weight_decay"],
            mu=group["momentum"],
            nesterov=group["nesterov"],
            ns_coefficients=group["ns_coefficients"],
            ns_steps=group["ns_steps"],
            eps=group["eps"],
            adjust_lr_fn=group["adjust_lr_fn"],
        )
