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

from .._checks import InvalidArgument
from ._ops import add_scaled_, addcdiv_scaled_
from ._optimizer import (
    RuleOptimizer, betas, flag, non_negative, positive, unit_interval,
)


def _acc_dtype(device: torch.device) -> torch.dtype:
    return torch.float32 if device.type == "mps" else torch.float64  # mps has no float64


def prodigy_estimate(
    x: list[Tensor],
    g: list[Tensor],
    x0: list[Tensor],
    s: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    *,
    out: Tensor,
    lr: float,
    d: float,
    d0: float,
    beta1: float,
    beta2: float,
    beta3: float,
    weight_decay: float = 0.0,
    decouple: bool = True,
    safeguard_warmup: bool = False,
) -> None:
    r"""The first half of a Prodigy step, in place: the moments, ``s``, and this list's share
    of the estimate of ``d``, written to ``out``.

    ``lr`` is :math:`\eta_k` (times Adam's bias correction when that is on) and ``d`` is
    :math:`d_k`. ``out`` (2 elements) receives :math:`\langle g, x_0 - x\rangle` and
    :math:`\|s\|_1` summed over the list; :class:`Prodigy` adds them up over all parameters
    before it updates :math:`d` (see :func:`prodigy`).

    .. math::
        g &\leftarrow g + \lambda x \quad \text{(only when not decoupled)} \\
        m &\leftarrow \beta_1 m + (1-\beta_1)\, d_k g \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, d_k^2 g^2 \\
        s &\leftarrow \beta_3 s + \frac{d_k}{d_0}\, \eta_k d_k\, g \quad
            (\tfrac{d_k}{d_0}\, d_k\, g \text{ with safeguard\_warmup})

    >>> x, g = [torch.tensor([2.0, 0.0])], [torch.tensor([1.0, -1.0])]
    >>> x0, s, m, v = [torch.zeros(2)], [torch.zeros(2)], [torch.zeros(2)], [torch.zeros(2)]
    >>> out = torch.zeros(2, dtype=torch.float64)
    >>> prodigy_estimate(x, g, x0, s, m, v, out=out, lr=1.0, d=1.0, d0=1.0,
    ...                  beta1=0.9, beta2=0.999, beta3=0.999 ** 0.5)
    >>> out  # <g, x0 - x> and ||s||_1
    tensor([-2.,  2.], dtype=torch.float64)
    """
    if weight_decay != 0 and not decouple:
        g = torch._foreach_add(g, x, alpha=weight_decay)
    dot = torch._foreach_sub(x0, x)
    torch._foreach_mul_(dot, g)
    dg = torch._foreach_mul(g, d)
    torch._foreach_lerp_(m, dg, 1 - beta1)
    torch._foreach_mul_(v, beta2)
    torch._foreach_addcmul_(v, dg, dg, 1 - beta2)
    del dg
    torch._foreach_mul_(s, beta3)
    add_scaled_(s, g, (d / d0) * (d if safeguard_warmup else d * lr))
    dots = torch.stack([t.sum(dtype=out.dtype) for t in dot]).sum()
    l1 = torch.stack(torch._foreach_norm(s, 1)).to(out.dtype).sum()
    out.copy_(torch.stack([dots, l1]))


def prodigy_step(
    x: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    *,
    lr: float,
    eps: float,
    weight_decay: float = 0.0,
    decouple: bool = True,
) -> None:
    r"""The second half of a Prodigy step, in place: an Adam step of size ``lr`` =
    :math:`\eta_k d_k`, with ``eps`` = :math:`d_{k+1}\epsilon` (both scaled by ``d``).

    .. math::
        x &\leftarrow (1 - \eta_k d_k \lambda)\, x \quad \text{(decoupled weight decay)} \\
        x &\leftarrow x - \eta_k d_k\, \frac{m}{\sqrt{v} + d_{k+1}\epsilon}

    >>> x, m, v = [torch.ones(2)], [torch.tensor([0.1, -0.1])], [torch.tensor([0.01, 0.01])]
    >>> prodigy_step(x, m, v, lr=0.5, eps=0.0)
    >>> x[0]
    tensor([0.5000, 1.5000])
    """
    if weight_decay != 0 and decouple:
        torch._foreach_mul_(x, 1 - lr * weight_decay)
    denom = torch._foreach_sqrt(v)
    torch._foreach_add_(denom, eps)
    addcdiv_scaled_(x, m, denom, -lr)


