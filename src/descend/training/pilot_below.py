r"""The probe below the pilots' bracket: where the first round of :mod:`.pilots` is won by the
bracket's lowest rate and the initial outputs are saturated, or the bracket lies wholly above the
stable rate at the initial weights (:func:`above_stable`), or that bracket's round is won higher up
but none of its pilots beats the constant prediction (:func:`none_beat_constant`), the second
finalist is a rate as far below the bracket's lowest rate as its top lies above it, trained from
the initial state, and it is picked only if it ends clearly ahead of the winner; where neither of the two
ends below the constant prediction and the probe still falls at its end, the pick is one bracket step
above the probe (:func:`step_above_probe`), no lower than the bracket's own floor (:func:`stable_floor`),
except on saturated outputs (:func:`saturated`).

Why: pilots shorter than the run favour large rates (the short-horizon bias), so a first
round won by the bracket's lowest rate is evidence that the best rate lies at or below the
bracket, which the readings it was built from (the range test's steepest point, the stable
rate) placed too high. On saturated logits (raw, uncentred inputs) the range test's steepest
point marks the fall from saturation to chance, not learning, and the bracket built on it can
lie 30-100x above the best rate (bench ``lr_quality``, session 14b). The rate above the winner,
the finalist the round would otherwise keep, has just lost to it. How far below the best rate
lies, the round cannot say; the bracket's span is how far apart the readings that placed it
were, so the probe tries the bracket mirrored below its lowest rate.
"""

from __future__ import annotations

import math
from typing import Any

import torch

__all__ = [
    "above_stable",
    "below_bracket",
    "best_constant",
    "constant_loss",
    "none_beat_constant",
    "saturated",
    "stable_floor",
    "still_falling",
    "step_above_probe",
    "winner_or_below",
]

_SATURATED = 0.5  # outputs that keep less than this share of the loss's curvature are saturated


def saturated(curvature_ratio: float) -> bool:
    r"""Whether the initial outputs are saturated: they keep less than half of the loss's
    curvature in the outputs, :math:`c < 1/2` (:func:`descend.lr_find.output_curvature_ratio`:
    1 for mean squared error, 0.92-0.996 on standardised cross-entropy tasks, below 0.1 at the
    saturated logits of raw, uncentred inputs). Only there is the range test's steepest point
    the fall from saturation to chance, and a bottom win the sign of a bracket placed too high;
    elsewhere (mean squared error on raw scales, session 14b's first test: linear regression on
    friedman2 with Adam, 1.06 -> 1.20) a bottom win was within the runs' noise.

    >>> saturated(0.002), saturated(0.96), saturated(1.0)
    (True, False, False)
    """
    return curvature_ratio < _SATURATED


def above_stable(lowest: float, stable: float | None, last: float) -> bool:
    r"""Whether the bracket lies wholly above the stable rate at the initial weights: its lowest
    rate :math:`\eta_0 > \min(\eta_s, r_{last})`, with :math:`\eta_s` the rate at which the
    rule's update is stable along the top direction of the Hessian (in the preconditioned metric
    for an adaptive rule: :func:`descend.lr_find.stable_lr`) and :math:`r_{last}` the last rate
    the range test trained at (the bracket caps :math:`\eta_s` there). ``False`` without a
    reading (``None``, not finite or not positive).

    Why: the bracket spans :math:`[\max(\eta_d/3,\ c\,\eta_s/64),\ \max(\eta_m, \eta_s)]`
    (:func:`descend.training.pilots._bracket`), so its bottom lies above :math:`\eta_s` only when
    the range test's steepest rate does, :math:`\eta_d > 3\eta_s`: the curve and the curvature
    disagree by more than the bracket's own margin, and every rate in it is unstable along the
    top direction at the start. On raw inputs with an adaptive rule (Adam moves every weight by
    about its rate per step) the ramp can fall fastest late, at a transient (bench
    ``lr_quality``, session 20: MLP regressions of battery capacity with RMSprop, wind turbine
    power and friedman3 with Adam, all on raw scales: on 6 of 25 seeds the steepest rate lay at
    0.08-1.1, 100-1000x above the other seeds', the bracket's bottom 1.7-7x above
    :math:`\eta_s` and 17-80x above the best grid rate, and every pilot of the first round ended
    above the constant prediction's loss, the lower the rate the lower the loss; session 21: the
    same on raw bakery sales and tire wear with RMSprop, brackets starting at 0.01-0.04 against
    a best rate of 3e-4). A first round
    won by such a bracket's lowest rate, against the short-horizon bias, is then the same
    evidence as on saturated outputs (:func:`saturated`) that the best rate lies below it.

    >>> above_stable(0.03, 0.005, 10.0), above_stable(0.003, 0.005, 10.0), above_stable(0.03, None, 10.0)
    (True, False, False)
    >>> above_stable(0.03, 50.0, 0.02)  # the reading is capped at the ramp's last rate
    True
    """
    if stable is None or not (math.isfinite(stable) and stable > 0):
        return False
    return lowest > min(stable, last)


