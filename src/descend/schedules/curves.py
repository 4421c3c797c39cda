r"""Closed-form schedules: each learning rate a formula of the update count ``t``.

Each builder checks its arguments and returns a :class:`~descend.schedules.Schedule`; the
docstrings give the formula and the ``torch.optim.lr_scheduler`` (or scikit-learn, optax)
counterpart it matches. torch's ``OneCycleLR`` gives the same rates to the last bit; the
others (``StepLR``, ``MultiStepLR``, ``ExponentialLR``, ``CosineAnnealingLR``, ``LinearLR``)
compute each rate from the one before, so theirs and these closed forms differ by rounding
alone: a few units in the last place (1e-15 relative) over tens of updates, 4e-13 after
10,000 updates of a cosine.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from .._checks import flag
from .schedule import Schedule, count, increasing, one_of, picklable, real

__all__ = ["constant", "step_decay", "multistep_decay", "exponential_decay", "inverse_time", "cosine", "one_cycle"]


@picklable
def constant(lr: float) -> Schedule:
    r"""The same rate at every step: :math:`\eta_t = \eta_0`, ``lr >= 0``.

    >>> constant(0.1)(1000)
    0.1
    """
    lr = real("lr", lr, ge=0)
    return Schedule("constant", lambda t: lr, lr=lr)


@picklable
def step_decay(lr: float, step_size: int, gamma: float = 0.1) -> Schedule:
    r"""Decay by ``gamma`` every ``step_size`` steps, as ``torch.optim.lr_scheduler.StepLR``.

    :math:`\eta_t = \eta_0\,\gamma^{\lfloor t / s \rfloor}`; ``lr >= 0``, ``step_size >= 1``,
    ``gamma > 0`` (default 0.1).

    >>> [step_decay(1.0, step_size=2, gamma=0.5)(t) for t in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """
    lr, step_size = real("lr", lr, ge=0), count("step_size", step_size, 1)
    gamma = real("gamma", gamma, gt=0)
    return Schedule("step", lambda t: lr * gamma ** (t // step_size), lr=lr, step_size=step_size, gamma=gamma)


@picklable
def multistep_decay(lr: float, milestones: Sequence[int], gamma: float = 0.1) -> Schedule:
    r"""Decay by ``gamma`` at each milestone, as ``torch.optim.lr_scheduler.MultiStepLR``.

    :math:`\eta_t = \eta_0\,\gamma^{|\{m_i \le t\}|}`; ``milestones`` strictly increasing
    integers >= 1, ``gamma > 0`` (default 0.1).

    >>> [multistep_decay(1.0, milestones=[1, 3], gamma=0.5)(t) for t in range(4)]
    [1.0, 0.5, 0.5, 0.25]
    """
    lr, milestones = real("lr", lr, ge=0), increasing("milestones", milestones)
    gamma = real("gamma", gamma, gt=0)
    return Schedule(
        "multistep",
        lambda t: lr * gamma ** bisect.bisect_right(milestones, t),
        lr=lr,
        milestones=milestones,
        gamma=gamma,
    )


@picklable
def exponential_decay(lr: float, gamma: float) -> Schedule:
    r"""Multiply by ``gamma`` every step, as ``torch.optim.lr_scheduler.ExponentialLR``.

    :math:`\eta_t = \eta_0\,\gamma^t`; ``gamma > 0`` (above 1 it grows: an lr range test).

    >>> exponential_decay(1.0, gamma=0.5)(3)
    0.125
    """
    lr, gamma = real("lr", lr, ge=0), real("gamma", gamma, gt=0)
    return Schedule("exponential", lambda t: lr * gamma**t, lr=lr, gamma=gamma)


@picklable
def inverse_time(lr: float, power_t: float = 0.25) -> Schedule:
    r"""scikit-learn's ``learning_rate="invscaling"``: ``eta0 / pow(t, power_t)``.

    scikit-learn counts updates from 1, so :math:`\eta_t = \eta_0 / (t + 1)^{p}` for the
    0-based ``t`` here; ``power_t >= 0`` (default 0.25, ``SGDRegressor``'s; 0 is constant).

    >>> inverse_time(1.0, power_t=0.5)(3)
    0.5
    """
    lr, power_t = real("lr", lr, ge=0), real("power_t", power_t, ge=0)
    return Schedule("inverse_time", lambda t: lr / (t + 1) ** power_t, lr=lr, power_t=power_t)


@picklable
def cosine(lr: float, total_steps: int, final_lr: float = 0.0) -> Schedule:
    r"""Half a cosine from ``lr`` to ``final_lr`` over ``total_steps``, then ``final_lr``.

    :math:`\eta_t = \eta_{min} + \tfrac12(\eta_0 - \eta_{min})(1 + \cos(\pi \min(t, T) / T))`,
    ``torch.optim.lr_scheduler.CosineAnnealingLR`` with ``eta_min=final_lr`` up to ``T`` (torch
    then climbs back up; this holds ``final_lr``). ``total_steps >= 1``, ``final_lr >= 0``
    (default 0; optax's ``alpha`` is ``final_lr / lr``).

    >>> [cosine(1.0, total_steps=2, final_lr=0.5)(t) for t in range(4)]
    [1.0, 0.75, 0.5, 0.5]
    """
    lr, total_steps = real("lr", lr, ge=0), count("total_steps", total_steps, 1)
    final_lr = real("final_lr", final_lr, ge=0)

    def fn(t: int) -> float:
        x = min(t, total_steps) / total_steps
        return final_lr + (lr - final_lr) * (1 + math.cos(math.pi * x)) / 2

    return Schedule("cosine", fn, lr=lr, total_steps=total_steps, final_lr=final_lr)


@picklable
def one_cycle(
    max_lr: float,
    total_steps: int,
    pct_start: float = 0.3,
    anneal_strategy: str = "cos",
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
    three_phase: bool = False,
) -> Schedule:
    r"""The 1cycle policy, as ``torch.optim.lr_scheduler.OneCycleLR`` (its lr; no momentum).

    From :math:`\eta_{max}/d` up to :math:`\eta_{max}` by step :math:`pT - 1`, then down to
    :math:`\eta_{max}/(d\,d_f)` at step :math:`T - 1` (held after it). With ``three_phase`` it
    first comes back to :math:`\eta_{max}/d` by step :math:`2pT - 2`. Each phase anneals by
    ``"cos"`` (:math:`b + \tfrac12(a - b)(1 + \cos \pi x)`) or ``"linear"`` (:math:`a + (b - a)x`).
    ``max_lr > 0``, ``total_steps >= 1``, ``pct_start`` in (0, 1) (default 0.3),
    ``div_factor`` :math:`d > 0` (25), ``final_div_factor`` :math:`d_f > 0` (1e4).

    >>> s = one_cycle(1.0, total_steps=5, pct_start=0.4, anneal_strategy="linear", div_factor=10)
    >>> [round(s(t), 4) for t in range(6)]
    [0.1, 1.0, 0.6667, 0.3333, 0.0, 0.0]
    """
    max_lr, total_steps = real("max_lr", max_lr, gt=0), count("total_steps", total_steps, 1)
    pct_start = real("pct_start", pct_start, gt=0, lt=1)
    anneal_strategy = one_of("anneal_strategy", anneal_strategy, ("cos", "linear"))
    div_factor = real("div_factor", div_factor, gt=0)
    final_div_factor = real("final_div_factor", final_div_factor, gt=0)
    three_phase = flag("three_phase", three_phase)
    low = max_lr / div_factor
    up, last = float(pct_start * total_steps) - 1, total_steps - 1  # torch's phase ends, exactly
    phases = [
        (up, low, max_lr),
        (float(2 * pct_start * total_steps) - 2, max_lr, low),
        (last, low, low / final_div_factor),
    ]
    if not three_phase:
        phases = [phases[0], (last, max_lr, low / final_div_factor)]

    def fn(t: int) -> float:
        i = next((k for k, phase in enumerate(phases) if t <= phase[0]), len(phases) - 1)
        start = phases[i - 1][0] if i else 0.0
        end, a, b = phases[i]
        x = min((t - start) / (end - start), 1.0) if end > start else 1.0
        if anneal_strategy == "cos":
            return b + (a - b) / 2.0 * (math.cos(math.pi * x) + 1)
        return (b - a) * x + a

    return Schedule(
        "onecycle",
        fn,
        max_lr=max_lr,
        total_steps=total_steps,
        pct_start=pct_start,
        anneal_strategy=anneal_strategy,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
        three_phase=three_phase,
    )
