r"""The probe above the pilots' bracket: where the first round of :mod:`.pilots` is won by the
bracket's top rate, the rule takes plain gradient steps (GD, SGD, momentum, Nesterov) and the
range test's ramp reached the end of its range without blowing up, the second finalist is a
rate above the bracket, trained from the initial state, and it is picked only if it ends
clearly ahead of the winner.

Why: for a plain-gradient rule the bracket's top is at least the stable rate of the initial
weights, :math:`\eta_s = 2/\lambda_{max}` (with momentum :math:`(2+2\beta)/\lambda_{max}`).
That is no bound on the rates a run can use: gradient descent above it does not diverge but
drives the sharpness down to its own threshold and keeps training (the edge of stability,
Cohen et al., 2021; the catapult phase, Lewkowycz et al., 2020), and on cross-entropy the
curvature falls as the margins grow. Where the first round is won by the top nonetheless, the
only reading that bounds the rate from above is the ramp's blow-up; when the ramp never blew
up, nothing the curve saw bounds it below the end of its range :math:`r_b`. On circles with
SGD the round was won by the top (1-2 :math:`\eta_s`) on every seed while the best rate of
the full runs was about 7 :math:`\eta_s` (bench ``lr_quality``, session 14d). The probe is the
bracket mirrored above its top, :math:`\eta_{n-1}^2/\eta_0`, at most :math:`r_b/3` (every rate
the ramp trained at lies below it, within a factor of 3 of the probe: as the bracket of a
plateau ends, :mod:`.pilots`). Adaptive rules are left out: their stable rate is read in a
preconditioned metric that moves as the run goes, and a top win there was as often a
transient of the short round (session 13d).
"""

from __future__ import annotations

import math

import torch

from ..instruments.thresholds import stability_rule

__all__ = ["above_bracket", "plain_gradient", "winner_or_above"]

_RAMP_MARGIN = 3.0  # the probe stays this factor below the range test's last rate


def plain_gradient(optimizer: torch.optim.Optimizer) -> bool:
    """Whether ``optimizer`` takes plain gradient steps (GD, SGD, heavy-ball or Nesterov
    momentum): its stability threshold is known and needs no preconditioner
    (:func:`descend.instruments.thresholds.stability_rule`).

    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> plain_gradient(torch.optim.SGD([w], lr=0.1, momentum=0.9)), plain_gradient(torch.optim.Adam([w]))
    (True, False)
    """
    rule = stability_rule(optimizer)
    return math.isfinite(rule.threshold) and not rule.preconditioned


def above_bracket(rates: list[float], last_rate: float) -> float | None:
    r"""The rate as far above the bracket's top as its lowest lies below it,
    :math:`\eta_{n-1}^2/\eta_0` for the ascending ``rates``, at most ``last_rate`` / 3 (the
    range test's last rate, which it trained at without blowing up); ``None`` where that cap
    is not above the top.

    >>> above_bracket([0.01, 0.1], 100.0)
    1.0000000000000002
    >>> round(above_bracket([0.1, 1.0], 10.0), 4)  # capped at 10 / 3
    3.3333
    >>> above_bracket([0.5, 4.0], 10.0) is None
    True
    """
    rate = min(rates[-1] * rates[-1] / rates[0], last_rate / _RAMP_MARGIN)
    return rate if rate > rates[-1] else None


def winner_or_above(winner: tuple[float, float], above: tuple[float, float], tie: float) -> tuple[float, str]:
    r"""The pick between the first round's winner at the bracket's top and the probe above
    the bracket, each a ``(rate, pilot loss)``: the probe only if its loss is below the
    winner's by more than ``tie`` of it, :math:`\ell_a < \ell_w - \text{tie}\,|\ell_w|` (it
    lies outside the bracket the readings set, and trained ``p`` fewer steps), else the winner;
    and how it was picked.

    >>> winner_or_above((0.7, 0.020), (3.3, 0.012), 0.05)
    (3.3, 'the probe above the bracket, clearly ahead of the top rate')
    >>> winner_or_above((0.7, 0.020), (3.3, 0.0195), 0.05)
    (0.7, "the bracket's top rate, the probe above it not clearly ahead")
    >>> winner_or_above((0.7, 0.020), (3.3, float("inf")), 0.05)  # the probe diverged
    (0.7, "the bracket's top rate, the probe above it not clearly ahead")
    """
    if not math.isfinite(winner[1]) or above[1] < winner[1] - tie * abs(winner[1]):
        return above[0], "the probe above the bracket, clearly ahead of the top rate"
    return winner[0], "the bracket's top rate, the probe above it not clearly ahead"
