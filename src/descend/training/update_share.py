"""The share of each batch in an update made of several: accumulated batches, or one batch
split over data-parallel workers."""

from __future__ import annotations

__all__ = ["UpdateShare"]


class UpdateShare:
    """The weight of each batch's loss in its update, and this worker's loss of the update so far.

    The update is the gradient of the mean loss over the ``N`` examples of its batches on all
    ``world`` workers. Each worker's gradient is averaged by DDP, so a batch of ``m`` examples
    weighs ``world m / N``; where a user's loader does not say its batches' sizes, each of the
    update's ``k`` batches weighs ``1 / k``.

    >>> share = UpdateShare(world=1)
    >>> share.start([3, 1])  # an update of two batches, of 3 and 1 examples
    >>> share.add(2.0, 3), share.add(6.0, 1)  # (mean loss so far, the batch's weight)
    ((2.0, 0.75), (3.0, 0.25))
    >>> share.sums, share.examples
    ([12.0, 4], 4)

    ``weights`` are the update's batches' weights so far, and ``weighted`` the sum of their
    losses by them, the loss whose gradient the update's is (a closure rule, LBFGS or SAM,
    evaluates the update again batch by batch with these weights):

    >>> share.weights, share.weighted
    ([0.75, 0.25], 3.0)
    """

    def __init__(self, world: int) -> None:
        self.world = world
        self.equal: float | None = None  # each batch's weight where the sizes are unknown
        self.examples: int | None = None  # N, the update's examples on all workers
        self.sums: list[float] = [0.0, 0]  # [loss sum, examples] of this worker's batches so far
        self.weights: list[float] = []  # the weight of each of this worker's batches so far
        self.weighted = 0.0  # their losses' sum by those weights

    def start(self, rows: list[int | None]) -> None:
        """A new update of the batches of ``rows`` examples each (``None``: not known)."""
        self.equal, self.examples = (1.0 / len(rows), None) if None in rows else (None, sum(rows))
        self.sums = [0.0, 0]
        self.weights, self.weighted = [], 0.0

    def add(self, value: float, m: int) -> tuple[float, float]:
        """A batch of ``m`` examples and mean loss ``value``: this worker's mean loss of the update
        so far (0 while it has had no example: a last batch of fewer examples than workers
        leaves some with none, and their NaN mean of nothing), and the batch's weight in it.

        >>> share = UpdateShare(world=2)
        >>> share.start([1])  # one example for two workers: worker 0's share is empty
        >>> share.add(float("nan"), 0), share.sums
        ((0.0, 0.0), [0.0, 0])
        """
        weight = self.equal if self.examples is None else self.world * m / self.examples
        self.weights.append(weight)
        if m:
            self.sums = [self.sums[0] + value * m, self.sums[1] + m]
            self.weighted += weight * value
        return (self.sums[0] / self.sums[1] if self.sums[1] else 0.0), weight