def constant_loss(module: torch.nn.Module, probe: tuple[Any, Any], loss_fn: Any) -> float | None:
    r"""The loss on the probe batch of the best constant prediction: the output :math:`c` (one
    value per output unit, the same for every example) that minimises ``loss_fn`` on the probe's
    targets, found by L-BFGS from the module's mean output (the loss is convex in :math:`c` for
    mean squared error, cross-entropy, binary cross-entropy, Huber and absolute error). For mean
    squared error :math:`c` is the targets' mean and the loss their variance; for cross-entropy
    :math:`c` is the log class frequencies and the loss their entropy. ``None`` where the
    module's output is not a floating-point tensor with a batch dimension, or the loss is not
    finite. The module's parameters and mode are left as they were.

    >>> y = torch.tensor([0.0, 2.0, 4.0, 6.0])
    >>> mse = lambda out, t: ((out[:, 0] - t) ** 2).mean()
    >>> round(constant_loss(torch.nn.Linear(1, 1), (torch.ones(4, 1), y), mse), 4)  # the variance
    5.0
    >>> labels = torch.tensor([0, 1, 1, 1])
    >>> ce = torch.nn.functional.cross_entropy
    >>> round(constant_loss(torch.nn.Linear(2, 3), (torch.ones(4, 2), labels), ce), 4)  # -(1/4 ln 1/4 + 3/4 ln 3/4)
    0.5623
    """
    modes = [(m, m.training) for m in module.modules()]  # each submodule's own (a frozen norm stays in eval)
    module.eval()
    try:
        with torch.no_grad():
            out = module(probe[0])
    finally:
        for m, training in modes:
            m.training = training
    if not isinstance(out, torch.Tensor) or out.ndim == 0 or not out.is_floating_point():
        return None
    c = best_constant(out, probe[1], loss_fn)
    with torch.no_grad():
        value = float(loss_fn(c.expand_as(out), probe[1]))
    return value if math.isfinite(value) else None


