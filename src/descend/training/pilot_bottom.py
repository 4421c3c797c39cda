r"""The bracket's lowest rate against the step above the probe: where :mod:`.pilot_below` would
pick one bracket step above the probe below the bracket (neither finalist's pilot loss beat the
constant prediction's loss :math:`\ell_c` on the probe batch, the probe's loss still falling), but
the optimizer keeps a momentum (:func:`keeps_momentum`) and the bracket's lowest rate ended its
first round below :math:`\ell_c`, that rate learned and is the pick.

The test: with :math:`\ell_1, \dots, \ell_m` the probe losses the lowest rate's first-round pilot
loss averaged (its tail), the lowest rate learned where the mean of the tail's second half lies
below the bar,

.. math:: \frac{1}{m - \lfloor m/2 \rfloor} \sum_{j > \lfloor m/2 \rfloor} \ell_j < \ell_c .

Why: the step above the probe rests on the premise that no rate of the bracket learns (none of
the first round's pilot losses, each the mean of its whole tail, beat :math:`\ell_c`). A pilot
that is still falling when the round stops averages the transient it falls from into that mean;
where its tail's second half already lies below :math:`\ell_c`, the premise fails for it. On raw
inputs NAdam's large rates collapse to the constant prediction while its bracket's lowest rate,
falling from a spike, ends the round below it; the step above the probe then lands one to three
decades below the rates that train (bench ``lr_quality``, session 28: MLP regressions of raw
salmon growth, snowpack depth and hop bitterness, best grid rates 0.01-0.1, picks 3e-4 to 6e-4).
The halves are those of :func:`.pilot_below.still_falling` and :func:`.pilot_late.rises_late`; the
bar is the step's own. No pilot step is added.

Why only with a momentum: a rule without one (RMSprop, Adagrad) takes steps that grow as the running
mean square of the gradients shrinks, the late blow-ups of :mod:`.pilot_late`, so an early fall
below the bar says less about the whole run (session 28's fit: the test moved 8 NAdam seeds, 7 to a
lower final loss, and 3 RMSprop seeds, 2 higher: raw maple syrup yield, whose lowest rate ended its
first round at 0.86 against the bar's 1 and the whole run at 1.12).
"""

from __future__ import annotations

import math
from typing import Any

from .pilot_below import step_above_probe

__all__ = ["keeps_momentum", "learned_below_constant", "step_or_learned_bottom"]


def keeps_momentum(opt: Any) -> bool:
    """Whether a parameter group of the optimizer ``opt`` keeps a momentum: a first moment
    ``betas[0] > 0`` (Adam, NAdam, AdamW, RAdam, Adamax, ...) or ``momentum > 0`` (heavy ball,
    Nesterov); RMSprop's ``momentum`` defaults to 0.

    >>> import torch
    >>> w = [torch.nn.Parameter(torch.zeros(1))]
    >>> keeps_momentum(torch.optim.NAdam(w)), keeps_momentum(torch.optim.RMSprop(w)), keeps_momentum(torch.optim.SGD(w))
    (True, False, False)
    >>> keeps_momentum(torch.optim.SGD(w, lr=0.1, momentum=0.9)), keeps_momentum(torch.optim.Adagrad(w))
    (True, False)
    """
    for group in opt.param_groups:
        betas = group.get("betas")
        if (betas is not None and betas[0] is not None and betas[0] > 0) or (group.get("momentum") or 0) > 0:
            return True
    return False


def learned_below_constant(tail: list[float], constant: float | None) -> bool:
    r"""Whether the second half of a pilot's ``tail`` (the probe losses its pilot loss averaged)
    averages below ``constant``, the constant prediction's loss on the probe batch. ``False``
    for an empty tail or without a finite ``constant``.

    >>> learned_below_constant([13.9, 2.1, 0.95, 0.86], 1.0), learned_below_constant([1.3, 1.2, 1.05, 1.01], 1.0)
    (True, False)
    >>> learned_below_constant([], 1.0), learned_below_constant([0.5, 0.4], None)
    (False, False)
    """
    if not tail or constant is None or not math.isfinite(constant):
        return False
    half = len(tail) // 2
    return sum(tail[half:]) / (len(tail) - half) < constant


def step_or_learned_bottom(
    rates: list[float],
    probe: float,
    floor: float,
    bottom_tail: list[float],
    constant: float | None,
    momentum: bool = True,
) -> tuple[float, str]:
    r"""The pick where the step above the probe would be taken, and how it was picked: the
    bracket's lowest rate ``rates[0]`` where the optimizer keeps a ``momentum``
    (:func:`keeps_momentum`) and that rate's first-round tail ``bottom_tail``
    :func:`learned_below_constant`, else :func:`.pilot_below.step_above_probe` of the ascending
    ``rates``, the ``probe`` rate and the bracket's ``floor``.

    >>> step_or_learned_bottom([0.04, 0.1, 0.25], 4e-4, 0.0, [13.9, 2.1, 0.95, 0.86], 1.0)
    (0.04, "the bracket's lowest rate, whose first round ended below the constant prediction")
    >>> rate, how = step_or_learned_bottom([0.04, 0.1, 0.25], 4e-4, 0.0, [1.3, 1.2, 1.05, 1.01], 1.0)
    >>> round(rate, 6), how
    (0.001, 'one bracket step above the probe, neither finalist ahead of the constant prediction')
    >>> round(step_or_learned_bottom([0.04, 0.1, 0.25], 4e-4, 0.0, [13.9, 2.1, 0.95, 0.86], 1.0, momentum=False)[0], 6)
    0.001
    """
    if momentum and learned_below_constant(bottom_tail, constant):
        return rates[0], "the bracket's lowest rate, whose first round ended below the constant prediction"
    return step_above_probe(
        rates, probe, floor
    ), "one bracket step above the probe, neither finalist ahead of the constant prediction"
