r"""A line search for the strong Wolfe conditions (Nocedal & Wright, 2006, Algorithms 3.5 and
3.6), step for step the one ``torch.optim.LBFGS`` uses (a port of minFunc's, by way of Lua
torch's ``lswolfe``): bracket a step, then zoom into the bracket by safeguarded cubic
interpolation.

Along a search direction :math:`p` from :math:`x`, with :math:`\phi(\alpha) = f(x + \alpha p)`,
a step :math:`\alpha` satisfies the strong Wolfe conditions when

.. math::
    \phi(\alpha) \le \phi(0) + c_1 \alpha\, \phi'(0)
    \quad\text{and}\quad |\phi'(\alpha)| \le c_2\, |\phi'(0)|.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import Tensor

__all__ = ["strong_wolfe", "cubic_minimizer"]


def cubic_minimizer(a1: Any, f1: Any, g1: Any, a2: Any, f2: Any, g2: Any, bounds: tuple[Any, Any] | None = None) -> Any:
    r"""The minimiser of the cubic through :math:`(a_1, f_1)`, :math:`(a_2, f_2)` with slopes
    :math:`g_1, g_2`, clipped to ``bounds`` (default: between the two points); their midpoint
    when the cubic has no minimiser (Nocedal & Wright, 2006, eq. 3.59).

    .. math::
        d_1 = g_1 + g_2 - 3\frac{f_1 - f_2}{a_1 - a_2}, \quad d_2 = \sqrt{d_1^2 - g_1 g_2},
        \quad a = a_2 - (a_2 - a_1)\frac{g_2 + d_2 - d_1}{g_2 - g_1 + 2 d_2}

    >>> cubic_minimizer(0.0, 0.0, -1.0, 2.0, 0.0, 1.0)  # the parabola (a - 1)^2 - 1
    1.0
    """
    lo, hi = bounds if bounds is not None else ((a1, a2) if a1 <= a2 else (a2, a1))
    d1 = g1 + g2 - 3 * (f1 - f2) / (a1 - a2)
    d2_square = d1**2 - g1 * g2
    if not d2_square >= 0:
        return (lo + hi) / 2.0
    d2 = d2_square**0.5 if not isinstance(d2_square, Tensor) else d2_square.sqrt()
    if a1 <= a2:
        a = a2 - (a2 - a1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        a = a1 - (a1 - a2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(a, lo), hi)


def strong_wolfe(
    phi: Callable[[Any], tuple[float, Tensor]],
    p: Tensor,
    alpha: Any,
    f: float,
    g: Tensor,
    gtp: Any,
    *,
    c1: float = 1e-4,
    c2: float = 0.9,
    tolerance_change: float = 1e-9,
    max_ls: int = 25,
    max_step: float | None = None,
) -> tuple[float, Tensor, Any, int]:
    r"""A step :math:`\alpha` along ``p`` satisfying the strong Wolfe conditions, starting from
    the trial step ``alpha``; returns ``(f_new, g_new, alpha, evaluations)``.

    ``phi(alpha)`` returns :math:`f(x + \alpha p)` and the flat gradient there (and leaves
    :math:`x` as it was); ``f``, ``g`` and ``gtp`` = :math:`g^\top p < 0` are the values at
    :math:`\alpha = 0`. At most ``max_ls`` evaluations; the search also stops when the bracket
    is shorter than ``tolerance_change`` (in the max norm of :math:`\alpha p`). It returns the
    best point it saw, which satisfies the conditions unless one of those limits was hit.
    ``max_step`` caps the extrapolation (a box's edge along ``p``): a step that reaches it
    with the function still falling is accepted there, as Moré & Thuente's search stops at
    its ``stpmax`` (1994), which L-BFGS-B uses (Byrd et al., 1995).

    >>> x = torch.tensor([3.0], dtype=torch.float64)
    >>> phi = lambda a: (float(((x - a * 2 * x) ** 2).sum()), 2 * (x - a * 2 * x))
    >>> f, g, alpha, evals = strong_wolfe(phi, -2 * x, 1.0, 9.0, 2 * x, -36.0)
    >>> float(alpha), f, evals  # the exact minimiser of this quadratic along -grad
    (0.5, 0.0, 2)

    A trial where :math:`\phi` is NaN (outside ``fn``'s domain: a log of a negative number)
    counts as a step too long, as one where it rose: the search brackets and bisects back
    towards the finite points. (torch.optim.LBFGS's search compares NaN as neither higher nor
    lower: it extrapolates past it, or fails with an ``IndexError``.) For a float16 or bfloat16
    ``p`` the slopes, steps and interpolation are float64 numbers: in ``p``'s dtype they
    overflow (a gradient of a few hundred squared) to a NaN step.
    """
    p_norm = p.abs().max()
    g = g.clone(memory_format=torch.contiguous_format)
    slope = _slope_along(p)
    if p.dtype in _NARROW:
        gtp, p_norm, alpha = slope(g), float(p_norm), float(alpha)
    f_new, g_new = phi(alpha)
    evals = 1
    gtp_new = slope(g_new)

    # Bracketing (Algorithm 3.5): grow the step until an interval must hold an acceptable one.
    alpha_prev, f_prev, g_prev, gtp_prev = 0, f, g, gtp
    done = False
    it = 0
    while it < max_ls:
        if not f_new <= (f + c1 * alpha * gtp) or (it > 1 and f_new >= f_prev):
            bracket = [[alpha_prev, f_prev, g_prev, gtp_prev], [alpha, f_new, g_new.clone(), gtp_new]]
            break
        if abs(gtp_new) <= -c2 * gtp:
            bracket, done = [[alpha, f_new, g_new, gtp_new]], True
            break
        if gtp_new >= 0:
            bracket = [[alpha_prev, f_prev, g_prev, gtp_prev], [alpha, f_new, g_new.clone(), gtp_new]]
            break
        if max_step is not None and alpha >= max_step:  # at the edge, still falling: stop there
            bracket, done = [[alpha, f_new, g_new, gtp_new]], True
            break
        # Extrapolate: the cubic's minimiser, between 1.01 and 10 times the step.
        lo, hi = alpha + 0.01 * (alpha - alpha_prev), alpha * 10
        if max_step is not None:
            lo, hi = min(lo, max_step), min(hi, max_step)
        alpha_prev, alpha = alpha, cubic_minimizer(alpha_prev, f_prev, gtp_prev, alpha, f_new, gtp_new, (lo, hi))
        f_prev, g_prev, gtp_prev = f_new, g_new.clone(), gtp_new
        f_new, g_new = phi(alpha)
        evals += 1
        gtp_new = slope(g_new)
        it += 1
    if it == max_ls:
        bracket = [[0, f, g, None], [alpha, f_new, g_new, None]]

    # Zoom (Algorithm 3.6): shrink the bracket [low, high] by safeguarded cubic interpolation.
    low, high = _ends(bracket)
    insufficient = False
    while not done and it < max_ls:
        (a_0, f_0, _, gtp_0), (a_1, f_1, _, gtp_1) = bracket
        if abs(a_1 - a_0) * p_norm < tolerance_change:
            break
        alpha = cubic_minimizer(a_0, f_0, gtp_0, a_1, f_1, gtp_1)
        # Keep the trial point 10% of the bracket away from its ends once it has come too
        # close twice in a row (or lies on an end).
        a_max, a_min = max(a_0, a_1), min(a_0, a_1)
        margin = 0.1 * (a_max - a_min)
        if min(a_max - alpha, alpha - a_min) < margin:
            if insufficient or alpha >= a_max or alpha <= a_min:
                alpha = a_max - margin if abs(alpha - a_max) < abs(alpha - a_min) else a_min + margin
                insufficient = False
            else:
                insufficient = True
        else:
            insufficient = False
        f_new, g_new = phi(alpha)
        evals += 1
        gtp_new = slope(g_new)
        it += 1
        if not f_new <= (f + c1 * alpha * gtp) or f_new >= bracket[low][1]:
            bracket[high] = [alpha, f_new, g_new.clone(), gtp_new]
            low, high = _ends(bracket)
        else:
            if abs(gtp_new) <= -c2 * gtp:
                done = True
            elif gtp_new * (bracket[high][0] - bracket[low][0]) >= 0:
                bracket[high] = bracket[low]
            bracket[low] = [alpha, f_new, g_new.clone(), gtp_new]

    alpha, f_new, g_new, _ = bracket[low]
    return f_new, g_new, alpha, evals


def _ends(bracket: list[list[Any]]) -> tuple[int, int]:
    """The indices of the bracket's low end (the lower value, the first on a tie) and high
    end; a NaN value is the high end (for a bracket of one point, both are 0)."""
    f_0, f_last = bracket[0][1], bracket[-1][1]
    return (0, len(bracket) - 1) if f_0 <= f_last or f_last != f_last else (len(bracket) - 1, 0)


# Dtypes too narrow for the search's arithmetic: |g|^2 of a gradient of a few hundred passes
# float16's largest number (65504), the cubic's d1^2 the square of that, and bfloat16 rounds
# each of its terms to 3 digits.
_NARROW = (torch.float16, torch.bfloat16)


def _slope_along(p: Tensor) -> Callable[[Tensor], Any]:
    """``g -> g.dot(p)``: in ``p``'s dtype (torch.optim.LBFGS's arithmetic) from float32 on, as
    a float64 number for a narrower one, where the search then computes."""
    if p.dtype not in _NARROW:
        return p.dot
    wide = p.double()
    return lambda g: float(g.double().dot(wide))
