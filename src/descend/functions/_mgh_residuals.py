r"""The residuals :math:`f_i(x)` of the Moré–Garbow–Hillstrom problems (:mod:`descend.functions.mgh`
sums their squares), each with the paper's data: one function per problem, named as the problem,
the paper's problem number beside it. Points of shape ``(..., n)`` give residuals of shape ``(..., m)``
in the input's dtype and device.

>>> import torch
>>> rosenbrock(torch.tensor([1.0, 1.0])).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import math

import torch
from torch import Tensor


def _data(*values: float) -> Tensor:
    return torch.tensor(values, dtype=torch.float64)


def _on(t: Tensor, x: Tensor) -> Tensor:
    return t.to(dtype=x.dtype, device=x.device)


def _v(x: Tensor, n: int) -> list[Tensor]:
    """The coordinates of points of shape ``(..., n)``, each with a trailing axis of 1 (to
    broadcast against a problem's data)."""
    if x.ndim == 0 or x.shape[-1] != n:
        raise ValueError(f"this problem takes points of shape (..., {n}), got shape {tuple(x.shape)}")
    return [x[..., i : i + 1] for i in range(n)]


def rosenbrock(x: Tensor) -> Tensor:  # 1
    x1, x2 = _v(x, 2)
    return torch.cat([10 * (x2 - x1**2), 1 - x1], -1)


def freudenstein_roth(x: Tensor) -> Tensor:  # 2
    x1, x2 = _v(x, 2)
    return torch.cat([-13 + x1 + ((5 - x2) * x2 - 2) * x2, -29 + x1 + ((x2 + 1) * x2 - 14) * x2], -1)


def powell_badly_scaled(x: Tensor) -> Tensor:  # 3
    x1, x2 = _v(x, 2)
    return torch.cat([1e4 * x1 * x2 - 1, torch.exp(-x1) + torch.exp(-x2) - 1.0001], -1)


def brown_badly_scaled(x: Tensor) -> Tensor:  # 4
    x1, x2 = _v(x, 2)
    return torch.cat([x1 - 1e6, x2 - 2e-6, x1 * x2 - 2], -1)


_BEALE_Y, _I3 = _data(1.5, 2.25, 2.625), _data(1, 2, 3)


def beale(x: Tensor) -> Tensor:  # 5
    x1, x2 = _v(x, 2)
    return _on(_BEALE_Y, x) - x1 * (1 - x2 ** _on(_I3, x))


_I10 = torch.arange(1, 11, dtype=torch.float64)


def jennrich_sampson(x: Tensor) -> Tensor:  # 6, m = 10
    x1, x2 = _v(x, 2)
    i = _on(_I10, x)
    return 2 + 2 * i - (torch.exp(i * x1) + torch.exp(i * x2))


def helical_valley(x: Tensor) -> Tensor:  # 7
    x1, x2, x3 = _v(x, 3)
    theta = torch.atan(x2 / x1) / (2 * math.pi) + torch.where(x1 < 0, 0.5, 0.0)
    return torch.cat([10 * (x3 - 10 * theta), 10 * (torch.sqrt(x1**2 + x2**2) - 1), x3], -1)


_BARD_Y = _data(0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39)
_BARD_U = torch.arange(1, 16, dtype=torch.float64)
_BARD_V = 16 - _BARD_U
_BARD_W = torch.minimum(_BARD_U, _BARD_V)


def bard(x: Tensor) -> Tensor:  # 8
    x1, x2, x3 = _v(x, 3)
    return _on(_BARD_Y, x) - (x1 + _on(_BARD_U, x) / (_on(_BARD_V, x) * x2 + _on(_BARD_W, x) * x3))


_GAUSS_Y = _data(*(0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521), 0.3989, *(0.3521, 0.2420, 0.1295))
_GAUSS_Y = torch.cat([_GAUSS_Y, _data(0.0540, 0.0175, 0.0044, 0.0009)])
_GAUSS_T = (8 - torch.arange(1, 16, dtype=torch.float64)) / 2


def gaussian(x: Tensor) -> Tensor:  # 9
    x1, x2, x3 = _v(x, 3)
    return x1 * torch.exp(-x2 * (_on(_GAUSS_T, x) - x3) ** 2 / 2) - _on(_GAUSS_Y, x)


_MEYER_Y = _data(34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872)
_MEYER_T = 45 + 5 * torch.arange(1, 17, dtype=torch.float64)


def meyer(x: Tensor) -> Tensor:  # 10
    x1, x2, x3 = _v(x, 3)
    return x1 * torch.exp(x2 / (_on(_MEYER_T, x) + x3)) - _on(_MEYER_Y, x)


_GULF_T = torch.arange(1, 100, dtype=torch.float64) / 100
_GULF_Y = 25 + (-50 * torch.log(_GULF_T)) ** (2 / 3)


def gulf(x: Tensor) -> Tensor:  # 11, m = 99
    x1, x2, x3 = _v(x, 3)
    return torch.exp(-(torch.abs(_on(_GULF_Y, x) - x2) ** x3) / x1) - _on(_GULF_T, x)


_BOX_T = _I10 / 10


def box_3d(x: Tensor) -> Tensor:  # 12, m = 10
    x1, x2, x3 = _v(x, 3)
    t = _on(_BOX_T, x)
    return torch.exp(-t * x1) - torch.exp(-t * x2) - x3 * (torch.exp(-t) - torch.exp(-10 * t))


def powell_singular(x: Tensor) -> Tensor:  # 13
    x1, x2, x3, x4 = _v(x, 4)
    return torch.cat([x1 + 10 * x2, math.sqrt(5) * (x3 - x4), (x2 - 2 * x3) ** 2, math.sqrt(10) * (x1 - x4) ** 2], -1)


def wood(x: Tensor) -> Tensor:  # 14
    x1, x2, x3, x4 = _v(x, 4)
    return torch.cat(
        [
            10 * (x2 - x1**2),
            1 - x1,
            math.sqrt(90) * (x4 - x3**2),
            1 - x3,
            math.sqrt(10) * (x2 + x4 - 2),
            (x2 - x4) / math.sqrt(10),
        ],
        -1,
    )


_KO_Y = _data(0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246)
_KO_U = _data(4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625)


def kowalik_osborne(x: Tensor) -> Tensor:  # 15
    x1, x2, x3, x4 = _v(x, 4)
    u = _on(_KO_U, x)
    return _on(_KO_Y, x) - x1 * (u**2 + u * x2) / (u**2 + u * x3 + x4)


_BD_T = torch.arange(1, 21, dtype=torch.float64) / 5


def brown_dennis(x: Tensor) -> Tensor:  # 16, m = 20
    x1, x2, x3, x4 = _v(x, 4)
    t = _on(_BD_T, x)
    return (x1 + t * x2 - torch.exp(t)) ** 2 + (x3 + x4 * torch.sin(t) - torch.cos(t)) ** 2


_OSB_Y = _data(
    *(0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628),
    *(0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420),
    *(0.414, 0.411, 0.406),
)
_OSB_T = 10 * torch.arange(33, dtype=torch.float64)


def osborne_1(x: Tensor) -> Tensor:  # 17
    x1, x2, x3, x4, x5 = _v(x, 5)
    t = _on(_OSB_T, x)
    return _on(_OSB_Y, x) - (x1 + x2 * torch.exp(-t * x4) + x3 * torch.exp(-t * x5))


_BIGGS_T = torch.arange(1, 14, dtype=torch.float64) / 10
_BIGGS_Y = torch.exp(-_BIGGS_T) - 5 * torch.exp(-10 * _BIGGS_T) + 3 * torch.exp(-4 * _BIGGS_T)


def biggs_exp6(x: Tensor) -> Tensor:  # 18, m = 13
    x1, x2, x3, x4, x5, x6 = _v(x, 6)
    t = _on(_BIGGS_T, x)
    return x3 * torch.exp(-t * x1) - x4 * torch.exp(-t * x2) + x6 * torch.exp(-t * x5) - _on(_BIGGS_Y, x)


_WATSON_T = torch.arange(1, 30, dtype=torch.float64) / 29


def watson(x: Tensor) -> Tensor:  # 20, n = 6
    _v(x, 6)
    t = _on(_WATSON_T, x)[:, None]  # (29, 1)
    j = torch.arange(6, device=x.device)
    powers = t ** j.to(x.dtype)  # t^(j-1) for j = 1..6, shape (29, 6)
    xs = x[..., None, :]
    slope = ((j[1:].to(x.dtype)) * xs[..., 1:] * powers[:, :-1]).sum(-1)
    value = (xs * powers).sum(-1)
    return torch.cat([slope - value**2 - 1, x[..., :1], x[..., 1:2] - x[..., :1] ** 2 - 1], -1)


def extended_rosenbrock(x: Tensor) -> Tensor:  # 21
    odd, even = x[..., 0::2], x[..., 1::2]
    return torch.cat([10 * (even - odd**2), 1 - odd], -1)


def penalty_1(x: Tensor) -> Tensor:  # 23, m = n + 1
    return torch.cat([math.sqrt(1e-5) * (x - 1), (x**2).sum(-1, keepdim=True) - 0.25], -1)


def penalty_2(x: Tensor) -> Tensor:  # 24, m = 2n
    n = x.shape[-1]
    i = torch.arange(2, n + 1, dtype=x.dtype, device=x.device)
    y = torch.exp(i / 10) + torch.exp((i - 1) / 10)
    e = torch.exp(x / 10)
    weights = torch.arange(n, 0, -1, dtype=x.dtype, device=x.device)
    return torch.cat(
        [
            x[..., :1] - 0.2,
            math.sqrt(1e-5) * (e[..., 1:] + e[..., :-1] - y),
            math.sqrt(1e-5) * (e[..., 1:] - math.exp(-0.1)),
            (weights * x**2).sum(-1, keepdim=True) - 1,
        ],
        -1,
    )


def variably_dimensioned(x: Tensor) -> Tensor:  # 25, m = n + 2
    j = torch.arange(1, x.shape[-1] + 1, dtype=x.dtype, device=x.device)
    s = (j * (x - 1)).sum(-1, keepdim=True)
    return torch.cat([x - 1, s, s**2], -1)


def trigonometric(x: Tensor) -> Tensor:  # 26, m = n
    n = x.shape[-1]
    i = torch.arange(1, n + 1, dtype=x.dtype, device=x.device)
    return n - torch.cos(x).sum(-1, keepdim=True) + i * (1 - torch.cos(x)) - torch.sin(x)
