"""The interface every source of batches shares (:class:`Source`): the batches of one part of
the data in a reproducible order, a worker's share of each, the examples' indices, a fixed head.
The kinds of source are in :mod:`~descend.training.data.memory_sources` and
:mod:`~descend.training.data.loader_sources`."""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator

import numpy as np
import torch
from torch import Tensor

from ..._checks import number

__all__ = ["PIECE_ELEMENTS", "Source", "worker_rows"]

# The input numbers a reader of many examples at once takes in one piece (32 MiB of float64): a wide
# input, a sparse X made dense, is read in pieces of fewer rows, not all its rows at once.
PIECE_ELEMENTS = 1 << 22


class Source:
    """The batches of one part of the data (training or validation), in a reproducible order.

    ``len(source)`` is the number of batches per epoch and ``source.n`` the number of
    examples; ``batch_size`` is ``None`` for one full batch. ``batches(epoch, start)`` yields
    the ``(x, y)`` batches of an epoch from batch index ``start`` on, so a run stopped
    mid-epoch resumes exactly. A shuffled source draws a fresh order every epoch from
    ``(seed, epoch)`` alone and never touches the global random state. ``part=(r, w)`` yields
    worker ``r``'s share of each batch when ``w`` workers split it (data-parallel training):
    rows ``[m r / w, m (r+1) / w)`` of a batch of ``m``, so the shares differ by at most one
    example and together are the batch. ``rows(b)`` is batch ``b``'s size before the split
    (``None`` where a user's loader does not say). With ``reuse=True``
    a shuffled in-memory source gathers the inputs of every batch into the same buffer, so that
    a training loop allocates no big block per step; each batch is then valid until the next.

    >>> from descend.training.data import prepare
    >>> src = prepare((torch.arange(10.0).reshape(5, 2), torch.arange(5)), batch_size=2).train
    >>> len(src), src.n, [len(y) for _, y in src.batches(epoch=0)]
    (3, 5, [2, 2, 1])
    """

    n: int
    batch_size: int | None
    shuffle: bool
    seed: int
    #: Whether ``batches(epoch, start)`` read again gives the same inputs: in-memory tensors do; a
    #: Dataset or DataLoader may draw or augment them anew at each read.
    rereads_same = False

    def __len__(self) -> int:
        raise NotImplementedError

    def updates_per_epoch(self, accumulate: int = 1) -> int:
        """The optimizer updates an epoch makes, ``accumulate`` batches to an update (the last
        takes what is left): 1 for a full batch, or all its batches accumulated into one.

        >>> from descend.training.data import prepare
        >>> src = prepare("iris", batch_size=8).train
        >>> src.updates_per_epoch(), src.updates_per_epoch(accumulate=len(src))
        (15, 1)
        """
        return math.ceil(len(self) / accumulate)

    def example_size(self) -> int:
        """The numbers in one example's input (its features; 3072 for a 3x32x32 image), what a
        reader of many examples bounds its pieces by (:data:`PIECE_ELEMENTS`); 1 where the source
        does not know it before reading.

        >>> from descend.training.data import prepare
        >>> prepare("iris").train.example_size()
        4
        """
        return 1

    def rebatched(self, batch_size: int) -> Source | None:
        """The same examples, order and seed in batches of ``batch_size`` (what the range test
        of a run that accumulates batches steps on); ``None`` where the batches are not the
        source's own to choose (a user's ``DataLoader``).

        >>> from descend.training.data import prepare
        >>> len(prepare("iris", batch_size=8).train.rebatched(32))
        4
        """
        self._drawn_orders()  # made before the copy, so that the twin shares it
        twin = copy.copy(self)
        twin.batch_size = batch_size
        return twin

    def batches(
        self, epoch: int = 0, start: int = 0, reuse: bool = False, part: tuple[int, int] = (0, 1)
    ) -> Iterator[tuple[Tensor, Tensor]]:
        """The ``(x, y)`` batches of ``epoch``, beginning at batch index ``start``."""
        number("epoch", epoch, integer=True, ge=0)
        number("start", start, integer=True, ge=0, le=len(self))
        return self._batches(epoch, start, reuse, part)

    def first_batch(self, k: int) -> tuple[Tensor, Tensor]:
        """What a check of a run's start reads: the first ``k`` examples of epoch 0's order
        (:meth:`head`); a user's loader gives its own first batch instead, whatever ``k``.

        >>> from descend.training.data import prepare
        >>> prepare((torch.zeros(5, 2), torch.arange(5))).train.first_batch(2)[1].tolist()
        [0, 1]
        """
        return self.head(k)

    def head(self, k: int) -> tuple[Tensor, Tensor]:
        """The first ``k`` examples (fewer if the source has fewer) of epoch 0's order, as one
        ``(x, y)`` pair (a batch's weights, if any, left out): a fixed evaluation batch.

        >>> from descend.training.data import prepare
        >>> X, y = prepare((torch.arange(10.0).reshape(5, 2), torch.arange(5))).train.head(3)
        >>> X.shape, y.tolist()
        (torch.Size([3, 2]), [0, 1, 2])
        """
        xs, ys, n = [], [], 0
        for xb, yb, *_ in self.batches(0):
            xs.append(xb)
            ys.append(yb)
            n += len(yb)
            if n >= k:
                break
        return torch.cat(xs)[:k], torch.cat(ys)[:k]

    def example_batches(
        self, epoch: int = 0, start: int = 0, reuse: bool = False, part: tuple[int, int] = (0, 1)
    ) -> Iterator[tuple[Tensor, tuple[Tensor, ...]]]:
        """``(indices, batch)``: the batches of :meth:`batches` with the indices of their
        examples in the training set (``0 <= i < n``, int64, on the CPU or the batch's device),
        for per-example records: the indices the batches were drawn with, so the two cannot
        disagree, and the same on a resume.

        >>> from descend.training.data import prepare
        >>> src = prepare((torch.zeros(5, 2), torch.arange(5)), batch_size=2).train
        >>> [(i.tolist(), y.tolist()) for i, (x, y) in src.example_batches(epoch=0)] == [
        ...     (y.tolist(), y.tolist()) for x, y in src.batches(epoch=0)]
        True
        """
        number("epoch", epoch, integer=True, ge=0)
        number("start", start, integer=True, ge=0, le=len(self))
        return self._indexed_batches(epoch, start, reuse, part)

    def indices_problem(self) -> str | None:
        """Why the batches cannot say which examples they hold (``None``: they can)."""
        return None

    def rows(self, b: int) -> int | None:
        """The number of examples in batch ``b`` (of the whole batch, before any split)."""
        size = self.n if self.batch_size is None else self.batch_size
        return min(size, self.n - b * size)

    def to(self, device: torch.device | str) -> Source:
        """This source with its batches on ``device``."""
        raise NotImplementedError

    def in_dtype(self, dtype: torch.dtype) -> Source:
        """This source with floating inputs and targets of ``dtype`` (float32 by default), what a
        model of that dtype takes: a ``.double()`` model is given float64 data.

        >>> from descend.training.data import prepare
        >>> x, y = prepare((torch.zeros(4, 2), torch.zeros(4))).train.in_dtype(torch.float64).head(2)
        >>> x.dtype, y.dtype
        (torch.float64, torch.float64)
        """
        twin = copy.copy(self)  # the loader-read sources cast each batch to their dtype
        twin.dtype = dtype
        return twin

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, ...]]]:
        """``(indices, batch)`` from batch ``start`` of ``epoch``: each source's one ordering rule.
        With ``indices=False`` a source in stored order may give ``None`` for the indices
        (:meth:`batches` drops them: a full batch need not build ``arange(n)`` every step)."""
        raise NotImplementedError

    def _batches(self, epoch: int, start: int, reuse: bool, part: tuple[int, int]) -> Iterator[tuple[Tensor, ...]]:
        return (batch for _, batch in self._indexed_batches(epoch, start, reuse, part, indices=False))

    def _order(self, epoch: int) -> Tensor:
        """The positions ``0..n-1`` in ``epoch``'s order: seeded, or as stored (also for one full
        batch). A shuffled one is drawn once, kept for the latest epoch by the source and its
        :meth:`rebatched` twins (a run's measured start reads epoch 0's before the epoch does)."""
        if not (self.shuffle and self.batch_size is not None):
            return torch.arange(self.n)
        drawn, key = self._drawn_orders(), (self.n, self.seed, epoch)
        if (order := drawn.get(key)) is None:
            drawn.clear()  # callers only slice an order; the last epoch's goes first
            order = drawn[key] = _epoch_order(self.n, self.seed, epoch)
        return order

    def _drawn_orders(self) -> dict[tuple[int, int, int], Tensor]:
        return self.__dict__.setdefault("_orders", {})

    def _bounds(self, start: int, part: tuple[int, int]) -> Iterator[tuple[int, int]]:
        """Where each batch from ``start`` on lies in the epoch's order, ``[lo, hi)``: worker
        ``part``'s share of it."""
        size = self.n if self.batch_size is None else self.batch_size
        for b in range(start, len(self)):
            lo, hi = worker_rows(self.rows(b), part)
            yield b * size + lo, b * size + hi

    def _shares(self, order: Tensor, start: int, part: tuple[int, int]) -> Iterator[Tensor]:
        """``order`` cut into batches from ``start`` on, each cut to worker ``part``'s share."""
        return (order[lo:hi] for lo, hi in self._bounds(start, part))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__.lstrip('_')}(n={self.n}, batch_size={self.batch_size}, "
            f"batches={len(self)}, shuffle={self.shuffle})"
        )


def worker_rows(m: int, part: tuple[int, int]) -> tuple[int, int]:
    """Worker ``r`` of ``w``'s rows ``[lo, hi)`` of a batch of ``m``: the shares differ by at most one
    example and together are the batch.

    >>> [worker_rows(5, (r, 2)) for r in range(2)]
    [(0, 2), (2, 5)]
    """
    r, w = part
    return m * r // w, m * (r + 1) // w


def _epoch_order(n: int, seed: int, epoch: int) -> Tensor:
    # SeedSequence mixes (seed, epoch) so that neighbouring seeds and epochs give unrelated
    # orders; a private generator keeps the global RNG untouched.
    mixed = np.random.SeedSequence([seed, epoch]).generate_state(1, dtype=np.uint64)[0]
    return torch.randperm(n, generator=torch.Generator().manual_seed(int(mixed)))
