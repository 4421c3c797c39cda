r"""Sharpness: the top eigenvalue :math:`\lambda_{max}` of the loss's Hessian at the current
weights (or of the preconditioned Hessian :math:`P^{-1}H` for an adaptive rule), compared with
the optimizer's stability threshold (see :mod:`descend.instruments.thresholds`).

:math:`\lambda_{max}` comes from the Lanczos iteration on Hessian-vector products
:math:`Hv = \nabla(\nabla L \cdot v)` (double backward through one gradient graph, kept for all
the products), with full reorthogonalisation, started from a vector drawn from its own seeded
``torch.Generator`` or, for a series of readings, warm-started from the previous reading's top
Ritz vector (:attr:`Sharpness.vector`; the top direction turns slowly between readings, so a
few products then refine it instead of finding it): its top Ritz value converges to the
largest (algebraic, not absolute) eigenvalue much faster than power iteration does, and the
iteration stops once it changes by less than ``tol`` (relative). Cohen et al. 2021, "Gradient
Descent on Neural Networks Typically Occurs at the Edge of Stability" (``src/utilities.py`` there: Lanczos on HVPs);
Cohen et al. 2022, "Adaptive Gradient Methods at the Edge of Stability". With
:math:`S = P^{-1/2}`, the operator is :math:`S(H + \lambda I)S`, whose eigenvalues are those of
:math:`P^{-1}(H + \lambda I)`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch
from torch import Tensor

from .._checks import InvalidArgument, number
from .._wrappers import inner_module
from .held_params import refuse_outside_model
from .hessian import hessian_vector_product
from .thresholds import StabilityRule, stability_rule

__all__ = ["Sharpness", "top_eigenvalue", "sharpness_from_gradient", "sharpness"]

# Defaults: a few Hessian-vector products; the stability ratio needs a percent, not six digits.
ITERATIONS = 20
TOL = 1e-3


@dataclass(frozen=True)
class Sharpness:
    """A measured sharpness: ``value`` = λ_max (of ``P^{-1}H`` when ``preconditioned``),
    ``threshold`` the optimizer's stability threshold (``nan`` without one), ``formula`` its
    form, the Hessian-vector products used (``iterations``) and whether the top eigenvalue
    settled within the tolerance (``converged``), and the top Ritz vector (``vector``, a warm
    start for the next reading). ``stability`` = value / threshold: above 1
    the update is unstable along the top direction.

    >>> Sharpness(value=30.0, threshold=20.0).stability
    1.5
    """

    value: float
    threshold: float = math.nan
    formula: str = "unknown"
    preconditioned: bool = False
    iterations: int = 0
    converged: bool = True
    # The top Ritz vector (flat, in the operator's coordinates), the warm start of the next reading.
    vector: Tensor | None = field(default=None, repr=False, compare=False)

    @property
    def stability(self) -> float:
        return self.value / self.threshold if self.threshold == self.threshold and self.threshold != 0 else math.nan


def top_eigenvalue(
    apply: Callable[[Tensor], Tensor],
    dim: int,
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
    seed: int = 0,
    device: torch.device | str = "cpu",
    dtype: torch.dtype = torch.float32,
    start: Tensor | None = None,
) -> tuple[float, int, bool]:
    r"""The largest eigenvalue of the symmetric operator ``apply`` on vectors of ``dim``
    entries, by Lanczos with full reorthogonalisation (at most ``iterations`` products;
    stops when the top Ritz value changes by at most ``tol`` relative). Returns ``(value,
    products used, converged)``; ``(nan, products, False)`` where a product is not finite.
    The start vector comes from ``torch.Generator`` seeded with
    ``seed`` (the global random state is not touched), or is ``start`` where given (a warm
    start: a previous estimate of the top eigenvector).

    >>> A = torch.diag(torch.tensor([3.0, -5.0, 1.0]))
    >>> value, used, ok = top_eigenvalue(lambda v: A @ v, 3)
    >>> round(value, 4), ok
    (3.0, True)
    """
    value, used, ok, _ = _lanczos(
        apply, dim, iterations=iterations, tol=tol, seed=seed, device=device, dtype=dtype, start=start
    )
    return value, used, ok


def _lanczos(
    apply: Callable[[Tensor], Tensor],
    dim: int,
    *,
    iterations: int,
    tol: float,
    seed: int,
    device: torch.device | str,
    dtype: torch.dtype,
    start: Tensor | None,
) -> tuple[float, int, bool, Tensor | None]:
    """:func:`top_eigenvalue`, with the top Ritz vector as a fourth value (``None`` where a
    product is not finite: the value is then ``nan``, not converged)."""
    number("dim", dim, integer=True, ge=1)
    number("iterations", iterations, integer=True, ge=1)
    number("tol", tol, gt=0)
    q = _seeded_vector(seed, dim, torch.device(device), dtype)
    if start is not None and start.numel() == dim and bool(torch.isfinite(start).all()) and float(start.norm()) > 0:
        # A little of the seeded random vector keeps the start from lying exactly in an
        # invariant subspace that misses the top direction (a stale vector after a jump).
        warm = start.detach().reshape(-1).to(device=device, dtype=dtype)
        q = warm / warm.norm() + 1e-2 * q / q.norm()
    q = q / q.norm()
    steps, settled = min(iterations, dim), False
    # The basis as rows of one buffer: Q, its first k rows, is the matrix torch.stack of the k
    # vectors would make (the same layout, so the same products), without copying it each step.
    # It grows by doubling, so that a generous budget that converges early holds no more.
    basis = torch.empty(min(steps, 4), dim, device=q.device, dtype=q.dtype)
    alphas: list[float] = []
    betas: list[float] = []
    previous = math.nan
    top = math.nan
    for k in range(1, steps + 1):
        if k > len(basis):
            basis = torch.cat([basis, torch.empty_like(basis[: min(len(basis), steps - len(basis))])])
        basis[k - 1] = q
        w = apply(q)
        alpha = float(torch.dot(w, q))
        alphas.append(alpha)
        Q = basis[:k]
        for _ in range(2):  # twice is enough (Kahan): keeps the basis orthogonal in float32
            w = w - Q.T @ (Q @ w)
        beta = float(w.norm())
        if not (math.isfinite(alpha) and math.isfinite(beta)):
            # A non-finite loss or curvature: no eigenvalue to find (eigh would fail on the matrix).
            return math.nan, k, False, None
        values, vectors = torch.linalg.eigh(_tridiagonal(alphas, betas))
        top = float(values[-1])
        scale = max(abs(top), 1e-30)
        # An invariant subspace (beta ~ 0) makes the Ritz values exact.
        if abs(top - previous) <= tol * scale or beta <= 1e-7 * max(scale, abs(alpha), 1e-30):
            steps, settled = k, True
            break
        previous = top
        betas.append(beta)
        q = w / beta
    else:
        settled = steps == dim
    ritz = vectors[:, -1].to(device=Q.device, dtype=Q.dtype) @ Q
    return top, steps, settled, ritz


@functools.lru_cache(maxsize=1)
def _seeded_vector(seed: int, dim: int, device: torch.device, dtype: torch.dtype) -> Tensor:
    """The start vector drawn from ``seed`` (float64 normals, then ``dtype``): the same at every
    reading of a run, so drawn once (the draw costs as much as a few Lanczos steps of a small
    model); the last one is kept, a vector the size of the parameters, as the warm start is.
    Never written to: the iteration only makes new vectors from it."""
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(dim, generator=generator, dtype=torch.float64).to(device=device, dtype=dtype)


def _tridiagonal(alphas: list[float], betas: list[float]) -> Tensor:
    """The Lanczos matrix ``diag(alphas) + diag(betas, ±1)`` in float64, built as one list: the
    entries of ``torch.diag(alphas) + torch.diag(betas, 1) + torch.diag(betas, -1)`` bit for bit
    (``a + 0.0``: that sum turns a ``-0.0`` into ``0.0``), without its five tensor operations.

    >>> _tridiagonal([1.0, 2.0], [0.5])
    tensor([[1.0000, 0.5000],
            [0.5000, 2.0000]], dtype=torch.float64)
    """
    k = len(alphas)
    rows = [[0.0] * k for _ in range(k)]
    for i, a in enumerate(alphas):
        rows[i][i] = a + 0.0 if betas else a  # one alpha alone: no sum
    for i, b in enumerate(betas):
        rows[i][i + 1] = rows[i + 1][i] = b + 0.0
    return torch.tensor(rows, dtype=torch.float64)


def sharpness_from_gradient(
    gradient: Sequence[Tensor],
    params: Sequence[Tensor],
    rule: StabilityRule | None = None,
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
    seed: int = 0,
    start: Tensor | None = None,
) -> Sharpness:
    """λ_max of the Hessian of the loss whose ``gradient`` (computed with
    ``create_graph=True``) w.r.t. ``params`` is given, preconditioned and damped as ``rule``
    says (:func:`descend.instruments.stability_rule`; ``None``: the plain Hessian, no
    threshold). The gradient's graph is kept for every product and freed by the caller.
    ``start``: a warm start, the ``vector`` of a previous reading of the same parameters.

    >>> w = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> loss = 0.5 * (torch.tensor([4.0, 1.0]) * w**2).sum()
    >>> (g,) = torch.autograd.grad(loss, [w], create_graph=True)
    >>> round(sharpness_from_gradient([g], [w]).value, 4)
    4.0
    """
    params, gradient = list(params), list(gradient)
    if not params:
        raise InvalidArgument("params must hold at least one tensor, got none")
    if len(gradient) != len(params):
        raise InvalidArgument(f"gradient must hold one entry per parameter ({len(params)}), got {len(gradient)}")
    flat_sizes = [p.numel() for p in params]
    ref = params[0]
    if rule is not None:
        if [id(p) for p in rule.params] != [id(p) for p in params]:
            raise ValueError("the stability rule covers other parameters than the gradient")
        scale = None
        if rule.preconditioner is not None:
            scale = torch.cat([(1 / pre.reshape(-1).to(ref.dtype)).sqrt() for pre in rule.preconditioner])
        # The vector and its host read only where a group has a decay (not the usual case).
        damped, decay = False, None
        if any(lam != 0 for lam in rule.decay):  # a NaN counts, as in decay.any()
            decay = torch.cat(
                [
                    torch.full((n,), lam, dtype=ref.dtype, device=ref.device)
                    for n, lam in zip(flat_sizes, rule.decay, strict=True)
                ]
            )
            damped = bool(decay.any())  # a decay too small for the dtype is none
    else:
        scale, damped, decay = None, False, None
    product = hessian_vector_product(gradient, params)

    def apply(v: Tensor) -> Tensor:
        u = v * scale if scale is not None else v
        out = product(u)
        if damped:
            out = out + decay * u
        return out * scale if scale is not None else out

    value, products, converged, vector = _lanczos(
        apply,
        sum(flat_sizes),
        iterations=iterations,
        tol=tol,
        seed=seed,
        device=ref.device,
        dtype=ref.dtype,
        start=start,
    )
    if rule is None:
        return Sharpness(value, iterations=products, converged=converged, vector=vector)
    return Sharpness(value, rule.threshold, rule.formula, rule.preconditioned, products, converged, vector)


def sharpness(
    model: torch.nn.Module,
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    x: Tensor,
    y: Tensor,
    optimizer: torch.optim.Optimizer | None = None,
    *,
    iterations: int = ITERATIONS,
    tol: float = TOL,
    seed: int = 0,
) -> Sharpness:
    """λ_max of the Hessian of ``loss_fn(model(x), y)`` at the model's weights and, with an
    ``optimizer``, its stability threshold and the preconditioned sharpness of an adaptive
    rule (over the optimizer's parameters; without one, over the model's trainable ones).
    Runs the model as it stands (its mode, its random state: a caller that must not disturb
    them uses :class:`descend.instruments.Instruments`); its buffers (BatchNorm's running
    statistics) are as they were afterwards. Cohen et al. 2021, 2022.

    >>> torch.manual_seed(0) and None
    >>> X = torch.randn(64, 3)
    >>> model = torch.nn.Linear(3, 1, bias=False)
    >>> mse = lambda out, t: ((out.squeeze(-1) - t) ** 2).mean()
    >>> s = sharpness(model, mse, X, torch.zeros(64), torch.optim.SGD(model.parameters(), lr=0.1), tol=1e-6)
    >>> round(s.value, 3) == round(float(torch.linalg.eigvalsh(2 * X.T @ X / 64)[-1]), 3), s.threshold
    (True, 20.0)
    """
    _check_probe(model, loss_fn, x, y)
    model = inner_module(model)  # a torch.compile'd model's, eagerly: its compiled backward refuses create_graph
    trainable = [p for p in model.parameters() if p.requires_grad]
    if not trainable:
        raise InvalidArgument("model has no parameter that requires grad: there is no Hessian to measure")
    rule = stability_rule(optimizer) if optimizer is not None else None
    if rule is not None:
        if not rule.params:
            raise InvalidArgument("optimizer holds no parameter that requires grad: there is no threshold to read")
        refuse_outside_model(rule.params, trainable)
    params = rule.params if rule is not None else trainable
    buffers = [(b, b.detach().clone()) for b in model.buffers()]
    try:
        with torch.enable_grad():
            try:
                loss = loss_fn(model(x), y)
            except RuntimeError as err:  # a shape or dtype the model or loss cannot take
                raise InvalidArgument(
                    f"x of shape {tuple(x.shape)} and y of shape {tuple(y.shape)} must fit the model and loss_fn, "
                    f"got: {err}"
                ) from err
            gradient = torch.autograd.grad(loss, params, create_graph=True, allow_unused=True)
            return sharpness_from_gradient(gradient, params, rule, iterations=iterations, tol=tol, seed=seed)
    finally:
        # A reading is no training step: the probe must not move BatchNorm's running statistics
        # (restored once the products are done: the graph holds the buffers' versions).
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)


def _check_probe(model: object, loss_fn: object, x: object, y: object) -> None:
    if not isinstance(model, torch.nn.Module):
        raise InvalidArgument(f"model must be a torch.nn.Module, got {type(model).__name__}")
    if not callable(loss_fn):
        raise InvalidArgument(f"loss_fn must be a callable (output, target) -> loss, got {loss_fn!r}")
    for name, value in (("x", x), ("y", y)):
        if not isinstance(value, Tensor):
            raise InvalidArgument(f"{name} must be a tensor, got {type(value).__name__}")
