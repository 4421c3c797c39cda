"""Sources: the batches the training loop iterates, in a reproducible order.

Three kinds share the :class:`Source` interface: in-memory tensors (:class:`TensorSource`, the
fast path), a map-style ``Dataset`` read in our own order (:class:`DatasetSource`) and a
user's ``DataLoader`` iterated as given (:class:`LoaderSource`).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from itertools import islice
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset, IterableDataset, RandomSampler

from ..._checks import number
from .checks import unpack_pair
from .indexed_loader import indexed_loader

__all__ = ["Source", "TensorSource", "WeightedSource", "DatasetSource", "LoaderSource", "val_batch", "VAL_BATCH"]

#: Validation data is only evaluated, so it goes through in few large batches.
VAL_BATCH = 4096


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

    def head(self, k: int) -> tuple[Tensor, Tensor]:
        """The first ``k`` examples (fewer if the source has fewer) of epoch 0's order, as one
        ``(x, y)`` pair: a fixed evaluation batch.

        >>> from descend.training.data import prepare
        >>> X, y = prepare((torch.arange(10.0).reshape(5, 2), torch.arange(5))).train.head(3)
        >>> X.shape, y.tolist()
        (torch.Size([3, 2]), [0, 1, 2])
        """
        xs, ys, n = [], [], 0
        for xb, yb in self.batches(0):
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
            lo, hi = _share(self.rows(b), part)
            yield b * size + lo, b * size + hi

    def _shares(self, order: Tensor, start: int, part: tuple[int, int]) -> Iterator[Tensor]:
        """``order`` cut into batches from ``start`` on, each cut to worker ``part``'s share."""
        return (order[lo:hi] for lo, hi in self._bounds(start, part))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__.lstrip('_')}(n={self.n}, batch_size={self.batch_size}, "
            f"batches={len(self)}, shuffle={self.shuffle})"
        )


class TensorSource(Source):
    """In-memory tensors, indexed directly: the fast path."""

    def __init__(self, X: Tensor, y: Tensor, batch_size: int | None, shuffle: bool, seed: int):
        self.X, self.y = X, y
        self.n, self.batch_size, self.shuffle, self.seed = len(X), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> TensorSource:
        return TensorSource(self.X.to(device), self.y.to(device), self.batch_size, self.shuffle, self.seed)

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor]]]:
        X, y = self.X, self.y
        if not self.shuffle or self.batch_size is None:  # stored order: slices, no gather
            for lo, hi in self._bounds(start, part):
                yield torch.arange(lo, hi) if indices else None, (X[lo:hi], y[lo:hi])
            return
        order = self._order(epoch)
        if order.device != X.device:
            order = order.to(X.device)  # once per epoch, not per batch
        # index_select: faster than X[idx] on CPU. Into a reused buffer, a batch's inputs are
        # not a big fresh allocation per step, which the C allocator would interleave with the
        # small objects a step keeps, growing the heap by fragments (seen: +150 MB in one
        # epoch of 1024 x 100 batches).
        xbuf = X.new_empty((-(-self.batch_size // part[1]), *X.shape[1:])) if reuse else None  # the largest share
        for idx in self._shares(order, start, part):
            if reuse:
                yield idx, (torch.index_select(X, 0, idx, out=xbuf[: len(idx)]), y.index_select(0, idx))
            else:
                yield idx, (X.index_select(0, idx), y.index_select(0, idx))


class WeightedSource(Source):
    """In-memory examples with one weight each: batches ``(x, y, w)``, whose weights the
    training engine passes to the loss as its third argument (``loss(out, y, w)``).

    ``X`` is a tensor, or any row-indexable table (a scipy sparse matrix) with ``gather``,
    a function ``(X, rows) -> Tensor`` that makes the rows ``rows`` (a NumPy index array, or
    ``None`` for all of them) an input tensor on the source's device: such a table is made
    dense one batch at a time. ``y`` and ``w`` are tensors. The order of each epoch is
    :class:`TensorSource`'s.

    >>> src = WeightedSource(torch.arange(6.0).reshape(3, 2), torch.zeros(3), torch.ones(3),
    ...                      batch_size=2, shuffle=False, seed=0)
    >>> [tuple(len(t) for t in batch) for batch in src.batches(0)]
    [(2, 2, 2), (1, 1, 1)]
    """

    def __init__(
        self, X: Any, y: Tensor, w: Tensor, batch_size: int | None, shuffle: bool, seed: int, gather: Any = None
    ) -> None:
        self.X, self.y, self.w, self.gather = X, y, w, gather
        self.n, self.batch_size, self.shuffle, self.seed = len(y), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> WeightedSource:
        X = self.X.to(device) if isinstance(self.X, Tensor) else self.X
        return WeightedSource(
            X, self.y.to(device), self.w.to(device), self.batch_size, self.shuffle, self.seed, self.gather
        )

    def _rows(self, idx: Tensor | None) -> Tensor:
        if self.gather is not None:
            return self.gather(self.X, None if idx is None else idx.cpu().numpy())
        return self.X if idx is None else self.X.index_select(0, idx)

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor, Tensor]]]:
        y, w = self.y, self.w
        if self.batch_size is None and part == (0, 1):
            if start == 0:
                yield torch.arange(self.n) if indices else None, (self._rows(None), y, w)
            return
        for idx in self._shares(self._order(epoch).to(y.device), start, part):
            yield idx, (self._rows(idx), y.index_select(0, idx), w.index_select(0, idx))


