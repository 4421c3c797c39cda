"""A fixed probe of many examples read a piece at a time (:class:`Pieces`): the first ``k``
examples of a source's epoch-0 order, as :meth:`Source.head` gives them, in pieces of at most
:data:`PIECE_ELEMENTS` input numbers, read afresh each time it is iterated. A sparse ``X`` is made
dense a piece at a time, never whole: 1024 rows of 1M text columns at once would be 4 GB of float32."""

from __future__ import annotations

from collections.abc import Iterator

from torch import Tensor

from .batch_source import PIECE_ELEMENTS, Source

__all__ = ["Pieces", "head_pieces", "piece_rows"]


def piece_rows(example_size: int, k: int) -> int:
    """Examples of ``example_size`` numbers read at a time out of ``k``: all ``k`` where they hold
    at most :data:`PIECE_ELEMENTS` numbers, else the largest power of two of examples that does (at
    least 1), so that whole pieces make up a ``k`` that is a power of two.

    >>> piece_rows(4, 512), piece_rows(10_000, 512), piece_rows(10**7, 512)
    (512, 256, 1)
    """
    fit = max(1, PIECE_ELEMENTS // max(1, example_size))
    return min(k, 1 << (fit.bit_length() - 1))


class Pieces:
    """``(x, y)`` pieces that together are a fixed probe of ``n`` examples, iterable any number of
    times: one piece held (:meth:`of`, or a probe that fits one piece), or several read from a
    source each time (:func:`head_pieces`). ``first`` is the first piece.

    >>> import torch
    >>> p = Pieces.of((torch.zeros(3, 2), torch.arange(3)), (torch.ones(2, 2), torch.arange(2)))
    >>> p.n, [len(y) for _, y in p]
    (5, [3, 2])
    """

    def __init__(self, n: int, held: list[tuple[Tensor, Tensor]] | None = None, source: Source | None = None) -> None:
        self.n, self._held, self._source = n, held, source

    @classmethod
    def of(cls, *pairs: tuple[Tensor, Tensor]) -> Pieces:
        """The ``(x, y)`` pairs given, held, as the pieces of one probe."""
        return cls(sum(len(y) for _, y in pairs), held=list(pairs))

    @property
    def first(self) -> tuple[Tensor, Tensor]:
        """The first piece (read afresh from a source)."""
        return next(iter(self))

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        if self._held is not None:
            yield from self._held
            return
        # No name here holds a piece once it is given: with the reader's, one piece alive at a time.
        left, batches = self.n, self._source.example_batches(0)
        while left > 0:
            _, (x, y, *_) = next(batches)
            piece, left = (x[:left], y[:left]), left - len(y)
            del x, y
            yield piece
            del piece

    def __repr__(self) -> str:
        held = f"{len(self._held)} held" if self._held is not None else f"read from {self._source!r}"
        return f"Pieces(n={self.n}, {held})"


def head_pieces(source: Source, k: int) -> Pieces:
    """``source.head(k)`` (the first ``k`` examples of epoch 0's order) in pieces of :func:`piece_rows` examples: one piece, ``head`` itself, where ``k``
    examples hold at most :data:`PIECE_ELEMENTS` numbers or the source cannot be read in other
    batches (a user's ``DataLoader``); else read from a twin of the source in batches of that many
    rows, which draws the same order (a full-batch source's stored order).

    >>> import torch
    >>> from descend.training.data.sources import TensorSource
    >>> src = TensorSource(torch.arange(20.0).reshape(10, 2), torch.arange(10), 4, True, 0)
    >>> whole = head_pieces(src, 8)
    >>> torch.equal(whole.first[1], src.head(8)[1]), [len(y) for _, y in whole]
    (True, [8])
    """
    n = min(k, source.n)
    rows = piece_rows(source.example_size(), k)
    twin = source.rebatched(rows) if rows < n else None
    if twin is None:
        return Pieces.of(source.head(k))
    twin.shuffle = source.shuffle and source.batch_size is not None  # head's order: a full batch's is stored
    return Pieces(n, source=twin)
