"""Sources: the batches the training loop iterates, in a reproducible order.

Three kinds share the :class:`Source` interface (:mod:`~descend.training.data.batch_source`):
in-memory tensors (:class:`TensorSource`, the fast path, and :class:`WeightedSource`, with a
weight per example; :mod:`~descend.training.data.memory_sources`), a map-style ``Dataset`` read
in our own order (:class:`DatasetSource`) and a user's ``DataLoader`` iterated as given
(:class:`LoaderSource`; both in :mod:`~descend.training.data.loader_sources`). This module
gathers them, with the batch size of validation data and a fixed probe read in pieces
(:func:`head_pieces`, :mod:`~descend.training.data.head_pieces`).
"""

from __future__ import annotations

from .batch_source import PIECE_ELEMENTS, Source
from .head_pieces import Pieces, head_pieces, piece_rows
from .loader_sources import DatasetSource, LoaderSource
from .memory_sources import TensorSource, WeightedSource

__all__ = [
    "PIECE_ELEMENTS",
    "Pieces",
    "head_pieces",
    "piece_rows",
    "Source",
    "TensorSource",
    "WeightedSource",
    "DatasetSource",
    "LoaderSource",
    "val_batch",
    "VAL_BATCH",
]

#: Validation data is only evaluated, so it goes through in few large batches.
VAL_BATCH = 4096


def val_batch(n: int) -> int | None:
    """The batch size of a validation source of ``n`` examples: one batch up to
    :data:`VAL_BATCH` examples, batches of that many beyond.

    >>> val_batch(100), val_batch(10_000)
    (None, 4096)
    """
    return None if n <= VAL_BATCH else VAL_BATCH
