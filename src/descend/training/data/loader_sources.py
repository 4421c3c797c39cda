"""Sources read through torch's ``DataLoader``: a map-style ``Dataset`` in our own order
(:class:`DatasetSource`) and a user's ``DataLoader`` iterated as given (:class:`LoaderSource`)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from typing import Any

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import DataLoader, Dataset, IterableDataset, RandomSampler

from ..checkpoint import rng_state, set_rng_state
from .batch_source import Source, worker_rows
from .checks import unpack_pair
from .indexed_loader import indexed_loader

__all__ = ["DatasetSource", "LoaderSource"]


class DatasetSource(Source):
    """A map-style Dataset, read through a DataLoader whose batches follow our own order.

    >>> from torch.utils.data import TensorDataset
    >>> data = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5))
    >>> src = DatasetSource(data, np.array([4, 0, 2]), batch_size=2, shuffle=False, seed=0, task="classification")
    >>> len(src), [yb.tolist() for _, yb in src.batches(0)]  # the examples at indices 4, 0, 2
    (2, [[4, 0], [2]])
    """

    def __init__(
        self,
        dataset: Dataset,
        indices: np.ndarray,
        batch_size: int | None,
        shuffle: bool,
        seed: int,
        task: str,
        device: torch.device | str | None = None,
        dtype: torch.dtype = torch.float32,
    ):
        self.dataset, self.indices, self.task, self.device, self.dtype = dataset, indices, task, device, dtype
        self.n, self.batch_size, self.shuffle, self.seed = len(indices), batch_size, shuffle, seed

    def __len__(self) -> int:
        return 1 if self.batch_size is None else math.ceil(self.n / self.batch_size)

    def to(self, device: torch.device | str) -> DatasetSource:
        return DatasetSource(
            self.dataset, self.indices, self.batch_size, self.shuffle, self.seed, self.task, device, self.dtype
        )

    def _indexed_batches(
        self, epoch: int, start: int, reuse: bool, part: tuple[int, int], indices: bool = True
    ) -> Iterator[tuple[Tensor, tuple[Tensor, Tensor]]]:
        positions = list(self._shares(self._order(epoch), start, part))
        chunks = [self.indices[idx.numpy()].tolist() for idx in positions]
        loaded = DataLoader(self.dataset, batch_sampler=chunks, num_workers=0)
        for idx, (xb, yb) in zip(positions, loaded):
            yield idx, _cast_batch(xb, yb, self.task, self.device, self.dtype)


class LoaderSource(Source):
    """A user's DataLoader, iterated as given: its own batch size, order and workers.

    ``batch_size`` is the loader's (``None`` where it has its own batch sampler). Resuming
    at batch ``start`` loads and skips the first ``start`` batches. A shuffling
    loader draws its order from the global torch RNG (or its own generator), so reproducing
    an interrupted epoch needs that state restored first; ``descend.train`` does so.

    >>> from torch.utils.data import TensorDataset
    >>> loader = DataLoader(TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5)), batch_size=3)
    >>> src = LoaderSource(loader, n=5, task="classification")
    >>> len(src), src.batch_size, [yb.tolist() for _, yb in src.batches(0)]
    (2, 3, [[0, 1, 2], [3, 4]])
    """

    def __init__(
        self,
        loader: DataLoader,
        n: int,
        task: str,
        device: torch.device | str | None = None,
        dtype: torch.dtype = torch.float32,
    ):
        self.loader, self.task, self.device, self.dtype = loader, task, device, dtype
        self.n, self.batch_size, self.seed = n, loader.batch_size, 0
        self.shuffle = isinstance(loader.sampler, RandomSampler)
        self._indexed: DataLoader | None = None

    def rebatched(self, batch_size: int) -> None:
        return None  # the loader's own batch sampler decides

    def first_batch(self, k: int = 0) -> tuple[Tensor, Tensor]:
        """The loader's first batch ``(x, y)`` (``k`` is not read: the loader decides its batch),
        read as the run will read it, with every random generator it may draw from put back
        afterwards (:meth:`head`'s rule).

        >>> from torch.utils.data import TensorDataset
        >>> data = TensorDataset(torch.arange(8.0)[:, None], torch.arange(8))
        >>> src = LoaderSource(DataLoader(data, batch_size=3, shuffle=True), 8, "classification")
        >>> x, y = src.first_batch()
        >>> torch.equal(y, next(iter(src.batches(0)))[1]), len(y)
        (True, 3)
        """
        with self._random_state_kept():
            return next(iter(self.batches(0)))

    def head(self, k: int) -> tuple[Tensor, Tensor]:
        """The first ``k`` examples of the loader's next epoch, with every random generator it
        may draw from put back afterwards (torch's, NumPy's and Python's global ones, the
        loader's and its samplers' own): the instruments' probe or a check read from it leave
        the run's order of examples as it would be without them, and are that order's start.

        >>> from torch.utils.data import TensorDataset
        >>> data = TensorDataset(torch.arange(8.0)[:, None], torch.arange(8))
        >>> src = LoaderSource(DataLoader(data, batch_size=3, shuffle=True), 8, "classification")
        >>> x, y = src.head(5)
        >>> torch.equal(y, torch.cat([b[1] for b in src.batches(0)])[:5])
        True
        """
        with self._random_state_kept():
            return super().head(k)

    @contextmanager
    def _random_state_kept(self) -> Iterator[None]:
        generators = {id(g): g for g in self._generators()}.values()
        states = [(g, g.get_state()) for g in generators]
        kept = rng_state()
        try:
            yield
        finally:
            set_rng_state(kept)
            for g, state in states:
                g.set_state(state)

    def _generators(self) -> list[torch.Generator]:
        """The loader's own random generators: its ``generator`` and its samplers'."""
        loader = self.loader
        owners = [loader, loader.sampler, loader.batch_sampler, getattr(loader.batch_sampler, "sampler", None)]
        found = [getattr(owner, "generator", None) for owner in owners]
        return [g for g in found if isinstance(g, torch.Generator)]

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
        return LoaderSource(self.loader, self.n, self.task, device, self.dtype)

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
        lo, hi = worker_rows(len(xb), part)
        return (lo, hi), _cast_batch(xb[lo:hi], yb[lo:hi], self.task, self.device, self.dtype)


def _cast_batch(xb: Any, yb: Any, task: str, device, dtype: torch.dtype) -> tuple[Tensor, Tensor]:
    xb, yb = torch.as_tensor(xb), torch.as_tensor(yb)
    if xb.dtype != dtype:
        xb = xb.to(dtype)
    if xb.ndim == 1:  # scalar examples are one feature each, as for in-memory data
        xb = xb[:, None]
    want = torch.int64 if task == "classification" else dtype
    if yb.dtype != want:
        yb = yb.to(want)
    if device is not None:
        xb, yb = xb.to(device), yb.to(device)
    return xb, yb
