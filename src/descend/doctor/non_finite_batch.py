"""Words for a loss that became non-finite without blowing up first: a NaN or inf in that step's
batch (or in the loss's computation) is then as likely as a rate too large, under which the loss
grows on its way to inf. Words only: the divergence finding's kind and its rate to try are
unchanged (the doctor's benchmark rests on them); the user is told both causes."""

from __future__ import annotations

from collections.abc import Sequence

from ._thresholds import BLOWN_UP

__all__ = ["not_grown_words"]


def not_grown_words(losses: Sequence[float]) -> str | None:
    """Where a mini-batch run's loss became non-finite after ``losses`` (its finite losses before
    that step, the first at the initial weights): if at least two, none after the first
    ``BLOWN_UP`` times its size or more (the doctor's blow-up, :func:`~descend.doctor._curves.blow_up_step`),
    how the loss had not grown, in words; else ``None``.

    >>> not_grown_words([0.88, 0.91, 0.84])
    'the loss had not blown up before it (at most 0.91 after 0.88 at the start)'
    >>> not_grown_words([0.88, 2.0, 40.0]) is None, not_grown_words([0.88]) is None  # a blow-up; no trend to read
    (True, True)
    """
    if len(losses) < 2:
        return None
    first, highest = losses[0], max(abs(v) for v in losses[1:])
    if not highest < BLOWN_UP * max(abs(first), 1e-12):
        return None
    return f"the loss had not blown up before it (at most {highest:.3g} after {first:.3g} at the start)"
