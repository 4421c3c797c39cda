"""The Prodigy update as functions on lists of tensors (Mishchenko & Defazio, 2023): the
estimate of the distance ``d`` (:func:`prodigy_estimate`, :func:`prodigy_d`), the Adam step it
scales (:func:`prodigy_step`), and the whole step on all the parameters (:func:`prodigy`).
:class:`descend.optim.Prodigy` runs them over every param group."""

from __future__ import annotations

import math

import torch
from torch import Tensor

from ._ops import add_scaled_, addcdiv_scaled_

__all__ = ["prodigy_estimate", "prodigy_step", "prodigy_d", "prodigy"]


def accumulator_dtype(device: torch.device) -> torch.dtype:
    """The dtype the estimate's sums are accumulated in on ``device``: float64, or float32 on
    ``mps``, which has no float64."""
    return torch.float32 if device.type == "mps" else torch.float64


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


def prodigy_d(d: float, d_max: float, d_hat: float, *, d0: float, growth_rate: float = math.inf) -> tuple[float, float]:
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
    out = torch.zeros(2, dtype=accumulator_dtype(x[0].device), device=x[0].device)
    prodigy_estimate(
        x,
        g,
        x0,
        s,
        m,
        v,
        out=out,
        lr=lr,
        d=d,
        d0=d0,
        beta1=beta1,
        beta2=beta2,
        beta3=beta3,
        weight_decay=weight_decay,
        decouple=decouple,
        safeguard_warmup=safeguard_warmup,
    )
    dot, l1 = out.tolist()
    if l1 == 0:
        return d, d_max, r
    r = beta3 * r + (d / d0) * d * lr * dot
    d_new, d_max = prodigy_d(d, d_max, d_coef * r / l1, d0=d0, growth_rate=growth_rate)
    prodigy_step(x, m, v, lr=d * lr, eps=d_new * eps, weight_decay=weight_decay, decouple=decouple)
    return d_new, d_max, r
