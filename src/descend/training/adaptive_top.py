r"""The top of the pilots' bracket for an adaptive rule (Adam, NAdam, RAdam, RMSprop): raised to
a third of the rate at which the range test's ramp blew up, where it blew up.

Why: the bracket's top for such a rule is its stable rate :math:`\eta_s` at the initial weights
in the preconditioned metric. During training the preconditioned sharpness settles at the
rule's threshold (Cohen et al., 2022, "Adaptive Gradient Methods at the Edge of Stability"), so
the rate the initial weights allow says little about the rates a run can use: on iris through
RMSprop (raw features) it read 0.01-0.08 while the best rates were 0.1-0.3 and the ramp blew up
at 2-5 (bench ``lr_quality``, session 14e). The ramp's blow-up rate :math:`r_b` is a reading the
run itself made; every rate above :math:`r_b/3` lies within a factor of 3 of one it saw diverge
(the same factor as the bracket on a plateau, ``pilots._BLOWUP_TOP``), and the pilots, not the
readings, choose inside the wider bracket.
"""

from __future__ import annotations

__all__ = ["adaptive_top"]

_BLOWUP_TOP = 3.0  # the bracket reaches up to the ramp's blow-up rate / this (pilots' plateau bracket too)


def adaptive_top(top: float, blowup_lr: float | None) -> float:
    r"""The bracket's top for an adaptive rule: :math:`\max(\text{top}, r_b / 3)` with
    :math:`r_b` the rate at which the range test blew up (``blowup_lr``), ``top`` unchanged
    where it never blew up (its range's end is then no reading of where the rule diverges).

    >>> adaptive_top(0.05, 3.0), adaptive_top(0.05, None), adaptive_top(2.0, 3.0)
    (1.0, 0.05, 2.0)
    """
    if blowup_lr is None:
        return top
    return max(top, blowup_lr / _BLOWUP_TOP)
