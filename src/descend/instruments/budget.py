"""Which of a loop's due readings of the instruments are taken: as many as a share of the
loop's own time affords (``descend.watch``'s default sampling, ``descend.minimize``'s readings
between its first and last point), so that readings whose cost is fixed do not swamp a loop
whose steps are cheap."""

from __future__ import annotations

import math
from collections.abc import Callable

__all__ = ["ReadingBudget"]


class ReadingBudget:
    """Which of the due readings a loop takes: the last one always (the doctor's evidence of
    the state the run ended in); an earlier one if ``risen()`` says the loss has risen (the
    loop's own test: a swing or a blow-up, which the doctor reads on the readings that follow),
    or if the readings taken, this one and the last (each at the readings' mean cost; before
    any was taken, at ``estimate``) and the loop's other measured overhead (``other``) stay
    within ``share`` of the loop's time so far:

        spent + 2 * cost + other <= share * loop

    so that the last reading, its cost reserved, is within the share too wherever it fits at all
    (a loop that lasts at least 1 / share readings, 33 at 3%, less the ``other``).

    :meth:`decide` is asked once per due reading (or twice: before its update at the cost known
    then, after it at a better estimate), with the loop's seconds so far (the readings' and the
    ``other`` time left out), the seconds the readings took so far and the other overhead; it
    counts the readings it skips (:attr:`skipped`); :meth:`took` counts those taken
    (:attr:`taken`).

    >>> budget = ReadingBudget(share=0.05)
    >>> for loop in (0.2, 0.4, 0.5, 1.0):  # the loop's seconds at each due reading; 10 ms a reading
    ...     if budget.decide(loop, 0.01 * budget.taken, estimate=0.01):
    ...         budget.took()
    >>> budget.taken, budget.skipped  # at 0.4 s (20 ms with the last's: 5%) and 1.0 s (30 of 50 ms)
    (2, 2)
    >>> budget.decide(1.0, 0.02), budget.decide(1.0, 0.02, other=0.03), budget.decide(0.0, 0.02, last=True)
    (True, False, True)
    """

    def __init__(self, share: float) -> None:
        self.share = share
        self.taken = self.skipped = 0

    def decide(
        self,
        loop: float,
        spent: float,
        risen: Callable[[], bool] | None = None,
        other: float = 0.0,
        estimate: float = math.inf,
        last: bool = False,
    ) -> bool:
        """Whether the reading now due is taken (see the class); ``risen()`` is asked only where
        the time alone does not take it."""
        if last or self.within(loop, spent, other, estimate) or (risen is not None and risen()):
            return True
        self.skipped += 1
        return False

    def within(self, loop: float, spent: float, other: float = 0.0, estimate: float = math.inf) -> bool:
        """Whether an earlier reading now due is taken on the time alone: the readings' time,
        this one and the last planned each at their mean cost (``estimate`` before any), and
        ``other`` within ``share``."""
        cost = spent / self.taken if self.taken else estimate
        return spent + 2 * cost + other <= self.share * loop

    def took(self) -> None:
        """A reading was taken."""
        self.taken += 1
