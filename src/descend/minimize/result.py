"""What :func:`~descend.minimize.minimize` hands back: the :class:`Result`, its per-iteration
:class:`Trace`, the :class:`Iterate` a callback sees, and the :class:`Recorder` that collects
them during a run."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import Tensor

from .._plural import counted
from ..training.findings import merged_change

__all__ = ["Result", "Trace", "Iterate", "STATUSES"]

#: Why a run stopped. The first three count as converged, but for ``"gtol"`` on a gradient that
#: is exactly 0 because ``fn`` is piecewise constant there (:mod:`descend.minimize.flat`);
#: ``"precision"`` (no progress left at the dtype's resolution) does when the gradient is at the
#: rounding level of ``fn``.
STATUSES = ("gtol", "ftol", "xtol", "max_iter", "diverged", "line_search", "callback", "precision")
CONVERGED = STATUSES[:3]
# The words a stop for a rate too large ends its detail with ("diverged", or "precision" for a
# run cycling among points it overshoots between), before the rate to try.
TOO_LARGE = "the learning rate is too large"

# The trajectory of x is kept only for problems this small (a point per iteration).
TRAJECTORY_MAX_NUMEL = 100


@dataclass(frozen=True)
class Iterate:
    """What a ``callback`` receives after every iteration (``x`` is a detached copy).

    >>> import descend as ds
    >>> seen = []
    >>> res = ds.minimize(ds.functions.booth, [0.0, 0.0], optimizer="gd", lr=0.05, callback=seen.append)
    >>> first = seen[0]  # x_1 = x_0 - lr * grad f(x_0)
    >>> first.nit, [round(v, 4) for v in first.x.tolist()], round(first.fun, 2), first.lr, len(seen) == res.nit
    (1, [1.7, 1.9], 2.34, 0.05, True)
    """

    nit: int
    x: Tensor
    fun: float
    grad_norm: float
    lr: float


@dataclass
class Trace:
    r"""Per-iteration record: row ``k`` is the point after ``k`` steps (row 0 is ``x0``).

    ``x`` is the trajectory, shape ``(nit + 1, *x0.shape)``, for problems of at most 100
    coordinates, else ``None``. ``lr`` is the step size used to leave each point (``nan`` on
    the last row, which was not left). ``plain_steps``: every step was ``-lr`` times the
    gradient (no momentum or adaptive scaling). ``instruments`` holds the instruments'
    readings at a few sampled iterations, in the rows of :attr:`descend.History.instruments`
    (``step`` = iterations done; the exact top Hessian eigenvalue of ``fn``, the optimizer's
    stability threshold, their ratio and α; no noise scale or batch size: ``nan``); see
    :mod:`descend.minimize.readings`. ``skipped_readings``: the iterations whose reading was due
    but not taken, its cost past the readings' share of the run's time (a large problem's cheap
    iterations; :mod:`descend.minimize.readings`). ``schedule``: the schedule object that set the rates
    (``minimize(..., schedule=cosine(...))``), whose rates its ``lr`` does not set; else ``None``.
    ``gtol``: the run's tolerance on the gradient norm (the doctor measures an unfinished run
    against it; ``nan`` where unknown). ``method``: the line-search method (``"lbfgs"``, ...),
    whose ``lr`` is the step its search found; ``None`` for gradient descent. ``dtype``: the dtype
    the run computed in (``"bfloat16"`` where ``x``, which NumPy holds in float32, cannot say it).
    ``averaged``: the optimizer is schedule-free, the record is of the points it took gradients at
    and the run returned their average (its rate needs no schedule).

    Plain gradient descent on :math:`f(x) = \tfrac12 x^\top A x` shrinks each coordinate by
    :math:`1 - \text{lr}\,\lambda_i` a step:

    >>> import descend as ds
    >>> quad = ds.functions.quadratic(10.0)  # eigenvalues 1 and 10, from x0 = (1, 1)
    >>> trace = ds.minimize(quad, quad.start, lr=0.1).history
    >>> trace.loss.shape, trace.x.shape, float(trace.lr[-1]), trace.plain_steps
    ((111,), (111, 2), nan, True)
    >>> trace.loss[:3].round(4).tolist()  # (1 + 10) / 2, then 0.9² / 2, 0.81² / 2
    [5.5, 0.405, 0.3281]
    """

    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    x: np.ndarray | None
    plain_steps: bool = True
    instruments: list[dict[str, Any]] = field(default_factory=list)
    schedule: Any = None
    gtol: float = math.nan
    method: str | None = None
    skipped_readings: list[int] = field(default_factory=list)
    dtype: str | None = None
    averaged: bool = False

    def __repr__(self) -> str:
        """One line (the dataclass's printed every row of every array).

        >>> Trace(np.array([4.0, 1.0]), np.array([2.0, 1.0]), np.array([0.1, np.nan]), np.zeros((2, 2)))
        Trace(2 points of 2 coordinates, loss 4 -> 1; loss, grad_norm, lr, x, instruments (0 readings))
        """
        where = f" of {counted(int(np.prod(self.x.shape[1:])), 'coordinate')}" if self.x is not None else ""
        fell = f", loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}" if len(self.loss) else ""
        fields = "loss, grad_norm, lr, " + ("x, " if self.x is not None else "")
        skipped = f", {len(self.skipped_readings)} skipped for time" if self.skipped_readings else ""
        return (
            f"Trace({counted(len(self.loss), 'point')}{where}{fell}; {fields}"
            f"instruments ({counted(len(self.instruments), 'reading')}{skipped}))"
        )


@dataclass
class Result:
    """The outcome of :func:`~descend.minimize.minimize`, in the spirit of
    ``scipy.optimize.OptimizeResult``.

    ``x`` and ``fun`` are the final point and its value (the last finite point when the run
    diverged; ``x`` is a dict, list or tuple of tensors where ``x0`` was); ``status`` is one of :data:`STATUSES` and ``message`` says the same in words,
    with numbers; for a schedule-free optimizer, ``x`` is its average of the iterates
    (``opt.eval()``), and ``fun`` and ``grad_norm`` are measured there, the message giving both
    points' figures. ``diagnoses`` holds the convergence doctor's findings. ``nfev`` counts the
    evaluations of ``fn`` (each with its gradient) that the descent took, and the one at a
    schedule-free average; ``fn`` is called a
    few times besides, uncounted: once per instruments' reading (:mod:`descend.minimize.readings`,
    at most 8) and by ``lr="auto"``'s measurement (for Lion, runs of ``max_iter/4`` steps:
    about 1.5 to 2 times ``max_iter`` calls).

    >>> import descend as ds
    >>> quad = ds.functions.quadratic(10.0)
    >>> res = ds.minimize(quad, quad.start, lr=0.1)
    >>> res.status, res.success, res.nit, res.nfev, res.fun < 1e-10
    ('gtol', True, 110, 111, True)
    >>> res.message
    'converged after 110 iterations: gradient norm 9.26e-06 <= gtol=1e-05'
    >>> [d.kind for d in res.diagnoses]
    ['converged']
    """

    x: Any  # a Tensor, or the parts x0 came in
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

    def advice(self) -> dict[str, Any]:
        """The settings of :func:`~descend.minimize.minimize` that address the doctor's
        findings (each one's ``change``, merged as :meth:`descend.History.advice` does);
        ``ds.minimize(fn, x0, **{**settings, **res.advice()})`` applies them over the
        ``settings`` it ran with (the advice replaces what it names).

        >>> import descend as ds
        >>> quad = ds.functions.quadratic(10.0)
        >>> ds.minimize(quad, quad.start, lr=0.5).advice()  # λ_max = 10: lr·λ_max/2 = 2.5 -> 0.5
        {'lr': 0.1}
        """
        return merged_change(self.diagnoses)

    def __repr__(self) -> str:
        x = _shown(self.x) if isinstance(self.x, Tensor) else _parts_shown(self.x)
        rows = {
            "converged": self.converged,
            "status": self.status,
            "message": self.message,
            "x": x,
            "fun": self.fun,
            "grad_norm": self.grad_norm,
            "nit": self.nit,
            "nfev": self.nfev,
            "diagnoses": self.diagnoses,
        }
        width = max(map(len, rows))
        return "\n".join(f"{k:>{width}}: {v}" for k, v in rows.items())


class Recorder:
    """Collects the per-iteration record of a run and turns it into a :class:`Result`."""

    def __init__(
        self,
        x: Tensor,
        plain_steps: bool,
        gtol: float,
        schedule: Any = None,
        method: str | None = None,
        averaged: bool = False,
    ) -> None:
        self.plain_steps, self.schedule, self.gtol, self.method = plain_steps, schedule, gtol, method
        self.averaged = averaged
        self.loss: list[float] = []
        self.grad_norm: list[float] = []
        self.lr: list[float] = []
        self.xs: list[Tensor] | None = [] if x.numel() <= TRAJECTORY_MAX_NUMEL else None
        self.shape = x.shape

    def record(self, x: Tensor, fk: float, gnorm: float) -> None:
        self.loss.append(fk)
        self.grad_norm.append(gnorm)
        if self.xs is not None:
            self.xs.append(x.detach().clone())

    def result(
        self,
        x: Tensor,
        nit: int,
        nfev: int,
        status: str,
        detail: str,
        readings: list[dict[str, Any]],
        converged: bool | None = None,
        skipped_readings: list[int] | None = None,
    ) -> Result:
        """The :class:`Result`; ``converged`` overrides the status's own verdict (a
        ``"precision"`` stop decides it from the gradient)."""
        converged = status in CONVERGED if converged is None else converged
        last = len(self.loss) - 1
        if status == "diverged":
            # Report the last point where the loss was finite, not the blown-up one.
            last = max(i for i, v in enumerate(self.loss) if math.isfinite(v))
        trajectory = _as_numpy(torch.stack(self.xs)) if self.xs is not None else None
        x_final = self.xs[last].clone() if self.xs is not None and status == "diverged" else x.detach().clone()
        verb = "converged" if converged else "stopped"
        message = f"{verb} after {counted(nit, 'iteration')}: {detail}"
        trace = Trace(
            loss=np.asarray(self.loss),
            grad_norm=np.asarray(self.grad_norm),
            lr=np.asarray(self.lr + [math.nan]),
            x=trajectory,
            plain_steps=self.plain_steps,
            instruments=readings,
            schedule=self.schedule,
            gtol=self.gtol,
            method=self.method,
            skipped_readings=list(skipped_readings or []),
            dtype=str(x.dtype).removeprefix("torch."),
            averaged=self.averaged,
        )
        return Result(
            x=x_final,
            fun=self.loss[last],
            grad_norm=self.grad_norm[last],
            nit=nit,
            nfev=nfev,
            converged=converged,
            status=status,
            message=message,
            history=trace,
        )


def _shown(x: Tensor) -> Any:
    """``x`` in a printed result: its values, or for more than 6 its shape."""
    return x.tolist() if x.numel() <= 6 else f"tensor of shape {tuple(x.shape)}"


def _parts_shown(parts: Any) -> Any:
    """A result's ``x`` in parts, each part as :func:`_shown`.

    >>> _parts_shown({"w": torch.zeros(2), "b": torch.zeros(7)})
    {'w': [0.0, 0.0], 'b': 'tensor of shape (7,)'}
    """
    if isinstance(parts, dict):
        return {key: _shown(value) for key, value in parts.items()}
    return [_shown(value) for value in parts]


def _as_numpy(t: Tensor) -> np.ndarray:
    """``t`` as a NumPy array; bfloat16, which NumPy lacks, as float32 (which holds every
    bfloat16 value exactly).

    >>> _as_numpy(torch.tensor([1.5], dtype=torch.bfloat16))
    array([1.5], dtype=float32)
    """
    t = t.detach().cpu()
    return (t.float() if t.dtype == torch.bfloat16 else t).numpy()
