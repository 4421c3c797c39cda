"""Prodigy (Mishchenko & Defazio, 2023, "Prodigy: An Expeditiously Adaptive Parameter-Free
Learner"): Adam whose step size is an estimate ``d`` of the distance to the solution, grown
from a tiny ``d0`` as the optimization reveals it."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import torch
from torch import Tensor

from .._checks import InvalidArgument, describe, number
from ._hyper_checks import betas, denominator_eps, flag, non_negative, positive, unit_interval
from ._optimizer import RuleOptimizer, real_views, zeros_state
from .prodigy_rule import accumulator_dtype, prodigy, prodigy_d, prodigy_estimate, prodigy_step

__all__ = ["Prodigy", "prodigy", "prodigy_estimate", "prodigy_step", "prodigy_d"]


def _optional_rate(name: str, value: Any) -> float | None:
    return None if value is None else unit_interval(name, value)


def _growth(name: str, value: Any) -> float:
    if isinstance(value, float) and value == math.inf:
        return math.inf
    try:
        return float(number(name, value, ge=1))
    except InvalidArgument:
        raise InvalidArgument(f"{name} must be {describe(ge=1)} (or inf), got {value!r}") from None


# One bucket of the step: its group, the group's lr (bias-corrected), the parameters and their states.
_Work = tuple[dict[str, Any], float, list[Tensor], list[dict[str, Any]]]


class Prodigy(RuleOptimizer):
    r"""Prodigy: Adam with the step size :math:`\eta\, d`, where :math:`d` is estimated
    on the fly; leave ``lr=1.0`` unless training is unstable.

    :math:`d` starts at ``d0`` (1e-6, rarely worth changing) and only grows; ``d_coef``
    scales the estimate (0.5 to 2 are reasonable; the preferred knob to tune) and
    ``growth_rate`` caps its growth per step (e.g. 1.02 for a warmup-like effect).
    ``beta3`` (default :math:`\sqrt{\beta_2}`) is the decay of the estimate's running sums.
    ``weight_decay`` is AdamW-style unless ``decouple=False`` (then an L2 penalty).
    ``use_bias_correction`` applies Adam's bias correction to the step size and
    ``safeguard_warmup`` leaves ``lr`` out of the estimate (for schedules with warmup). See
    :func:`prodigy` for the update.

    **One d for all param groups.** As in the authors' ``prodigyopt``, :math:`d` estimates
    the distance to the solution of the whole problem: its sums run over every parameter of
    every group, whatever their devices and dtypes, before any parameter moves. It is stored
    in every group (``d``, ``d_max``, ``d_numerator``, and after a step ``d_denom`` and
    ``d_hat``; ``k`` counts the group's steps), so it survives ``state_dict()``. The groups must therefore agree on
    ``d0``, ``d_coef``, ``growth_rate``, ``safeguard_warmup`` and :math:`\beta_3`. Unlike
    ``prodigyopt``, groups may have different ``lr`` (each group's ``lr`` scales both its
    steps and its share of the estimate; all equal, this is ``prodigyopt``); a group with
    ``lr=0`` is frozen and left out of the estimate.

    Per-parameter state: ``p0`` (:math:`x_0`), ``s``, ``exp_avg`` and ``exp_avg_sq``.
    ``fused=True`` compiles the two halves of the step; ``foreach`` is accepted for
    compatibility.

    >>> gen = torch.Generator().manual_seed(0)
    >>> A, b = torch.randn(20, 5, generator=gen), torch.randn(20, generator=gen)
    >>> w = torch.nn.Parameter(torch.zeros(5))
    >>> opt = Prodigy([w])   # no learning rate to choose
    >>> for _ in range(300):
    ...     opt.zero_grad(); (0.5 * (A @ w - b).square().sum()).backward(); opt.step()
    >>> w_star = torch.linalg.lstsq(A, b).solution
    >>> (w - w_star).norm().item() < 1e-3, opt.param_groups[0]["d"] > 1e-6
    (True, True)
    """

    _constraints = {
        "lr": non_negative,
        "betas": betas,
        "beta3": _optional_rate,
        "eps": denominator_eps,
        "weight_decay": non_negative,
        "decouple": flag,
        "use_bias_correction": flag,
        "safeguard_warmup": flag,
        "d0": positive,
        "d_coef": positive,
        "growth_rate": _growth,
    }
    _shared = ("d0", "d_coef", "growth_rate", "safeguard_warmup")

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        betas: tuple[float, float] = (0.9, 0.999),
        beta3: float | None = None,
        eps: float = 1e-8,
        weight_decay: float = 0,
        decouple: bool = True,
        use_bias_correction: bool = False,
        safeguard_warmup: bool = False,
        d0: float = 1e-6,
        d_coef: float = 1.0,
        growth_rate: float = float("inf"),
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        fused: bool | None = None,
        differentiable: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            betas=betas,
            beta3=beta3,
            eps=eps,
            weight_decay=weight_decay,
            decouple=decouple,
            use_bias_correction=use_bias_correction,
            safeguard_warmup=safeguard_warmup,
            d0=d0,
            d_coef=d_coef,
            growth_rate=growth_rate,
            maximize=maximize,
            foreach=foreach,
            fused=fused,
            d=d0,
            d_max=d0,
            d_numerator=0.0,
            k=0,
        )
        super().__init__(params, defaults, differentiable=differentiable)

    @staticmethod
    def _beta3(group: dict[str, Any]) -> float:
        return group["beta3"] if group["beta3"] is not None else math.sqrt(group["betas"][1])

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        super().add_param_group(param_group)
        if len(self.param_groups) == 1:
            return
        first, group = self.param_groups[0], self.param_groups[-1]
        mine = {**{k: group[k] for k in self._shared}, "beta3": self._beta3(group)}
        theirs = {**{k: first[k] for k in self._shared}, "beta3": self._beta3(first)}
        for key in mine:
            if mine[key] != theirs[key]:
                self.param_groups.pop()
                raise ValueError(
                    f"Prodigy estimates one d for all param groups, so {key} must be the same "
                    f"in every group: got {key}={mine[key]} in the new group and "
                    f"{key}={theirs[key]} in the first"
                )
        for key in ("d", "d_max", "d_numerator"):  # the shared estimate so far
            group[key] = first[key]

    def _init_state(self, p: Tensor, group: dict[str, Any]) -> dict[str, Tensor]:
        return {
            **zeros_state(p, "s"),
            "p0": p.detach().clone(memory_format=torch.preserve_format),
            **zeros_state(p, "exp_avg", "exp_avg_sq"),
        }

    def _step_group(self, group: dict[str, Any]) -> None:
        raise RuntimeError("Prodigy steps all param groups together: call step()")

    def _step_groups(self) -> None:
        """Both halves of the step: every parameter's share of the estimate first, then, with
        the new ``d``, every parameter's update. Parameters are bucketed by device and dtype
        for the multi-tensor ops, but ``d`` is reduced over all buckets of all groups."""
        first = self.param_groups[0]
        d, d_max, d0 = first["d"], first["d_max"], first["d0"]
        beta3 = self._beta3(first)
        work, shares = self._estimate(d, d0, beta3)
        if not work:
            return
        # The one host sync of the step: d is a Python number, as in prodigyopt.
        sums = torch.stack([out.to("cpu", torch.float64) for _, out in shares]).tolist()
        r = beta3 * first["d_numerator"] + sum(w * dot for (w, _), (dot, _) in zip(shares, sums))
        l1 = sum(l1 for _, l1 in sums)
        if l1 == 0:
            return  # no gradient information yet: prodigyopt takes no step either
        d_hat = first["d_coef"] * r / l1
        d_new, d_max = prodigy_d(d, d_max, d_hat, d0=d0, growth_rate=first["growth_rate"])
        for group in self.param_groups:
            group.update(d=d_new, d_max=d_max, d_numerator=r, d_denom=l1, d_hat=d_hat)
        self._update(work, d, d_new)

    def _estimate(self, d: float, d0: float, beta3: float) -> tuple[list[_Work], list[tuple[float, Tensor]]]:
        """The first half, on every bucket of every group that moves: the moments, ``s`` and
        each bucket's ``(<g, x0 - x>, ||s||_1)`` on its device, with the weight of its share
        of ``r``; no host sync."""
        work: list[_Work] = []
        shares: list[tuple[float, Tensor]] = []
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            if group["lr"] == 0 or not params:
                continue
            for p in params:
                if p.grad.is_sparse:
                    raise RuntimeError("Prodigy does not support sparse gradients")
            beta1, beta2 = group["betas"]
            lr, k = group["lr"], group["k"] + 1
            if group["use_bias_correction"]:
                lr *= math.sqrt(1 - beta2**k) / (1 - beta1**k)
            d_in = torch.tensor(d, dtype=torch.float64) if group["fused"] else d
            buckets: dict[tuple, list[Tensor]] = defaultdict(list)
            for p in params:
                buckets[(p.device, p.dtype)].append(p)
            for (device, _), ps in buckets.items():
                states = [self._state_of(p, group) for p in ps]
                g = [p.grad for p in ps]
                if group["maximize"]:
                    g = torch._foreach_neg(g)
                out = torch.zeros(2, dtype=accumulator_dtype(device), device=device)
                self._run(
                    group,
                    prodigy_estimate,
                    real_views(ps),
                    real_views(g),
                    *(real_views([st[key] for st in states]) for key in ("p0", "s", "exp_avg", "exp_avg_sq")),
                    out=out,
                    lr=lr,
                    d=d_in,
                    d0=d0,
                    beta1=beta1,
                    beta2=beta2,
                    beta3=beta3,
                    weight_decay=group["weight_decay"],
                    decouple=group["decouple"],
                    safeguard_warmup=group["safeguard_warmup"],
                )
                shares.append(((d / d0) * d * lr, out))
                work.append((group, lr, ps, states))
        return work, shares

    def _update(self, work: list[_Work], d: float, d_new: float) -> None:
        """The second half: every bucket's Adam step of size ``lr * d``, with ``eps`` scaled
        by the new ``d``; then the step counts."""
        stepped = set()
        for group, lr, ps, states in work:
            eps = d_new * group["eps"]
            if group["fused"]:
                eps = torch.tensor(eps, dtype=torch.float64)  # changes every step
            self._run(
                group,
                prodigy_step,
                real_views(ps),
                real_views([st["exp_avg"] for st in states]),
                real_views([st["exp_avg_sq"] for st in states]),
                lr=d * lr,
                eps=eps,
                weight_decay=group["weight_decay"],
                decouple=group["decouple"],
            )
            for st in states:
                st["step"] += 1
            if id(group) not in stepped:
                stepped.add(id(group))
                group["k"] += 1
