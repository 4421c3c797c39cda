"""Classic test functions for gradient descent, in torch ops so that autograd differentiates them.

Each function is a :class:`TestFunction`: callable on a point of shape ``(d,)`` or on a batch of
shape ``(..., d)`` (a whole contour grid in one call), with its known global minimizers, the value
there, a classic starting point and plot bounds. For the classic functions here every ``start``
lies in the basin of a global minimizer, so a well-tuned descent from it reaches one of
``minima``; a Moré–Garbow–Hillstrom problem's standard start may lie in the basin of a local
minimum instead (Freudenstein–Roth's at 48.98), and its ``minima`` may be a sample of the global
minimizers (Box 3-D has a continuum of them).

>>> import torch
>>> from descend import functions
>>> functions.rosenbrock(torch.tensor([1.0, 1.0]))
tensor(0.)
>>> f = functions.get("six-hump-camel")
>>> f.name, len(f.minima), f.minimum_value
('six_hump_camel', 2, -1.0316284534898774)
>>> functions.quadratic(100.0).lipschitz
100.0

The Moré–Garbow–Hillstrom test set of unconstrained problems is :mod:`descend.functions.mgh`.
"""

from __future__ import annotations

import dataclasses
import math
import reprlib
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
import torch
from torch import Tensor

from .._checks import number
from .._names import loose_get

__all__ = [
    "TestFunction",
    "quadratic",
    "rosenbrock",
    "beale",
    "booth",
    "himmelblau",
    "rastrigin",
    "ackley",
    "styblinski_tang",
    "six_hump_camel",
    "get",
    "names",
    "mgh",
]

_Point = tuple[float, ...]
_Bounds = tuple[tuple[float, float], tuple[float, float]]


@dataclasses.dataclass(frozen=True, kw_only=True)
class TestFunction:
    """An objective ``fn`` with what is known about it, for the dimension ``dim``.

    ``fn`` maps ``(..., d)`` to ``(...)`` in the input's dtype. ``minima`` are global
    minimizers, where ``fn`` equals ``minimum_value``: all of them for the classic functions, a
    sample where there are infinitely many (``mgh.box_3d`` is 0 on the whole line
    :math:`(t, t, 0)`); ``bounds`` are ``((xmin, xmax), (ymin,
    ymax))`` for contour plots of 2-D functions; ``lipschitz`` is the Lipschitz constant ``L`` of
    the gradient where it is global and known (plain gradient descent diverges for ``lr > 2/L``).

    >>> booth(torch.tensor([[1.0, 3.0], [0.0, 0.0]]))
    tensor([ 0., 74.])
    """

    __test__: ClassVar[bool] = False  # not a pytest test class, despite the name

    name: str
    fn: Callable[[Tensor], Tensor]
    dim: int
    minima: tuple[_Point, ...]
    minimum_value: float
    start: _Point
    bounds: _Bounds | None = None
    lipschitz: float | None = None
    description: str = ""

    def __call__(self, x: Any) -> Tensor:
        """``fn`` at ``x``: a tensor, or a list or array of numbers (taken as float64, as
        ``minimize`` takes them); integers are computed in torch's default float dtype.

        >>> booth([1, 3]), ackley(torch.tensor([0, 0]))
        (tensor(0., dtype=torch.float64), tensor(0.))
        """
        if not isinstance(x, Tensor):
            try:
                x = torch.as_tensor(np.asarray(x, dtype=np.float64))
            except (TypeError, ValueError) as err:
                shown = "" if isinstance(x, dict) else f" {reprlib.repr(x)}"  # a dict's tensors print their graphs
                raise TypeError(
                    f"{self.name} takes a tensor of points, or a list or array of numbers, got {type(x).__name__}{shown}"
                ) from err
        elif not (x.is_floating_point() or x.is_complex()):
            x = x.to(torch.get_default_dtype())  # ackley's mean, and every gradient, needs floats
        return self.fn(x)


def _xy(x: Tensor, name: str) -> tuple[Tensor, Tensor]:
    if x.ndim == 0 or x.shape[-1] != 2:
        raise ValueError(f"{name} takes points of shape (..., 2), got shape {tuple(x.shape)}")
    return x[..., 0], x[..., 1]


