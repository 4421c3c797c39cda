r"""The probe above the pilots' bracket: where the first round of :mod:`.pilots` is won by the
bracket's highest rate, the rule is a gradient-descent one (GD, SGD, heavy-ball or Nesterov
momentum) and the initial outputs are not saturated, the second finalist is a rate one of the
bracket's spacings above its top, trained from the initial state, and it is picked only if it
ends clearly ahead of the winner.

Why: for a GD-family rule the bracket's top is often the stable rate at the initial weights,
:math:`\eta_s = 2/\lambda_0` (:math:`(2 + 2\beta)/\lambda_0` with heavy-ball momentum,
:math:`\lambda_0` the top Hessian eigenvalue at the start), or the range test's minimum, which
its fast ramp reaches before a long run could use larger rates. :math:`\eta_s` bounds the
rates that are stable at the start, not the rates that train: above it, the loss first
rises, the sharpness falls below :math:`2/\eta` and the run then converges in a flatter
region (the catapult phase, Lewkowycz et al., 2020, "The large learning rate phase of deep
learning: the catapult mechanism": up to about :math:`4/\lambda_0` under the squared error, more
under the cross-entropy), and a run at its edge of stability settles there (Cohen et al., 2021).
A first round won by the bracket's top is therefore no evidence that the best rate lies
inside the bracket; the rate one spacing above, :math:`\eta_{n-1}^2/\eta_{n-2}`, is the
smallest step the bracket's own grid takes past it. At saturated outputs (:func:`.pilot_below.saturated`)
the readings place the bracket too high, not too low, and adaptive rules' stable rates read
the preconditioned curvature, where no catapult bound applies: neither gets the probe. The
rate below the winner, the finalist the round would otherwise keep, has just lost to it; the
probe costs the same steps, :math:`H - p`, and trains them from the start, so its lead must
be clear: more than ``tie`` of the winner's loss.
"""

from __future__ import annotations

import math

import torch

from ..optim.sgd import GD, SGD

__all__ = ["above_bracket", "gd_family", "winner_or_above"]


def gd_family(optimizer: torch.optim.Optimizer) -> bool:
    """Whether ``optimizer`` is a gradient-descent rule (descend's ``GD`` or ``SGD``, or torch's
    ``SGD``, with or without momentum), whose stable rate bounds its rates by the curvature
    alone.

    >>> w = torch.nn.Parameter(torch.zeros(1))
    >>> gd_family(SGD([w], lr=0.1, momentum=0.9)), gd_family(torch.optim.Adam([w], lr=0.1))
    (True, False)
    """
    return isinstance(optimizer, (GD, SGD, torch.optim.SGD))


def above_bracket(rates: list[float]) -> float:
    r"""The rate one of the bracket's spacings above its highest rate: :math:`\eta_{n-1}^2 /
    \eta_{n-2}` for the ascending, log-spaced ``rates``.

    >>> round(above_bracket([0.01, 0.1, 1.0]), 6)
    10.0
    """
    return rates[-1] * rates[-1] / rates[-2]


def winner_or_above(winner: tuple[float, float], above: tuple[float, float], tie: float) -> tuple[float, str]:
    r"""The pick between the first round's winner at the bracket's top and the probe above the
    bracket, each a ``(rate, pilot loss)``: the probe only if its loss is below the winner's by
    more than ``tie`` of it, :math:`\ell_a < \ell_w - \text{tie}\,|\ell_w|` (it lies outside the
    bracket the readings set, and trained ``p`` fewer steps), else the winner; and how it was
    picked.

    >>> winner_or_above((1.0, 0.5), (2.0, 0.3), 0.05)
    (2.0, 'the probe above the bracket, clearly ahead of the top rate')
    >>> winner_or_above((1.0, 0.5), (2.0, 0.49), 0.05)
    (1.0, "the bracket's top rate, the probe above it not clearly ahead")
    >>> winner_or_above((1.0, 0.5), (2.0, float("inf")), 0.05)  # the probe diverged
    (1.0, "the bracket's top rate, the probe above it not clearly ahead")
    """
    if not math.isfinite(winner[1]) or above[1] < winner[1] - tie * abs(winner[1]):
        return above[0], "the probe above the bracket, clearly ahead of the top rate"
    return winner[0], "the bracket's top rate, the probe above it not clearly ahead"
