"""When ``descend.watch`` takes the instruments' readings (:func:`descend.instruments.default_steps`
over the planned run when its length is known, else an open-ended schedule, denser early; at
the default sampling, only those :class:`ReadingBudget` affords) and the gradient norms
(:class:`NormSampling`: as often as a share of the loop's time allows)."""

from __future__ import annotations

import itertools
import math

from ..instruments import budget
from ..instruments.sampling import READINGS, default_steps

__all__ = [
    "reading_steps",
    "next_due",
    "NormSampling",
    "NORM_SHARE",
    "ReadingBudget",
    "READING_SHARE",
    "PROBE_GRADIENTS",
    "loss_risen",
]

# Without the run's length: the first reading at this step, each next one twice as far.
FIRST_UNPLANNED = 50
# The gradient norms' share of the loop's time (see NormSampling), read at least once every
# update // DENSE updates; the weight of the newest measurement in the running averages. 0.5%:
# on the bench's digits MLP (bench/watch.py) the reading of the instruments, the doctor at
# close, the epochs' ends and the hooks leave little of watch's 5% to the norms.
NORM_SHARE = 0.005
DENSE = 10
SMOOTHING = 0.25
# The share of the loop's time that the instruments' readings at the default sampling
# (ReadingBudget: the last planned's cost reserved from the start) and the monitor's own
# measured time (the gradient norms: NORM_SHARE at their sampling, more at its floors) hold to
# together. On the bench's digits MLP (0.2-0.35 ms a step) one reading costs 10-20 steps, its
# norms about 1% of the loop and the hooks, epochs' ends and doctor another 2%, so that watch
# stays within 5% where the last reading fits in this share, and a reading early in a
# 900-step run would take it past (bench/watch.py).
READING_SHARE = 0.03
# Before any reading was taken, its cost is estimated as this many gradients of the probe (the
# one before_step takes, whose time is measured): a reading computes one gradient with its
# graph, 4-5 Hessian-vector products for the sharpness (each about two backward passes) and
# the per-example gradients of the noise scale. Measured on the bench's digits MLP and CNN: 9
# and 8 (bench/watch.py).
PROBE_GRADIENTS = 10


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
    runs, and at most ``update // DENSE`` (every update of the first ``2 * DENSE``; then, the
    run's length unknown, at least ``DENSE / 2`` readings in the last half of any stretch of the
    run, so that its last tenth has some). With the run's length (``total`` updates), after the
    first ``2 * DENSE`` only the budget until the last tenth, then at least ``DENSE / 2``
    readings in it.

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

    def __init__(self, share: float | None = None, total: int | None = None) -> None:
        self.share = NORM_SHARE if share is None else share
        self.total = total
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
        self.every = max(1, min(every, self._floor(update)))
        self.next = update + self.every

    def _floor(self, update: int) -> int:
        """The most updates from ``update`` to the next reading (see the class)."""
        if update < 2 * DENSE or self.total is None:
            return update // DENSE
        tenth = self.total // DENSE
        start = self.total - tenth + 1  # the last tenth's first update
        return start - update if update < start else tenth // (DENSE // 2)


class ReadingBudget(budget.ReadingBudget):
    """Which of the instruments' due readings ``descend.watch`` takes at its default sampling:
    :class:`descend.instruments.budget.ReadingBudget` at ``share`` (:data:`READING_SHARE` by
    default), the last planned reading always (the doctor's evidence of the state the run ended
    in, the loss left to fall read in the same pass), an earlier one where the loss has risen
    since the last reading (or since the loop's first losses: :func:`loss_risen`, a swing or a
    blow-up, which the doctor reads on the readings that follow) or the time allows, each
    reading's cost estimated before any was taken as :data:`PROBE_GRADIENTS` times the probe's
    gradient (measured), ``other`` the monitor's own measured time. A loop whose steps are cheap
    against a reading (a small model on a CPU) is read less often than :func:`reading_steps`
    plans, and mostly late, where the budget has grown; one whose steps are dear is read at
    every planned step. Where a loop ends before any reading was taken, ``Monitor.close`` takes
    one at its last weights.

    >>> ReadingBudget().share == READING_SHARE
    True
    """

    def __init__(self, share: float | None = None) -> None:
        super().__init__(READING_SHARE if share is None else share)


def loss_risen(losses: list[float], row: int) -> bool:
    """Whether the loss has risen since the reading at ``losses[row]``: the mean of some ``w``
    consecutive losses after it exceeds the mean of the ``w`` up to it by that mean's size
    (twice it), ``w`` the smaller of ``DENSE`` and ``row + 1`` (fewer after it: all of them). A
    level against a level, not one mini-batch's loss against another's, whose noise alone can
    double it; a swing that has passed counts (a loss that blew up, then collapsed), if it
    lifted a window's mean (5x for half of it does; 5x for 3 updates of 10 does not).

    >>> noisy = [0.2, 1.8] * 20  # a level of 1, read at a lucky batch (row 20: 0.2)
    >>> swing = [1.0] * 20 + [5.0] * 5 + [0.0] * 30  # read at row 19, then blew up and collapsed
    >>> loss_risen(noisy, 20), loss_risen(swing, 19)
    (False, True)
    >>> loss_risen([1.0, 2.5, 0.5], 0), loss_risen([1.0], 0)  # read at the first: a loss against a loss
    (True, False)
    """
    after = len(losses) - row - 1
    if after < 1:
        return False
    w = min(DENSE, row + 1)
    level = sum(losses[row + 1 - w : row + 1]) / w
    k = min(w, after)
    sums = [0.0, *itertools.accumulate(losses[row + 1 :])]
    highest = max(sums[i + k] - sums[i] for i in range(after - k + 1)) / k
    return highest - level >= abs(level)
