"""A pilot dropped after the first round of ``lr="auto"``'s successive halving that was already
ahead of both finalists: the finalists' loss rose after the round (:mod:`.pilots` calls
:func:`pilot_ahead_of_finalists` before the pick between the finalists)."""

from __future__ import annotations

import math

__all__ = ["pilot_ahead_of_finalists"]


def pilot_ahead_of_finalists(below: list[float], finalists: list[float]) -> int | None:
    r"""The pilot, among those below the finalists, whose first-round loss is lower than every
    finalist's loss over the whole horizon; ``None`` if there is none.

    ``below``: the first-round pilot losses :math:`\ell_i(p)` of the rates below the finalists
    (ascending rates, dropped after ``p`` steps); ``finalists``: the finalists' pilot losses
    :math:`\ell_j(H)` after the whole horizon ``H``. Returns :math:`\arg\min_i \ell_i(p)` when
    :math:`\min_i \ell_i(p) < \min_j \ell_j(H)`.

    Why: the first round's winner had the lowest loss at ``p``, so a dropped rate below it can
    end ahead of it only if the winner's loss rose between ``p`` and ``H`` (it trained at a rate
    past the edge of stability for the later part of the run: a late blow-up, or an
    oscillation that grew). At a stable rate the loss keeps falling with more steps, so
    :math:`\ell_i(p)` bounds the dropped rate's loss after ``H`` steps from above, and that rate
    is the better pick, at no further cost.

    >>> pilot_ahead_of_finalists([0.9, 0.3, 0.12], [0.2, 0.4])  # the finalists ended above 0.12
    2
    >>> pilot_ahead_of_finalists([0.9, 0.3, 0.12], [0.05, 0.4]) is None  # the winner kept falling
    True
    >>> pilot_ahead_of_finalists([0.9, math.inf], [math.inf, math.inf])  # both diverged late
    0
    """
    finite = [i for i, v in enumerate(below) if math.isfinite(v)]
    if not finite:
        return None
    lowest = min(finite, key=below.__getitem__)
    return lowest if below[lowest] < min(finalists) else None