class DatasetSource(Source):
    """A map-style Dataset, read through a DataLoader whose batches follow our own order."""

    def __init__(
        self,
        dataset: Dataset,
        indices: np.ndarray,
        batch_size: int | None,
        shuffle: bool,
        seed: int,
        task: str,
        device: torch.device | str | None = None,
    ):
        self.dataset, self.indices, self.task, self.device = dataset, indices, task, device
        self.n, self.batch_size, self.shuffle, self.seed = len(indices), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> DatasetSource:
        return DatasetSource(self.dataset, self.indices, self.batch_size, self.shuffle, self.seed, self.task, device)

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor]]]:
        positions = list(self._shares(self._order(epoch), start, part))
        chunks = [self.indices[idx.numpy()].tolist() for idx in positions]
        loaded = DataLoader(self.dataset, batch_sampler=chunks, num_workers=0)
        for idx, (xb, yb) in zip(positions, loaded):
            yield idx, _cast_batch(xb, yb, self.task, self.device)


class LoaderSource(Source):
    """A user's DataLoader, iterated as given: its own batch size, order and workers.

    ``batch_size`` is the loader's (``None`` where it has its own batch sampler). Resuming
    at batch ``start`` loads and skips the first ``start`` batches. A shuffling
    loader draws its order from the global torch RNG (or its own generator), so reproducing
    an interrupted epoch needs that state restored first; ``descend.train`` does so.
    """

    def __init__(self, loader: DataLoader, n: int, task: str, device: torch.device | str | None = None):
        self.loader, self.task, self.device = loader, task, device
        self.n, self.batch_size, self.seed = n, loader.batch_size, 0
        self.shuffle = isinstance(loader.sampler, RandomSampler)
        self._indexed: DataLoader | None = None

    def rebatched(self, batch_size: int) -> None:
        return None  # the loader's own batch sampler decides

    def indices_problem(self) -> str | None:
        if isinstance(self.loader.dataset, IterableDataset):
            return (
                "the DataLoader's dataset is an IterableDataset, whose examples have no index; "
                "pass a map-style Dataset (with __getitem__ and __len__) or set track_examples=False"
            )
        if not hasattr(self.loader.dataset, "__len__"):
            return (
                "the DataLoader's dataset has no __len__, so its examples cannot be counted and "
                "indexed; give it __len__ and __getitem__ or set track_examples=False"
            )
        if self.loader.batch_sampler is None:
            return (
                "the DataLoader has no batch sampler (batch_size=None) whose indices could be read; "
                "give it a batch_size or a batch_sampler, or set track_examples=False"
            )
        return None

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor]]]:
        # The user's loader rebuilt over the same dataset, batch sampler and generator, each
        # example carrying its index through the workers and the collate function: the same
        # batches in the same order (the sampler draws as the loader would).
        if self._indexed is None:
            self._indexed = indexed_loader(self.loader)
        for idx, batch in islice(self._indexed, start, None):
            (lo, hi), share = self._share_of(batch, part)
            yield idx[lo:hi], share

    def __len__(self) -> int:
        return len(self.loader)

    def to(self, device: torch.device | str) -> LoaderSource:
        return LoaderSource(self.loader, self.n, self.task, device)

    def rows(self, b: int) -> int | None:
        if self.batch_size is None:
            return None  # the loader's own batch sampler decides
        return min(self.batch_size, self.n - b * self.batch_size)

    def _batches(self, epoch: int, start: int, reuse: bool, part: tuple[int, int]) -> Iterator[tuple[Tensor, Tensor]]:
        # Every worker loads each whole batch and keeps its share: a user's loader cannot
        # be asked for a part of a batch.
        for batch in islice(self.loader, start, None):
            yield self._share_of(batch, part)[1]

    def _share_of(self, batch: Any, part: tuple[int, int]) -> tuple[tuple[int, int], tuple[Tensor, Tensor]]:
        """Worker ``part``'s rows ``(lo, hi)`` of a loader's batch, and those rows as ``(x, y)``."""
        xb, yb = unpack_pair(batch, "a DataLoader batch")
        lo, hi = _share(len(xb), part)
        return (lo, hi), _cast_batch(xb[lo:hi], yb[lo:hi], self.task, self.device)


def val_batch(n: int) -> int | None:
    """The batch size of a validation source of ``n`` examples: one batch up to
    :data:`VAL_BATCH` examples, batches of that many beyond.

    >>> val_batch(100), val_batch(10_000)
    (None, 4096)
    """
    return None if n <= VAL_BATCH else VAL_BATCH


def _share(m: int, part: tuple[int, int]) -> tuple[int, int]:
    """Worker ``r`` of ``w``'s rows ``[lo, hi)`` of a batch of ``m``."""
    r, w = part
    return m * r // w, m * (r + 1) // w


def _epoch_order(n: int, seed: int, epoch: int) -> Tensor:
    # SeedSequence mixes (seed, epoch) so that neighbouring seeds and epochs give unrelated
    # orders; a private generator keeps the global RNG untouched.
    mixed = np.random.SeedSequence([seed, epoch]).generate_state(1, dtype=np.uint64)[0]
    return torch.randperm(n, generator=torch.Generator().manual_seed(int(mixed)))


def _cast_batch(xb: Any, yb: Any, task: str, device) -> tuple[Tensor, Tensor]:
    xb, yb = torch.as_tensor(xb), torch.as_tensor(yb)
    if xb.dtype != torch.float32:
        xb = xb.float()
    if xb.ndim == 1:  # scalar examples are one feature each, as for in-memory data
        xb = xb[:, None]
    want = torch.int64 if task == "classification" else torch.float32
    if yb.dtype != want:
        yb = yb.to(want)
    if device is not None:
        xb, yb = xb.to(device), yb.to(device)
    return xb, yb