def quadratic(condition_number: float = 10.0, dim: int = 2) -> TestFunction:
    r"""An ill-conditioned quadratic :math:`f(x) = \tfrac12 x^\top A x`, minimum 0 at the origin.

    ``A`` is diagonal with eigenvalues log-spaced from 1 to ``condition_number``, so the
    gradient's Lipschitz constant ``L`` is ``condition_number``. ``dim=1`` needs
    ``condition_number=1``: a single eigenvalue cannot span a wider range.

    >>> f = quadratic(100.0)
    >>> f(torch.tensor([1.0, 1.0])), f.lipschitz
    (tensor(50.5000), 100.0)
    """
    number("dim", dim, integer=True, ge=1)
    number("condition_number", condition_number, ge=1)
    if dim == 1 and condition_number != 1:
        raise ValueError(f"a 1-D quadratic has condition number 1, got condition_number={condition_number!r}")
    eigenvalues = torch.logspace(0.0, math.log10(condition_number), dim, dtype=torch.float64)

    def fn(x: Tensor) -> Tensor:
        if x.ndim == 0 or x.shape[-1] != dim:  # else torch's "The size of tensor a (2) must match ..."
            raise ValueError(
                f"this quadratic takes points of shape (..., {dim}), got shape {tuple(x.shape)} "
                f"(quadratic(condition_number, dim=d) makes one of d coordinates)"
            )
        return 0.5 * (eigenvalues.to(dtype=x.dtype, device=x.device) * x * x).sum(-1)

    return TestFunction(
        name="quadratic",
        fn=fn,
        dim=dim,
        minima=((0.0,) * dim,),
        minimum_value=0.0,
        start=(1.0,) * dim,
        bounds=((-1.5, 1.5), (-1.5, 1.5)) if dim == 2 else None,
        lipschitz=float(condition_number),
        description=f"1/2 x^T A x, A diagonal, eigenvalues 1..{condition_number:g} (d={dim})",
    )


def _rosenbrock(x: Tensor, a: float = 1.0, b: float = 100.0) -> Tensor:
    r""":math:`\sum_{i<d} b (x_{i+1} - x_i^2)^2 + (a - x_i)^2`, any ``d >= 2``; minimum 0 at
    :math:`(1, \ldots, 1)` for the default ``a = 1`` (in 2-D at :math:`(a, a^2)` for any ``a``).

    >>> rosenbrock(torch.tensor([1.0, 1.0])), rosenbrock(torch.ones(5))
    (tensor(0.), tensor(0.))
    """
    if x.ndim == 0 or x.shape[-1] < 2:
        raise ValueError(f"rosenbrock takes points of shape (..., d >= 2), got {tuple(x.shape)}")
    head, tail = x[..., :-1], x[..., 1:]
    return (b * (tail - head**2) ** 2 + (a - head) ** 2).sum(-1)


def _beale(x: Tensor) -> Tensor:
    r""":math:`(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2`; minimum 0 at
    (3, 0.5).

    >>> beale(torch.tensor([3.0, 0.5]))
    tensor(0.)
    """
    x, y = _xy(x, "beale")
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _booth(x: Tensor) -> Tensor:
    r""":math:`(x + 2y - 7)^2 + (2x + y - 5)^2`; minimum 0 at (1, 3).

    A quadratic with Hessian ``[[10, 8], [8, 10]]``, eigenvalues 18 and 2.

    >>> booth(torch.tensor([1.0, 3.0]))
    tensor(0.)
    """
    x, y = _xy(x, "booth")
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _himmelblau(x: Tensor) -> Tensor:
    r""":math:`(x^2 + y - 11)^2 + (x + y^2 - 7)^2`; four global minima of value 0.

    >>> himmelblau(torch.tensor([3.0, 2.0]))
    tensor(0.)
    """
    x, y = _xy(x, "himmelblau")
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _rastrigin(x: Tensor) -> Tensor:
    r""":math:`10 d + \sum_i x_i^2 - 10 \cos(2\pi x_i)`, any ``d``; minimum 0 at the origin.

    Computed as :math:`\sum_i x_i^2 + 20 \sin^2(\pi x_i)`, the same function, to avoid
    cancellation near the minimum.

    >>> rastrigin(torch.tensor([0.0, 0.0])), rastrigin(torch.tensor([1.0, 0.0]))
    (tensor(0.), tensor(1.))
    """
    return (x**2 + 20 * torch.sin(math.pi * x) ** 2).sum(-1)


def _ackley(x: Tensor, a: float = 20.0, b: float = 0.2) -> Tensor:
    r""":math:`-a e^{-b \sqrt{\overline{x^2}}} - e^{\overline{\cos 2\pi x}} + a + e`, any ``d``
    (bars are means over coordinates); minimum 0 at the origin.

    The square root has no derivative at the origin; there autograd gives the subgradient 0
    instead of NaN.

    >>> x = torch.zeros(2, requires_grad=True)
    >>> ackley(x).backward()
    >>> x.grad
    tensor([0., 0.])
    """
    mean_square = (x**2).mean(-1)
    positive = mean_square > 0
    # Double where: sqrt never sees 0, so its NaN derivative there never enters the graph.
    radius = torch.where(positive, torch.sqrt(torch.where(positive, mean_square, 1.0)), 0.0)
    mean_cos = torch.cos(2 * math.pi * x).mean(-1)
    # expm1 keeps the two cancelling pairs (a - a e^..., e - e^...) exact near the minimum.
    return -a * torch.expm1(-b * radius) - math.e * torch.expm1(mean_cos - 1)


def _styblinski_tang(x: Tensor) -> Tensor:
    r""":math:`\tfrac12 \sum_i x_i^4 - 16 x_i^2 + 5 x_i`, any ``d``; minimum
    :math:`-39.16616570377142\,d` at :math:`x_i = -2.903534027771177`.

    >>> styblinski_tang(torch.tensor([0.0, 0.0]))
    tensor(0.)
    """
    return 0.5 * (x**4 - 16 * x**2 + 5 * x).sum(-1)


