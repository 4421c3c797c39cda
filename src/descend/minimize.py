"""``minimize(fn, x0)``: gradient descent on any differentiable function of one tensor.

The gradient comes from autograd (backpropagation); the update from a ``descend.optim`` rule
(or any ``torch.optim``-style optimizer class). The run stops on the first of: gradient norm
below ``gtol``, relative loss change below ``ftol``, step below ``xtol``, ``max_iter``, a
diverging loss, a failed line search, or a callback asking to stop. It never raises for a run
that goes badly: the returned :class:`Result` says what happened in ``status`` and ``message``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import Tensor

from . import optim
from . import schedules
from .doctor import diagnose
from .lr_find import curvature_lr, probe_lr
from .optim import step_unhooked, takes_plain_steps

__all__ = ["minimize", "Result", "Trace", "Iterate", "STATUSES"]

#: Why a run stopped. The first three count as converged.
STATUSES = ("gtol", "ftol", "xtol", "max_iter", "diverged", "line_search", "callback")

# The trajectory of x is kept only for problems this small (a point per iteration).
_TRAJECTORY_MAX_NUMEL = 100
# A loss this many times larger than the run's scale has diverged even while still finite:
# past 2/L gradient descent grows geometrically, and float64 would take thousands of
# iterations to overflow.
_GIVE_UP = 1e8
_ARMIJO_C = 1e-4  # sufficient-decrease constant (Nocedal & Wright use 1e-4)
_ARMIJO_SHRINK = 0.5
_ARMIJO_MAX_TRIALS = 60


@dataclass(frozen=True)
class Iterate:
    """What a ``callback`` receives after every iteration (``x`` is a detached copy)."""

    nit: int
    x: Tensor
    fun: float
    grad_norm: float
    lr: float


@dataclass
class Trace:
    """Per-iteration record: row ``k`` is the point after ``k`` steps (row 0 is ``x0``).

    ``x`` is the trajectory, shape ``(nit + 1, *x0.shape)``, for problems of at most 100
    coordinates, else ``None``. ``lr`` is the step size used to leave each point (``nan`` on
    the last row, which was not left). ``plain_steps``: every step was ``-lr`` times the
    gradient (no momentum or adaptive scaling).
    """

    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    x: np.ndarray | None
    plain_steps: bool = True


@dataclass
class Result:
    """The outcome of :func:`minimize`, in the spirit of ``scipy.optimize.OptimizeResult``.

    ``x`` and ``fun`` are the final point and its value (the last finite point when the run
    diverged); ``status`` is one of :data:`STATUSES` and ``message`` says the same in words,
    with numbers. ``diagnoses`` holds the convergence doctor's findings.
    """

    x: Tensor
    fun: float
    grad_norm: float
    nit: int
    nfev: int
    converged: bool
    status: str
    message: str
    history: Trace
    diagnoses: list[Any] = field(default_factory=list)

    @property
    def success(self) -> bool:  # scipy's name for the same thing
        return self.converged

    def __repr__(self) -> str:
        x = self.x.tolist() if self.x.numel() <= 6 else f"tensor of shape {tuple(self.x.shape)}"
        rows = {
            "converged": self.converged, "status": self.status, "message": self.message,
            "x": x, "fun": self.fun, "grad_norm": self.grad_norm, "nit": self.nit,
            "nfev": self.nfev, "diagnoses": self.diagnoses,
        }
        width = max(map(len, rows))
        return "\n".join(f"{k:>{width}}: {v}" for k, v in rows.items())


def minimize(
    fn: Callable[[Tensor], Tensor],
    x0: Any,
    *,
    optimizer: str | Callable[..., torch.optim.Optimizer] = "gd",
    lr: float | str | None = None,
    max_iter: int = 1000,
    gtol: float = 1e-5,
    ftol: float = 0.0,
    xtol: float = 0.0,
    bounds: Any = None,
    line_search: str | None = None,
    callback: Callable[[Iterate], Any] | None = None,
    schedule: Any = None,
    **hyper: Any,
) -> Result:
    r"""Minimize ``fn(x)`` by gradient descent from ``x0``.

    Each iteration computes :math:`g = \nabla f(x)` by autograd and lets the optimizer take
    one step; with ``bounds`` the point is projected back into the box after every step
    (projected gradient descent, and ``gtol`` applies to the projected gradient
    :math:`\|x - P(x - g)\|`). ``line_search="armijo"`` backtracks along the optimizer's
    proposed step :math:`\Delta` (starting from ``lr``, halving) until
    :math:`f(x + s\Delta) \le f(x) + c\, s\, g^\top\Delta`; a non-finite trial counts as a
    failed trial.

    Args:
        fn: a function of a tensor shaped like ``x0`` returning a scalar tensor.
        x0: the start point: a tensor, array or (nested) list of numbers.
        optimizer: a name known to ``descend.optim.create`` ("gd", "momentum", "adam", ...)
            or an optimizer class such as ``torch.optim.SGD``.
        lr: the learning rate (the optimizer's default when ``None``); ``"auto"`` picks
            ``1/L`` from the largest curvature ``L`` at ``x0`` (Hessian-vector products by
            autograd) for "gd", "sgd", "momentum" and "nesterov", and a backtracking probe of
            the first step for the other rules.
        max_iter: the most optimizer steps to take.
        gtol: stop when the gradient norm is at most ``gtol``.
        ftol: stop when :math:`|f_{k-1} - f_k| \le` ``ftol`` :math:`\cdot\max(|f_k|, |f_{k-1}|, 1)`
            (0 turns it off).
        xtol: stop when :math:`\|x_k - x_{k-1}\| \le` ``xtol`` (0 turns it off).
        bounds: ``(lower, upper)`` scalars for every coordinate, or one ``(lower, upper)``
            pair per coordinate of the flattened ``x0``; ``None`` means unbounded on that side.
        line_search: ``None`` or ``"armijo"``.
        callback: called with an :class:`Iterate` after every iteration; returning ``True``
            stops the run (status ``"callback"``).
        schedule: a ``descend.schedules`` schedule (or its name, sized to ``max_iter`` and
            ``lr``) that sets the learning rate of every iteration; a reduce-on-plateau one
            observes ``f`` after every iteration (each is a full pass over the objective).
        **hyper: further optimizer hyper-parameters (``momentum=0.9``, ``betas=...``).

    >>> import descend as ds
    >>> res = ds.minimize(ds.functions.booth, [0.0, 0.0], optimizer="gd", lr=0.05)
    >>> res.converged, [round(v, 4) for v in res.x.tolist()]
    (True, [1.0, 3.0])
    """
    x = _as_start_point(x0)
    _check_options(max_iter, gtol, ftol, xtol, line_search, callback)
    project = _projection(bounds, x)
    if project is not None:
        with torch.no_grad():
            x.copy_(project(x))
    f, g = _first_value_and_grad(fn, x, project)  # first: 'auto' needs a finite fn and gradient
    nfev = 1
    if lr == "auto":
        lr = _auto_lr(fn, x, optimizer, hyper)
    opt = optim.build(optimizer, [x], lr=lr, **hyper)
    group = opt.param_groups[0]
    scheduler = schedules.for_run(schedule, opt, max(max_iter, 1))
    run = _Run(x, keep_x=x.numel() <= _TRAJECTORY_MAX_NUMEL, plain_steps=takes_plain_steps(opt))
    fk, gnorm = f.item(), _stationarity(x, g, project)
    run.record(x, fk, gnorm)
    scale = max(abs(fk), 1e-12)
    f_best, x_prev = fk, x.detach().clone()
    status = detail = None
    nit = 0
    while True:
        if gnorm <= gtol:
            status, detail = "gtol", f"gradient norm {gnorm:.3g} <= gtol={gtol:g}"
        elif nit > 0 and ftol > 0 and abs(run.loss[-2] - fk) <= ftol * max(abs(fk), abs(run.loss[-2]), 1.0):
            status, detail = "ftol", f"relative loss change {abs(run.loss[-2] - fk):.3g} <= ftol={ftol:g}"
        elif nit > 0 and xtol > 0 and (step := float(torch.linalg.vector_norm(x.detach() - x_prev))) <= xtol:
            status, detail = "xtol", f"step {step:.3g} <= xtol={xtol:g}"
        elif nit >= max_iter:
            status, detail = "max_iter", f"reached max_iter={max_iter} with gradient norm {gnorm:.3g} > gtol={gtol:g}"
        if status is not None:
            break
        lr_used = group["lr"]
        if xtol > 0 or line_search:
            x_prev.copy_(x.detach())
        if line_search:
            f_new, scale_used, evals = _armijo(fn, x, g, fk, opt, project)
            nfev += evals
            if f_new is None:
                status = "line_search"
                detail = (
                    f"Armijo line search found no decrease after {evals} trials from "
                    f"lr={lr_used:g} at iteration {nit}; fn may be non-smooth or its gradient wrong"
                )
                break
            lr_used *= scale_used
            f = f_new
        else:
            _take_step(opt, x, g)
            if project is not None:
                with torch.no_grad():
                    x.copy_(project(x))
            f = fn(x)
            nfev += 1
        run.lr.append(lr_used)
        nit += 1
        if scheduler is not None:
            scheduler.step()
        fk = f.item()
        if not math.isfinite(fk):
            run.record(x, fk, math.nan)
            status, detail = "diverged", _divergence(run.loss, nit, lr_used, math.nan)
            break
        (g,) = torch.autograd.grad(f, x)
        gnorm = _stationarity(x, g, project)
        run.record(x, fk, gnorm)
        if not math.isfinite(gnorm) or fk - f_best > _GIVE_UP * max(scale, abs(f_best)):
            status, detail = "diverged", _divergence(run.loss, nit, lr_used, gnorm)
            break
        f_best = min(f_best, fk)
        if isinstance(getattr(scheduler, "schedule", None), schedules.Plateau):
            scheduler.observe(fk)
        if callback is not None and callback(Iterate(nit, x.detach().clone(), fk, gnorm, lr_used)):
            status, detail = "callback", f"callback asked to stop at iteration {nit}"
            break

    if callable(getattr(opt, "eval", None)):
        opt.eval()  # schedule-free: the answer is the averaged point, not the one gradients saw
    result = run.result(x, nit, nfev, status, detail)
    result.diagnoses = diagnose(result)
    return result


class _Run:
    """Collects the per-iteration record and turns it into a :class:`Result`."""

    def __init__(self, x: Tensor, keep_x: bool, plain_steps: bool) -> None:
        self.plain_steps = plain_steps
        self.loss: list[float] = []
        self.grad_norm: list[float] = []
        self.lr: list[float] = []
        self.xs: list[Tensor] | None = [] if keep_x else None
        self.shape = x.shape

    def record(self, x: Tensor, fk: float, gnorm: float) -> None:
        self.loss.append(fk)
        self.grad_norm.append(gnorm)
        if self.xs is not None:
            self.xs.append(x.detach().clone())

    def result(self, x: Tensor, nit: int, nfev: int, status: str, detail: str) -> Result:
        converged = status in ("gtol", "ftol", "xtol")
        last = len(self.loss) - 1
        if status == "diverged":
            # Report the last point where the loss was finite, not the blown-up one.
            last = max(i for i, v in enumerate(self.loss) if math.isfinite(v))
        trajectory = torch.stack(self.xs).cpu().numpy() if self.xs is not None else None
        x_final = (
            torch.from_numpy(trajectory[last]).to(x.device) if trajectory is not None
            and status == "diverged" else x.detach().clone()
        )
        verb = "converged" if converged else "stopped"
        message = f"{verb} after {nit} iterations: {detail}"
        trace = Trace(
            loss=np.asarray(self.loss),
            grad_norm=np.asarray(self.grad_norm),
            lr=np.asarray(self.lr + [math.nan]),
            x=trajectory,
            plain_steps=self.plain_steps,
        )
        return Result(
            x=x_final, fun=self.loss[last], grad_norm=self.grad_norm[last], nit=nit, nfev=nfev,
            converged=converged, status=status, message=message, history=trace,
        )


_CURVATURE_RULES = ("gd", "sgd", "momentum", "nesterov")


def _auto_lr(fn, x: Tensor, optimizer: Any, hyper: dict) -> float:
    """``lr="auto"``: ``1/L`` from the Hessian's largest eigenvalue at ``x0`` for the
    gradient-descent rules (stable below ``2/L``); a backtracking probe for the others, or
    where ``fn`` has no curvature at ``x0``."""
    name = optimizer.lower() if isinstance(optimizer, str) else None
    if name in _CURVATURE_RULES:
        lr, _ = curvature_lr(fn, x)
        if math.isfinite(lr):
            return lr
    if name is None:
        raise ValueError("lr='auto' needs the optimizer by name (one of descend.optim.names())")
    return probe_lr(fn, x, name, hyper)


def _take_step(opt: torch.optim.Optimizer, x: Tensor, g: Tensor) -> None:
    x.grad = g
    step_unhooked(opt)


def _divergence(losses: list[float], nit: int, lr: float, gnorm: float) -> str:
    """Why the run blew up at iteration ``nit`` (``losses`` ends with its loss, ``gnorm`` its
    gradient norm, ``nan`` when the loss is not finite). A loss that fell at every step to
    -inf, or below zero to where the gradient overflows, says that ``fn`` is unbounded below,
    not that the step was too long; a finite loss that did not grow, with a gradient that is
    not, says that ``fn`` is not differentiable there. The rest is a learning rate too large."""
    fk, f_best = losses[-1], min(losses[:-1])
    fell = all(b < a for a, b in zip(losses, losses[1:]))
    if fk == -math.inf or (fell and fk < 0 and not math.isfinite(gnorm)):
        where = "" if fk == -math.inf else f", where its gradient norm is {gnorm}"
        return (
            f"fn appears unbounded below: the loss fell at every one of {nit} iterations, from "
            f"{losses[0]:.3g} to {fk:.3g}{where}; a minimum needs fn bounded below: check its "
            "sign, or give bounds"
        )
    if math.isfinite(fk) and not math.isfinite(gnorm) and fk <= f_best:
        return (
            f"the gradient of fn is {gnorm} at iteration {nit}, where fn = {fk:.3g} is finite and "
            "no higher than before: fn is not differentiable there"
        )
    seen = f"loss became {fk:.3g}" if not math.isfinite(fk) else f"loss grew to {fk:.3g} from {f_best:.3g}"
    if math.isfinite(fk) and not math.isfinite(gnorm):
        seen += f" and its gradient norm to {gnorm}"
    return (
        f"diverged: {seen} at iteration {nit} with lr={lr:g}; "
        f"the learning rate is too large, try lr={lr / 10:g} or smaller"
    )


# --- input checks ------------------------------------------------------------------------


def _as_start_point(x0: Any) -> Tensor:
    try:
        x = torch.as_tensor(x0.detach() if isinstance(x0, Tensor) else x0)
    except (TypeError, ValueError, RuntimeError) as err:
        raise TypeError(
            f"x0 must be a tensor or an array-like of numbers, got {type(x0).__name__}: {x0!r}"
        ) from err
    if x.is_complex():
        raise TypeError(f"x0 must be real, got dtype {x.dtype}")
    if not x.is_floating_point():
        x = x.to(torch.get_default_dtype())
    if x.numel() == 0:
        raise ValueError("x0 is empty: give at least one coordinate")
    if not torch.isfinite(x).all():
        bad = (~torch.isfinite(x)).nonzero().flatten().tolist()
        raise ValueError(f"x0 must be finite, got {x.tolist()} (non-finite at index {bad})")
    return x.clone().requires_grad_(True)


def _check_options(max_iter, gtol, ftol, xtol, line_search, callback) -> None:
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 0:
        raise ValueError(f"max_iter must be an integer >= 0, got {max_iter!r}")
    for name, value in (("gtol", gtol), ("ftol", ftol), ("xtol", xtol)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    if line_search not in (None, "armijo"):
        raise ValueError(f"line_search must be None or 'armijo', got {line_search!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")


def _first_value_and_grad(fn: Callable[[Tensor], Tensor], x: Tensor,
                          project: Callable[[Tensor], Tensor] | None) -> tuple[Tensor, Tensor]:
    """``fn(x0)`` and its gradient, checking that ``fn`` is a differentiable scalar function,
    finite at ``x0`` with a finite gradient (within ``bounds``: a finite projected gradient, so
    that sqrt at its lower bound 0 is a minimum, not an error)."""
    f = fn(x)
    _check_output(f)
    (g,) = torch.autograd.grad(f, x, allow_unused=True)
    if g is None:
        raise ValueError("fn's output does not depend on x: its gradient is undefined")
    fk = f.item()
    if not math.isfinite(fk):
        raise ValueError(f"fn(x0) is {fk}: start from a point where fn is finite")
    if project is not None:
        with torch.no_grad():
            bad = ~torch.isfinite(x - project(x - g))
    else:
        bad = ~torch.isfinite(g)
    if bad.any():
        where = bad.flatten().nonzero().flatten().tolist()
        values = sorted({str(v) for v in g.flatten()[bad.flatten()].tolist()})
        raise ValueError(
            f"the gradient of fn at x0 is not finite ({' and '.join(values)} at flat index "
            f"{where[:5]}{'...' if len(where) > 5 else ''}) although fn(x0) = {fk:.6g} is: fn is "
            "not differentiable there (sqrt or log at 0, say); start from a point where fn and "
            "its gradient are finite"
        )
    return f, g


def _check_output(f: Any) -> None:
    if not isinstance(f, Tensor):
        raise TypeError(
            f"fn must return a scalar torch.Tensor computed from x, got {type(f).__name__}: {f!r}"
        )
    if f.numel() != 1:
        raise ValueError(f"fn must return a scalar, got a tensor of shape {tuple(f.shape)}")
    if f.is_complex() or not f.is_floating_point():
        raise TypeError(f"fn must return a real floating-point scalar, got dtype {f.dtype}")
    if not f.requires_grad:
        raise ValueError(
            "fn(x) is not differentiable with respect to x (its result has no gradient): "
            "compute it from x with torch operations, without .detach(), .item() or NumPy"
        )


# --- bounds: projected gradient descent ---------------------------------------------------


def _projection(bounds: Any, x: Tensor) -> Callable[[Tensor], Tensor] | None:
    if bounds is None:
        return None
    lower, upper = _bound_tensors(bounds, x)
    if (lower > upper).any():
        i = int((lower > upper).nonzero()[0])
        raise ValueError(f"bounds must have lower <= upper, got ({lower[i].item()}, {upper[i].item()}) at coordinate {i}")
    lower, upper = lower.reshape(x.shape), upper.reshape(x.shape)
    return lambda z: torch.clamp(z, lower, upper)


def _bound_tensors(bounds: Any, x: Tensor) -> tuple[Tensor, Tensor]:
    def side(values: Sequence[Any], fill: float) -> Tensor:
        return torch.tensor([fill if v is None else float(v) for v in values], dtype=x.dtype)

    n = x.numel()
    try:
        pairs = list(bounds)
        if len(pairs) == 2 and all(v is None or isinstance(v, (int, float)) for v in pairs):
            pairs = [tuple(pairs)] * n
        if len(pairs) != n or any(len(p) != 2 for p in pairs):
            raise ValueError
        lower = side([p[0] for p in pairs], -math.inf)
        upper = side([p[1] for p in pairs], math.inf)
    except (TypeError, ValueError):
        raise ValueError(
            f"bounds must be (lower, upper) or {n} (lower, upper) pairs, one per coordinate "
            f"(None for no bound), got {bounds!r}"
        ) from None
    if torch.isnan(lower).any() or torch.isnan(upper).any():
        raise ValueError(f"bounds must not contain NaN, got {bounds!r}")
    return lower, upper


def _stationarity(x: Tensor, g: Tensor, project: Callable[[Tensor], Tensor] | None) -> float:
    """The gradient norm, or for a box the projected-gradient norm ``||x - P(x - g)||``."""
    if project is None:
        return float(torch.linalg.vector_norm(g))
    with torch.no_grad():
        return float(torch.linalg.vector_norm(x - project(x - g)))


# --- Armijo backtracking ------------------------------------------------------------------


def _armijo(fn, x: Tensor, g: Tensor, fk: float, opt, project) -> tuple[Tensor | None, float, int]:
    """Backtrack along the optimizer's step until the Armijo condition holds.

    Every rule in descend moves by a step proportional to its learning rate, so one optimizer
    step at ``lr`` gives the direction and the trial points are ``x + s * Delta``. Returns the
    accepted loss (with its graph, so the caller's gradient needs no new evaluation), the
    accepted ``s`` and the number of evaluations; ``None`` when no trial was accepted.
    """
    x_old = x.detach().clone()
    _take_step(opt, x, g)
    with torch.no_grad():
        delta = x - x_old
    s = 1.0
    evals = 0
    for _ in range(_ARMIJO_MAX_TRIALS):
        with torch.no_grad():
            x_trial = x_old + s * delta
            x.copy_(project(x_trial) if project is not None else x_trial)
            step = (x - x_old).flatten()
            slope = float(torch.dot(g.flatten(), step))
        if not step.any():
            break  # the step has vanished in floating point: no trial is left to make
        f = fn(x)
        evals += 1
        fv = f.item()
        if math.isfinite(fv) and fv <= fk + _ARMIJO_C * min(slope, 0.0):
            return f, s, evals
        s *= _ARMIJO_SHRINK
    with torch.no_grad():
        x.copy_(x_old)
    return None, 0.0, evals