def prodigy_d(
    d: float, d_max: float, d_hat: float, *, d0: float, growth_rate: float = math.inf
) -> tuple[float, float]:
    r"""The new distance estimate and its running maximum, from :math:`\hat d`.

    .. math::
        d_{max} \leftarrow \max(d_{max}, \hat d) \qquad
        d_{k+1} = \min(d_{max},\, \text{growth\_rate}\cdot d_k)

    except that the first increase above ``d0`` is not limited by ``growth_rate`` (as in the
    authors' code). With the default ``growth_rate=inf`` this is the paper's
    :math:`d_{k+1} = \max(d_k, \hat d_{k+1})`.

    >>> prodigy_d(1e-6, 1e-6, 0.5, d0=1e-6)
    (0.5, 0.5)
    >>> prodigy_d(0.5, 0.5, 0.25, d0=1e-6)  # d never decreases
    (0.5, 0.5)
    """
    if d == d0:
        d = max(d, d_hat)
    d_max = max(d_max, d_hat)
    return min(d_max, d * growth_rate), d_max


def prodigy(
    x: list[Tensor],
    g: list[Tensor],
    x0: list[Tensor],
    s: list[Tensor],
    m: list[Tensor],
    v: list[Tensor],
    *,
    d: float,
    d_max: float,
    r: float,
    lr: float,
    beta1: float,
    beta2: float,
    beta3: float,
    eps: float,
    d0: float,
    d_coef: float = 1.0,
    growth_rate: float = math.inf,
    weight_decay: float = 0.0,
    decouple: bool = True,
    safeguard_warmup: bool = False,
) -> tuple[float, float, float]:
    r"""One Prodigy step, in place, on lists of tensors that hold *all* the parameters
    (Mishchenko & Defazio, 2023, Algorithm 3, as in the authors' ``prodigyopt``); returns the
    new ``(d, d_max, r)``.

    :math:`d` estimates the distance :math:`\|x_0 - x_*\|` from the starting point ``x0``;
    the sums :math:`r` and :math:`\|s\|_1` run over every parameter, which is why they
    need all of them at once. ``lr`` is :math:`\eta_k`, 1 unless tuned. See
    :func:`prodigy_estimate`, :func:`prodigy_d` and :func:`prodigy_step` for the halves:

    .. math::
        m &\leftarrow \beta_1 m + (1-\beta_1)\, d_k g \qquad
        v \leftarrow \beta_2 v + (1-\beta_2)\, d_k^2 g^2 \\
        r &\leftarrow \beta_3 r + \frac{d_k}{d_0}\, \eta_k d_k\, \langle g, x_0 - x\rangle
        \qquad s \leftarrow \beta_3 s + \frac{d_k}{d_0}\, \eta_k d_k\, g \\
        \hat d &= d_{coef}\, \frac{r}{\|s\|_1} \qquad d_{k+1} = \max(d_k, \hat d) \\
        x &\leftarrow x - \eta_k d_k\, \frac{m}{\sqrt{v} + d_{k+1}\epsilon}

    :math:`\beta_3 = \sqrt{\beta_2}` in the paper. The paper's factors
    :math:`(1-\beta_3)` in :math:`r` and :math:`s` and the :math:`1/d_0` here cancel in
    :math:`\hat d`. When :math:`\|s\|_1 = 0` (no gradient yet) nothing but the moments
    changes.

    >>> x = [torch.zeros(3)]
    >>> x0, s, m, v = [torch.zeros(3)], [torch.zeros(3)], [torch.zeros(3)], [torch.zeros(3)]
    >>> d, d_max, r = 1e-6, 1e-6, 0.0
    >>> for _ in range(200):   # f(x) = ||x - 3||^2 / 2 from 0: the distance is 3 * sqrt(3)
    ...     g = [x[0] - 3]
    ...     d, d_max, r = prodigy(x, g, x0, s, m, v, d=d, d_max=d_max, r=r, lr=1.0,
    ...                           beta1=0.9, beta2=0.999, beta3=0.999 ** 0.5, eps=1e-8, d0=1e-6)
    >>> 1 < d < 10, torch.allclose(x[0], torch.full((3,), 3.0), atol=0.05)
    (True, True)
    """
    out = torch.zeros(2, dtype=_acc_dtype(x[0].device), device=x[0].device)
    prodigy_estimate(
        x, g, x0, s, m, v, out=out, lr=lr, d=d, d0=d0, beta1=beta1, beta2=beta2, beta3=beta3,
        weight_decay=weight_decay, decouple=decouple, safeguard_warmup=safeguard_warmup,
    )
    dot, l1 = out.tolist()
    if l1 == 0:
        return d, d_max, r
    r = beta3 * r + (d / d0) * d * lr * dot
    d_new, d_max = prodigy_d(d, d_max, d_coef * r / l1, d0=d0, growth_rate=growth_rate)
    prodigy_step(x, m, v, lr=d * lr, eps=d_new * eps, weight_decay=weight_decay,
                 decouple=decouple)
    return d_new, d_max, r


