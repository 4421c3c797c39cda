"""Sources of in-memory examples: tensors indexed directly (:class:`TensorSource`, the fast
path) and examples with one weight each (:class:`WeightedSource`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import torch
from torch import Tensor

from .batch_source import Source, worker_rows
from .standardize import standardize

__all__ = ["TensorSource", "WeightedSource"]


class TensorSource(Source):
    """In-memory tensors, indexed directly: the fast path.

    >>> src = TensorSource(torch.arange(10.0).reshape(5, 2), torch.arange(5), batch_size=2, shuffle=True, seed=0)
    >>> len(src), [yb.tolist() for _, yb in src.batches(0)]  # epoch 0's order, drawn from seed
    (3, [[1, 3], [0, 4], [2]])

    ``affine=(shift, scale)`` (tensors broadcast against a row) makes every batch
    ``(x - shift) / scale`` as it is taken, in ``X``'s dtype: standardized
    inputs without a standardized copy of ``X``.

    >>> src = TensorSource(torch.tensor([[1.0], [3.0]]), torch.arange(2), None, False, 0,
    ...                    affine=(torch.tensor([2.0]), torch.tensor([0.5])))
    >>> next(iter(src.batches(0)))[0].tolist()
    [[-2.0], [2.0]]
    """

    rereads_same = True

    def __init__(
        self,
        X: Tensor,
        y: Tensor,
        batch_size: int | None,
        shuffle: bool,
        seed: int,
        affine: tuple[Tensor, Tensor] | None = None,
    ):
        self.X, self.y, self.affine = X, y, affine
        self.n, self.batch_size, self.shuffle, self.seed = len(X), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def example_size(self) -> int:
        return math.prod(self.X.shape[1:])

    def to(self, device: torch.device | str) -> TensorSource:
        affine = None if self.affine is None else tuple(a.to(device) for a in self.affine)
        return TensorSource(self.X.to(device), self.y.to(device), self.batch_size, self.shuffle, self.seed, affine)

    def in_dtype(self, dtype: torch.dtype) -> TensorSource:
        y = self.y.to(dtype) if self.y.is_floating_point() else self.y  # class labels stay int64
        affine = None if self.affine is None else tuple(a.to(dtype) for a in self.affine)
        return TensorSource(self.X.to(dtype), y, self.batch_size, self.shuffle, self.seed, affine)

    def _mapped(self, xb: Tensor, fresh: bool) -> Tensor:
        """``xb`` through ``affine``; in place where it is a batch of its own (``fresh``), not a view of ``X``."""
        return xb if self.affine is None else standardize(xb, *self.affine, in_place=fresh)

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor]]]:
        X, y = self.X, self.y
        if not self.shuffle or self.batch_size is None:  # stored order: slices, no gather
            for lo, hi in self._bounds(start, part):
                yield torch.arange(lo, hi) if indices else None, (self._mapped(X[lo:hi], False), y[lo:hi])
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
                xb = torch.index_select(X, 0, idx, out=xbuf[: len(idx)])
            else:
                xb = X.index_select(0, idx)
            yield idx, (self._mapped(xb, True), y.index_select(0, idx))


class WeightedSource(Source):
    """In-memory examples with one weight each: batches ``(x, y, w)``, whose weights the
    training engine passes to the loss as its third argument (``loss(out, y, w)``).

    ``X`` is a tensor, or any row-indexable table (a scipy sparse matrix) with ``gather``,
    a function ``(X, rows) -> Tensor`` that makes the rows ``rows`` (a NumPy index array, or
    ``None`` for all of them) an input tensor on the source's device: such a table is made
    dense one batch at a time. ``y`` and ``w`` are tensors; ``w=None`` gives batches ``(x, y)``,
    for a reader of pairs (the range test) of such a table. The order of each epoch is
    :class:`TensorSource`'s.

    >>> src = WeightedSource(torch.arange(6.0).reshape(3, 2), torch.zeros(3), torch.ones(3),
    ...                      batch_size=2, shuffle=False, seed=0)
    >>> [tuple(len(t) for t in batch) for batch in src.batches(0)]
    [(2, 2, 2), (1, 1, 1)]

    With ``piece_rows``, each batch of ``batch_size`` is read in pieces of at most that many
    rows, which are the source's batches: ``pieces_per_batch`` of them to each batch (the last
    batch's fewer), for an update that accumulates them (a wide sparse batch is never dense whole):

    >>> src = WeightedSource(torch.zeros(7, 2), torch.arange(7), None, 5, False, 0, piece_rows=2)
    >>> src.pieces_per_batch, [y.tolist() for _, y in src.batches(0)]
    (3, [[0, 1], [2, 3], [4], [5, 6]])
    """

    rereads_same = True

    def __init__(
        self,
        X: Any,
        y: Tensor,
        w: Tensor | None,
        batch_size: int | None,
        shuffle: bool,
        seed: int,
        gather: Any = None,
        piece_rows: int | None = None,
    ) -> None:
        self.X, self.y, self.w, self.gather = X, y, w, gather
        self.n, self.batch_size, self.shuffle, self.seed = len(y), batch_size, shuffle, seed
        self.piece_rows = piece_rows if batch_size is not None and piece_rows and piece_rows < batch_size else None

    @property
    def pieces_per_batch(self) -> int:
        """The pieces a batch of ``batch_size`` rows is read in (1 without ``piece_rows``)."""
        return 1 if self.piece_rows is None else math.ceil(self.batch_size / self.piece_rows)

    def __len__(self) -> int:
        if self.batch_size is None:
            return 1
        whole, rest = divmod(self.n, self.batch_size)
        return whole * self.pieces_per_batch + math.ceil(rest / (self.piece_rows or self.batch_size))

    def rows(self, b: int) -> int | None:
        if self.piece_rows is None:
            return super().rows(b)
        lo, hi = self._piece(b)
        return hi - lo

    def rebatched(self, batch_size: int) -> Source | None:
        twin = super().rebatched(batch_size)
        twin.piece_rows = None  # whole batches of the new size
        return twin

    def _piece(self, b: int) -> tuple[int, int]:
        """Where piece ``b`` lies in the epoch's order, ``[lo, hi)``: piece ``j`` of batch ``i``."""
        i, j = divmod(b, self.pieces_per_batch)
        lo = i * self.batch_size + j * self.piece_rows
        return lo, min(lo + self.piece_rows, (i + 1) * self.batch_size, self.n)

    def _bounds(self, start: int, part: tuple[int, int]) -> Iterator[tuple[int, int]]:
        if self.piece_rows is None:
            yield from super()._bounds(start, part)
            return
        for b in range(start, len(self)):
            lo, hi = self._piece(b)
            share = worker_rows(hi - lo, part)
            yield lo + share[0], lo + share[1]

    def example_size(self) -> int:
        return math.prod(self.X.shape[1:])  # a sparse X's columns: its rows are made dense

    def in_dtype(self, dtype: torch.dtype) -> WeightedSource:
        raise NotImplementedError("weighted examples are the estimators', whose own dtype makes their tensors")

    def to(self, device: torch.device | str) -> WeightedSource:
        X = self.X.to(device) if isinstance(self.X, Tensor) else self.X
        w = None if self.w is None else self.w.to(device)
        return WeightedSource(
            X, self.y.to(device), w, self.batch_size, self.shuffle, self.seed, self.gather, self.piece_rows
        )

    def _rows(self, idx: Tensor | None) -> Tensor:
        if self.gather is not None:
            return self.gather(self.X, None if idx is None else idx.cpu().numpy())
        return self.X if idx is None else self.X.index_select(0, idx)

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, ...]]]:
        y, w = self.y, self.w
        if self.batch_size is None and part == (0, 1):
            if start == 0:
                yield torch.arange(self.n) if indices else None, (self._rows(None), y, *(() if w is None else (w,)))
            return
        for idx in self._shares(self._order(epoch).to(y.device), start, part):
            weights = () if w is None else (w.index_select(0, idx),)
            yield idx, (self._rows(idx), y.index_select(0, idx), *weights)
