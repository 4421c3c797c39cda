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

from collections.abc import Callable

from torch import Tensor

from .._names import loose_get
from . import TestFunction
from . import _mgh_residuals as res

__all__ = ["PROBLEMS", "get", "names"]

Residuals = Callable[[Tensor], Tensor]


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


rosenbrock = _problem(1, res.rosenbrock, (-1.2, 1), 0.0, ((1, 1),), "Rosenbrock, n=2")
freudenstein_roth = _problem(2, res.freudenstein_roth, (0.5, -2), 0.0, ((5, 4),), "Freudenstein and Roth, n=2")
powell_badly_scaled = _problem(
    3, res.powell_badly_scaled, (0, 1), 0.0, ((1.0981593296997149e-05, 9.106146739867318),), "Powell badly scaled, n=2"
)
brown_badly_scaled = _problem(4, res.brown_badly_scaled, (1, 1), 0.0, ((1e6, 2e-6),), "Brown badly scaled, n=2")
beale = _problem(5, res.beale, (1, 1), 0.0, ((3, 0.5),), "Beale, n=2")
jennrich_sampson = _problem(
    6, res.jennrich_sampson, (0.3, 0.4), 124.36218235561482, ((0.2578252136703641, 0.2578252136703641),),
    "Jennrich and Sampson, n=2, m=10",
)  # fmt: skip
helical_valley = _problem(7, res.helical_valley, (-1, 0, 0), 0.0, ((1, 0, 0),), "helical valley, n=3")
bard = _problem(
    8, res.bard, (1, 1, 1), 0.008214877306578956, ((0.08241055975745265, 1.1330360922865517, 2.343695178395465),),
    "Bard, n=3, m=15",
)  # fmt: skip
gaussian = _problem(
    9, res.gaussian, (0.4, 1, 0), 1.1279327696188335e-08, ((0.39895613783875655, 1.0000190844878043, 0.0),),
    "Gaussian, n=3, m=15",
)  # fmt: skip
# Meyer solved in 50 digits: near the minimizer fn in float64 rounds by ~2e-12 of f, below it too.
meyer = _problem(
    10, res.meyer, (0.02, 4000, 250), 87.94585517085112, ((0.005609636471028053, 6181.346346286372, 345.2236346241365),),
    "Meyer, n=3, m=16",
)  # fmt: skip
gulf = _problem(11, res.gulf, (5, 2.5, 0.15), 0.0, ((50, 25, 1.5),), "Gulf research and development, n=3, m=99")
box_3d = _problem(12, res.box_3d, (0, 10, 20), 0.0, ((1, 10, 1), (10, 1, -1)), "Box three-dimensional, n=3, m=10")
powell_singular = _problem(13, res.powell_singular, (3, -1, 0, 1), 0.0, ((0, 0, 0, 0),), "Powell singular, n=4")
wood = _problem(14, res.wood, (-3, -1, -3, -1), 0.0, ((1, 1, 1, 1),), "Wood, n=4")
kowalik_osborne = _problem(
    15, res.kowalik_osborne, (0.25, 0.39, 0.415, 0.39), 3.0750560384923674e-04,
    ((0.1928069345888425, 0.19128232851078528, 0.12305650687966924, 0.13606233058199704),), "Kowalik and Osborne, n=4, m=11",
)  # fmt: skip
brown_dennis = _problem(
    16, res.brown_dennis, (25, 5, -5, -1), 85822.20162635627,
    ((-11.594439900002012, 13.203630049999612, -0.40343948811704217, 0.2367787743801971),), "Brown and Dennis, n=4, m=20",
)  # fmt: skip
osborne_1 = _problem(
    17, res.osborne_1, (0.5, 1.5, -1, 0.01, 0.02), 5.464894697482561e-05,
    ((0.3754100521069843, 1.9358469127165314, -1.464687136617608, 0.012867534640065544, 0.022122699661655348),), "Osborne 1, n=5, m=33",
)  # fmt: skip
biggs_exp6 = _problem(18, res.biggs_exp6, (1, 2, 1, 1, 1, 1), 0.0, ((1, 10, 1, 5, 4, 3),), "Biggs EXP6, n=6, m=13")
watson = _problem(
    20, res.watson, (0,) * 6, 2.287670053552312e-03,
    ((-0.015725086414375988, 1.0124348692819836, -0.23299162562078193, 1.260430087440499, -1.513728922730674,
      0.9929964325183879),), "Watson, n=6, m=31",
)  # fmt: skip
extended_rosenbrock = _problem(
    21, res.extended_rosenbrock, (-1.2, 1) * 5, 0.0, ((1,) * 10,), "extended Rosenbrock, n=10"
)
penalty_1 = _problem(
    23, res.penalty_1, (1, 2, 3, 4), 2.2499775008999372e-05, ((0.2500074995875288,) * 4,),
    "penalty function I, n=4, m=5",
)  # fmt: skip
penalty_2 = _problem(
    24, res.penalty_2, (0.5,) * 4, 9.376293007355442e-06,
    ((0.1999993333503378, 0.19131670096113335, 0.48010150816997105, 0.5188453621612619),),
    "penalty function II, n=4, m=8",
)  # fmt: skip
variably_dimensioned = _problem(
    25, res.variably_dimensioned, tuple(1 - j / 10 for j in range(1, 11)), 0.0, ((1,) * 10,),
    "variably dimensioned, n=10, m=12",
)  # fmt: skip
trigonometric = _problem(
    26, res.trigonometric, (0.1,) * 10, 0.0,
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
    return loose_get(name, _BY_NAME, "MGH problem", "problems")
