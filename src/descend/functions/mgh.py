r"""The Moré–Garbow–Hillstrom test set: unconstrained least-squares problems
:math:`f(x) = \sum_i f_i(x)^2` with their standard starting points and known minima (Moré,
Garbow & Hillstrom 1981, "Testing unconstrained optimization software", ACM TOMS 7(1), 17–41;
the problem numbers below are theirs).

Each problem is a :class:`~descend.functions.TestFunction` (batched, in the input's dtype).
``minimum_value`` is the paper's minimum, to float64 where the paper's figure is rounded (the
value at the minimizer in ``minima``, found by solving the problem in float64; Meyer's in 50
digits, as its float64 values near the minimizer round by about 2e-12 of f, to either side;
tests check it against the paper's digits). From the standard start, several solvers stop at a local minimum
instead (Freudenstein–Roth at 48.98, Trigonometric at 2.8e-5): the known minimum is the global
one.

>>> import torch
>>> from descend.functions import mgh
>>> len(mgh.PROBLEMS), mgh.wood(torch.ones(4)).item()
(24, 0.0)
>>> mgh.get("Jennrich-Sampson").minimum_value
124.36218235561482
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

from .._names import did_you_mean
from . import TestFunction

__all__ = ["PROBLEMS", "get", "names"]

Residuals = Callable[[Tensor], Tensor]


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


def _rosenbrock(x: Tensor) -> Tensor:  # 1
    x1, x2 = _v(x, 2)
    return torch.cat([10 * (x2 - x1**2), 1 - x1], -1)


def _freudenstein_roth(x: Tensor) -> Tensor:  # 2
    x1, x2 = _v(x, 2)
    return torch.cat([-13 + x1 + ((5 - x2) * x2 - 2) * x2, -29 + x1 + ((x2 + 1) * x2 - 14) * x2], -1)


def _powell_badly_scaled(x: Tensor) -> Tensor:  # 3
    x1, x2 = _v(x, 2)
    return torch.cat([1e4 * x1 * x2 - 1, torch.exp(-x1) + torch.exp(-x2) - 1.0001], -1)


def _brown_badly_scaled(x: Tensor) -> Tensor:  # 4
    x1, x2 = _v(x, 2)
    return torch.cat([x1 - 1e6, x2 - 2e-6, x1 * x2 - 2], -1)


_BEALE_Y, _I3 = _data(1.5, 2.25, 2.625), _data(1, 2, 3)


def _beale(x: Tensor) -> Tensor:  # 5
    x1, x2 = _v(x, 2)
    return _on(_BEALE_Y, x) - x1 * (1 - x2 ** _on(_I3, x))


_I10 = torch.arange(1, 11, dtype=torch.float64)


def _jennrich_sampson(x: Tensor) -> Tensor:  # 6, m = 10
    x1, x2 = _v(x, 2)
    i = _on(_I10, x)
    return 2 + 2 * i - (torch.exp(i * x1) + torch.exp(i * x2))


def _helical_valley(x: Tensor) -> Tensor:  # 7
    x1, x2, x3 = _v(x, 3)
    theta = torch.atan(x2 / x1) / (2 * math.pi) + torch.where(x1 < 0, 0.5, 0.0)
    return torch.cat([10 * (x3 - 10 * theta), 10 * (torch.sqrt(x1**2 + x2**2) - 1), x3], -1)


_BARD_Y = _data(0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39)
_BARD_U = torch.arange(1, 16, dtype=torch.float64)
_BARD_V = 16 - _BARD_U
_BARD_W = torch.minimum(_BARD_U, _BARD_V)


def _bard(x: Tensor) -> Tensor:  # 8
    x1, x2, x3 = _v(x, 3)
    return _on(_BARD_Y, x) - (x1 + _on(_BARD_U, x) / (_on(_BARD_V, x) * x2 + _on(_BARD_W, x) * x3))


_GAUSS_Y = _data(*(0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521), 0.3989, *(0.3521, 0.2420, 0.1295))
_GAUSS_Y = torch.cat([_GAUSS_Y, _data(0.0540, 0.0175, 0.0044, 0.0009)])
_GAUSS_T = (8 - torch.arange(1, 16, dtype=torch.float64)) / 2


def _gaussian(x: Tensor) -> Tensor:  # 9
    x1, x2, x3 = _v(x, 3)
    return x1 * torch.exp(-x2 * (_on(_GAUSS_T, x) - x3) ** 2 / 2) - _on(_GAUSS_Y, x)


_MEYER_Y = _data(34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872)
_MEYER_T = 45 + 5 * torch.arange(1, 17, dtype=torch.float64)


def _meyer(x: Tensor) -> Tensor:  # 10
    x1, x2, x3 = _v(x, 3)
    return x1 * torch.exp(x2 / (_on(_MEYER_T, x) + x3)) - _on(_MEYER_Y, x)


_GULF_T = torch.arange(1, 100, dtype=torch.float64) / 100
_GULF_Y = 25 + (-50 * torch.log(_GULF_T)) ** (2 / 3)


def _gulf(x: Tensor) -> Tensor:  # 11, m = 99
    x1, x2, x3 = _v(x, 3)
    return torch.exp(-(torch.abs(_on(_GULF_Y, x) - x2) ** x3) / x1) - _on(_GULF_T, x)


_BOX_T = _I10 / 10


def _box_3d(x: Tensor) -> Tensor:  # 12, m = 10
    x1, x2, x3 = _v(x, 3)
    t = _on(_BOX_T, x)
    return torch.exp(-t * x1) - torch.exp(-t * x2) - x3 * (torch.exp(-t) - torch.exp(-10 * t))


def _powell_singular(x: Tensor) -> Tensor:  # 13
    x1, x2, x3, x4 = _v(x, 4)
    return torch.cat([x1 + 10 * x2, math.sqrt(5) * (x3 - x4), (x2 - 2 * x3) ** 2, math.sqrt(10) * (x1 - x4) ** 2], -1)


def _wood(x: Tensor) -> Tensor:  # 14
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


def _kowalik_osborne(x: Tensor) -> Tensor:  # 15
    x1, x2, x3, x4 = _v(x, 4)
    u = _on(_KO_U, x)
    return _on(_KO_Y, x) - x1 * (u**2 + u * x2) / (u**2 + u * x3 + x4)


_BD_T = torch.arange(1, 21, dtype=torch.float64) / 5


def _brown_dennis(x: Tensor) -> Tensor:  # 16, m = 20
    x1, x2, x3, x4 = _v(x, 4)
    t = _on(_BD_T, x)
    return (x1 + t * x2 - torch.exp(t)) ** 2 + (x3 + x4 * torch.sin(t) - torch.cos(t)) ** 2


_OSB_Y = _data(
    *(0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628),
    *(0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420),
    *(0.414, 0.411, 0.406),
)
_OSB_T = 10 * torch.arange(33, dtype=torch.float64)


def _osborne_1(x: Tensor) -> Tensor:  # 17
    x1, x2, x3, x4, x5 = _v(x, 5)
    t = _on(_OSB_T, x)
    return _on(_OSB_Y, x) - (x1 + x2 * torch.exp(-t * x4) + x3 * torch.exp(-t * x5))


_BIGGS_T = torch.arange(1, 14, dtype=torch.float64) / 10
_BIGGS_Y = torch.exp(-_BIGGS_T) - 5 * torch.exp(-10 * _BIGGS_T) + 3 * torch.exp(-4 * _BIGGS_T)


def _biggs_exp6(x: Tensor) -> Tensor:  # 18, m = 13
    x1, x2, x3, x4, x5, x6 = _v(x, 6)
    t = _on(_BIGGS_T, x)
    return x3 * torch.exp(-t * x1) - x4 * torch.exp(-t * x2) + x6 * torch.exp(-t * x5) - _on(_BIGGS_Y, x)


_WATSON_T = torch.arange(1, 30, dtype=torch.float64) / 29


def _watson(x: Tensor) -> Tensor:  # 20, n = 6
    _v(x, 6)
    t = _on(_WATSON_T, x)[:, None]  # (29, 1)
    j = torch.arange(6, device=x.device)
    powers = t ** j.to(x.dtype)  # t^(j-1) for j = 1..6, shape (29, 6)
    xs = x[..., None, :]
    slope = ((j[1:].to(x.dtype)) * xs[..., 1:] * powers[:, :-1]).sum(-1)
    value = (xs * powers).sum(-1)
    return torch.cat([slope - value**2 - 1, x[..., :1], x[..., 1:2] - x[..., :1] ** 2 - 1], -1)


def _extended_rosenbrock(x: Tensor) -> Tensor:  # 21
    odd, even = x[..., 0::2], x[..., 1::2]
    return torch.cat([10 * (even - odd**2), 1 - odd], -1)


def _penalty_1(x: Tensor) -> Tensor:  # 23, m = n + 1
    return torch.cat([math.sqrt(1e-5) * (x - 1), (x**2).sum(-1, keepdim=True) - 0.25], -1)


def _penalty_2(x: Tensor) -> Tensor:  # 24, m = 2n
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


def _variably_dimensioned(x: Tensor) -> Tensor:  # 25, m = n + 2
    j = torch.arange(1, x.shape[-1] + 1, dtype=x.dtype, device=x.device)
    s = (j * (x - 1)).sum(-1, keepdim=True)
    return torch.cat([x - 1, s, s**2], -1)


def _trigonometric(x: Tensor) -> Tensor:  # 26, m = n
    n = x.shape[-1]
    i = torch.arange(1, n + 1, dtype=x.dtype, device=x.device)
    return n - torch.cos(x).sum(-1, keepdim=True) + i * (1 - torch.cos(x)) - torch.sin(x)


def _least_squares(residuals: Residuals) -> Callable[[Tensor], Tensor]:
    def fn(x: Tensor) -> Tensor:
        return (residuals(x) ** 2).sum(-1)

    fn.__name__ = fn.__qualname__ = residuals.__name__.lstrip("_")
    return fn


def _problem(
    number: int, residuals: Residuals, start: tuple[float, ...], value: float, minima: tuple, text: str
) -> TestFunction:
    name = residuals.__name__.lstrip("_")
    return TestFunction(
        name=name,
        fn=_least_squares(residuals),
        dim=len(start),
        minima=tuple(tuple(float(v) for v in m) for m in minima),
        minimum_value=value,
        start=tuple(float(v) for v in start),
        description=f"MGH {number}: {text}",
    )


rosenbrock = _problem(1, _rosenbrock, (-1.2, 1), 0.0, ((1, 1),), "Rosenbrock, n=2")
freudenstein_roth = _problem(2, _freudenstein_roth, (0.5, -2), 0.0, ((5, 4),), "Freudenstein and Roth, n=2")
powell_badly_scaled = _problem(
    3, _powell_badly_scaled, (0, 1), 0.0, ((1.0981593296997149e-05, 9.106146739867318),), "Powell badly scaled, n=2"
)
brown_badly_scaled = _problem(4, _brown_badly_scaled, (1, 1), 0.0, ((1e6, 2e-6),), "Brown badly scaled, n=2")
beale = _problem(5, _beale, (1, 1), 0.0, ((3, 0.5),), "Beale, n=2")
jennrich_sampson = _problem(
    6, _jennrich_sampson, (0.3, 0.4), 124.36218235561482, ((0.2578252136703641, 0.2578252136703641),),
    "Jennrich and Sampson, n=2, m=10",
)  # fmt: skip
helical_valley = _problem(7, _helical_valley, (-1, 0, 0), 0.0, ((1, 0, 0),), "helical valley, n=3")
bard = _problem(
    8, _bard, (1, 1, 1), 0.008214877306578956, ((0.08241055975745265, 1.1330360922865517, 2.343695178395465),),
    "Bard, n=3, m=15",
)  # fmt: skip
gaussian = _problem(
    9, _gaussian, (0.4, 1, 0), 1.1279327696188335e-08, ((0.39895613783875655, 1.0000190844878043, 0.0),),
    "Gaussian, n=3, m=15",
)  # fmt: skip
# Meyer solved in 50 digits: near the minimizer fn in float64 rounds by ~2e-12 of f, below it too.
meyer = _problem(
    10, _meyer, (0.02, 4000, 250), 87.94585517085112, ((0.005609636471028053, 6181.346346286372, 345.2236346241365),),
    "Meyer, n=3, m=16",
)  # fmt: skip
gulf = _problem(11, _gulf, (5, 2.5, 0.15), 0.0, ((50, 25, 1.5),), "Gulf research and development, n=3, m=99")
box_3d = _problem(12, _box_3d, (0, 10, 20), 0.0, ((1, 10, 1), (10, 1, -1)), "Box three-dimensional, n=3, m=10")
powell_singular = _problem(13, _powell_singular, (3, -1, 0, 1), 0.0, ((0, 0, 0, 0),), "Powell singular, n=4")
wood = _problem(14, _wood, (-3, -1, -3, -1), 0.0, ((1, 1, 1, 1),), "Wood, n=4")
kowalik_osborne = _problem(
    15, _kowalik_osborne, (0.25, 0.39, 0.415, 0.39), 3.0750560384923674e-04,
    ((0.1928069345888425, 0.19128232851078528, 0.12305650687966924, 0.13606233058199704),), "Kowalik and Osborne, n=4, m=11",
)  # fmt: skip
brown_dennis = _problem(
    16, _brown_dennis, (25, 5, -5, -1), 85822.20162635627,
    ((-11.594439900002012, 13.203630049999612, -0.40343948811704217, 0.2367787743801971),), "Brown and Dennis, n=4, m=20",
)  # fmt: skip
osborne_1 = _problem(
    17, _osborne_1, (0.5, 1.5, -1, 0.01, 0.02), 5.464894697482561e-05,
    ((0.3754100521069843, 1.9358469127165314, -1.464687136617608, 0.012867534640065544, 0.022122699661655348),), "Osborne 1, n=5, m=33",
)  # fmt: skip
biggs_exp6 = _problem(18, _biggs_exp6, (1, 2, 1, 1, 1, 1), 0.0, ((1, 10, 1, 5, 4, 3),), "Biggs EXP6, n=6, m=13")
watson = _problem(
    20, _watson, (0,) * 6, 2.287670053552312e-03,
    ((-0.015725086414375988, 1.0124348692819836, -0.23299162562078193, 1.260430087440499, -1.513728922730674,
      0.9929964325183879),), "Watson, n=6, m=31",
)  # fmt: skip
extended_rosenbrock = _problem(21, _extended_rosenbrock, (-1.2, 1) * 5, 0.0, ((1,) * 10,), "extended Rosenbrock, n=10")
penalty_1 = _problem(
    23, _penalty_1, (1, 2, 3, 4), 2.2499775008999372e-05, ((0.2500074995875288,) * 4,),
    "penalty function I, n=4, m=5",
)  # fmt: skip
penalty_2 = _problem(
    24, _penalty_2, (0.5,) * 4, 9.376293007355442e-06,
    ((0.1999993333503378, 0.19131670096113335, 0.48010150816997105, 0.5188453621612619),),
    "penalty function II, n=4, m=8",
)  # fmt: skip
variably_dimensioned = _problem(
    25, _variably_dimensioned, tuple(1 - j / 10 for j in range(1, 11)), 0.0, ((1,) * 10,),
    "variably dimensioned, n=10, m=12",
)  # fmt: skip
trigonometric = _problem(
    26, _trigonometric, (0.1,) * 10, 0.0,
    ((0.042964564382265764, 0.04397628747818593, 0.04509339794909456, 0.04633891624617086, 0.04774438178282525,
      0.049354732513296314, 0.05123734850076453, 0.19520946391411811, 0.16497766527617594, 0.06014857783799217),),
    "trigonometric, n=10",
)  # fmt: skip

#: The problems, in the paper's order.
PROBLEMS: tuple[TestFunction, ...] = (
    rosenbrock,
    freudenstein_roth,
    powell_badly_scaled,
    brown_badly_scaled,
    beale,
    jennrich_sampson,
    helical_valley,
    bard,
    gaussian,
    meyer,
    gulf,
    box_3d,
    powell_singular,
    wood,
    kowalik_osborne,
    brown_dennis,
    osborne_1,
    biggs_exp6,
    watson,
    extended_rosenbrock,
    penalty_1,
    penalty_2,
    variably_dimensioned,
    trigonometric,
)
_BY_NAME = {p.name: p for p in PROBLEMS}


def names() -> list[str]:
    """The problems' names, in the paper's order.

    >>> names()[:3]
    ['rosenbrock', 'freudenstein_roth', 'powell_badly_scaled']
    """
    return list(_BY_NAME)


def get(name: str) -> TestFunction:
    """The problem called ``name``, ignoring case, and ``-`` or spaces for ``_``.

    >>> get("Box 3D") is box_3d
    True
    """
    if not isinstance(name, str):
        raise TypeError(f"MGH problem name must be a string, got {name!r}")
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in _BY_NAME:
        hint = did_you_mean(key, _BY_NAME)
        raise ValueError(f"unknown MGH problem {name!r}.{hint} Known problems: {', '.join(_BY_NAME)}.")
    return _BY_NAME[key]
