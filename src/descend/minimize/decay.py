r"""A gradient-descent rule that shrinks ``x`` toward 0 every step (``weight_decay``, AdamW's
0.01 and Muon's 0.1 by default; ASGD's ``lambd``, 1e-4) minimizes ``fn`` plus a penalty on
``x``, not ``fn``: its steps come to rest where the pull balances the gradient of ``fn``
(:math:`\nabla f(x) = -\lambda x` for a coupled decay), which is no stationary point of ``fn``
unless :math:`x = 0` is. Such a run cannot reach ``gtol`` on ``fn``'s gradient at any rate;
its finding says so and names the setting to zero, in place of findings read on a run that
minimized another function (AdamW on Booth was told "the learning rate is too small, by about
140x", and at that rate still stopped short). A finding that advises a larger rate for such a
run names the decay at 0 too (:func:`raised_without_decay`).
"""

from __future__ import annotations

import dataclasses
import math

import torch

from ..doctor import Diagnosis
from .result import Result

__all__: list[str] = []

_SETTINGS = ("weight_decay", "lambd")  # lambd: ASGD's decay term, an L2 penalty of its own
# A pull this share of the gradient norm or more can hold the run at rest (a coupled decay
# balances the gradient exactly, AdamW's its normalised step); a weaker one, beside a steep
# gradient far from rest, leaves the other findings to say why the run stopped short.
_BALANCE = 0.1


def decay_setting(opt: torch.optim.Optimizer) -> tuple[str, float] | None:
    """The setting of ``opt`` that pulls ``x`` toward 0, and its value; ``None`` where none is
    above 0.

    >>> import descend as ds
    >>> x = torch.zeros(2, requires_grad=True)
    >>> decay_setting(ds.optim.build("adamw", [x], lr=0.1)), decay_setting(ds.optim.build("adam", [x], lr=0.1))
    (('weight_decay', 0.01), None)
    """
    group = opt.param_groups[0]
    for name in _SETTINGS:
        value = group.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            return name, float(value)
    return None


def decay_words(setting: tuple[str, float]) -> str:
    """Why a run with ``setting`` stops short of a stationary point of ``fn``, and the fix."""
    name, value = setting
    return (
        f"{name}={value:g} pulls x toward 0 at every step, so the run minimizes fn plus a penalty on x, "
        f"and comes to rest where that pull balances the gradient of fn: give {name}=0 to minimize fn itself"
    )


def decay_finding(result: Result, setting: tuple[str, float], gtol: float) -> Diagnosis | None:
    """The finding on a run that stopped short of ``gtol`` (budget spent, or no progress left
    without a cycle) while ``setting`` pulled ``x`` (the flat vector) by more than ``gtol`` and
    by at least :data:`_BALANCE` of the gradient norm; ``None`` where the pull is weaker."""
    pull = setting[1] * float(torch.linalg.vector_norm(result.x.detach().double()))
    if not (pull > gtol and pull >= _BALANCE * result.grad_norm):
        return None
    return Diagnosis(
        "slow_progress",
        result.nit,
        f"the run stopped with the gradient norm of fn {result.grad_norm:.3g} > gtol={gtol:g} while "
        f"{setting[0]}={setting[1]:g} pulled x toward 0 by {pull:.3g} ({setting[0]} x |x|)",
        decay_words(setting),
        {setting[0]: 0},
    )


def raised_without_decay(
    findings: list[Diagnosis], setting: tuple[str, float] | None, rates: list[float]
) -> list[Diagnosis]:
    """``findings``, each that advises a rate above the largest of the run's ``rates`` with the
    decay ``setting`` at 0 as well. The rate a finding sizes is fn's, but the run minimizes fn
    plus the decay's penalty on ``x`` and comes to rest short of fn's minimum at any rate: AdamW
    on Booth, told lr=122 (Adam's preconditioned sharpness read far from the minimum), ended at
    fn = 0.33 with weight_decay=0.01 and at 9e-15 (gtol) without it; of 12 such runs on six test
    functions, 2 reached gtol at the advised rate with the decay and 10 without it.

    >>> d = Diagnosis("slow_progress", 9, "e", "the learning rate is too small: try lr=1.5", {"lr": 1.5})
    >>> [x.change for x in raised_without_decay([d], ("weight_decay", 0.01), [0.001, 0.001, math.nan])]
    [{'lr': 1.5, 'weight_decay': 0}]
    """
    if setting is None:
        return findings
    name, value = setting
    used = max((r for r in rates if math.isfinite(r)), default=math.nan)
    out = []
    for d in findings:
        rate = d.change.get("lr")
        if isinstance(rate, (int, float)) and math.isfinite(used) and rate > used and name not in d.change:
            words = (
                f", with {name}=0: at {name}={value:g} the run minimizes fn plus a penalty on x and comes to rest "
                f"short of fn's minimum at any rate"
            )
            d = dataclasses.replace(d, advice=d.advice + words, change={**d.change, name: 0})
        out.append(d)
    return out