def _six_hump_camel(x: Tensor) -> Tensor:
    r""":math:`(4 - 2.1x^2 + x^4/3)x^2 + xy + (4y^2 - 4)y^2`; two global minima of value
    -1.0316284534898774, at :math:`\pm(0.0898420131003, -0.712656403021)`.

    >>> six_hump_camel(torch.tensor([0.0, 0.0]))
    tensor(0.)
    """
    x, y = _xy(x, "six_hump_camel")
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (4 * y**2 - 4) * y**2


# Minimizers and values below were solved by Newton's method in 40-digit arithmetic (mpmath)
# and rounded to float64.
_STYBLINSKI_TANG_X = -2.903534027771177
_STYBLINSKI_TANG_MIN_PER_DIM = -39.16616570377141
_CAMEL_X, _CAMEL_Y = 0.08984201310031806, -0.7126564030207396

rosenbrock = TestFunction(
    name="rosenbrock",
    fn=_rosenbrock,
    dim=2,
    minima=((1.0, 1.0),),
    minimum_value=0.0,
    start=(-1.2, 1.0),
    bounds=((-2.0, 2.0), (-1.0, 3.0)),
    description="curved narrow valley; b(y - x^2)^2 + (a - x)^2 with a=1, b=100",
)
beale = TestFunction(
    name="beale",
    fn=_beale,
    dim=2,
    minima=((3.0, 0.5),),
    minimum_value=0.0,
    start=(1.0, 1.0),
    bounds=((-4.5, 4.5), (-4.5, 4.5)),
    description="flat plateaus and steep ridges toward the corners",
)
booth = TestFunction(
    name="booth",
    fn=_booth,
    dim=2,
    minima=((1.0, 3.0),),
    minimum_value=0.0,
    start=(-5.0, -5.0),
    bounds=((-10.0, 10.0), (-10.0, 10.0)),
    lipschitz=18.0,
    description="a rotated quadratic bowl with condition number 9",
)
himmelblau = TestFunction(
    name="himmelblau",
    fn=_himmelblau,
    dim=2,
    minima=(
        (3.0, 2.0),
        (-2.805118086952745, 3.131312518250573),
        (-3.779310253377747, -3.2831859912861696),
        (3.5844283403304917, -1.8481265269644036),
    ),
    minimum_value=0.0,
    start=(0.0, 0.0),
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    description="four global minima of equal value",
)
rastrigin = TestFunction(
    name="rastrigin",
    fn=_rastrigin,
    dim=2,
    minima=((0.0, 0.0),),
    minimum_value=0.0,
    start=(0.4, -0.4),
    bounds=((-5.12, 5.12), (-5.12, 5.12)),
    lipschitz=2 + 40 * math.pi**2,
    description="a bowl covered in a regular grid of local minima",
)
ackley = TestFunction(
    name="ackley",
    fn=_ackley,
    dim=2,
    minima=((0.0, 0.0),),
    minimum_value=0.0,
    start=(0.4, -0.4),
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    description="nearly flat, many local minima, a sharp funnel at the origin",
)
styblinski_tang = TestFunction(
    name="styblinski_tang",
    fn=_styblinski_tang,
    dim=2,
    minima=((_STYBLINSKI_TANG_X, _STYBLINSKI_TANG_X),),
    minimum_value=2 * _STYBLINSKI_TANG_MIN_PER_DIM,
    start=(0.0, 0.0),
    bounds=((-5.0, 5.0), (-5.0, 5.0)),
    description="separable quartic; a local minimum near 2.75 in each coordinate",
)
six_hump_camel = TestFunction(
    name="six_hump_camel",
    fn=_six_hump_camel,
    dim=2,
    minima=((_CAMEL_X, _CAMEL_Y), (-_CAMEL_X, -_CAMEL_Y)),
    minimum_value=-1.0316284534898774,
    start=(-1.0, 1.0),
    bounds=((-2.0, 2.0), (-1.0, 1.0)),
    description="six local minima, two of them global",
)

_REGISTRY: dict[str, TestFunction] = {
    f.name: f
    for f in (
        quadratic(),
        rosenbrock,
        beale,
        booth,
        himmelblau,
        rastrigin,
        ackley,
        styblinski_tang,
        six_hump_camel,
    )
}


def names() -> list[str]:
    """The names ``get`` knows.

    >>> names()[:3]
    ['quadratic', 'rosenbrock', 'beale']
    """
    return list(_REGISTRY)


def get(name: str) -> TestFunction:
    """The test function called ``name``, ignoring case, and ``-`` or spaces for ``_``.

    ``"quadratic"`` is ``quadratic()``: condition number 10 in 2-D.

    >>> get("Six-Hump-Camel") is six_hump_camel
    True
    """
    return loose_get(name, _REGISTRY, "test function", "functions")


from . import mgh  # noqa: E402  (the MGH problems are TestFunctions: after the class)
