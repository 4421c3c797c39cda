"""Averaged SGD (Polyak & Juditsky, 1992), with the decaying step size and the averaging start
``t0`` of ``torch.optim.ASGD`` (Xu, 2011; Bottou, 2012)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from . import _ops
from ._hyper_checks import non_negative, real
from ._optimizer import RuleOptimizer, scalar_dtype, zeros_state


@_ops.outside_graphs
def _schedule(t: int | Tensor, lr: float | Tensor, lambd: float, alpha: float, t0: float, dtype: torch.dtype):
    """The step size and averaging weight for step ``t + 1``, computed as torch.optim does
    (in ``dtype``, from the step count as a tensor)."""
    step = torch.as_tensor(t, dtype=dtype)
    eta = lr / (1 + lambd * lr * step) ** alpha
    mu = torch.as_tensor(1 / max(1.0, float(t) - t0), dtype=dtype)
    return eta, mu


def asgd(
    theta: list[Tensor],
    g: list[Tensor],
    theta_bar: list[Tensor],
    eta: list[Tensor],
    mu: list[Tensor],
    *,
    t: int,
    lr: float,
    lambd: float,
    alpha: float,
    t0: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One ASGD step, in place, on lists of tensors (Polyak & Juditsky, 1992, as in torch).

    ``eta`` and ``mu`` are the step size and averaging weight of this step (0-dim tensors,
    one per parameter); they are replaced by the next step's, from the learning rate
    :math:`\gamma` (``lr``).

    .. math::
        g &\leftarrow g + \lambda_{wd}\theta \\
        \theta &\leftarrow \theta - \eta_t\,(g + \lambda\theta) \qquad
        \bar\theta \leftarrow \bar\theta + \mu_t(\theta - \bar\theta) \\
        \eta_{t+1} &= \frac{\gamma}{(1 + \lambda\gamma t)^\alpha} \qquad
        \mu_{t+1} = \frac{1}{\max(1,\ t - t_0)}

    >>> theta, g, theta_bar = [torch.ones(2)], [torch.tensor([1.0, -2.0])], [torch.zeros(2)]
    >>> eta, mu = [torch.tensor(0.1)], [torch.tensor(1.0)]
    >>> asgd(theta, g, theta_bar, eta, mu, t=1, lr=0.1, lambd=0.0, alpha=0.75, t0=1e6)
    >>> theta[0], theta_bar[0]  # a plain SGD step; the average is the iterate until t0
    (tensor([0.9000, 1.2000]), tensor([0.9000, 1.2000]))
    """
    # In torch.optim's dtype for the step count, whatever eta's: its load_state_dict casts eta
    # to the parameter's dtype, but the schedule is still computed from the float32 count.
    eta_next, mu_next = _schedule(t, lr, lambd, alpha, t0, scalar_dtype())
    if weight_decay != 0:
        g = torch._foreach_add(g, theta, alpha=weight_decay)
        torch._foreach_add_(g, theta, alpha=lambd)
    else:
        g = torch._foreach_add(g, theta, alpha=lambd)
    torch._foreach_addcmul_(theta, g, eta, value=-1)
    torch._foreach_addcmul_(theta_bar, torch._foreach_sub(theta, theta_bar), mu)
    for e, m in zip(eta, mu):
        e.copy_(eta_next)
        m.copy_(mu_next)


class ASGD(RuleOptimizer):
    """ASGD: SGD with a slowly decaying step size and, after ``t0`` steps, a running average
    of the iterates (the state ``ax``), which is the estimate to use.

    Same arguments and defaults as ``torch.optim.ASGD`` (``capturable`` and
    ``differentiable`` only False); the state keys are ``eta``, ``mu`` and ``ax``, as
    torch's. The step size ``eta`` starts at ``lr`` and then follows the schedule, so a
    change of ``lr`` (a scheduler) takes effect one step later, as in torch. The step is
    torch's ``foreach=True`` one, to the bit (on the CPU torch's default is its for-loop,
    which rounds differently). ``fused=True`` compiles the step with ``torch.compile``.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = ASGD([w], lr=0.1, t0=50)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> abs(w.item()) < 1e-3, abs(opt.state[w]["ax"].item()) < 0.05
    (True, True)
    """

    # torch.optim keeps eta and mu, like step, as scalar tensors (plain numbers in old checkpoints).
    _scalar_state = ("step", "eta", "mu")
    _constraints = {
        "lr": non_negative,
        "lambd": non_negative,
        "alpha": real,
        "t0": real,
        "weight_decay": non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
        *,
        fused: bool | None = None,
    ) -> None:
        defaults = dict(
            lr=lr,
            lambd=lambd,
            alpha=alpha,
            t0=t0,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
            fused=fused,
        )
        super().__init__(params, defaults, differentiable=differentiable, capturable=capturable)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        scalar = dict(dtype=scalar_dtype(), device=p.device)  # torch.optim's dtype for them
        return {
            "eta": torch.tensor(group["lr"], **scalar),
            "mu": torch.ones((), **scalar),
            **zeros_state(p, "ax"),
        }

    def _update(self, group, params, grads, state, t):
        self._run(
            group,
            asgd,
            params,
            grads,
            state["ax"],
            state["eta"],
            state["mu"],
            t=t,
            lr=group["lr"],
            lambd=group["lambd"],
            alpha=group["alpha"],
            t0=group["t0"],
            weight_decay=group["weight_decay"],
        )