def best_constant(out: torch.Tensor, targets: Any, loss_fn: Any) -> torch.Tensor:
    r"""The constant output :math:`c` (one value per output unit, of ``out``'s shape less its
    batch dimension) that minimises ``loss_fn(c, targets)`` over the batch, by L-BFGS from
    ``out``'s mean (see :func:`constant_loss`).

    >>> mse = lambda out, t: ((out[:, 0] - t) ** 2).mean()
    >>> round(float(best_constant(torch.zeros(4, 1), torch.tensor([0.0, 2.0, 4.0, 6.0]), mse)[0]), 4)  # the mean
    3.0
    """
    c = out.detach().mean(0).clone().requires_grad_(True)
    solver = torch.optim.LBFGS([c], lr=1.0, max_iter=200, tolerance_grad=1e-12, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        solver.zero_grad()
        value = loss_fn(c.expand_as(out), targets)
        value.backward()
        return value

    with torch.enable_grad():
        solver.step(closure)
    return c.detach()


def none_beat_constant(first: list[float], constant: float | None) -> bool:
    r"""Whether no pilot of the first round ended below the constant prediction's loss on the
    probe batch (:func:`constant_loss`), :math:`\min_i \ell_i \ge \ell_c` (``False`` without a
    finite :math:`\ell_c`).

    Why: over a bracket wholly above the stable rate (:func:`above_stable`) the round's winner
    need not be its lowest rate (a rate that oscillates can end a short round below one that
    creeps), but a round none of whose pilots, after a tenth to a third of the budget, predicts
    better than the mean of the targets (for cross-entropy: the class frequencies) has no rate in
    the bracket that learns: every one is too large, the evidence a bottom win gives
    (:func:`above_stable`: every pilot of the first round ended above the constant prediction's
    loss, the lower the rate the lower the loss). The second finalist is then the probe below the
    bracket, as it is for a bottom win (bench ``lr_quality``, session 21: MLP regression of raw
    sawmill throughput with RMSprop at batch 16, on one seed a bracket from 0.032, 100x above the
    best grid rate, won by its second rate at 3.1 against the constant's 1). The initial state's
    loss is no such bar: on raw inputs the initial outputs lie far from the targets, and every
    pilot beats it (session 21: no pick moved).

    >>> none_beat_constant([3.1, 9.3, 98.0], 1.0), none_beat_constant([0.9, 6.6], 1.0), none_beat_constant([3.1], None)
    (True, False, False)
    """
    if constant is None or not math.isfinite(constant):
        return False
    return not min(first) < constant


def below_bracket(rates: list[float]) -> float:
    r"""The rate as far below the bracket's lowest rate as its highest lies above it:
    :math:`\eta_0^2 / \eta_{n-1}` for the ascending ``rates``.

    >>> below_bracket([0.01, 0.1, 1.0])
    0.0001
    """
    return rates[0] * rates[0] / rates[-1]


def stable_floor(found: Any, span: float) -> float:
    r"""The lowest rate the bracket keeps, :math:`c\,\min(\eta_s, r_{last}) / \text{span}`
    (:func:`descend.training.pilots._bracket`, with ``span`` its ``_STABLE_SPAN``), read from the range
    test's result ``found``: ``stable_lr``, ``curvature_ratio`` and its last rate; 0 without a stable rate
    (``None``, not finite or not positive).

    >>> from types import SimpleNamespace as Found
    >>> stable_floor(Found(stable_lr=0.0064, curvature_ratio=1.0, lrs=[1e-7, 10.0]), 64.0)
    0.0001
    >>> stable_floor(Found(stable_lr=50.0, curvature_ratio=0.5, lrs=[1e-7, 0.64]), 64.0)  # capped at the last rate
    0.005
    >>> stable_floor(Found(stable_lr=None, curvature_ratio=1.0, lrs=[1e-7, 10.0]), 64.0)
    0.0
    """
    stable = found.stable_lr
    if stable is None or not (math.isfinite(stable) and stable > 0):
        return 0.0
    return found.curvature_ratio * min(stable, found.lrs[-1]) / span


def winner_or_below(winner: tuple[float, float], below: tuple[float, float], tie: float) -> tuple[float, str]:
    r"""The pick between the first round's winner at the bracket's bottom and the probe below
    the bracket, each a ``(rate, pilot loss)``: the probe only if its loss is below the winner's
    by more than ``tie`` of it, :math:`\ell_b < \ell_w - \text{tie}\,|\ell_w|` (it lies outside
    the bracket the readings set, and trained ``p`` fewer steps; on a plateau where both sit at
    chance a tie must keep the bracket's rate), else the winner; and how it was picked.

    >>> winner_or_below((0.01, 2.0), (1e-4, 0.5), 0.05)
    (0.0001, 'the probe below the bracket, clearly ahead of the bottom rate')
    >>> winner_or_below((0.01, 0.693), (1e-4, 0.680), 0.05)
    (0.01, "the bracket's bottom rate, the probe below it not clearly ahead")
    >>> winner_or_below((0.01, float("inf")), (1e-4, 0.5), 0.05)  # the winner diverged later
    (0.0001, 'the probe below the bracket, clearly ahead of the bottom rate')
    """
    if not math.isfinite(winner[1]) or below[1] < winner[1] - tie * abs(winner[1]):
        return below[0], "the probe below the bracket, clearly ahead of the bottom rate"
    return winner[0], "the bracket's bottom rate, the probe below it not clearly ahead"


def still_falling(tail: list[float], tie: float) -> bool:
    r"""Whether a pilot's loss over the last part of its run still falls: the mean of the first half of its
    tail (the probe losses that :func:`~descend.training.pilot_run.pilot_loss` averages) lies above the mean of
    the second half by more than ``tie`` of the latter, :math:`\bar\ell_1 - \bar\ell_2 > \text{tie}\,|\bar\ell_2|`.
    ``False`` for a tail of fewer than two losses.

    >>> still_falling([9.0, 8.0, 7.0, 6.0], 0.05), still_falling([1.0, 1.02, 0.99, 1.01], 0.05)
    (True, False)
    """
    if len(tail) < 2:
        return False
    half = len(tail) // 2
    first, second = sum(tail[:half]) / half, sum(tail[half:]) / (len(tail) - half)
    return first - second > tie * abs(second)


def step_above_probe(rates: list[float], probe: float, floor: float = 0.0) -> float:
    r"""The rate one step of the bracket above the probe below it: :math:`\eta_b\,\eta_1/\eta_0` for the
    ascending, log-spaced ``rates`` (the second rate of the bracket mirrored below its lowest), but no lower
    than ``floor`` where that lies below the bracket (:func:`stable_floor`: the lowest rate the bracket keeps).

    Where neither finalist of the probe branch ended below the constant prediction's loss
    (:func:`none_beat_constant` over the winner's and the probe's full readings) and the probe's loss still
    falls at its end (:func:`still_falling`), the pick is this rate: the winner's rate lies above every rate
    that learns, the probe's is too low for the budget, and the bracket's spacing is the resolution at which
    the readings placed the rates (bench ``lr_quality``, session 22: MLP regressions of raw organ pipe pitch
    and bell tone with RMSprop, brackets from 0.01-0.05, probes at 2e-5 to 2e-4 still falling at 16-75x the
    constant's loss, best grid rate 3e-4, about one bracket step above the probe). Not on saturated outputs
    (:func:`saturated`), where a probe creeps down the softmax plateau at almost any rate (session 22: raw
    softmax under momentum and Adagrad, copper grade 1.14 -> 2.20 with the step, coffee beans 0.71 -> 1.51).

    Why the floor: the probe mirrors the bracket's span below its bottom, and where the bracket's top rests
    on the range test's end (a curve still falling there) that span measures the sweep, not a reading; the
    mirror then reaches two to three decades below the bottom, and the step above it can stay beneath the
    rates the bracket itself refuses (far below :math:`c\,\eta_s/64` every direction contracts slower than
    the stiffest one could). The pick is then the floor (session 23: raw rope fatigue under RMSprop, a
    bracket spanning 960x from 0.01, the step at 4e-5 gave 15x the grid's best, the floor 1.3e-4 1.8x; raw
    organ pipe pitch, 6.0x and 3.1x on two seeds).

    >>> round(step_above_probe([0.01, 0.1, 1.0], 1e-4), 6)
    0.001
    >>> step_above_probe([0.01, 0.1, 1.0], 1e-4, floor=0.002), round(step_above_probe([0.01, 0.1, 1.0], 1e-4, floor=0.01), 6)
    (0.002, 0.001)
    """
    step = probe * rates[1] / rates[0]
    return floor if step < floor < rates[0] else step
