"""When ``descend.watch`` takes the instruments' readings (:func:`descend.instruments.default_steps`
over the planned run when its length is known, else an open-ended schedule, denser early) and
the gradient norms (:class:`NormSampling`: as often as a share of the loop's time allows)."""

from __future__ import annotations

import math

from ..instruments.sampler import READINGS, default_steps

__all__ = ["reading_steps", "next_due", "NormSampling", "NORM_SHARE"]

# Without the run's length: the first reading at this step, each next one twice as far.
FIRST_UNPLANNED = 50
# The gradient norms' share of the loop's time (see NormSampling), read at least once every
# update // DENSE updates; the weight of the newest measurement in the running averages.
NORM_SHARE = 0.01
DENSE = 10
SMOOTHING = 0.25


def reading_steps(every: bool | int, total_steps: int | None) -> frozenset[int] | int:
    """The steps read at: ``every=True`` with ``total_steps`` are the default sampling of a
    ``descend.train`` run that long; ``every=True`` without it are the steps
    ``50, 100, 200, ...`` (``READINGS`` of them, doubling: a loop of unknown length is read
    early and ever more rarely); an integer ``N`` means every ``N``-th step (returned as is).

    >>> sorted(reading_steps(True, 900))
    [45, 900]
    >>> sorted(reading_steps(True, None))[:4]
    [50, 100, 200, 400]
    >>> reading_steps(25, None)
    25
    """
    if every is not True:
        return every
    if total_steps is not None:
        return frozenset(default_steps(total_steps))
    return frozenset(FIRST_UNPLANNED * 2**k for k in range(READINGS))


def next_due(steps: frozenset[int] | int, step: int) -> int | None:
    """The first update after ``step`` at which the reading is due (``None``: none is).

    >>> next_due(frozenset({50, 100}), 50), next_due(frozenset({50}), 50), next_due(25, 60)
    (100, None, 75)
    """
    if isinstance(steps, frozenset):
        return min((s for s in steps if s > step), default=None)
    return (step // steps + 1) * steps


class NormSampling:
    """Which updates have their gradient norms read: every ``every``-th, ``every`` the smallest
    that holds the readings' cost to ``share`` of the loop's own time, both measured as the loop
    runs, and at most ``update // DENSE`` (every update of the first ``2 * DENSE``; then at least
    ``DENSE / 2`` readings in the last half of any stretch of the run, so that its last tenth
    has some).

    Call :meth:`reading` at the start of each update read (the one numbered :attr:`next`, or one
    read for another reason), with the clock and the seconds spent on readings so far (the
    readings' and their reductions'): the time between two readings, less what was spent on
    readings in it, is the loop's; the spending in it, the cost of a reading (averaged, as the
    step time, exponentially over the last few readings). A clock that leaves out what is
    neither (the monitor's leaves out the instruments' readings) keeps that out of both.

    >>> sampling, clock, spent = NormSampling(share=0.02), 0.0, 0.0
    >>> for update in range(1, 1001):  # 1 ms steps, 0.1 ms readings
    ...     if update == sampling.next:
    ...         sampling.reading(update, clock, spent)
    ...         clock, spent = clock + 1e-4, spent + 1e-4
    ...     clock += 1e-3
    >>> sampling.every, sampling.read  # 0.1 ms / 5 steps of 1 ms = 2%
    (5, 221)
    """

    def __init__(self, share: float = NORM_SHARE) -> None:
        self.share = share
        self.every, self.next, self.read = 1, 1, 0
        self._last: tuple[int, float, float] | None = None  # (update, clock, spent) of the last reading
        self._cost = self._step = math.nan  # seconds per reading, per step of the loop

    def reading(self, update: int, now: float, spent: float) -> None:
        """A reading starts at ``update``: the next one is due ``every`` updates later."""
        self.read += 1
        last, self._last = self._last, (update, now, spent)
        if last is not None and update > last[0]:
            cost = spent - last[2]
            step = max(now - last[1] - cost, 0.0) / (update - last[0])
            self._cost = cost if math.isnan(self._cost) else self._cost + SMOOTHING * (cost - self._cost)
            self._step = step if math.isnan(self._step) else self._step + SMOOTHING * (step - self._step)
        every = 1
        if self._step > 0:  # else not measured yet (or a clock too coarse): every update
            every = math.ceil(round(self._cost / (self.share * self._step), 6))  # not 6 for 5.000001
        self.every = max(1, min(every, update // DENSE))
        self.next = update + self.every
