r"""How much further the loss can fall: the decrease the local quadratic model of the loss
promises, :math:`\tfrac12 g^\top H^{-1} g`, half the squared Newton decrement (Boyd and
Vandenberghe, *Convex Optimization*, 2004, §9.5.1: :math:`f(x) - \inf_v \hat f(x + v) =
\lambda(x)^2 / 2` for the second-order model :math:`\hat f`). For a quadratic (linear least
squares) it is exactly :math:`f(x) - f^*`; near a minimum of any smooth loss, to second order.

:math:`H^{-1} g` comes from conjugate-gradient iterations on Hessian-vector products
(Hestenes and Stiefel 1952; stopped at negative curvature as in Steihaug 1983, where the model
has no minimum and the decrease it promises is unbounded: ``inf``). After ``k`` iterations CG
has minimised the model over the Krylov space :math:`K_k(H, g)`, so a truncated estimate is a
lower bound of the model's decrease that grows with ``k``. CG therefore runs until it
converges, the relative residual :math:`\|g - Hx\| / \|g\|` below ``TOL``, and the reading
says whether it did (:class:`Decrease`, ``exact``): only an exact reading is the model's
decrease (a capped one may be far below it). The model is local: where the loss has no finite
minimum (logistic regression on separable data) what is left can be far more. ``TOL`` is a numerical tolerance, not a fitted one: with residual ``r`` the error of
the energy is :math:`g^\top H^{-1} g - g^\top x = r^\top H^{-1} r \le \kappa\,(\|r\|/\|g\|)^2\,
g^\top H^{-1} g`, a relative error of at most ``κ · 1e-6`` at ``TOL = 1e-3`` (under 1% up to a
condition number of 10⁴; Golub and Van Loan, *Matrix Computations*, §11.3). ``ITERATIONS``
caps the products (each a double-backward pass on the probe) to keep the cost in bounds: a
small convex model converges well within it, a network usually meets negative curvature in a
few products.

A probe batch's gradient carries sampling noise, and :math:`g^\top H^{-1} g` of a noisy
gradient counts the noise as decrease still to be had (the noise's share,
:math:`\mathrm{tr}(H^{-1}\Sigma)/n`, is the part of the probe a model could fit on its own). The
estimate is therefore crossed between the probe's two halves: CG solves :math:`H x = g_a` and
the decrease is :math:`\tfrac12 g_b^\top x`, whose expectation over independent halves is the
noise-free :math:`\tfrac12 G^\top H^{-1} G` (the same trick as the two-batch estimate of the
gradient noise scale, McCandlish et al. 2018, app. A).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import torch
from torch import Tensor

from .._checks import number
from ..training.backward_pass import gradients
from .hessian import densified, hessian_vector_product

__all__ = ["Decrease", "remaining_decrease", "model_decrease", "probe_decrease"]

TOL = 1e-3  # relative residual ||g - Hx|| / ||g|| at which CG has converged (module docstring)
ITERATIONS = 100  # the most CG products one reading spends


class Decrease(NamedTuple):
    """A reading of the decrease the quadratic model promises: ``value``; ``exact`` whether it
    is the model's (CG converged to ``TOL``, or met negative curvature: ``inf``) rather than a
    lower bound (CG stopped by its cap); ``products`` the Hessian-vector products spent.

    >>> H = torch.diag(torch.tensor([4.0, 1.0], dtype=torch.float64))
    >>> g = torch.tensor([2.0, 1.0], dtype=torch.float64)
    >>> reading = model_decrease(lambda v: H @ v, g)  # ½ gᵀ H⁻¹ g = ½ (2²/4 + 1²/1)
    >>> reading.value, reading.exact, reading.products
    (1.0, True, 2)
    >>> capped = model_decrease(lambda v: H @ v, g, iterations=1)  # one CG step: a lower bound
    >>> round(capped.value, 4), capped.exact, capped.products
    (0.7353, False, 1)
    """

    value: float
    exact: bool
    products: int


def model_decrease(
    apply: Callable[[Tensor], Tensor],
    g: Tensor,
    other: Tensor | None = None,
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
) -> Decrease:
    r"""``½ otherᵀ x`` with ``x`` the conjugate-gradient solution of ``apply(x) = g``, run until
    the relative residual ``‖g - apply(x)‖ / ‖g‖`` is at most ``tol`` (``exact``) or
    ``iterations`` products are spent (a lower bound, not ``exact``); ``other`` defaults to
    ``g``: then ``½ gᵀ H⁻¹ g``, the decrease the quadratic model with gradient ``g`` and Hessian
    ``apply`` promises. ``inf`` (exact) where CG meets curvature ``pᵀHp <= 0`` (the model has
    no minimum), ``0`` for a zero ``g``.

    >>> H = torch.diag(torch.tensor([4.0, 1.0], dtype=torch.float64))
    >>> g = torch.tensor([2.0, 1.0], dtype=torch.float64)
    >>> model_decrease(lambda v: H @ v, g)  # ½ (2²/4 + 1²/1)
    Decrease(value=1.0, exact=True, products=2)
    >>> model_decrease(lambda v: H @ v, g, iterations=1).exact  # stopped before it converged
    False
    >>> model_decrease(lambda v: -v, g).value
    inf
    """
    number("iterations", iterations, integer=True, ge=1)
    number("tol", tol, gt=0)
    g = g.detach().to(torch.float64)
    other = g if other is None else other.detach().to(torch.float64)
    x = torch.zeros_like(g)
    r = g.clone()
    p = r.clone()
    rr = float(r @ r)
    if rr == 0.0:
        return Decrease(0.0, True, 0)
    bar = tol**2 * rr
    # x and r in place, through one scratch vector: each product and sum rounded as in
    # x + step * p (no fused multiply-add), without four new vectors per product. p stays a
    # new vector each time: apply may keep the one it was given.
    scaled = torch.empty_like(g)
    for products in range(1, iterations + 1):
        hp = apply(p).detach().to(torch.float64)
        curvature = float(p @ hp)
        if not math.isfinite(curvature) or curvature <= 0:
            return Decrease(math.inf, True, products)
        step = rr / curvature
        x += torch.mul(p, step, out=scaled)
        r -= torch.mul(hp, step, out=scaled)
        rr_next = float(r @ r)
        if rr_next <= bar:
            return Decrease(0.5 * float(other @ x), True, products)
        p = r + (rr_next / rr) * p
        rr = rr_next
    return Decrease(0.5 * float(other @ x), False, iterations)


def remaining_decrease(
    gradient: Sequence[Tensor | None],
    params: Sequence[Tensor],
    half_gradients: tuple[Sequence[Tensor | None], Sequence[Tensor | None]],
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
) -> Decrease:
    r"""The decrease of the loss still to be had, by the local quadratic model (module
    docstring): ``½ g_bᵀ H⁻¹ g_a``, with ``H`` the Hessian of the loss whose ``gradient``
    (computed with ``create_graph=True``; its graph is kept for every product and freed by
    the caller) w.r.t. ``params`` is given, and ``g_a``, ``g_b`` the gradients of the loss on
    the probe's two halves (``half_gradients``). May come out negative where the noise
    dominates; ``inf`` where the model has no minimum along the CG directions. ``exact`` where
    CG converged to ``tol`` within ``iterations`` products (:func:`model_decrease`).

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> loss = 0.5 * (torch.tensor([4.0, 1.0]) * w**2).sum()   # minimum 0 at w = 0
    >>> (g,) = torch.autograd.grad(loss, [w], create_graph=True)
    >>> found = remaining_decrease([g], [w], ([g.detach()], [g.detach()]))
    >>> round(found.value, 4), found.exact  # = loss
    (4.0, True)
    """
    params = list(params)

    def flat(parts: Sequence[Tensor | None]) -> Tensor:
        return torch.cat(
            [(densified(g) if g is not None else torch.zeros_like(p)).reshape(-1) for g, p in zip(parts, params)]
        )

    first, second = half_gradients
    return model_decrease(
        hessian_vector_product(gradient, params), flat(first), flat(second), iterations=iterations, tol=tol
    )


def probe_decrease(
    model: torch.nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    probe: tuple[Tensor, Tensor],
    params: Sequence[Tensor],
    gradient: Sequence[Tensor | None],
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
) -> Decrease:
    """:func:`remaining_decrease` on a probe batch ``(x, y)``: ``gradient`` is the whole probe's
    (with its graph), the crossed halves' gradients are computed here (two more backward passes).

    >>> model = torch.nn.Linear(1, 1, bias=False)
    >>> x, y = torch.ones(4, 1), torch.full((4,), 3.0)
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> with torch.no_grad():
    ...     _ = model.weight.fill_(1.0)
    >>> g = torch.autograd.grad(mse(model(x), y), list(model.parameters()), create_graph=True)
    >>> round(probe_decrease(model, mse, (x, y), list(model.parameters()), g).value, 4)  # (1 - 3)^2, the minimum 0
    4.0
    """
    x, y = probe
    half = len(x) // 2
    halves = []
    for part in (slice(0, half), slice(half, 2 * half)):
        loss = loss_fn(model(x[part]), y[part])
        halves.append(list(gradients(loss, params)))
    return remaining_decrease(gradient, params, (halves[0], halves[1]), iterations=iterations, tol=tol)
