"""The last epoch of a run stopped part of the way through it (a time budget, a divergence, an
interrupt): its row's training loss and metric are the means over the few batches it ran, not
over the training set, so a picture or a summary showing it as an epoch like the others
misleads (a CNN on digits stopped by its time budget 1 step into its 16th epoch logged that
one batch's loss, 0.043 against 0.034 the epoch before, and an accuracy of 1.0)."""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

__all__ = ["CutEpoch", "cut_epoch"]


class CutEpoch(NamedTuple):
    """The last epoch's number, the updates it made and the updates of a whole epoch.

    >>> CutEpoch(epoch=15, steps=1, full=45).full
    45
    """

    epoch: int
    steps: int
    full: int


def cut_epoch(history: Any) -> CutEpoch | None:
    """The run's last epoch where it made fewer updates than each epoch before it; ``None``
    for a run of one epoch, one whose rows evaluations closed (``step`` in ``history.epochs``:
    periods of any length) or whose steps are not recorded.

    >>> from descend.training.history import History
    >>> h = History()
    >>> h.steps = {"step": [1, 2, 3, 4, 5, 6, 7], "epoch": [0, 0, 0, 1, 1, 1, 2]}
    >>> h.epochs = {"epoch": [0, 1, 2], "loss": [1.0, 0.5, 0.45]}
    >>> cut_epoch(h)
    CutEpoch(epoch=2, steps=1, full=3)
    """
    if "step" in history.epochs:
        return None
    counts = Counter(history.steps.get("epoch", []))
    rows = history.epochs.get("epoch", [])
    if len(rows) < 2 or rows[-1] not in counts or any(e not in counts for e in rows[:-1]):
        return None
    full = min(counts[e] for e in rows[:-1])
    last = counts[rows[-1]]
    return CutEpoch(rows[-1], last, full) if last < full else None
