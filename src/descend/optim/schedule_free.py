"""Schedule-free AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled & Cutkosky, 2024, "The Road
Less Scheduled"): no learning-rate schedule, an average of the iterates instead.

.. warning::
    The parameters hold the point where gradients are taken (``y``), not the point to
    evaluate or deploy (``x``). Call ``opt.eval()`` wherever you call ``model.eval()`` (before
    validation, testing, saving a checkpoint or exporting the model) and ``opt.train()``
    wherever you call ``model.train()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from . import _ops
from ._hyper_checks import betas, denominator_eps, non_negative
from ._ops import add_scaled_
from ._optimizer import RuleOptimizer, real_views, zeros_state


def _lerp_(xs: list[Tensor], ys: list[Tensor], w: float | Tensor) -> None:
    """``xs += w * (ys - xs)``; ``w`` is a 0-dim tensor under ``fused=True``."""
    if isinstance(w, Tensor):
        add_scaled_(xs, torch._foreach_sub(ys, xs), w)
    else:
        torch._foreach_lerp_(xs, ys, w)


def schedule_free_adamw(
    y: list[Tensor],
    g: list[Tensor],
    z: list[Tensor],
    v: list[Tensor],
    *,
    t: int,
    lr: float,
    c: float,
    beta1: float,
    beta2: float,
    eps: float,
    weight_decay: float = 0.0,
) -> None:
    r"""One schedule-free AdamW step, in place, on lists of tensors (Defazio et al., 2024,
    Algorithm 1, as in the authors' ``AdamWScheduleFree``).

    Three sequences: ``z`` takes AdamW-like steps, ``x`` is their weighted average (the point
    to evaluate) and ``y``, where the gradient ``g`` was taken, interpolates the two. Only
    ``y`` (the parameters) and ``z`` are stored; ``x = (y - (1-\beta_1) z) / \beta_1``.
    ``lr`` is :math:`\gamma_t`, the warmed-up learning rate, and ``c`` the weight
    :math:`c_{t+1}` of the new point in the average (see :class:`ScheduleFreeAdamW`).

    .. math::
        v &\leftarrow \beta_2 v + (1-\beta_2) g^2 \qquad
        u = \frac{g}{\sqrt{v/(1-\beta_2^t)} + \epsilon} + \lambda y \\
        z_{t+1} &= z_t - \gamma_t u \qquad
        x_{t+1} = (1-c_{t+1})\, x_t + c_{t+1} z_{t+1} \qquad
        y_{t+1} = (1-\beta_1) z_{t+1} + \beta_1 x_{t+1} \\
        &\text{computed as } y \leftarrow (1-c_{t+1})\, y + c_{t+1} z_t
            + \gamma_t\,(\beta_1 (1-c_{t+1}) - 1)\, u

    >>> y, z, g, v = [torch.ones(3)], [torch.ones(3)], [torch.ones(3)], [torch.zeros(3)]
    >>> schedule_free_adamw(y, g, z, v, t=1, lr=0.1, c=1.0, beta1=0.9, beta2=0.999, eps=1e-8)
    >>> y[0], z[0]  # the first step moves z by lr; with c = 1, x = z and so y = z
    (tensor([0.9000, 0.9000, 0.9000]), tensor([0.9000, 0.9000, 0.9000]))
    """
    (beta2_t,) = _ops.powers(t, beta2)
    torch._foreach_mul_(v, beta2)
    torch._foreach_addcmul_(v, g, g, 1 - beta2)
    denom = torch._foreach_div(v, 1 - beta2_t)
    torch._foreach_sqrt_(denom)
    torch._foreach_add_(denom, eps)
    u = torch._foreach_div(g, denom)
    del denom
    if weight_decay != 0:
        torch._foreach_add_(u, y, alpha=weight_decay)  # decay at y, before y moves
    _lerp_(y, z, c)
    add_scaled_(y, u, lr * (beta1 * (1 - c) - 1))
    add_scaled_(z, u, -lr)


def _first_moment(name: str, value: Any) -> tuple[float, float]:
    pair = betas(name, value)
    if pair[0] == 0:
        # x = (y - (1 - beta1) z) / beta1: with beta1 = 0, y = z and x cannot be recovered.
        raise InvalidArgument(f"{name}[0] must be in (0, 1) for schedule-free AdamW, got 0.0")
    return pair


def _count(name: str, value: Any) -> int:
    return number(name, value, integer=True, ge=0)


class ScheduleFreeAdamW(RuleOptimizer):
    r"""Schedule-free AdamW: AdamW without a learning-rate schedule (Defazio et al., 2024).

    .. warning::
        **Call** ``opt.train()`` **and** ``opt.eval()`` **with** ``model.train()`` **and**
        ``model.eval()``. During training the parameters hold :math:`y`, where gradients
        are evaluated; the point to evaluate, checkpoint and deploy is the average
        :math:`x`. ``opt.eval()`` swaps every parameter to :math:`x` and ``opt.train()``
        swaps it back to :math:`y`; each is idempotent (calling it twice changes nothing)
        and ``step()`` raises in eval mode. Save checkpoints (model and optimizer state
        dicts together) in eval mode, as the authors recommend. The optimizer starts in
        train mode. Models with BatchNorm need their running statistics recomputed at
        :math:`x` after ``opt.eval()``.

    Per step :math:`t` (counted per param group) the learning rate warms up linearly,
    :math:`\gamma_t = \eta \min(1, t/\text{warmup\_steps})`, and the new point enters the
    average with weight :math:`c_{t+1} = w_t / \sum_{i \le t} w_i`, where
    :math:`w_t = t^r\, (\max_{i \le t} \gamma_i)^{\text{weight\_lr\_power}}`; see
    :func:`schedule_free_adamw` for the update. With ``r=0`` and no warmup the average is
    uniform. ``weight_decay`` is decoupled (AdamW-style) and computed at :math:`y`.

    Arguments and defaults are those of ``schedulefree.AdamWScheduleFree``. The state per
    parameter is ``z`` and ``exp_avg_sq``; per group, ``k`` (steps taken), ``weight_sum``,
    ``lr_max`` and ``train_mode``, all in ``state_dict()``. ``fused=True`` compiles the step;
    ``foreach`` is accepted for compatibility.

    >>> w = torch.nn.Parameter(torch.tensor([3.0]))
    >>> opt = ScheduleFreeAdamW([w], lr=0.1)
    >>> for _ in range(800):
    ...     opt.zero_grad(); (w ** 2).sum().backward(); opt.step()
    >>> opt.eval()   # w now holds x, the average
    >>> abs(w.item()) < 0.01
    True
    >>> opt.train()  # back to y before the next step
    """

    _constraints = {
        "lr": non_negative,
        "betas": _first_moment,
        "eps": denominator_eps,
        "weight_decay": non_negative,
        "warmup_steps": _count,
        "r": non_negative,
        "weight_lr_power": non_negative,
    }

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 0.0025,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        warmup_steps: int = 0,
        r: float = 0.0,
        weight_lr_power: float = 2.0,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            warmup_steps=warmup_steps,
            r=r,
            weight_lr_power=weight_lr_power,
            maximize=maximize,
            foreach=foreach,
            fused=fused,
            k=0,
            weight_sum=0.0,
            lr_max=-1.0,
            train_mode=True,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        if self.param_groups:
            # A group added in eval mode is in eval mode too (its fresh parameters are x = y).
            param_group.setdefault("train_mode", self.param_groups[0]["train_mode"])
        super().add_param_group(param_group)

    # -- train / eval -------------------------------------------------------------------------

    @torch.no_grad()
    def eval(self) -> None:
        """Swap the parameters to :math:`x`, the average, for evaluation; no-op if already done."""
        self._swap(to_train=False)

    @torch.no_grad()
    def train(self) -> None:
        """Swap the parameters back to :math:`y` for training; no-op if already in train mode."""
        self._swap(to_train=True)

    def _swap(self, to_train: bool) -> None:
        for group in self.param_groups:
            if group["train_mode"] == to_train:
                continue
            beta1 = group["betas"][0]
            ps = [p for p in group["params"] if "z" in self.state.get(p, {})]
            if ps:
                zs = [self.state[p]["z"] for p in ps]
                # x = y + (1 - 1/beta1)(z - y);  y = x + (1 - beta1)(z - x)
                weight = (1 - beta1) if to_train else 1 - 1 / beta1
                torch._foreach_lerp_(real_views(ps), real_views(zs), weight)
            group["train_mode"] = to_train

    # -- the step -----------------------------------------------------------------------------

    def _step_groups(self) -> None:
        if not all(group["train_mode"] for group in self.param_groups):
            raise RuntimeError(
                "ScheduleFreeAdamW.step() called in eval mode: the parameters hold the "
                "averaged point x; call opt.train() before training (and opt.eval() before "
                "evaluating)"
            )
        super()._step_groups()

    def _step_group(self, group: dict[str, Any]) -> None:
        if not any(p.grad is not None for p in group["params"]):
            return
        t = group["k"] + 1
        warmup = group["warmup_steps"]
        lr = group["lr"] * (t / warmup if t < warmup else 1.0)
        lr_max = group["lr_max"] = max(lr, group["lr_max"])
        weight = t ** group["r"] * lr_max ** group["weight_lr_power"]
        weight_sum = group["weight_sum"] = group["weight_sum"] + weight
        group["k"] = t
        self._now = (t, lr, weight / weight_sum if weight_sum > 0 else 0.0)
        super()._step_group(group)

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return {
            "z": p.detach().clone(memory_format=torch.preserve_format),
            **zeros_state(p, "exp_avg_sq"),
        }

    def _update(self, group, params, grads, state, t):
        t, lr, c = self._now  # the group's step count, not each parameter's own
        beta1, beta2 = group["betas"]
        if group["fused"]:
            c = torch.tensor(c, dtype=torch.float64)  # changes every step: a graph input
        self._run(
            group,
            schedule_free_adamw,
            real_views(params),
            real_views(grads),
            real_views(state["z"]),
            real_views(state["exp_avg_sq"]),
            t=t,
            lr=lr,
            c=c,
            beta1=beta1,
            beta2=beta2,
            eps=group["eps"],
            weight_decay=group["weight_decay"],
        )