# --- the optimizer -----------------------------------------------------------------------


def _optional_rate(name: str, value: Any) -> float | None:
    return None if value is None else unit_interval(name, value)


def _growth(name: str, value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == math.inf:
        return math.inf
    if not (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 1):
        raise InvalidArgument(f"{name} must be a number >= 1 (or inf), got {value!r}")
    return float(value)


def _real_views(ts: list[Tensor]) -> list[Tensor]:
    # Complex numbers are pairs of reals: <g, x0 - x> is then the real inner product.
    return [torch.view_as_real(t) if t.is_complex() else t for t in ts]


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
        "eps": positive,
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
    ) -> None:
        defaults = dict(
            lr=lr, betas=betas, beta3=beta3, eps=eps, weight_decay=weight_decay,
            decouple=decouple, use_bias_correction=use_bias_correction,
            safeguard_warmup=safeguard_warmup, d0=d0, d_coef=d_coef, growth_rate=growth_rate,
            maximize=maximize, foreach=foreach, fused=fused,
            d=d0, d_max=d0, d_numerator=0.0, k=0,
        )
        super().__init__(params, defaults)

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
        zeros = lambda: torch.zeros_like(p, memory_format=torch.preserve_format)  # noqa: E731
        return {
            "s": zeros(),
            "p0": p.detach().clone(memory_format=torch.preserve_format),
            "exp_avg": zeros(),
            "exp_avg_sq": zeros(),
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
        work: list[tuple[dict[str, Any], float, list[Tensor], list[dict[str, Any]]]] = []
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
                out = torch.zeros(2, dtype=_acc_dtype(device), device=device)
                self._run(
                    group, prodigy_estimate, _real_views(ps), _real_views(g),
                    *(_real_views([st[key] for st in states])
                      for key in ("p0", "s", "exp_avg", "exp_avg_sq")),
                    out=out, lr=lr, d=d_in, d0=d0, beta1=beta1, beta2=beta2, beta3=beta3,
                    weight_decay=group["weight_decay"], decouple=group["decouple"],
                    safeguard_warmup=group["safeguard_warmup"],
                )
                shares.append(((d / d0) * d * lr, out))
                work.append((group, lr, ps, states))
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
        stepped = set()
        for group, lr, ps, states in work:
            eps = d_new * group["eps"]
            if group["fused"]:
                eps = torch.tensor(eps, dtype=torch.float64)  # changes every step
            self._run(
                group, prodigy_step, _real_views(ps),
                _real_views([st["exp_avg"] for st in states]),
                _real_views([st["exp_avg_sq"] for st in states]),
                lr=d * lr, eps=eps, weight_decay=group["weight_decay"],
                decouple=group["decouple"],
            )
            for st in states:
                st["step"] += 1
            if id(group) not in stepped:
                stepped.add(id(group))
                group["k"] += 1
