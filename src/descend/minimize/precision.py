r"""A run that can no longer make progress at its dtype's resolution: the point and the loss
repeat (the step rounds away, or the iterates cycle among a few neighbouring floats) and the
best loss does not improve. Such a run stops with the status ``"precision"``; it counts as
converged when the gradient is at the rounding level of ``fn``, by the scaled gradient of
Dennis & Schnabel (1983, *Numerical Methods for Unconstrained Optimization*, §7.2):

.. math::
    \max_i \frac{|g_i| \max(|x_i|, 1)}{\max(|f|, 1)} \le \varepsilon^{1/3},

with :math:`\varepsilon` the machine epsilon of ``x``'s dtype (their default gradient
tolerance: about 5e-3 in float32, 6e-6 in float64).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
from torch import Tensor

from .. import optim
from .._plural import counted
from .decay import decay_words
from .result import TOO_LARGE
from .step_floor import at_floor, floor_words

__all__: list[str] = []

# The words of a stop whose steps round away (a rate too small for the dtype, not too large).
ROUNDED = "the steps are too small to move x in"
LARGER = ", or try a larger lr"  # how such a stop's message ends
WINDOW = 64  # a cycle of the iterates at most this long is recognised
REPEATS = 20  # iterations in a row that revisit a point before the run stops


class Stall:
    """Counts the iterations in a row that revisit a recent point with its loss and without a
    better loss than the best so far. ``xs`` is the run's trajectory (``None`` for large
    problems, where the loss alone is compared).

    A point that a step left and came back to (more than one iteration before) is a cycle only
    if the optimizer's ``state`` (a function giving its per-coordinate buffers,
    :func:`optimizer_state`) came back too: Lion's momentum can bring ``x`` back to an earlier
    point, its power-of-two rates landing exactly on it, and then carry it on elsewhere (Lion
    on Rosenbrock stopped at iteration 32 with f = 6.4, where its plain loop reaches 0.16). The
    state is copied only at such a return, and compared with its copy at the earlier return,
    so a true cycle of ``p`` iterations is counted from its ``p``-th return on. A point the
    step did not leave (the step rounds away) is a stall whatever the state. A state that
    only relaxes toward its own cycle (Lion's momentum, an average of the cycle's gradients,
    which never repeats exactly) counts where ``holds`` (:func:`cycle_holds`) says that the
    steps it gives at its limit are the ones it gives now."""

    def __init__(
        self,
        state: Callable[[], list[Tensor]] | None = None,
        holds: Callable[[list[Tensor], list[Tensor], int], bool] | None = None,
    ) -> None:
        self.seen: dict[float, int] = {}  # loss -> the last iteration it was seen at
        self.state, self.holds = state, holds
        # iteration -> the loss, the optimizer's state and the period of a return
        self.states: dict[int, tuple[float, list[Tensor], int]] = {}
        self.repeats = 0
        self.period = 0
        self.jump = math.nan  # the largest coordinate change of the last revisiting step

    def stalled(self, nit: int, fk: float, f_best: float, x: Tensor, xs: list[Tensor] | None, lr_rose: bool) -> bool:
        """Whether the point after ``nit`` steps (loss ``fk``) ends :data:`REPEATS` revisits in
        a row; a rising learning rate (a warm-up) may move the run again and resets the count."""
        j = self.seen.get(fk)
        revisit = (
            j is not None
            and nit - j <= WINDOW
            and fk >= f_best
            and not lr_rose
            and (xs is None or torch.equal(xs[j], xs[nit]))
        )
        if revisit and self.state is not None:
            revisit = nit - j == 1 or self._state_returned(nit, fk, xs, nit - j)
        if revisit:
            self.repeats += 1
            self.period = nit - j
            self.jump = math.nan if xs is None else float((xs[nit] - xs[nit - 1]).abs().max())
        else:
            self.repeats = 0
        self.seen[fk] = nit
        if len(self.seen) > 4 * WINDOW:
            self.seen = {k: i for k, i in self.seen.items() if nit - i <= WINDOW}
            self.states = {i: s for i, s in self.states.items() if nit - i <= WINDOW}
        return self.repeats >= REPEATS

    def _state_returned(self, nit: int, fk: float, xs: list[Tensor] | None, period: int) -> bool:
        """Whether the optimizer's state after ``nit`` steps (at a point of loss ``fk`` seen
        ``period`` iterations before) equals its state at an earlier return to that point (a
        stateless rule's always does), or relaxes toward a cycle of the same steps from its
        state one period before; the state is kept for later returns."""
        now = [t.detach().clone() for t in self.state()]
        if not now:
            return True
        self.states[nit] = (fk, now, period)
        for i, (f, state, p) in self.states.items():
            if i >= nit or f != fk or not (xs is None or torch.equal(xs[i], xs[nit])):
                continue
            if all(torch.equal(a, b) for a, b in zip(state, now, strict=True)):
                return True
            if self.holds is not None and p == nit - i and self.holds(state, now, nit - i):
                return True
        return False


def optimizer_state(opt: torch.optim.Optimizer) -> list[Tensor]:
    """The tensors of ``opt``'s state shaped as its parameters (momentum, moment estimates,
    Rprop's step sizes): what its next steps depend on besides ``x``; step counters, whose
    effect (bias correction) fades, are left out, or no state would ever return."""
    return [
        v
        for p, state in opt.state.items()
        for k, v in state.items()
        if k != "step" and isinstance(v, Tensor) and v.shape == p.shape
    ]


def cycle_holds(
    opt: torch.optim.Optimizer, gradient: Callable[[], Tensor]
) -> Callable[[list[Tensor], list[Tensor], int], bool] | None:
    r"""For Lion, whether a run back at a point with the momentum ``now``, where it was ``p``
    iterations before with ``before``, takes the same step there for ever (``gradient``: the
    gradient at the point); ``None`` for the other rules. Over a cycle of period ``p`` the
    gradients repeat, and :math:`m \leftarrow \beta_2 m + (1-\beta_2) g` makes
    :math:`m_{t+p} = \beta_2^p m_t + C`: the momentum relaxes geometrically to
    :math:`m^* = (m_{t+p} - \beta_2^p m_t)/(1 - \beta_2^p)`, each coordinate monotonically,
    so the step's sign, :math:`\mathrm{sign}(\beta_1 m + (1-\beta_1) g)`, affine in the
    relaxing part, keeps its value on the way exactly when it has it at :math:`m^*`. Where it
    does not, the run leaves the cycle (Lion on Rosenbrock from (-1.5, 2) at lr="auto" came
    back to the same two points for 20 iterations, then went on to f = 0.16)."""
    if not isinstance(opt, optim.Lion) or len(opt.param_groups) != 1:
        return None
    beta1, beta2 = opt.param_groups[0]["betas"]

    def holds(before: list[Tensor], now: list[Tensor], p: int) -> bool:
        g, fade = gradient(), beta2**p
        if fade >= 1:
            return False
        return all(
            torch.equal(
                torch.lerp(m, g, 1 - beta1).sign(), torch.lerp((m - fade * b) / (1 - fade), g, 1 - beta1).sign()
            )
            for b, m in zip(before, now, strict=True)
        )

    return holds


def scaled_gradient(x: Tensor, g: Tensor, fk: float, project: Callable[[Tensor], Tensor] | None) -> float:
    r""":math:`\max_i |g_i| \max(|x_i|, 1) / \max(|f|, 1)` (the projected gradient
    :math:`x - P(x - g)` within bounds)."""
    with torch.no_grad():
        step = g if project is None else x - project(x - g)
        return float((step.abs() * x.abs().clamp(min=1.0)).max()) / max(abs(fk), 1.0)


def rounding_tolerance(dtype: torch.dtype) -> float:
    r""":math:`\varepsilon^{1/3}` for ``dtype``.

    >>> round(rounding_tolerance(torch.float32), 5), round(rounding_tolerance(torch.float64), 8)
    (0.00492, 6.06e-06)
    """
    return torch.finfo(dtype).eps ** (1 / 3)


def rounding_level(
    x: Tensor, g: Tensor, fk: float, project: Callable[[Tensor], Tensor] | None = None
) -> tuple[bool, str]:
    """Whether the gradient ``g`` at ``x`` (value ``fk``) is at the rounding level of ``fn``,
    and the evidence in words."""
    scaled, tol = scaled_gradient(x, g, fk, project), rounding_tolerance(x.dtype)
    if scaled <= tol:
        return (
            True,
            f"the gradient is at the rounding level of fn (scaled gradient {scaled:.3g} <= eps^(1/3) = {tol:.3g})",
        )
    return (
        False,
        f"the gradient is above the rounding level of fn (scaled gradient {scaled:.3g} > eps^(1/3) = {tol:.3g})",
    )


def precision_stop(
    x: Tensor,
    g: Tensor,
    fk: float,
    project: Callable[[Tensor], Tensor] | None,
    stall: Stall,
    decay: tuple[str, float] | None = None,
    sizes: tuple[float, float] | None = None,
) -> tuple[bool, str]:
    """Whether a stalled run counts as converged, and why it stopped, in words (``decay``: the
    optimizer's setting that pulls ``x`` toward 0, :func:`~descend.minimize.decay.decay_setting`;
    ``sizes``: its smallest and largest steps, :func:`~descend.minimize.step_floor.step_floor`)."""
    dtype = str(x.dtype).removeprefix("torch.")
    converged, level = rounding_level(x, g, fk, project)
    seen = (
        f"no further progress at {dtype} resolution: the point and its loss f = {fk:.6g} repeat "
        f"without a lower loss ({stall.repeats} iterations in a row returned to the point of "
        f"{counted(stall.period, 'iteration')} before)"
    )
    if converged:
        return True, f"{seen}, and {level}"
    # Rounding moves x by a few ulps; a step of more than sqrt(eps) of its size went somewhere
    # and came back: the iterates cycle among points the steps overshoot between.
    if stall.jump > math.sqrt(torch.finfo(x.dtype).eps) * max(float(x.detach().abs().max()), 1.0):
        cause = (
            floor_words(sizes)
            if sizes is not None and at_floor(stall.jump, sizes)
            else f"each step overshoots; {TOO_LARGE}"
        )
        return False, (
            f"no further progress: the iterates cycle, returning to the point of "
            f"{counted(stall.period, 'iteration')} before with f = {fk:.6g} ({stall.repeats} iterations in a row) "
            f"with steps of {stall.jump:.3g}, and {level}: {cause}"
        )
    if decay is not None:  # at rest where the pull balances the gradient: no rounding to blame
        return False, f"{seen}, but {level}: {decay_words(decay)}"
    hint = "start from a float64 x0" if x.dtype != torch.float64 else "rescale fn or x"
    return False, f"{seen}, but {level}: {ROUNDED} {dtype}; {hint}{LARGER}"
